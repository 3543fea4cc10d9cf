#include "json_body.hpp"
#include "problem_response.hpp"
#include "request_auth.hpp"
#include "routes.hpp"

#include <nlohmann/json.hpp>

namespace einblick::server {
namespace {

api::LoginRequest parse_login(const httplib::Request& request) {
    const nlohmann::json body = parse_json_object(request);
    Violations violations;
    ObjectReader reader(body, "", violations);
    api::LoginRequest login{reader.required_string("username"), reader.required_string("password")};
    reader.reject_unknown_members();
    violations.throw_if_any();
    return login;
}

} // namespace

void register_session_routes(RouteTable& routes, ServiceContext services,
                             const HttpOptions& options) {
    const bool secure = options.secure_cookies;
    routes.post(
        "/api/v1/session", [services, secure, trusted = options.trusted_proxies](
                               const httplib::Request& request, httplib::Response& response) {
            const api::LoginRequest login = parse_login(request);
            // Failed logins are throttled per client address: behind a trusted proxy, the
            // client's, not the proxy's (one address for everyone).
            const LoginResult result = services.auth.login(login.username, login.password,
                                                           client_address_of(request, trusted));
            response.set_header("Set-Cookie", set_session_cookie(result.session_token, secure));
            write_json(response, 201, result.info);
        });
    routes.get("/api/v1/session",
               [services](const httplib::Request& request, httplib::Response& response) {
                   const AccountSession session = require_session(request, services.auth);
                   write_json(response, 200, AuthService::session_info(session.account));
               });
    routes.del("/api/v1/session",
               [services, secure](const httplib::Request& request, httplib::Response& response) {
                   services.auth.logout(session_token_from(request));
                   response.set_header("Set-Cookie", clear_session_cookie(secure));
                   response.status = 204;
               });
}

} // namespace einblick::server
