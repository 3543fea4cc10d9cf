#include "einblick/server/crypto.hpp"
#include "problem_response.hpp"
#include "request_auth.hpp"
#include "routes.hpp"

#include <string_view>

namespace einblick::server {
namespace {

std::string bearer_token(const httplib::Request& request) {
    constexpr std::string_view scheme = "Bearer ";
    const std::string header = request.get_header_value("Authorization");
    if (header.size() > scheme.size() && header.compare(0, scheme.size(), scheme) == 0) {
        return header.substr(scheme.size());
    }
    return {};
}

// The client as client_address decides it: behind a trusted proxy on the same host, the
// forwarded address, so a request relayed from outside is not taken for a local one.
bool from_loopback(const httplib::Request& request, const MetricsAccess& access) {
    static const TrustedProxies loopback({"127.0.0.0/8", "::1/128"});
    const auto address = IpAddress::parse(client_address_of(request, access.trusted_proxies));
    return address && loopback.contains(*address);
}

// Compared as hashes: how long the comparison takes says nothing about the token.
bool has_token(const httplib::Request& request, const std::string& token) {
    return !token.empty() && sha256(bearer_token(request)) == sha256(token);
}

} // namespace

void register_metrics_routes(RouteTable& routes, MetricsAccess access) {
    routes.get("/metrics", [access](const httplib::Request& request, httplib::Response& response) {
        // Without a token only local peers may read; with one, the token opens it elsewhere.
        if (!from_loopback(request, access) && !has_token(request, access.token)) {
            write_problem(request, response, problem_for_status(403));
            return;
        }
        response.set_content(access.scrape(), "text/plain; version=0.0.4; charset=utf-8");
    });
}

} // namespace einblick::server
