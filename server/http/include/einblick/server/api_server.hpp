#pragma once
// The HTTP front of the server: the JSON API under /api/v1, health checks, the OpenAPI
// document and the files of the browser client.

#include "einblick/server/access_service.hpp"
#include "einblick/server/audit_service.hpp"
#include "einblick/server/auth_service.hpp"
#include "einblick/server/client_address.hpp"
#include "einblick/server/consent_service.hpp"
#include "einblick/server/export_service.hpp"
#include "einblick/server/objection_service.hpp"
#include "einblick/server/purpose_service.hpp"
#include "einblick/server/statistics_service.hpp"
#include "einblick/server/storage_health.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace httplib {
class Server;
}

namespace einblick::server {

// What the routes may call. Routes hold no state of their own.
struct ServiceContext {
    StorageHealth& storage; // for the readiness check only
    AuthService& auth;
    AccessService& access;
    PurposeService& purposes;
    ConsentService& consents;
    ObjectionService& objections;
    ExportService& exports;
    AuditService& audit;
    StatisticsService& statistics;
};

struct HttpOptions {
    std::string web_root;                     // empty: no static files
    std::size_t max_body_bytes = 1024 * 1024; // larger requests get 413
    int read_timeout_seconds = 10;            // slow clients cannot hold a worker forever
    bool secure_cookies = false;              // set when served over TLS (or behind it)
    bool log_requests = true;
    TrustedProxies trusted_proxies; // whose X-Forwarded-For names the client (client_address.hpp)
};

// One route the server answers. `path` is written as in docs/openapi.yaml
// ("/api/v1/purposes/{id}"); `pattern` is the regular expression httplib matches a whole
// request path against ("{id}" becomes "([^/]+)").
struct RegisteredRoute {
    std::string method; // "GET", "POST" or "DELETE"
    std::string path;
    std::string pattern;
    bool operator==(const RegisteredRoute&) const = default;
};

// The path of the route that serves the browser client's files: every GET no other route
// takes (registered last, and only with a web root).
inline constexpr const char* static_files_path = "/*";

class ApiServer {
public:
    ApiServer(ServiceContext services, HttpOptions options);
    ~ApiServer();
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    // Binds the listening socket; port 0 picks a free one. Returns the port, or -1 on failure.
    int bind(const std::string& address, int port);
    // Serves until stop(); returns after in-flight requests have finished.
    bool serve();
    void stop();
    bool is_running() const;
    // Every route, in the order httplib tries them (the first whose pattern matches wins).
    const std::vector<RegisteredRoute>& registered_routes() const { return routes_; }

private:
    void install_handlers();

    ServiceContext services_;
    HttpOptions options_;
    std::unique_ptr<httplib::Server> server_;
    std::vector<RegisteredRoute> routes_;
};

} // namespace einblick::server
