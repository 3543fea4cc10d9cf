#pragma once
// The access log's monthly partitions on PostgreSQL, kept by the server itself (no pg_partman):
// the current UTC month and `months_ahead` after it exist before anything is recorded in them,
// and rows that landed in the DEFAULT partition (a month nobody created in time: maintenance
// stopped, a clock far off) are moved into a partition of their month, so that DEFAULT stays
// empty. Layout and locks: docs/SCALE-OUT.md, "Partitions".
//
//     pg::LogPartitionMaintenance maintenance(pool, {}); // runs now, then every six hours
//
// Retention (PgAccessLogRepository::delete_recorded_before) drops whole months that lie
// before its cutoff; log_partitions() is what both read.

#include "einblick/shared/civil_time.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <einblick/server/pg/connection.hpp>
#include <einblick/server/pg/pool.hpp>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace einblick::server::pg {

// One partition of access_log: its name, the same quoted for SQL, and its bounds in Unix
// milliseconds, [from, to); none for the DEFAULT partition.
struct LogPartition {
    std::string name;
    std::string quoted_name;
    std::optional<UnixMillis> from;
    std::optional<UnixMillis> to;

    bool is_default() const { return !to.has_value(); }
};

// The partitions of access_log in the connection's schema, ordered by their lower bound, the
// DEFAULT partition last.
std::vector<LogPartition> log_partitions(Connection& connection);

struct PartitionMaintenanceReport {
    std::vector<std::string> created; // partitions created empty, ahead of their month
    std::vector<std::string> filled;  // partitions created for rows moved out of DEFAULT
    std::int64_t moved_rows = 0;      // rows moved out of DEFAULT into them
    // Months left for the next run: their lock did not come within the lock timeout, or a
    // write for the month arrived meanwhile.
    std::vector<std::string> postponed;
    // Months that failed otherwise ("name: reason"), e.g. a table of the month's name that is
    // not its partition; the other months are still done.
    std::vector<std::string> failed;
};

struct PartitionMaintenanceOptions {
    int months_ahead = 3;                                            // beyond the current month
    std::chrono::milliseconds period{std::chrono::hours(6)};         // between runs
    std::chrono::milliseconds lock_timeout{std::chrono::seconds(2)}; // per partition created
};

// One run, in one short transaction per partition: first a partition for every month that has
// rows in DEFAULT (created beside the log, filled with those rows, then attached), then the
// months from `now`'s UTC month to `months_ahead` after it that have none (CREATE TABLE …
// PARTITION OF). A partition whose lock does not come within `lock_timeout` is postponed, not
// waited for: a lock request queued on access_log would hold up every write behind it.
PartitionMaintenanceReport maintain_log_partitions(Connection& connection, UnixMillis now,
                                                   const PartitionMaintenanceOptions& options = {});

// Runs maintain_log_partitions once when constructed (a failure is logged, not thrown: writes
// never need it, the DEFAULT partition takes them) and then every `period` on a thread of its
// own until destroyed. `clock` gives now; the system clock unless set.
class LogPartitionMaintenance {
public:
    LogPartitionMaintenance(Pool& pool, PartitionMaintenanceOptions options,
                            std::function<UnixMillis()> clock = {});
    ~LogPartitionMaintenance();
    LogPartitionMaintenance(const LogPartitionMaintenance&) = delete;
    LogPartitionMaintenance& operator=(const LogPartitionMaintenance&) = delete;

    // Runs done so far, failed ones included (for tests).
    std::int64_t runs() const;

private:
    void run();
    void loop();

    Pool& pool_;
    const PartitionMaintenanceOptions options_;
    const std::function<UnixMillis()> clock_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::int64_t runs_ = 0;
    std::thread thread_; // last: starts once everything above is set
};

} // namespace einblick::server::pg
