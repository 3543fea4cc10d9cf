#include "einblick/server/api_server.hpp"

#include "einblick/server/http_wire.hpp"
#include "einblick/server/request_log.hpp"
#include "einblick/server/storage_health.hpp"
#include "http_edge.hpp"
#include "metrics.hpp"
#include "problem_response.hpp"
#include "request_auth.hpp"
#include "request_runner.hpp"
#include "routes.hpp"
#include "static_files.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <httplib.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string_view>
#include <vector>

namespace einblick::server {
namespace {

// The browser client needs 'wasm-unsafe-eval' to compile its WebAssembly; nothing inline.
constexpr const char* content_security_policy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

bool is_api_path(const std::string& path) {
    return path.rfind("/api/", 0) == 0 || path.rfind("/health/", 0) == 0 || path == "/metrics";
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

// The status httplib wrote, for the rare answer its logger did not see (no request line).
int status_of(const std::string& response) {
    constexpr std::size_t code_at = sizeof "HTTP/1.1 " - 1;
    if (response.size() < code_at + 3) {
        return 0;
    }
    return std::atoi(response.substr(code_at, 3).c_str());
}

// The complete answer for a request the edge refuses by itself (head too large, body too
// large, too slow, overloaded, …): problem+json with the security headers, as any other
// problem, and "Connection: close".
std::string render_refusal(const EdgeRefusal& refusal, const HttpOptions& options,
                           const std::string& request_id) {
    httplib::Request request;
    request.method = refusal.method.empty() ? "-" : refusal.method;
    request.path = refusal.target.substr(0, refusal.target.find('?'));
    if (request.path.empty()) {
        request.path = "-";
    }
    if (!refusal.accept_language.empty()) {
        request.headers.emplace("Accept-Language", refusal.accept_language);
    }
    httplib::Response response;
    write_problem(request, response, problem_for_status(refusal.status));
    add_security_headers(request, response);
    if (options.secure_cookies) {
        add_transport_security(response); // on every answer, the edge's own refusals too
    }
    response.set_header("Cache-Control", "no-store");
    if (refusal.retry_after_seconds) {
        response.set_header("Retry-After", std::to_string(*refusal.retry_after_seconds));
    }
    response.set_header("X-Request-Id", request_id);
    std::string text = "HTTP/1.1 " + std::to_string(refusal.status) + " " +
                       wire::reason_phrase(refusal.status) + "\r\n";
    for (const auto& [name, value] : response.headers) {
        text.append(name).append(": ").append(value).append("\r\n");
    }
    text.append("Content-Length: ").append(std::to_string(response.body.size()));
    text.append("\r\nConnection: close\r\n\r\n").append(response.body);
    return text;
}

// The template of the route that would have taken the refused request, as httplib would choose
// it (the first whose pattern matches; HEAD as GET). Only for refusals: others know their route.
std::optional<std::string> route_of(const std::vector<RegisteredRoute>& routes,
                                    const EdgeRefusal& refusal) {
    const std::string method = refusal.method == "HEAD" ? "GET" : refusal.method;
    const std::string path = refusal.target.substr(0, refusal.target.find('?'));
    for (const RegisteredRoute& route : routes) {
        if (route.method == method && std::regex_match(path, std::regex(route.pattern))) {
            return route.path;
        }
    }
    return std::nullopt;
}

// The edge's refusals have no forwarded address (the head may be unread), no body and no
// duration of a handler.
RequestLogEntry refusal_log_entry(const EdgeRefusal& refusal, const std::string& request_id,
                                  std::optional<std::string> route, std::size_t bytes_out) {
    return {std::chrono::system_clock::now(),
            request_id,
            refusal.method.empty() ? "-" : refusal.method,
            std::move(route),
            refusal.status,
            std::nullopt,
            0,
            bytes_out,
            refusal.peer_ip};
}

// Reads are prompt, and the writes of routes registered as prompt (by their path, which has no
// parameters); every other write is batch.
RequestKind request_kind(const std::vector<std::string>& prompt_writes, std::string_view method,
                         std::string_view target) {
    if (method == "GET" || method == "HEAD") {
        return RequestKind::Prompt;
    }
    const std::string_view path = target.substr(0, target.find('?'));
    if (method == "POST" &&
        std::find(prompt_writes.begin(), prompt_writes.end(), path) != prompt_writes.end()) {
        return RequestKind::Prompt;
    }
    return RequestKind::Batch;
}

} // namespace

ApiServer::ApiServer(ServiceContext services, HttpOptions options)
    : services_(services), options_(std::move(options)),
      request_ids_(std::make_unique<RequestIds>()),
      request_log_(std::make_unique<RequestLog>(options_.request_log_fd)),
      metrics_(std::make_unique<ServerMetrics>()), runner_(std::make_unique<RequestRunner>()) {
    install_handlers();
    edge_ = std::make_unique<HttpEdge>(
        options_.edge, options_.max_body_bytes,
        EdgeHooks{[this](const EdgeRequest& request) { return run_request(request); },
                  [this](std::string_view method, std::string_view target) {
                      return request_kind(prompt_writes_, method, target);
                  },
                  [this](const EdgeRefusal& refusal) { return refuse(refusal); }});
}

std::string ApiServer::refuse(const EdgeRefusal& refusal) {
    const std::string request_id = request_ids_->next();
    std::string text = render_refusal(refusal, options_, request_id);
    if (options_.log_requests) {
        const auto route = refusal.method.empty() ? std::nullopt : route_of(routes_, refusal);
        request_log_->write(
            request_log_line(refusal_log_entry(refusal, request_id, route, text.size())));
    }
    return text;
}

EdgeResponse ApiServer::run_request(const EdgeRequest& request) {
    RequestContext context;
    context.id = request_ids_->next();
    EdgeResponse response;
    {
        const CurrentRequest current(context);
        response = runner_->run(request);
    }
    const auto elapsed = std::chrono::steady_clock::now() - context.start;
    if (context.status == 0) {
        context.status = status_of(response.bytes);
    }
    metrics_->count_request(context.method, context.route, context.status,
                            std::chrono::duration<double>(elapsed).count());
    if (options_.log_requests) {
        request_log_->write(request_log_line(
            {std::chrono::system_clock::now(), context.id,
             context.method.empty() ? "-" : context.method, context.route, context.status,
             std::chrono::duration<double, std::milli>(elapsed).count(), context.bytes_in,
             response.bytes.size(),
             context.client.empty() ? request.peer.remote_ip : context.client}));
    }
    return response;
}

ApiServer::~ApiServer() = default;

void ApiServer::install_handlers() {
    httplib::Server& server = *runner_;
    // The edge has enforced the limit while reading; httplib's own check agrees with it.
    server.set_payload_max_length(options_.max_body_bytes);
    // Only for the Keep-Alive header httplib writes: the edge applies both.
    server.set_keep_alive_max_count(
        static_cast<std::size_t>(std::max(1, options_.edge.keep_alive_max_requests)));
    server.set_keep_alive_timeout(std::max<time_t>(
        1, std::chrono::duration_cast<std::chrono::seconds>(options_.edge.keep_alive_timeout)
               .count()));

    // Runs for every answer httplib writes, also those it raises itself (a malformed request).
    server.set_post_routing_handler(
        [https = options_.secure_cookies](const httplib::Request& request,
                                          httplib::Response& response) {
            add_security_headers(request, response);
            if (https) {
                add_transport_security(response);
            }
            if (const RequestContext* context = current_request()) {
                response.set_header("X-Request-Id", context->id);
            }
        });
    server.set_exception_handler([&storage = services_.storage](const httplib::Request& request,
                                                                httplib::Response& response,
                                                                std::exception_ptr ep) {
        try {
            std::rethrow_exception(ep);
        } catch (const ServiceError& error) {
            write_service_error(request, response, error);
        } catch (const StorageUnavailable& error) {
            // Nothing was stored; the client may send the same request again later.
            std::cerr << "error: " << request.method << ' ' << request.path << ": " << error.what()
                      << '\n';
            write_service_error(request, response, storage_unavailable());
        } catch (const std::exception& error) {
            std::cerr << "error: " << request.method << ' ' << request.path << ": " << error.what()
                      << '\n';
            if (storage.outage(error)) { // as StorageUnavailable, in the backend's words
                write_service_error(request, response, storage_unavailable());
            } else {
                write_problem(request, response, problem_for_status(500));
            }
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
    // Called once httplib has written the answer: what the log line needs from the request.
    server.set_logger([&trusted = options_.trusted_proxies](const httplib::Request& request,
                                                            const httplib::Response& response) {
        if (RequestContext* context = current_request()) {
            context->method = request.method;
            context->status = response.status;
            context->bytes_in = request.body.size();
            context->client = client_address_of(request, trusted);
        }
    });

    RouteTable routes(server, routes_);
    register_health_routes(routes, services_);
    register_session_routes(routes, services_, options_);
    register_access_routes(routes, services_);
    register_purpose_routes(routes, services_);
    register_rights_routes(routes, services_);
    register_agency_routes(routes, services_);
    register_reference_routes(routes, services_);
    register_log_routes(routes, services_);
    register_metrics_routes(routes, {options_.metrics_token, options_.trusted_proxies, [this] {
                                         return metrics_->scrape(
                                             edge_statistics(), services_.storage.statistics(),
                                             services_.log_integrity.statistics());
                                     }});
    // Last: it answers every GET no route above took.
    if (!options_.web_root.empty()) {
        register_static_files(routes, options_.web_root);
    }
    for (const RegisteredRoute& route : routes_) {
        if (route.prompt) {
            prompt_writes_.push_back(route.path);
        }
    }
}

int ApiServer::bind(const std::string& address, int port) {
    return edge_->bind(address, port);
}

const std::string& ApiServer::bind_error() const {
    return edge_->bind_error();
}

bool ApiServer::serve() {
    return edge_->serve();
}

void ApiServer::stop() {
    edge_->stop();
}

bool ApiServer::is_running() const {
    return edge_->is_running();
}

EdgeStatistics ApiServer::edge_statistics() const {
    return edge_->statistics();
}

} // namespace einblick::server
