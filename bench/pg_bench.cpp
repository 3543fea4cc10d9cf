#include "pg_bench.hpp"

#include "clock.hpp"
#include "raw_sqlite.hpp"
#include "spread.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <einblick/server/pg/connection.hpp>
#include <fstream>
#include <libpq-fe.h>
#include <memory>
#include <stdexcept>
#include <vector>

namespace einblick::bench {
namespace {

constexpr int fresh_citizens = 2000; // as raw SQLite's fresh floor
constexpr int citizens_at_size = 100'000;
constexpr long long base_millis = 1'795'867'200'000LL;

struct Finish {
    void operator()(PGconn* c) const { PQfinish(c); }
};
using Conn = std::unique_ptr<PGconn, Finish>;

Conn connect(const std::string& url) {
    Conn c(PQconnectdb(url.c_str()));
    if (PQstatus(c.get()) != CONNECTION_OK) {
        throw std::runtime_error("cannot connect to " + server::pg::url_without_password(url) +
                                 ": " + PQerrorMessage(c.get()));
    }
    // No NOTICEs on stderr ("drop cascades to …").
    PQclear(PQexec(c.get(), "SET client_min_messages = warning"));
    return c;
}

// Runs SQL without parameters; returns the first cell of the first row ("" if none).
std::string exec(PGconn* c, const std::string& sql) {
    PGresult* r = PQexec(c, sql.c_str());
    const ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const std::string message = PQresultErrorMessage(r);
        PQclear(r);
        throw std::runtime_error("postgresql: " + message + " (" + sql.substr(0, 80) + ")");
    }
    std::string first = PQntuples(r) > 0 && PQnfields(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    return first;
}

std::string quoted(const std::string& identifier) {
    std::string out = "\"";
    for (const char ch : identifier) {
        out += ch == '"' ? "\"\"" : std::string(1, ch);
    }
    return out + "\"";
}

std::string pseudonym(int citizen) {
    char text[80];
    std::snprintf(text, sizeof text, "%064d", citizen);
    return text;
}

int citizen_number(std::int64_t n, int citizens) {
    return static_cast<int>(1 + spread(static_cast<std::uint64_t>(n)) %
                                    static_cast<std::uint64_t>(citizens));
}

const std::string floor_insert =
    "INSERT INTO floor_log (seq, kind, outcome, reason, citizen_pseudonym, agency_id, purpose_id, "
    "purpose_version_id, register, data_categories, legal_basis, correlation_id, occurred_at, "
    "recorded_at, prev_hash) VALUES ($1, 1, 0, 1, $2, $3, $3, $3, 'melderegister', "
    "'[\"address\"]', 'A6-1-e', $4, $5, $5, $6::bytea)";

// One row's parameters, as raw SQLite's insert() gives them: the n-th row.
struct RowParams {
    std::string seq, citizen, agency, correlation, millis;
    std::string hash = "\\x" + std::string(64, 'a');
    void set(std::int64_t n, int citizens) {
        seq = std::to_string(n + 1);
        citizen = pseudonym(citizen_number(n, citizens));
        agency = std::to_string(1 + n % 64);
        correlation = "AZ-" + std::to_string(n);
        millis = std::to_string(base_millis + n);
    }
    std::vector<const char*> values() const {
        return {seq.c_str(),         citizen.c_str(), agency.c_str(),
                correlation.c_str(), millis.c_str(),  hash.c_str()};
    }
};

void check_result(PGresult* r, const char* what) {
    const ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const std::string message = PQresultErrorMessage(r);
        PQclear(r);
        throw std::runtime_error(std::string("postgresql: ") + what + ": " + message);
    }
    PQclear(r);
}

// `rows` rows from row `first` on in one transaction, pipelined: BEGIN, the inserts and COMMIT
// sent at once, the answers read after one sync.
void pipelined_commit(PGconn* c, std::int64_t first, int rows, int citizens) {
    RowParams p;
    if (PQsendQueryParams(c, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
        throw std::runtime_error(std::string("postgresql: ") + PQerrorMessage(c));
    }
    for (int i = 0; i < rows; ++i) {
        p.set(first + i, citizens);
        const auto v = p.values();
        if (PQsendQueryPrepared(c, "floor_insert", 6, v.data(), nullptr, nullptr, 0) != 1) {
            throw std::runtime_error(std::string("postgresql: ") + PQerrorMessage(c));
        }
    }
    if (PQsendQueryParams(c, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) != 1 ||
        PQpipelineSync(c) != 1) {
        throw std::runtime_error(std::string("postgresql: ") + PQerrorMessage(c));
    }
    std::string error;
    for (;;) {
        PGresult* r = PQgetResult(c);
        if (r == nullptr) {
            continue; // the end of one statement's results
        }
        const ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && error.empty()) {
            error = PQresultErrorMessage(r);
        }
        PQclear(r);
    }
    if (!error.empty()) {
        throw std::runtime_error("postgresql: pipelined commit: " + error);
    }
}

double pipelined_rate(PGconn* c, std::int64_t first, int total, int per_commit, int citizens) {
    if (PQenterPipelineMode(c) != 1) {
        throw std::runtime_error("postgresql: cannot enter pipeline mode");
    }
    const auto start = Steady::now();
    for (int done = 0; done < total; done += per_commit) {
        pipelined_commit(c, first + done, std::min(per_commit, total - done), citizens);
    }
    const double rate = total / seconds_since(start);
    PQexitPipelineMode(c);
    return rate;
}

} // namespace

std::string read_url_file(const std::string& path) {
    std::ifstream file(path);
    std::string url;
    if (!file || !std::getline(file, url) || url.empty()) {
        throw std::runtime_error(path + " holds no URL");
    }
    return url;
}

std::string with_database(const std::string& url, const std::string& database) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string::npos) {
        throw std::runtime_error("not a postgresql:// URL");
    }
    const std::size_t query = url.find('?', scheme + 3);
    const std::size_t slash = url.find('/', scheme + 3);
    const std::size_t authority_end = std::min(slash, query);
    const std::string rest = query == std::string::npos ? "" : url.substr(query);
    return url.substr(0, authority_end == std::string::npos ? url.size() : authority_end) + "/" +
           database + rest;
}

std::string with_schema(const std::string& url, const std::string& schema) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           schema;
}

void fresh_schema(const std::string& url, const std::string& schema) {
    Conn c = connect(url);
    exec(c.get(), "DROP SCHEMA IF EXISTS " + quoted(schema) + " CASCADE");
    exec(c.get(), "CREATE SCHEMA " + quoted(schema));
}

void drop_schema(const std::string& url, const std::string& schema) {
    Conn c = connect(url);
    exec(c.get(), "DROP SCHEMA IF EXISTS " + quoted(schema) + " CASCADE");
}

void drop_database(const std::string& url, const std::string& database) {
    Conn c = connect(url);
    exec(c.get(), "DROP DATABASE IF EXISTS " + quoted(database) + " WITH (FORCE)");
}

bool database_exists(const std::string& url, const std::string& database) {
    Conn c = connect(url);
    const char* values[] = {database.c_str()};
    PGresult* r = PQexecParams(c.get(), "SELECT count(*) FROM pg_database WHERE datname = $1", 1,
                               nullptr, values, nullptr, nullptr, 0);
    const bool exists = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
                        std::string(PQgetvalue(r, 0, 0)) == "1";
    PQclear(r);
    return exists;
}

void clone_database(const std::string& url, const std::string& from, const std::string& to) {
    Conn c = connect(url);
    exec(c.get(), "DROP DATABASE IF EXISTS " + quoted(to) + " WITH (FORCE)");
    // FILE_COPY: a checkpoint and a copy of the files, not the template's pages through the
    // WAL (WAL_LOG, the default since 15, is meant for small templates).
    exec(c.get(),
         "CREATE DATABASE " + quoted(to) + " TEMPLATE " + quoted(from) + " STRATEGY FILE_COPY");
}

RawPostgresFigures measure_raw_postgres(const std::string& url, int single_rows, int batch_rows,
                                        std::int64_t preloaded_rows) {
    const std::string schema = "einblick_bench_floor";
    fresh_schema(url, schema);
    Conn c = connect(with_schema(url, schema));
    PGconn* db = c.get();
    RawPostgresFigures figures;
    figures.server_version = exec(db, "SHOW server_version");
    exec(db, "SET synchronous_commit = on");
    for (const char* setting : {"shared_buffers", "synchronous_commit", "fsync", "wal_level",
                                "max_wal_size", "checkpoint_timeout"}) {
        figures.settings += std::string(figures.settings.empty() ? "" : ", ") + setting + "=" +
                            exec(db, std::string("SHOW ") + setting);
    }
    // The access log's columns, primary key and indexes (baseline_schema.cpp), without its
    // foreign keys; partitioned by recorded_at as the log is, all rows in one partition.
    exec(db, "CREATE TABLE floor_log ("
             " id bigint GENERATED BY DEFAULT AS IDENTITY,"
             " seq bigint NOT NULL CHECK (seq >= 1),"
             " kind smallint NOT NULL CHECK (kind IN (0, 1)),"
             " outcome smallint NOT NULL CHECK (outcome IN (0, 1)),"
             " reason integer NOT NULL,"
             " citizen_pseudonym text NOT NULL,"
             " agency_id bigint NOT NULL,"
             " purpose_id bigint,"
             " purpose_version_id bigint,"
             " register text NOT NULL,"
             " data_categories text NOT NULL,"
             " legal_basis text NOT NULL,"
             " consent_id bigint,"
             " official text,"
             " correlation_id text,"
             " occurred_at bigint NOT NULL,"
             " recorded_at bigint NOT NULL,"
             " prev_hash bytea NOT NULL CHECK (octet_length(prev_hash) = 32),"
             " PRIMARY KEY (id, citizen_pseudonym, recorded_at)"
             ") PARTITION BY RANGE (recorded_at);"
             "CREATE INDEX floor_log_by_citizen ON floor_log "
             " (citizen_pseudonym, occurred_at DESC, id DESC);"
             "CREATE INDEX floor_log_by_seq ON floor_log (seq);"
             "CREATE INDEX floor_log_by_time ON floor_log (occurred_at);"
             "CREATE INDEX floor_log_by_agency_time ON floor_log (agency_id, occurred_at);"
             "CREATE TABLE floor_log_all PARTITION OF floor_log "
             " FOR VALUES FROM (MINVALUE) TO (MAXVALUE)");
    const int citizens = preloaded_rows > 0 ? citizens_at_size : fresh_citizens;
    if (preloaded_rows > 0) {
        const auto start = Steady::now();
        exec(db, "INSERT INTO floor_log (seq, kind, outcome, reason, citizen_pseudonym, agency_id,"
                 " purpose_id, purpose_version_id, register, data_categories, legal_basis,"
                 " correlation_id, occurred_at, recorded_at, prev_hash)"
                 " SELECT n + 1, 1, 0, 1, lpad((1 + (hashint8(n) & 2147483647) % " +
                     std::to_string(citizens_at_size) +
                     ")::text, 64, '0'), 1 + n % 64, 1 + n % 64, 1 + n % 64, 'melderegister',"
                     " '[\"address\"]', 'A6-1-e', 'AZ-' || n, " +
                     std::to_string(base_millis) + " + n, " + std::to_string(base_millis) +
                     " + n, decode(repeat('ab', 32), 'hex') FROM generate_series(0, " +
                     std::to_string(preloaded_rows - 1) + ") n");
        exec(db, "ANALYZE floor_log");
        figures.preloaded_rows = preloaded_rows;
        figures.preload_seconds = seconds_since(start);
    }
    check_result(PQprepare(db, "floor_insert", floor_insert.c_str(), 6, nullptr), "prepare");

    std::int64_t n = preloaded_rows;
    // One row per commit (autocommit): each an fsync'd commit of the WAL.
    {
        RowParams p;
        std::vector<double> micros;
        const auto start = Steady::now();
        for (int i = 0; i < single_rows; ++i, ++n) {
            p.set(n, citizens);
            const auto v = p.values();
            const auto t0 = Steady::now();
            check_result(PQexecPrepared(db, "floor_insert", 6, v.data(), nullptr, nullptr, 0),
                         "single-row insert");
            micros.push_back(std::chrono::duration<double, std::micro>(Steady::now() - t0).count());
        }
        figures.single_commit_rows_per_s = single_rows / seconds_since(start);
        figures.single_commit = percentiles(micros);
    }
    const int batch_total = std::max(1000, batch_rows / 1000 * 1000);
    figures.batch_rows_per_s = pipelined_rate(db, n, batch_total, 1000, citizens);
    n += batch_total;
    const int grouped_total = std::max(1000, batch_rows / 4) / rows_per_group * rows_per_group;
    figures.grouped_rows_per_s = pipelined_rate(db, n, grouped_total, rows_per_group, citizens);
    n += grouped_total;
    figures.rows = n;

    exec(db, "ANALYZE floor_log");
    check_result(PQprepare(db, "newest",
                           "SELECT * FROM floor_log WHERE citizen_pseudonym = $1"
                           " ORDER BY occurred_at DESC, id DESC LIMIT 50",
                           1, nullptr),
                 "prepare");
    std::vector<double> micros;
    for (int i = 0; i < 2000; ++i) {
        const std::string who = pseudonym(citizen_number(std::int64_t{i} * 7919, citizens));
        const char* values[] = {who.c_str()};
        const auto t0 = Steady::now();
        check_result(PQexecPrepared(db, "newest", 1, values, nullptr, nullptr, 0), "newest 50");
        micros.push_back(std::chrono::duration<double, std::micro>(Steady::now() - t0).count());
    }
    figures.newest_50 = percentiles(micros);
    c.reset();
    drop_schema(url, schema);
    return figures;
}

namespace {

// The log's last seq; 0 in a fresh schema that the path has not migrated yet.
std::int64_t last_seq(PGconn* c) {
    if (exec(c, "SELECT to_regclass('access_log_head') IS NOT NULL") != "t") {
        return 0;
    }
    return std::stoll(exec(c, "SELECT last_seq FROM access_log_head WHERE id = 1"));
}

} // namespace

WalMark wal_mark(const std::string& db_url) {
    Conn c = connect(db_url);
    return {exec(c.get(), "SELECT pg_current_wal_lsn()::text"), last_seq(c.get())};
}

WalFigures wal_since(const std::string& db_url, const WalMark& mark) {
    Conn c = connect(db_url);
    WalFigures f;
    f.bytes = std::stoll(exec(c.get(), "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + mark.lsn +
                                           "'::pg_lsn)::bigint"));
    f.entries = last_seq(c.get()) - mark.last_seq;
    f.bytes_per_entry = f.entries > 0 ? static_cast<double>(f.bytes) / f.entries : 0;
    return f;
}

} // namespace einblick::bench
