#include "route_coverage.hpp"

#include "test_backend.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <regex>

namespace einblick::testing {

std::vector<RegisteredRoute> production_routes() {
    TestBackend backend;
    HttpOptions options;
    // Any existing folder: the server only checks that it is one and reads no file before a
    // request asks for it, and this server never listens.
    options.web_root = std::filesystem::temp_directory_path().string();
    options.log_requests = false;
    const ApiServer server(backend.backend->services(), options);
    return server.registered_routes();
}

std::string route_name(const RegisteredRoute& route) {
    return route.method + " " + route.path;
}

const RegisteredRoute* route_for(const std::vector<RegisteredRoute>& routes,
                                 const std::string& method, const std::string& path_and_query) {
    const std::string path = path_and_query.substr(0, path_and_query.find('?'));
    for (const RegisteredRoute& route : routes) {
        if (route.method == method && std::regex_match(path, std::regex(route.pattern))) {
            return &route;
        }
    }
    return nullptr;
}

namespace {

bool is_excluded(const std::vector<Exclusion>& excluded, const RegisteredRoute& route) {
    return std::any_of(excluded.begin(), excluded.end(),
                       [&](const Exclusion& e) { return e.route == route_name(route); });
}

} // namespace

void check_every_route_is_reached(const std::vector<RegisteredRoute>& routes,
                                  const std::vector<SentRequest>& requests,
                                  const std::vector<Exclusion>& excluded) {
    REQUIRE_FALSE(routes.empty());
    std::vector<const RegisteredRoute*> reached;
    for (const SentRequest& request : requests) {
        const RegisteredRoute* route = route_for(routes, request.method, request.path);
        INFO("request: ", request.method, " ", request.path);
        REQUIRE_MESSAGE(route != nullptr, "it reaches no registered route");
        CHECK_MESSAGE(!is_excluded(excluded, *route),
                      "it reaches an excluded route: ", route_name(*route));
        reached.push_back(route);
    }
    for (const RegisteredRoute& route : routes) {
        if (is_excluded(excluded, route)) {
            continue;
        }
        const bool has_request = std::find(reached.begin(), reached.end(), &route) != reached.end();
        CHECK_MESSAGE(has_request, "no request reaches the registered route ", route_name(route));
    }
    for (const Exclusion& exclusion : excluded) {
        const bool registered = std::any_of(routes.begin(), routes.end(), [&](const auto& route) {
            return route_name(route) == exclusion.route;
        });
        CHECK_MESSAGE(registered, "excluded but not registered: ", exclusion.route);
        CHECK_FALSE(exclusion.reason.empty());
    }
}

} // namespace einblick::testing
