#pragma once
// einblick_bench --pg URL: the same service and HTTP paths on PostgreSQL (PgStorage), next to a
// PostgreSQL floor measured in the same run, as the SQLite figures stand next to raw SQLite.
//
// Where the runs live in the URL's cluster, so that they never accumulate:
// - without --size, each path and the floor work in a schema of their own in the URL's
//   database (einblick_bench_service, einblick_bench_http, einblick_bench_floor), dropped and
//   created again before and dropped after;
// - with --size N, the pre-loaded log is a database of its own (pg_preload.hpp), kept for
//   --reuse, and each path measures on a clone of it (CREATE DATABASE … TEMPLATE … STRATEGY
//   FILE_COPY: PostgreSQL's file copy, as the SQLite paths measure on a copy of the file),
//   dropped afterwards. That needs a role that may create databases.
// Messages name the URL without its password.

#include "http_client.hpp"

#include <cstdint>
#include <string>

namespace einblick::bench {

// The first line of `path` (the URL tests/support/pg_cluster.py writes); throws if none.
std::string read_url_file(const std::string& path);
// The URL with its database replaced by `database`.
std::string with_database(const std::string& url, const std::string& database);
// The URL whose connections work in `schema` (search_path), as the tests' scratch schemas do.
std::string with_schema(const std::string& url, const std::string& schema);

// DROP SCHEMA … CASCADE, then CREATE SCHEMA, in the URL's database.
void fresh_schema(const std::string& url, const std::string& schema);
void drop_schema(const std::string& url, const std::string& schema);
// A new database `to` (dropped first, with its connections) as a file copy of `from`, whose
// connections must all be closed. From the URL's own database.
void clone_database(const std::string& url, const std::string& from, const std::string& to);
void drop_database(const std::string& url, const std::string& database);
bool database_exists(const std::string& url, const std::string& database);

// The WAL a path wrote per log entry it appended: the cluster's pg_current_wal_lsn() before and
// after it (nothing else writes to the cluster meanwhile; the path's reads and checks count as
// they do in production), over the entries added to access_log_head.last_seq of the path's
// database `db_url`.
struct WalMark {
    std::string lsn;
    std::int64_t last_seq = 0;
};
struct WalFigures {
    std::int64_t bytes = 0;
    std::int64_t entries = 0;
    double bytes_per_entry = 0;
};
WalMark wal_mark(const std::string& db_url);
WalFigures wal_since(const std::string& db_url, const WalMark& mark);

// The PostgreSQL floor: libpq alone, rows of the access log's shape (its columns, primary key
// and four indexes, range-partitioned by recorded_at), synchronous_commit=on, in the schema
// einblick_bench_floor of the URL's database.
struct RawPostgresFigures {
    double single_commit_rows_per_s = 0; // one row per transaction (autocommit)
    Percentiles single_commit;           // the latency of one such commit
    double batch_rows_per_s = 0;         // 1000 rows per transaction, pipelined (no round trip
                                         // per row), one fsync'd commit
    double grouped_rows_per_s = 0;       // 64 rows per transaction, pipelined
    Percentiles newest_50;               // one citizen's newest 50 rows, by index
    std::int64_t rows = 0;               // in the table when newest_50 was measured
    std::int64_t preloaded_rows = 0;     // filled in server-side before (--size)
    double preload_seconds = 0;
    std::string server_version;
    std::string settings; // shared_buffers, synchronous_commit, fsync, wal_level as the server has
};

// `preloaded_rows`: the table is first filled with that many rows server-side (INSERT …
// SELECT FROM generate_series, one transaction), spread over 100,000 citizens as the pre-loaded
// log's entries are.
RawPostgresFigures measure_raw_postgres(const std::string& url, int single_rows, int batch_rows,
                                        std::int64_t preloaded_rows = 0);

} // namespace einblick::bench
