#pragma once
// Which registered routes a test's requests reach, so that tests claiming "every route" take
// the list of routes from the server (ApiServer::registered_routes) and fail when a route
// has no request, instead of trusting a hand-typed list.

#include "einblick/server/api_server.hpp"

#include <string>
#include <vector>

namespace einblick::testing {

using einblick::server::RegisteredRoute;

// Every route the server registers when it also serves the browser client's files (the
// production set), from an ApiServer that is built but never bound.
std::vector<RegisteredRoute> production_routes();

// "GET /api/v1/purposes/{id}"
std::string route_name(const RegisteredRoute& route);

// The route httplib hands this request to: the first registered route of the same method
// whose pattern matches the whole path (a query string is ignored); nullptr when none does.
const RegisteredRoute* route_for(const std::vector<RegisteredRoute>& routes,
                                 const std::string& method, const std::string& path_and_query);

struct SentRequest {
    std::string method;
    std::string path; // expanded, maybe with a query string
};

// A route a test leaves out on purpose, and why.
struct Exclusion {
    std::string route; // as route_name() writes it
    std::string reason;
};

// Fails the current test case for every registered route that no request reaches and that
// is not excluded, for every exclusion that names no registered route (so the list cannot go
// stale), and for every request that reaches no route or an excluded one.
void check_every_route_is_reached(const std::vector<RegisteredRoute>& routes,
                                  const std::vector<SentRequest>& requests,
                                  const std::vector<Exclusion>& excluded);

} // namespace einblick::testing
