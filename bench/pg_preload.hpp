#pragma once
// einblick_bench --pg URL --size N: the pre-loaded log on PostgreSQL.
//
// The same rows, chain, tree nodes and indexes as the SQLite pre-load, because they are its
// rows: the SQLite pre-loaded file (preload.hpp) is copied into a database of its own,
// einblick_bench_preloaded_<N>_<agencies>a_<history>h, by `einblick copy`'s own code
// (server/storage_copy: its tables and column mapping, each table streamed with COPY FROM
// STDIN, in one transaction) with PostgreSQL's bulk path as its manual describes it
// ("Populating a Database") added: the access log's secondary indexes dropped before and built
// again after (maintenance_work_mem 1 GB), triggers and so foreign-key checks off for the load
// (session_replication_role = replica, as pg_dump --disable-triggers; skipped, with the checks
// on, for a role that may not set it), the commit not waiting for the disk
// (synchronous_commit=off), ANALYZE at the end; then, as `einblick copy` does, the tree head
// and the chain are read back through the repositories and compared. A table bench_preload,
// written last, marks the database complete and records how it was made: --reuse keeps a
// complete one made from the same SQLite file. Each path then measures on a clone
// (pg_bench.hpp).

#include "preload.hpp"

#include <cstdint>
#include <string>

namespace einblick::bench {

struct PgPreloadFigures {
    std::string database;         // the pre-loaded database's name
    std::int64_t log_entries = 0; // in its access_log
    double seconds = 0;           // the copy, when the database was made
    double entries_per_s = 0;
    double index_seconds = 0;        // of those, building the log's indexes again
    std::int64_t database_bytes = 0; // pg_database_size
    double bytes_per_entry = 0;      // database_bytes / log_entries, all tables and indexes
    double verify_seconds = 0;       // reading back its tree head and chain (not in `seconds`)
    bool triggers_off = false;       // session_replication_role = replica was allowed
    std::string made;                // when (UTC)
    bool reused = false;
};

std::string pg_preloaded_database(std::int64_t events, int agencies, int history_rows);

// Makes (or with `reuse`, keeps) the pre-loaded database from the SQLite pre-load at
// `sqlite_path`, made at `sqlite.made`. `url` names a database of the cluster to work from.
PgPreloadFigures pg_preload(const std::string& url, const std::string& sqlite_path,
                            const PreloadFigures& sqlite, int agencies, int history_rows,
                            bool reuse);

} // namespace einblick::bench
