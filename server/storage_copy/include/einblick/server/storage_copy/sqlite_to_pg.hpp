#pragma once
// Copies a SQLite Einblick database into an empty, migrated PostgreSQL one: every table but
// the sessions (a login is redone), with their ids, seqs, hashes, the log's tree nodes and the
// checkpoints, each table streamed with COPY … FROM STDIN; the months' partitions of the log
// made first, so that no entry lands in the DEFAULT partition; then the log head copied and
// every identity sequence moved past the copied ids. One implementation for `einblick copy`
// (server/app/src/copy_command.cpp) and the benchmark's PostgreSQL pre-load
// (bench/pg_preload.cpp), which adds PostgreSQL's bulk-load settings (BulkLoad).
//
//     pg::Transaction tx(target);
//     const storage_copy::CopyOutcome outcome = storage_copy::copy_sqlite_to_pg(source, tx, shown);
//     tx.commit();
//     if (const std::string d = storage_copy::difference_from_source(url, head, chain.rows);
//         !d.empty()) { storage_copy::empty_target(target, counts_from_hour); … }

#include "einblick/server/access_log_repository.hpp"

#include <cstdint>
#include <einblick/server/pg/connection.hpp>
#include <einblick/server/pg/transaction.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace SQLite {
class Database;
}

namespace einblick::server::storage_copy {

// The PostgreSQL tables copied, in the order of their foreign keys.
std::vector<std::string> copied_tables();

// PostgreSQL's bulk path ("Populating a Database" in its manual), for a target made for the
// copy and thrown away on failure; `einblick copy` uses none of it. All of it lasts for the
// transaction only (SET LOCAL).
struct BulkLoad {
    // The log's secondary indexes dropped before the copy and built again after it.
    bool rebuild_log_indexes = false;
    // Triggers, and with them the foreign-key checks, off (session_replication_role = replica,
    // as pg_dump --disable-triggers), where the role may set it; kept on otherwise.
    bool triggers_off = false;
    // synchronous_commit = off: the commit does not wait for the WAL to reach the disk.
    bool commit_without_waiting = false;
    // For building the indexes again, e.g. "1GB"; empty keeps the server's setting.
    std::string maintenance_work_mem;
};

struct TableCopied {
    std::string table;
    std::int64_t rows = 0;
    double seconds = 0;
};

struct CopyOutcome {
    std::vector<TableCopied> tables; // as copied_tables()
    bool triggers_off = false;       // BulkLoad::triggers_off was asked for and allowed
    double index_seconds = 0;        // building the log's indexes again
    std::int64_t rows_of(std::string_view table) const;
};

// Copies `source` (the caller holds one read transaction on it, so that every table comes
// from one snapshot) into the target of `tx`, which the caller commits. Throws
// std::runtime_error when the target has any rows ("<shown_target> is not empty (…)") and when
// a table's rows in the target differ from the source's count after the copy; pg::Error for
// anything PostgreSQL refuses. `on_table` hears of each table once copied.
CopyOutcome copy_sqlite_to_pg(SQLite::Database& source, pg::Transaction& tx,
                              const std::string& shown_target, const BulkLoad& bulk = {},
                              const std::function<void(const TableCopied&)>& on_table = {});

// Reads the committed copy at `url` back through the PostgreSQL repositories: "" when its tree
// head equals `source_head` and its chain is intact (with `source_chain_rows` entries, when
// given), else what differs.
std::string difference_from_source(const std::string& url, const LogTreeHead& source_head,
                                   std::optional<std::int64_t> source_chain_rows);

// Empties a target whose copy was committed and then found different: it was empty before, so
// this leaves what a rollback would have left. `counts_from_hour` is its log head's value from
// before the copy.
void empty_target(pg::Connection& target, std::int64_t counts_from_hour);

} // namespace einblick::server::storage_copy
