#include "einblick/server/pg/log_partitions.hpp"

#include "einblick/server/thread_setup.hpp"

#include <einblick/server/pg/error.hpp>
#include <einblick/server/pg/transaction.hpp>
#include <iostream>
#include <string_view>

namespace einblick::server::pg {
namespace {

// A lock that did not come within lock_timeout; a deadlock; a row that arrived in DEFAULT for
// the month being created (CREATE TABLE … PARTITION OF refuses then): all three leave the
// month for the next run, with nothing changed.
bool postpones(const Error& error) {
    return error.sqlstate() == "55P03" /* lock_not_available */ ||
           error.sqlstate() == sqlstate::deadlock_detected ||
           error.sqlstate() == "23514" /* check_violation */;
}

// A UTC month as a partition: name access_log_YYYY_MM, bounds in Unix milliseconds. The names
// consist of letters, digits and underscores only (to_char of a year and a month).
struct Month {
    std::string name;
    std::string quoted_name;
    UnixMillis from = 0;
    UnixMillis to = 0;
};

#define EINBLICK_PG_MONTH_COLUMNS                                                                  \
    "SELECT 'access_log_' || to_char(m, 'YYYY_MM'), "                                              \
    "quote_ident('access_log_' || to_char(m, 'YYYY_MM')), "                                        \
    "(extract(epoch FROM m) * 1000)::bigint, "                                                     \
    "(extract(epoch FROM m + interval '1 month') * 1000)::bigint "

std::vector<Month> months(const Result& rows) {
    std::vector<Month> result;
    for (int row = 0; row < rows.rows(); ++row) {
        result.push_back(
            {rows.text(row, 0), rows.text(row, 1), rows.int64(row, 2), rows.int64(row, 3)});
    }
    return result;
}

// The UTC months from now's to months_ahead after it.
std::vector<Month> months_ahead(Connection& c, UnixMillis now, int ahead) {
    return months(c.execute(
        EINBLICK_PG_MONTH_COLUMNS
        "FROM generate_series("
        "date_trunc('month', to_timestamp($1::bigint::float8 / 1000) AT TIME ZONE 'UTC'), "
        "date_trunc('month', to_timestamp($1::bigint::float8 / 1000) AT TIME ZONE 'UTC') + "
        "make_interval(months => $2::integer), interval '1 month') AS m ORDER BY m",
        {std::int64_t{now}, std::int64_t{ahead}}));
}

// The UTC months that rows in the DEFAULT partition were recorded in. A scan of DEFAULT, which
// is kept empty.
std::vector<Month> months_in_default(Connection& c, const LogPartition& default_partition) {
    return months(
        c.execute(EINBLICK_PG_MONTH_COLUMNS
                  "FROM (SELECT DISTINCT date_trunc('month', to_timestamp(recorded_at::float8 "
                  "/ 1000) AT TIME ZONE 'UTC') AS m FROM " +
                  default_partition.quoted_name + ") AS months ORDER BY m"));
}

#undef EINBLICK_PG_MONTH_COLUMNS

bool exists(Connection& c, const Month& month) {
    return c.execute("SELECT to_regclass($1::text) IS NOT NULL", {month.name}).text(0, 0) == "t";
}

void set_lock_timeout(Transaction& transaction, std::chrono::milliseconds timeout) {
    transaction.execute("SELECT set_config('lock_timeout', $1, true)",
                        {std::to_string(timeout.count()) + "ms"});
}

std::string bounds(const Month& month) {
    return "FOR VALUES FROM (" + std::to_string(month.from) + ") TO (" + std::to_string(month.to) +
           ")";
}

// A month nobody created in time, whose rows went to DEFAULT: CREATE TABLE … PARTITION OF
// would refuse (it checks that DEFAULT holds no row of the new range), so the partition is
// built beside the log, filled with the month's rows moved out of DEFAULT, and attached. In
// one transaction, so no row is ever in neither or both. Locks: SHARE UPDATE EXCLUSIVE on
// access_log (what ATTACH PARTITION takes; it lets reads and writes of the other partitions
// go on) and ACCESS EXCLUSIVE on DEFAULT (ATTACH takes it anyway; taken first, so that no
// row arrives in DEFAULT between the move and the attach). A check constraint of the bounds
// spares ATTACH a scan of the new partition.
std::int64_t fill_month_from_default(Connection& c, const Month& month,
                                     const LogPartition& default_partition,
                                     std::chrono::milliseconds lock_timeout) {
    Transaction transaction(c);
    set_lock_timeout(transaction, lock_timeout);
    c.execute_script("LOCK TABLE ONLY access_log IN SHARE UPDATE EXCLUSIVE MODE; LOCK TABLE " +
                     default_partition.quoted_name + " IN ACCESS EXCLUSIVE MODE");
    if (exists(c, month)) {
        throw Error("access log partitions: " + month.name +
                        " exists but is not the partition of its month",
                    "");
    }
    const std::string check = "\"" + month.name + "_bounds\"";
    c.execute_script("CREATE TABLE " + month.quoted_name +
                     " (LIKE access_log INCLUDING DEFAULTS INCLUDING CONSTRAINTS); ALTER TABLE " +
                     month.quoted_name + " ADD CONSTRAINT " + check +
                     " CHECK (recorded_at >= " + std::to_string(month.from) +
                     " AND recorded_at < " + std::to_string(month.to) + ")");
    const std::int64_t moved =
        c.execute("WITH moved AS (DELETE FROM " + default_partition.quoted_name +
                      " WHERE recorded_at >= $1 AND recorded_at < $2 RETURNING *) INSERT INTO " +
                      month.quoted_name + " SELECT * FROM moved",
                  {std::int64_t{month.from}, std::int64_t{month.to}})
            .affected_rows();
    c.execute_script("ALTER TABLE access_log ATTACH PARTITION " + month.quoted_name + " " +
                     bounds(month) + "; ALTER TABLE " + month.quoted_name + " DROP CONSTRAINT " +
                     check);
    transaction.commit();
    return moved;
}

// A month no row lies in (DEFAULT held none of it a moment ago, and it is the current month or
// one ahead of the clock): CREATE TABLE … PARTITION OF. It takes ACCESS EXCLUSIVE on
// access_log, which waits for every running statement on the log and holds up every later one,
// so it is kept short and bounded: the new table is empty, its indexes are built over nothing,
// and the check that DEFAULT holds no row of the range scans an empty table; lock_timeout
// bounds the wait in the lock queue, where the request would hold up the writer behind it.
// Should a row of the month have arrived in DEFAULT meanwhile, the statement fails (23514),
// the month is postponed and the next run moves it.
void create_empty_month(Connection& c, const Month& month, std::chrono::milliseconds lock_timeout) {
    Transaction transaction(c);
    set_lock_timeout(transaction, lock_timeout);
    c.execute_script("CREATE TABLE " + month.quoted_name + " PARTITION OF access_log " +
                     bounds(month));
    transaction.commit();
}

void postpone_or_fail(PartitionMaintenanceReport& report, const Month& month, const Error& error) {
    if (postpones(error)) {
        report.postponed.push_back(month.name);
    } else {
        report.failed.push_back(month.name + ": " + error.what());
    }
}

} // namespace

std::vector<LogPartition> log_partitions(Connection& connection) {
    // Bounds as pg_get_expr prints them: FOR VALUES FROM ('…') TO ('…'), or DEFAULT.
    const Result rows = connection.execute(
        "SELECT c.relname, quote_ident(c.relname), "
        "substring(pg_get_expr(c.relpartbound, c.oid) FROM 'FROM \\(''?(-?[0-9]+)''?\\)')::bigint, "
        "substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \\(''?(-?[0-9]+)''?\\)')::bigint "
        "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'access_log'::regclass ORDER BY 3 NULLS LAST, 1");
    std::vector<LogPartition> partitions;
    for (int row = 0; row < rows.rows(); ++row) {
        LogPartition p{rows.text(row, 0), rows.text(row, 1), std::nullopt, std::nullopt};
        if (!rows.is_null(row, 2) && !rows.is_null(row, 3)) {
            p.from = rows.int64(row, 2);
            p.to = rows.int64(row, 3);
        }
        partitions.push_back(std::move(p));
    }
    return partitions;
}

PartitionMaintenanceReport maintain_log_partitions(Connection& connection, UnixMillis now,
                                                   const PartitionMaintenanceOptions& options) {
    PartitionMaintenanceReport report;
    std::optional<LogPartition> default_partition;
    for (LogPartition& p : log_partitions(connection)) {
        if (p.is_default()) {
            default_partition = std::move(p);
        }
    }
    if (default_partition) {
        for (const Month& month : months_in_default(connection, *default_partition)) {
            try {
                report.moved_rows += fill_month_from_default(connection, month, *default_partition,
                                                             options.lock_timeout);
                report.filled.push_back(month.name);
            } catch (const Error& error) {
                postpone_or_fail(report, month, error);
            }
        }
    }
    for (const Month& month : months_ahead(connection, now, options.months_ahead)) {
        if (exists(connection, month)) {
            continue;
        }
        try {
            create_empty_month(connection, month, options.lock_timeout);
            report.created.push_back(month.name);
        } catch (const Error& error) {
            postpone_or_fail(report, month, error);
        }
    }
    return report;
}

namespace {

UnixMillis system_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) {
        text += (text.empty() ? "" : ", ") + name;
    }
    return text;
}

} // namespace

LogPartitionMaintenance::LogPartitionMaintenance(Pool& pool, PartitionMaintenanceOptions options,
                                                 std::function<UnixMillis()> clock)
    : pool_(pool), options_(options), clock_(clock ? std::move(clock) : system_now) {
    run();
    thread_ = std::thread([this] { loop(); });
}

LogPartitionMaintenance::~LogPartitionMaintenance() {
    {
        std::lock_guard guard(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

std::int64_t LogPartitionMaintenance::runs() const {
    std::lock_guard guard(mutex_);
    return runs_;
}

void LogPartitionMaintenance::run() {
    try {
        Pool::Lease connection = pool_.acquire();
        const PartitionMaintenanceReport report =
            maintain_log_partitions(*connection, clock_(), options_);
        if (!report.created.empty()) {
            std::clog << "log partitions: created " << joined(report.created) << '\n';
        }
        if (!report.filled.empty()) {
            std::clog << "log partitions: moved " << report.moved_rows
                      << " rows out of the DEFAULT partition into " << joined(report.filled)
                      << '\n';
        }
        for (const std::string& failure : report.failed) {
            std::clog << "log partitions: failed: " << failure << '\n';
        }
        if (!report.postponed.empty()) {
            std::clog << "log partitions: postponed (busy) " << joined(report.postponed) << '\n';
        }
    } catch (const std::exception& error) {
        std::clog << "log partitions: failed: " << error.what() << '\n';
    }
    std::lock_guard guard(mutex_);
    ++runs_;
}

void LogPartitionMaintenance::loop() {
    name_this_thread("pg-partitions");
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, options_.period, [this] { return stopping_; });
        if (stopping_) {
            break;
        }
        lock.unlock();
        run();
        lock.lock();
    }
}

} // namespace einblick::server::pg
