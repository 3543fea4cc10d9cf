#pragma once
// The HTTP front of the server: the JSON API under /api/v1, health checks, the OpenAPI
// document and the files of the browser client.

#include "einblick/server/access_service.hpp"
#include "einblick/server/audit_service.hpp"
#include "einblick/server/auth_service.hpp"
#include "einblick/server/client_address.hpp"
#include "einblick/server/consent_service.hpp"
#include "einblick/server/export_service.hpp"
#include "einblick/server/log_integrity_service.hpp"
#include "einblick/server/log_proof_service.hpp"
#include "einblick/server/objection_service.hpp"
#include "einblick/server/purpose_service.hpp"
#include "einblick/server/statistics_service.hpp"
#include "einblick/server/storage_health.hpp"
#include "einblick/server/supervision_service.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace einblick::server {

class RequestRunner;
class HttpEdge;
class RequestIds;
class RequestLog;
class ServerMetrics;
struct EdgeRequest;
struct EdgeResponse;
struct EdgeRefusal;

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
    SupervisionService& supervision;
    LogProofService& log_proofs;
    LogIntegrityService& log_integrity; // for the readiness check and the metrics
};

// How the server's own edge holds connections (docs/ARCHITECTURE.md, "The HTTP edge"). A
// connection costs a worker only while its complete request runs; reading, waiting and writing
// happen on one event loop thread, each under a deadline.
struct EdgeOptions {
    // Handlers mostly wait for the durable commit, and one commit gathers at most as many events
    // as requests run at once: fewer workers than concurrent writers starve the group commit.
    int workers = 64;                      // threads that run requests (handlers wait on SQLite)
    int max_connections = 4096;            // open at once; more are answered 503 and closed
    int max_connections_per_address = 256; // from one client IP address
    int listen_backlog = 1024;
    int keep_alive_max_requests = 1000;                  // then the answer says "Connection: close"
    std::chrono::milliseconds keep_alive_timeout{5'000}; // idle before and between requests
    std::chrono::milliseconds request_head_timeout{5'000}; // the whole head, from its first byte
    std::chrono::milliseconds body_timeout{30'000};        // the whole body, from the head's end
    std::chrono::milliseconds write_timeout{30'000};       // writing an answer without progress
    std::chrono::milliseconds linger_timeout{2'000};       // reading what follows a refusal, unread
    std::chrono::milliseconds shutdown_grace{10'000};      // for requests in flight after stop()
    std::size_t max_head_bytes = 32 * 1024;                // request line, fields, blank line (431)
    std::size_t max_header_line_bytes = 8 * 1024;       // request line (414) or a field line (431)
    std::size_t max_header_fields = 100;                // 431 beyond
    std::size_t buffer_budget_bytes = 64 * 1024 * 1024; // request bytes buffered at once (503)
    std::size_t max_queued_requests = 1024; // complete requests waiting for a worker (503)
};

// What the edge has done so far; counters only grow.
struct EdgeStatistics {
    std::uint64_t open_connections = 0;
    std::uint64_t accepted_connections = 0;
    std::uint64_t refused_connections = 0;      // all of the three below
    std::uint64_t refused_over_capacity = 0;    // max_connections reached
    std::uint64_t refused_per_address = 0;      // max_connections_per_address reached
    std::uint64_t refused_descriptor_limit = 0; // the process ran out of descriptors
    std::uint64_t requests = 0;                 // handed to a worker
    std::uint64_t refused_requests = 0;         // answered by the edge itself (4xx/5xx)
    std::uint64_t buffered_bytes = 0;           // held for requests and answers now
    std::uint64_t peak_buffered_bytes = 0;
};

struct HttpOptions {
    std::string web_root;                     // empty: no static files
    std::size_t max_body_bytes = 1024 * 1024; // larger requests get 413, however framed
    bool secure_cookies = false;              // set when served over TLS (or behind it)
    bool log_requests = true;                 // one JSON line per answer (README.md, "Request log")
    int request_log_fd = 2;                   // where the lines go: stderr unless a test wants them
    EdgeOptions edge;
    TrustedProxies trusted_proxies; // whose X-Forwarded-For names the client (client_address.hpp)
    // GET /metrics answers loopback clients, and with a token set, also others that send it as
    // "Authorization: Bearer <token>".
    std::string metrics_token;
};

// One route the server answers. `path` is written as in docs/openapi.yaml
// ("/api/v1/purposes/{id}"); `pattern` is the regular expression httplib matches a whole
// request path against ("{id}" becomes "([^/]+)").
struct RegisteredRoute {
    std::string method; // "GET", "POST" or "DELETE"
    std::string path;
    std::string pattern;
    // A write someone waits on before acting: its worker is scheduled as for a read
    // (RequestKind::Prompt in thread_setup.hpp).
    bool prompt = false;
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

    // Binds and listens (without SO_REUSEPORT: a port in use is an error); port 0 picks a free
    // one. Returns the port, or -1 on failure with the reason in bind_error().
    int bind(const std::string& address, int port);
    const std::string& bind_error() const;
    // Serves until stop(); returns once the requests in flight have been answered, or the
    // shutdown grace has passed and the rest were closed.
    bool serve();
    // Stops accepting and closes idle connections; callable from any thread, also before
    // serve() (which then returns at once).
    void stop();
    bool is_running() const;
    EdgeStatistics edge_statistics() const;
    // Every route, in the order httplib tries them (the first whose pattern matches wins).
    const std::vector<RegisteredRoute>& registered_routes() const { return routes_; }

private:
    void install_handlers();
    EdgeResponse run_request(const EdgeRequest& request);
    std::string refuse(const EdgeRefusal& refusal);

    ServiceContext services_;
    HttpOptions options_;
    std::unique_ptr<RequestIds> request_ids_;
    std::unique_ptr<RequestLog> request_log_;
    std::unique_ptr<ServerMetrics> metrics_;
    std::unique_ptr<RequestRunner> runner_;
    std::unique_ptr<HttpEdge> edge_;
    std::vector<RegisteredRoute> routes_;
    std::vector<std::string> prompt_writes_; // the paths of the routes marked prompt
};

} // namespace einblick::server
