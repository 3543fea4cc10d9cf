#pragma once
// The server's metrics in Prometheus text format (GET /metrics), through prometheus-cpp.
// Labels carry route templates, methods and statuses only: never a path, an address or anything
// else that could name a person.

#include "einblick/server/api_server.hpp"
#include "einblick/server/log_integrity_service.hpp"
#include "einblick/server/storage_health.hpp"

#include <memory>
#include <optional>
#include <string>

namespace prometheus {
class Registry;
class Counter;
class Histogram;
template <typename T> class Family;
} // namespace prometheus

namespace einblick::server {

class ServerMetrics {
public:
    ServerMetrics();
    ~ServerMetrics();
    ServerMetrics(const ServerMetrics&) = delete;
    ServerMetrics& operator=(const ServerMetrics&) = delete;

    // One answered request; `route` is the registered template, none for an unknown path.
    void count_request(const std::string& method, const std::optional<std::string>& route,
                       int status, double seconds);
    // Everything as Prometheus text: the request metrics plus the edge's, the storage's and the
    // log integrity check's statistics as they are now.
    std::string scrape(const EdgeStatistics& edge, const StorageStatistics& storage,
                       const LogIntegrityStatistics& integrity) const;

private:
    std::shared_ptr<prometheus::Registry> registry_;
    prometheus::Family<prometheus::Counter>& requests_;
    prometheus::Family<prometheus::Histogram>& durations_;
};

} // namespace einblick::server
