#include "metrics.hpp"

#include <array>
#include <limits>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <string_view>
#include <vector>

namespace einblick::server {
namespace {

// Any other method becomes "other": a label value per invented method would grow without end.
std::string method_label(const std::string& method) {
    constexpr std::array<std::string_view, 7> known = {"GET",    "HEAD",  "POST",   "PUT",
                                                       "DELETE", "PATCH", "OPTIONS"};
    for (const auto name : known) {
        if (method == name) {
            return method;
        }
    }
    return "other";
}

prometheus::MetricFamily family(std::string name, std::string help, prometheus::MetricType type) {
    prometheus::MetricFamily result;
    result.name = std::move(name);
    result.help = std::move(help);
    result.type = type;
    return result;
}

prometheus::ClientMetric value_metric(double value, prometheus::MetricType type,
                                      std::vector<prometheus::ClientMetric::Label> labels = {}) {
    prometheus::ClientMetric metric;
    metric.label = std::move(labels);
    if (type == prometheus::MetricType::Counter) {
        metric.counter.value = value;
    } else {
        metric.gauge.value = value;
    }
    return metric;
}

prometheus::MetricFamily single(std::string name, std::string help, prometheus::MetricType type,
                                double value) {
    auto result = family(std::move(name), std::move(help), type);
    result.metric.push_back(value_metric(value, type));
    return result;
}

// The storage counts by bucket; Prometheus wants cumulative counts and a +Inf bucket.
prometheus::MetricFamily histogram(std::string name, std::string help, const BucketCounts& counts) {
    auto result = family(std::move(name), std::move(help), prometheus::MetricType::Histogram);
    prometheus::ClientMetric metric;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < counts.counts.size(); ++i) {
        cumulative += counts.counts[i];
        const double bound =
            i < counts.bounds.size() ? counts.bounds[i] : std::numeric_limits<double>::infinity();
        metric.histogram.bucket.push_back({cumulative, bound});
    }
    metric.histogram.sample_count = cumulative;
    metric.histogram.sample_sum = counts.sum;
    result.metric.push_back(std::move(metric));
    return result;
}

// A counter family with one sample per value of one label.
prometheus::MetricFamily
counters(std::string name, std::string help, const std::string& label,
         std::initializer_list<std::pair<const char*, std::uint64_t>> values) {
    auto result = family(std::move(name), std::move(help), prometheus::MetricType::Counter);
    for (const auto& [label_value, count] : values) {
        result.metric.push_back(value_metric(
            static_cast<double>(count), prometheus::MetricType::Counter, {{label, label_value}}));
    }
    return result;
}

void add_edge_families(std::vector<prometheus::MetricFamily>& out, const EdgeStatistics& edge) {
    using prometheus::MetricType;
    out.push_back(single("einblick_http_open_connections", "Connections open now.",
                         MetricType::Gauge, static_cast<double>(edge.open_connections)));
    out.push_back(single("einblick_http_accepted_connections_total", "Connections accepted.",
                         MetricType::Counter, static_cast<double>(edge.accepted_connections)));
    auto refused = family("einblick_http_refused_connections_total",
                          "Connections refused at accept, by reason.", MetricType::Counter);
    const std::array<std::pair<const char*, std::uint64_t>, 3> reasons = {{
        {"capacity", edge.refused_over_capacity},
        {"per_address", edge.refused_per_address},
        {"descriptors", edge.refused_descriptor_limit},
    }};
    for (const auto& [reason, count] : reasons) {
        refused.metric.push_back(
            value_metric(static_cast<double>(count), MetricType::Counter, {{"reason", reason}}));
    }
    out.push_back(std::move(refused));
    out.push_back(single("einblick_http_refused_requests_total",
                         "Requests the edge answered by itself (limits, deadlines, overload).",
                         MetricType::Counter, static_cast<double>(edge.refused_requests)));
    out.push_back(single("einblick_http_buffered_bytes", "Request and answer bytes held now.",
                         MetricType::Gauge, static_cast<double>(edge.buffered_bytes)));
}

void add_storage_families(std::vector<prometheus::MetricFamily>& out,
                          const StorageStatistics& storage) {
    using prometheus::MetricType;
    out.push_back(single("einblick_storage_write_batches_total",
                         "Group commits: one transaction and one fsync each.", MetricType::Counter,
                         static_cast<double>(storage.batches)));
    out.push_back(single("einblick_storage_writes_total", "Writes committed or refused.",
                         MetricType::Counter, static_cast<double>(storage.writes)));
    out.push_back(single("einblick_storage_queued_writes", "Writes waiting for the writer now.",
                         MetricType::Gauge, static_cast<double>(storage.queued_writes)));
    out.push_back(histogram("einblick_storage_write_batch_size", "Writes per group commit.",
                            storage.batch_sizes));
    out.push_back(histogram("einblick_storage_commit_seconds",
                            "Time of a group commit, BEGIN to durable COMMIT (fsync included).",
                            storage.commit_seconds));
    if (storage.wal) {
        out.push_back(single("einblick_storage_wal_checkpoints_total",
                             "Copies of the write-ahead log back into the database file, made "
                             "beside the writer.",
                             MetricType::Counter, static_cast<double>(storage.wal->checkpoints)));
        out.push_back(single("einblick_storage_wal_finishes_total",
                             "Times the writer finished the write-ahead log between two group "
                             "commits, so that the log starts over.",
                             MetricType::Counter, static_cast<double>(storage.wal->finishes)));
        out.push_back(single("einblick_storage_wal_restarts_total",
                             "Times the write-ahead log started over: after the writer's "
                             "finishes, and after a copy that caught up with the log while the "
                             "writer had no work.",
                             MetricType::Counter, static_cast<double>(storage.wal->restarts)));
        out.push_back(histogram("einblick_storage_wal_finish_seconds",
                                "Time the writer spent on each try to finish the write-ahead "
                                "log; every write queued meanwhile waited as long.",
                                storage.wal->finish_seconds));
    }
    if (storage.reads) {
        out.push_back(counters(
            "einblick_storage_reads_total",
            "Reads that may come from the read replica, by the server that "
            "served them.",
            "server", {{"primary", storage.reads->primary}, {"replica", storage.reads->replica}}));
        out.push_back(counters("einblick_storage_replica_skipped_reads_total",
                               "Reads the primary served instead of the read replica, by reason.",
                               "reason",
                               {{"behind", storage.reads->replica_behind},
                                {"failed", storage.reads->replica_failed}}));
    }
}

void add_integrity_families(std::vector<prometheus::MetricFamily>& out,
                            const LogIntegrityStatistics& integrity) {
    using prometheus::MetricType;
    out.push_back(single("einblick_log_integrity_ok",
                         "1 while the access log passed every integrity check, 0 from the first "
                         "failure on (checkpoint signing is halted then).",
                         MetricType::Gauge, integrity.intact ? 1 : 0));
    out.push_back(single("einblick_log_integrity_checks_total",
                         "Integrity checks of the access log run (at start and periodically).",
                         MetricType::Counter, static_cast<double>(integrity.checks)));
    out.push_back(single("einblick_log_integrity_failures_total",
                         "Integrity checks of the access log that found it tampered with.",
                         MetricType::Counter, static_cast<double>(integrity.failures)));
    out.push_back(histogram("einblick_log_integrity_check_seconds",
                            "Time of one integrity check of the access log.",
                            integrity.check_seconds));
}

} // namespace

ServerMetrics::ServerMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(prometheus::BuildCounter()
                    .Name("einblick_http_requests_total")
                    .Help("Requests answered by a route (or as unknown), by status.")
                    .Register(*registry_)),
      durations_(prometheus::BuildHistogram()
                     .Name("einblick_http_request_duration_seconds")
                     .Help("Time from the complete request to the complete answer.")
                     .Register(*registry_)) {}

ServerMetrics::~ServerMetrics() = default;

void ServerMetrics::count_request(const std::string& method,
                                  const std::optional<std::string>& route, int status,
                                  double seconds) {
    const std::string route_label = route.value_or("none");
    const std::string method_name = method_label(method);
    requests_
        .Add({{"method", method_name}, {"route", route_label}, {"status", std::to_string(status)}})
        .Increment();
    // Handlers mostly wait for a group commit: from a millisecond to a few seconds.
    static const prometheus::Histogram::BucketBoundaries buckets = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    durations_.Add({{"method", method_name}, {"route", route_label}}, buckets).Observe(seconds);
}

std::string ServerMetrics::scrape(const EdgeStatistics& edge, const StorageStatistics& storage,
                                  const LogIntegrityStatistics& integrity) const {
    std::vector<prometheus::MetricFamily> families = registry_->Collect();
    add_edge_families(families, edge);
    add_storage_families(families, storage);
    add_integrity_families(families, integrity);
    return prometheus::TextSerializer().Serialize(families);
}

} // namespace einblick::server
