// The routes the server registers (ApiServer::registered_routes) are the truth of what it
// answers: docs/openapi.yaml, which it serves, must describe exactly those, and the path
// templates must match what they say and nothing more.

#include "einblick/server/route_table.hpp"
#include "route_coverage.hpp"
#include "test_backend.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <httplib.h>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace einblick::testing;

namespace {

// "METHOD /path/{template}" for every operation under `paths:` of the OpenAPI document. The
// document is written with two spaces per level (paths at two, operations at four), which
// is all this reader relies on; a path without operations would show up as a difference.
std::set<std::string> documented_operations(const std::string& document) {
    static const std::set<std::string> methods{"get",  "put",     "post",  "delete",
                                               "head", "options", "patch", "trace"};
    std::set<std::string> operations;
    std::istringstream lines(document);
    std::string line;
    std::string path;
    bool in_paths = false;
    while (std::getline(lines, line)) {
        if (!line.empty() && line[0] != ' ' && line[0] != '#') {
            in_paths = line == "paths:";
            continue;
        }
        if (!in_paths || line.empty() || line.back() != ':') {
            continue;
        }
        if (line.rfind("  /", 0) == 0) {
            path = line.substr(2, line.size() - 3);
        } else if (line.rfind("    ", 0) == 0 && line[4] != ' ') {
            const std::string key = line.substr(4, line.size() - 5);
            if (methods.count(key) != 0) {
                std::string method = key;
                std::transform(method.begin(), method.end(), method.begin(),
                               [](char c) { return static_cast<char>(c - 'a' + 'A'); });
                operations.insert(method + " " + path);
            }
        }
    }
    return operations;
}

} // namespace

TEST_CASE("docs/openapi.yaml describes exactly the routes the server registers") {
    TestBackend backend;
    RunningServer server(backend);
    httplib::Client client("127.0.0.1", server.port());
    const auto document = client.Get("/api/openapi.yaml");
    REQUIRE(document);
    REQUIRE(document->status == 200);
    const std::set<std::string> documented = documented_operations(document->body);
    REQUIRE(documented.size() > 30); // the reader found the paths at all

    std::set<std::string> registered;
    for (const RegisteredRoute& route : production_routes()) {
        // The browser client's files are no part of the API.
        if (route.path != einblick::server::static_files_path) {
            registered.insert(route_name(route));
        }
    }
    for (const std::string& operation : registered) {
        CHECK_MESSAGE(documented.count(operation) == 1,
                      "registered, not in docs/openapi.yaml: ", operation);
    }
    for (const std::string& operation : documented) {
        CHECK_MESSAGE(registered.count(operation) == 1,
                      "in docs/openapi.yaml, not registered: ", operation);
    }
}

TEST_CASE("route templates match one segment per parameter and every other character as it is") {
    const auto routes = production_routes();
    auto pattern_of = [&](const std::string& name) {
        const auto found = std::find_if(routes.begin(), routes.end(), [&](const auto& route) {
            return route_name(route) == name;
        });
        REQUIRE_MESSAGE(found != routes.end(), name);
        return found->pattern;
    };
    CHECK(pattern_of("POST /api/v1/purposes/{id}/versions/{version}/decision") ==
          "/api/v1/purposes/([^/]+)/versions/([^/]+)/decision");
    CHECK(pattern_of("GET /api/openapi.yaml") == R"(/api/openapi\.yaml)");
    CHECK(pattern_of(std::string("GET ") + einblick::server::static_files_path) == "/.*");
    // The files' catch-all is registered last: every other route is tried before it.
    CHECK(routes.back().path == einblick::server::static_files_path);

    const RegisteredRoute* decision =
        route_for(routes, "POST", "/api/v1/purposes/7/versions/2/decision");
    REQUIRE(decision != nullptr);
    CHECK(decision->path == "/api/v1/purposes/{id}/versions/{version}/decision");
    CHECK(route_for(routes, "POST", "/api/v1/purposes/7/versions//decision") == nullptr);
    CHECK(route_for(routes, "POST", "/api/v1/purposes/7/8/versions/2/decision") == nullptr);
    CHECK(route_for(routes, "DELETE", "/api/openapiXyaml") == nullptr);

    // Over HTTP: the dot is a dot (no web root here, so nothing else takes the path).
    TestBackend backend;
    RunningServer server(backend);
    httplib::Client client("127.0.0.1", server.port());
    CHECK(client.Get("/api/openapi.yaml")->status == 200);
    CHECK(client.Get("/api/openapiXyaml")->status == 404);
}

TEST_CASE("a route table refuses a bad template, and a prompt route with a parameter, before "
          "registering anything") {
    httplib::Server server;
    std::vector<RegisteredRoute> record;
    einblick::server::RouteTable table(server, record);
    const httplib::Server::Handler ignore = [](const httplib::Request&, httplib::Response&) {};

    CHECK_THROWS_AS(table.get("/api/v1/things/{}", ignore), std::logic_error);
    CHECK_THROWS_AS(table.post("/api/v1/things/{id", ignore), std::logic_error);
    // The edge compares a prompt route's path as it is (EdgeHooks::kind_of), so a parameter
    // would never match: refused at registration instead of silently never prompt.
    CHECK_THROWS_AS(table.post_prompt("/api/v1/things/{id}/checks", ignore), std::logic_error);
    CHECK(record.empty());

    table.post("/api/v1/things/{id}", ignore);
    table.post_prompt("/api/v1/checks", ignore);
    REQUIRE(record.size() == 2);
    CHECK(route_name(record[0]) == "POST /api/v1/things/{id}");
    CHECK_FALSE(record[0].prompt);
    CHECK(route_name(record[1]) == "POST /api/v1/checks");
    CHECK(record[1].prompt);
}
