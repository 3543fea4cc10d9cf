// Malformed requests besides bodies: query parameters that are not numbers, enums or dates;
// path ids that are not positive numbers; stray input to routes that take none; problems the
// HTTP layer raises itself. Every problem must be a problem+json (see malformed_input.hpp);
// validation problems name the parameter. The last test fails when a route the server
// registers has no rows here or in malformed_body_test.cpp.

#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/messages.hpp"
#include "malformed_input.hpp"
#include "route_coverage.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace einblick::testing;
using nlohmann::json;
namespace limits = einblick::api::limits;

namespace {

// "1,2,…,n"
std::string numbered_ids(std::size_t n) {
    std::string ids;
    for (std::size_t i = 1; i <= n; ++i) {
        ids += (i == 1 ? "" : ",") + std::to_string(i);
    }
    return ids;
}

struct QueryCase {
    std::string path;
    Caller as;
    std::string parameter;
    std::string rule;
};

const std::vector<QueryCase> query_cases{
    {"/api/v1/me/access-events?limit=zehn", CitA, "limit", "type"},
    {"/api/v1/me/access-events?limit=", CitA, "limit", "type"},
    {"/api/v1/me/access-events?limit=5x", CitA, "limit", "type"},
    {"/api/v1/me/access-events?limit=1.5", CitA, "limit", "type"},
    {"/api/v1/me/access-events?limit=99999999999", CitA, "limit", "type"},
    {"/api/v1/me/access-events?limit=0", CitA, "limit", "range"},
    {"/api/v1/me/access-events?limit=-3", CitA, "limit", "range"},
    {"/api/v1/me/access-events?limit=" + std::to_string(limits::history_page_size_max + 1), CitA,
     "limit", "range"},
    {"/api/v1/me/access-events?purpose=abc", CitA, "purpose", "type"},
    {"/api/v1/me/access-events?from=gestern", CitA, "from", "format"},
    {"/api/v1/me/access-events?from=2026-13-01T00:00:00Z", CitA, "from", "format"},
    {"/api/v1/me/access-events?to=2026-11-28", CitA, "to", "format"},
    {"/api/v1/me/access-events?from=2026-11-28T00:00:00Z&to=2026-11-01T00:00:00Z", CitA, "to",
     "range"},
    {"/api/v1/me/access-events?outcome=maybe", CitA, "outcome", "enum"},
    {"/api/v1/me/access-events?cursor=nonsense", CitA, "cursor", "format"},
    {"/api/v1/me/access-events?cursor=1.-5", CitA, "cursor", "format"},
    {"/api/v1/agencies/kfz-x/access-events?limit=0", DpoAll, "limit", "range"},
    {"/api/v1/agencies/kfz-x/access-events?cursor=nonsense", DpoAll, "cursor", "format"},
    {"/api/v1/agencies/kfz-x/access-events?outcome=maybe", DpoAll, "outcome", "enum"},
    {"/api/v1/me/export?format=xml", CitA, "format", "enum"},
    {"/api/v1/objections?status=offen", DpoAll, "status", "enum"},
    {"/api/v1/audit?limit=viele", DpoAll, "limit", "type"},
    {"/api/v1/audit?limit=0", DpoAll, "limit", "range"},
    {"/api/v1/audit?limit=" + std::to_string(limits::audit_page_size_max + 1), DpoAll, "limit",
     "range"},
    {"/api/v1/audit?before=gestern", DpoAll, "before", "type"},
    {"/api/v1/log/consistency?second=1", Anon, "first", "required"},
    {"/api/v1/log/consistency?first=1", Anon, "second", "required"},
    {"/api/v1/log/consistency?first=eins&second=1", Anon, "first", "type"},
    {"/api/v1/log/consistency?first=1&second=", Anon, "second", "type"},
    {"/api/v1/log/consistency?first=1.5&second=2", Anon, "first", "type"},
    {"/api/v1/log/consistency?first=+1&second=2", Anon, "first", "type"},
    {"/api/v1/log/consistency?first=99999999999999999999&second=1", Anon, "first", "type"},
    {"/api/v1/log/consistency?first=-1&second=1", Anon, "first", "range"},
    {"/api/v1/log/consistency?first=0&second=-1", Anon, "second", "range"},
    {"/api/v1/log/consistency?first=2&second=1", Anon, "first", "range"},
    {"/api/v1/log/consistency?first=0&second=999999", Anon, "second", "range"},
    {"/api/v1/me/access-proofs", CitA, "ids", "required"},
    {"/api/v1/me/access-proofs?ids=", CitA, "ids", "format"},
    {"/api/v1/me/access-proofs?ids=abc", CitA, "ids", "format"},
    {"/api/v1/me/access-proofs?ids=$EA,,$EA", CitA, "ids", "format"},
    {"/api/v1/me/access-proofs?ids=$EA,", CitA, "ids", "format"},
    {"/api/v1/me/access-proofs?ids=0", CitA, "ids", "format"},
    {"/api/v1/me/access-proofs?ids=-3", CitA, "ids", "format"},
    {"/api/v1/me/access-proofs?ids=1.5", CitA, "ids", "format"},
    {"/api/v1/me/access-proofs?ids=" + numbered_ids(limits::log_proof_ids_max + 1), CitA, "ids",
     "size"},
};

// A tree size in the path is a parameter to check, not the id of a resource: anything but a
// number that is not negative is a 400 naming `size`.
const std::vector<std::string> bad_sizes{"abc", "-1",   "1.5", "1e3",
                                         "+1",  "0x10", "%20", "99999999999999999999"};
struct PathIdRoute {
    std::string method;
    std::string pattern; // "#" is replaced by each bad id; other ids are valid
    Caller as;
    std::string body;
};

const std::vector<PathIdRoute> path_id_routes{
    {"GET", "/api/v1/purposes/#", Anon, ""},
    {"POST", "/api/v1/purposes/#/versions", KeyX, world_purpose_body},
    {"POST", "/api/v1/purposes/#/versions/1/decision", DpoAll,
     R"({"decision":"approve","reason":"r"})"},
    {"POST", "/api/v1/purposes/$QX/versions/#/decision", DpoAll,
     R"({"decision":"approve","reason":"r"})"},
    {"POST", "/api/v1/purposes/#/retirement", KeyX, R"({"reason":"r"})"},
    {"GET", "/api/v1/me/access-events/#", CitA, ""},
    {"POST", "/api/v1/me/consents/#/withdrawal", CitA, "{}"},
    {"GET", "/api/v1/me/objections/#", CitA, ""},
    {"GET", "/api/v1/objections/#", DpoAll, ""},
    {"POST", "/api/v1/objections/#/decision", DpoAll, R"({"outcome":"rejected","reason":"r"})"},
    {"POST", "/api/v1/objections/#/extension", DpoAll, R"({"months":1,"reason":"r"})"},
    {"DELETE", "/api/v1/agency/api-keys/#", StaffX, ""},
    {"GET", "/api/v1/agencies/#/access-events", DpoAll, ""},
};
// Routes that read no body, no query parameter and no path id (beyond one that must exist):
// stray input is ignored and changes nothing about the answer.
struct NoInputRoute {
    std::string method;
    std::string path;
    Caller as;
    int status;
};

const std::vector<NoInputRoute> no_input_routes{
    {"GET", "/api/v1/vocabulary", Anon, 200},
    {"GET", "/api/v1/session", CitA, 200},
    {"DELETE", "/api/v1/session", CitA, 204},
    {"GET", "/api/v1/purposes", Anon, 200},
    {"GET", "/api/v1/me/consents", CitA, 200},
    {"GET", "/api/v1/me/objections", CitA, 200},
    {"GET", "/api/v1/me/statistics/monthly", CitA, 200},
    {"GET", "/api/v1/statistics/agency-weekly", DpoAll, 200},
    {"GET", "/api/v1/agency/api-keys", StaffX, 200},
    {"GET", "/api/v1/log/checkpoint", Anon, 200},
    {"GET", "/api/v1/log/public-key", Anon, 200},
    {"GET", "/api/v1/log/cosigned-checkpoint", Anon, 404}, // this world has no witness
    // The withdrawal is the whole request: a body is not read.
    {"POST", "/api/v1/me/consents/$CA/withdrawal", CitA, 200},
};

// POST routes whose body is text, not JSON: each with bodies it must refuse as 400 naming the
// field, and the rule.
struct TextBodyRoute {
    std::string path;
    std::string field;
    std::vector<std::pair<std::string, std::string>> bad_bodies; // body, rule
};

const std::vector<TextBodyRoute> text_body_routes{
    {"/api/v1/log/checkpoints/$LS/cosignatures",
     "signature",
     {{"", "format"},
      {"{\"signature\": \"x\"}", "format"},
      {"— witness.example AAAA\n— witness.example AAAA\n", "format"},
      {std::string(2000, 'x'), "format"}}},
};

} // namespace

TEST_CASE("malformed text bodies answer 400 problem+json naming the field") {
    MalformedHarness h;
    for (const TextBodyRoute& route : text_body_routes) {
        for (const auto& [body, rule] : route.bad_bodies) {
            INFO(route.path << " <- " << body.substr(0, 60));
            const auto response = h.client.Post(h.world.expand(route.path).c_str(), h.headers(Anon),
                                                body, "text/plain");
            const json problem = check_problem(response, 400);
            CHECK(has_violation(problem, route.field, rule));
        }
    }
}

TEST_CASE("malformed query parameters name the parameter") {
    MalformedHarness h;
    for (const auto& c : query_cases) {
        INFO(c.path);
        const json problem = check_problem(h.get(h.world.expand(c.path), c.as), 400);
        CHECK(problem.value("type", "") == "urn:einblick:problem:validation");
        CHECK_MESSAGE(has_violation(problem, c.parameter, c.rule),
                      c.parameter << " " << c.rule << " in " << problem.dump());
    }
    // An enum violation lists the wire texts, in German and English alike.
    const json status = check_problem(h.get("/api/v1/objections?status=offen", DpoAll), 400);
    REQUIRE(status["errors"].size() == 1);
    const std::string allowed = status["errors"][0]["detail"];
    CHECK(allowed == "Erlaubt sind pending, upheld, rejected und all.");
    CHECK(einblick::english_message(allowed) ==
          "Permitted values are pending, upheld, rejected and all.");
    // Several bad parameters are reported together.
    const json several =
        check_problem(h.get("/api/v1/me/access-events?limit=x&outcome=y&from=z", CitA), 400);
    CHECK(has_violation(several, "limit", "type"));
    CHECK(has_violation(several, "outcome", "enum"));
    CHECK(has_violation(several, "from", "format"));
}

TEST_CASE("path ids that are not positive numbers answer 404 problem+json") {
    MalformedHarness h;
    for (const auto& route : path_id_routes) {
        for (const char* id :
             {"abc", "0", "-1", "1.5", "1e3", "+1", "0x10", "%20", "99999999999999999999"}) {
            std::string path = route.pattern;
            path.replace(path.find('#'), 1, id);
            INFO(route.method << " " << path);
            const auto response = send(h.client, route.method, h.world.expand(path),
                                       h.headers(route.as), h.world.expand(route.body));
            const json problem = check_problem(response, 404);
            CHECK(problem.value("type", "") == "urn:einblick:problem:not-found");
        }
    }
}

TEST_CASE("a tree size that is not a number of entries answers 400 problem+json naming it") {
    MalformedHarness h;
    for (const std::string& size : bad_sizes) {
        INFO(size);
        const json problem = check_problem(h.get("/api/v1/log/checkpoints/" + size, Anon), 400);
        CHECK(problem.value("type", "") == "urn:einblick:problem:validation");
        CHECK((has_violation(problem, "size", "type") || has_violation(problem, "size", "range")));
        const json cosigned = check_problem(
            h.client.Post(("/api/v1/log/checkpoints/" + size + "/cosignatures").c_str(),
                          h.headers(Anon), "— w AAAA\n", "text/plain"),
            400);
        CHECK(
            (has_violation(cosigned, "size", "type") || has_violation(cosigned, "size", "range")));
    }
    // A size nobody signed is absent, not malformed.
    const json absent = check_problem(h.get("/api/v1/log/checkpoints/999999", Anon), 404);
    CHECK(absent.value("type", "") == "urn:einblick:problem:not-found");
}

TEST_CASE("problems raised by the HTTP layer itself are problem+json too") {
    MalformedHarness h;
    check_problem(h.client.Get("/api/v1/does-not-exist"), 404);
    check_problem(h.client.Get("/api/v1/purposes/1/unknown"), 404);
    // A route that exists, with a method it does not take.
    const auto wrong_method = h.client.Delete("/api/v1/purposes");
    REQUIRE(wrong_method);
    CHECK((wrong_method->status == 404 || wrong_method->status == 405));
    check_problem(wrong_method, wrong_method->status);
    const std::string huge(1024 * 1024 + 1, ' ');
    check_problem(h.client.Post("/api/v1/access-events", h.headers(KeyX), huge, "application/json"),
                  413);
}

TEST_CASE("routes that take no input ignore stray query parameters and bodies") {
    MalformedHarness h;
    const std::string stray = "?limit=zehn&from=gestern&format=xml&status=offen&purpose=abc";
    for (const auto& route : no_input_routes) {
        const std::string path = h.world.expand(route.path) + stray;
        INFO(route.method << " " << path);
        const auto headers = h.headers(route.as);
        const auto response =
            route.method == "GET" ? h.client.Get(path.c_str(), headers)
            : route.method == "DELETE"
                ? h.client.Delete(path.c_str(), headers, "nicht json", "text/plain")
                : h.client.Post(path.c_str(), headers, "nicht json", "text/plain");
        REQUIRE(response);
        CHECK_MESSAGE(response->status == route.status, response->body);
    }
}

TEST_CASE("malformed input: every route the server registers has rows") {
    std::vector<SentRequest> requests;
    for (const BodyEndpoint& endpoint : body_endpoints) {
        requests.push_back({"POST", endpoint.path});
    }
    for (const QueryCase& c : query_cases) {
        requests.push_back({"GET", c.path});
    }
    std::vector<SentRequest> with_bad_ids;
    for (const PathIdRoute& route : path_id_routes) {
        std::string path = route.pattern;
        path.replace(path.find('#'), 1, "1");
        with_bad_ids.push_back({route.method, path});
    }
    for (const std::string& size : bad_sizes) {
        with_bad_ids.push_back({"GET", "/api/v1/log/checkpoints/" + size});
        with_bad_ids.push_back({"POST", "/api/v1/log/checkpoints/" + size + "/cosignatures"});
    }
    for (const TextBodyRoute& route : text_body_routes) {
        requests.push_back({"POST", route.path});
    }
    requests.insert(requests.end(), with_bad_ids.begin(), with_bad_ids.end());
    for (const NoInputRoute& route : no_input_routes) {
        requests.push_back({route.method, route.path});
    }
    const std::string no_input_reason = "takes no input, and is no part of the API under /api/v1";
    const auto routes = production_routes();
    check_every_route_is_reached(routes, requests,
                                 {{std::string("GET ") + static_files_path,
                                   "files of the web root: path traversal and hidden files are "
                                   "tested in http_api_test.cpp"},
                                  {"GET /health/live", no_input_reason},
                                  {"GET /health/ready", no_input_reason},
                                  {"GET /api/openapi.yaml", no_input_reason},
                                  {"GET /metrics", no_input_reason}});
    // A route with a path parameter needs rows with bad ids; a POST needs rows with bad bodies
    // unless it is listed as taking no input.
    auto reaches = [&](const RegisteredRoute& route, const std::string& method,
                       const std::string& path) {
        return route_for(routes, method, path) == &route;
    };
    for (const RegisteredRoute& route : routes) {
        INFO(route_name(route));
        if (route.path.find('{') != std::string::npos) {
            CHECK(std::any_of(with_bad_ids.begin(), with_bad_ids.end(),
                              [&](const auto& r) { return reaches(route, r.method, r.path); }));
        }
        if (route.method == "POST") {
            const bool body_rows =
                std::any_of(body_endpoints.begin(), body_endpoints.end(),
                            [&](const auto& e) { return reaches(route, "POST", e.path); });
            const bool no_input =
                std::any_of(no_input_routes.begin(), no_input_routes.end(),
                            [&](const auto& r) { return reaches(route, r.method, r.path); });
            const bool text_rows =
                std::any_of(text_body_routes.begin(), text_body_routes.end(),
                            [&](const auto& r) { return reaches(route, "POST", r.path); });
            CHECK(int(body_rows) + int(no_input) + int(text_rows) == 1);
        }
    }
}
