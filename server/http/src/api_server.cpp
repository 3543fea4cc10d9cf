#include "einblick/server/api_server.hpp"

#include "einblick/server/storage_health.hpp"
#include "problem_response.hpp"
#include "routes.hpp"
#include "static_files.hpp"

#include <chrono>
#include <httplib.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace einblick::server {
namespace {

// The browser client needs 'wasm-unsafe-eval' to compile its WebAssembly; nothing inline.
constexpr const char* content_security_policy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

bool is_api_path(const std::string& path) {
    return path.rfind("/api/", 0) == 0 || path.rfind("/health/", 0) == 0;
}

void add_security_headers(const httplib::Request& request, httplib::Response& response) {
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Referrer-Policy", "no-referrer");
    response.set_header("X-Frame-Options", "DENY");
    response.set_header("Content-Security-Policy", content_security_policy);
    response.set_header("Cross-Origin-Opener-Policy", "same-origin");
    if (is_api_path(request.path)) {
        // Personal data must not linger in caches.
        response.set_header("Cache-Control", "no-store");
    } else {
        // File names carry no content hash: revalidate each time (a 304 via ETag is cheap).
        response.set_header("Cache-Control", "no-cache");
    }
}

// With --secure-cookies Einblick is served over HTTPS (behind a TLS-terminating proxy):
// browsers are to keep to HTTPS for a year. No includeSubDomains (and no preload): which other
// hosts under Einblick's name speak HTTPS is not Einblick's to decide but the operator's, whose
// proxy may add them for the whole domain.
void add_transport_security(httplib::Response& response) {
    response.set_header("Strict-Transport-Security", "max-age=31536000");
}

// A write the storage could not make (disk full, I/O error). Readiness says 503 meanwhile
// (StorageHealth), so the proxy sends others elsewhere; half a minute is a guess at how soon
// an operator or a cleanup frees space.
ServiceError storage_unavailable() {
    return ServiceError(ErrorKind::Unavailable, "Vorübergehend nicht verfügbar",
                        "Die Daten konnten nicht gespeichert werden. Bitte später erneut senden.")
        .retry_after(30);
}

void log_request(const httplib::Request& request, const httplib::Response& response) {
    // Path only: query strings could carry cursors or filters that are nobody's business.
    std::clog << request.method << ' ' << request.path << ' ' << response.status << '\n';
}

} // namespace

ApiServer::ApiServer(ServiceContext services, HttpOptions options)
    : services_(services), options_(std::move(options)),
      server_(std::make_unique<httplib::Server>()) {
    install_handlers();
}

ApiServer::~ApiServer() = default;

void ApiServer::install_handlers() {
    httplib::Server& server = *server_;
    server.set_payload_max_length(options_.max_body_bytes);
    server.set_read_timeout(options_.read_timeout_seconds, 0);
    server.set_keep_alive_timeout(5);

    // Runs for every answer httplib writes, also those it raises itself (a malformed request).
    server.set_post_routing_handler(
        [https = options_.secure_cookies](const httplib::Request& request,
                                          httplib::Response& response) {
            add_security_headers(request, response);
            if (https) {
                add_transport_security(response);
            }
        });
    server.set_exception_handler(
        [](const httplib::Request& request, httplib::Response& response, std::exception_ptr ep) {
            try {
                std::rethrow_exception(ep);
            } catch (const ServiceError& error) {
                write_service_error(request, response, error);
            } catch (const StorageUnavailable& error) {
                // Nothing was stored; the client may send the same request again later.
                std::cerr << "error: " << request.method << ' ' << request.path << ": "
                          << error.what() << '\n';
                write_service_error(request, response, storage_unavailable());
            } catch (const std::exception& error) {
                std::cerr << "error: " << request.method << ' ' << request.path << ": "
                          << error.what() << '\n';
                write_problem(request, response, problem_for_status(500));
            }
            add_security_headers(request, response);
        });
    // Statuses set by httplib itself (unknown route, body too large) still answer problem+json.
    const httplib::Server::HandlerWithResponse render_bare_status =
        [](const httplib::Request& request, httplib::Response& response) {
            if (!response.body.empty()) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            write_problem(request, response, problem_for_status(response.status));
            add_security_headers(request, response);
            return httplib::Server::HandlerResponse::Handled;
        };
    server.set_error_handler(render_bare_status);
    if (options_.log_requests) {
        server.set_logger(log_request);
    }

    RouteTable routes(server, routes_);
    register_health_routes(routes, services_);
    register_session_routes(routes, services_, options_);
    register_access_routes(routes, services_);
    register_purpose_routes(routes, services_);
    register_rights_routes(routes, services_);
    register_agency_routes(routes, services_);
    register_reference_routes(routes, services_);
    // Last: it answers every GET no route above took.
    if (!options_.web_root.empty()) {
        register_static_files(routes, options_.web_root);
    }
}

int ApiServer::bind(const std::string& address, int port) {
    if (port == 0) {
        return server_->bind_to_any_port(address);
    }
    return server_->bind_to_port(address, port) ? port : -1;
}

bool ApiServer::serve() {
    return server_->listen_after_bind();
}

void ApiServer::stop() {
    server_->stop();
}

bool ApiServer::is_running() const {
    return server_->is_running();
}

} // namespace einblick::server
