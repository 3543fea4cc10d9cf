#include "pg_preload.hpp"

#include "einblick/server/sqlite/access_log_repository.hpp"
#include "einblick/server/sqlite/database.hpp"
#include "pg_bench.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <einblick/server/pg/access_log_repository.hpp>
#include <einblick/server/pg/connection.hpp>
#include <einblick/server/pg/migrations.hpp>
#include <einblick/server/pg/pool.hpp>
#include <libpq-fe.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <stdexcept>
#include <vector>

namespace einblick::bench {
namespace {

using Steady = std::chrono::steady_clock;

// What the database holds and how it was checked; one made with another is made again. 2: its
// tree head and chain were read back and compared before it was marked complete.
constexpr int pg_fixture_version = 2;

double seconds_since(Steady::time_point start) {
    return std::chrono::duration<double>(Steady::now() - start).count();
}

std::string utc_now() {
    char text[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    return text;
}

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

// Runs SQL; every row's cells as text (NULL as ""). Throws on failure unless `may_fail`.
std::vector<std::vector<std::string>> query(PGconn* c, const std::string& sql,
                                            bool may_fail = false) {
    PGresult* r = PQexec(c, sql.c_str());
    const ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const std::string message = PQresultErrorMessage(r);
        PQclear(r);
        if (may_fail) {
            return {{"failed"}};
        }
        throw std::runtime_error("postgresql: " + message + " (" + sql.substr(0, 100) + ")");
    }
    std::vector<std::vector<std::string>> rows;
    for (int row = 0; row < PQntuples(r); ++row) {
        rows.emplace_back();
        for (int col = 0; col < PQnfields(r); ++col) {
            rows.back().emplace_back(PQgetvalue(r, row, col));
        }
    }
    PQclear(r);
    return rows;
}

struct Sqlite {
    sqlite3* db = nullptr;
    explicit Sqlite(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            throw std::runtime_error("cannot open " + path);
        }
    }
    ~Sqlite() { sqlite3_close(db); }
    Sqlite(const Sqlite&) = delete;
    Sqlite& operator=(const Sqlite&) = delete;
    sqlite3_stmt* prepare(const std::string& sql) const {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db) + " (" + sql +
                                     ")");
        }
        return s;
    }
};

// `einblick copy`'s tables and mapping (server/app/src/copy_command.cpp): a PostgreSQL table,
// its rows' SQLite FROM clause, and the columns whose SQLite expression differs.
struct TableCopy {
    std::string table;
    std::string from;
    std::map<std::string, std::string> expressions;
};

std::vector<TableCopy> tables_to_copy() {
    const std::string log_with_citizen = "access_log l JOIN log_citizens c ON c.id = l.citizen_id";
    return {
        {"agencies", "agencies", {}},
        {"api_keys", "api_keys", {}},
        {"accounts", "accounts", {}},
        {"purposes", "purposes", {}},
        {"purpose_versions", "purpose_versions", {}},
        {"consents", "consents", {}},
        {"log_reasons", "log_reasons", {}},
        // In the log's order, as the entries were written.
        {"access_log", log_with_citizen + " ORDER BY l.id", {{"citizen_pseudonym", "c.pseudonym"}}},
        {"access_log_idempotency",
         log_with_citizen + " WHERE l.idempotency_key IS NOT NULL",
         {{"citizen_pseudonym", "c.pseudonym"},
          {"log_id", "l.id"},
          {"idempotency_item", "coalesce(l.idempotency_item, 0)"}}},
        {"access_counts_hourly", "access_counts_hourly", {}},
        {"objections", "objections", {}},
        {"audit_log", "audit_log", {}},
        {"retention_runs", "retention_runs", {}},
        {"log_tree_nodes", "log_tree_nodes", {}},
        {"log_checkpoints", "log_checkpoints", {}},
        {"log_cosignatures", "log_cosignatures", {}},
    };
}

// One cell in COPY's text format.
void append_cell(std::string& line, sqlite3_stmt* s, int column, const std::string& type) {
    const int kind = sqlite3_column_type(s, column);
    if (kind == SQLITE_NULL) {
        line += "\\N";
        return;
    }
    if (type == "bytea") {
        static constexpr char digits[] = "0123456789abcdef";
        const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(s, column));
        const int size = sqlite3_column_bytes(s, column);
        line += "\\\\x"; // bytea's hex form, its backslash escaped for COPY
        for (int i = 0; i < size; ++i) {
            line += digits[data[i] >> 4];
            line += digits[data[i] & 15];
        }
        return;
    }
    if (type == "boolean") {
        line += sqlite3_column_int64(s, column) != 0 ? "t" : "f";
        return;
    }
    if (type == "bigint" || type == "integer" || type == "smallint") {
        line += std::to_string(sqlite3_column_int64(s, column));
        return;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
    const int size = sqlite3_column_bytes(s, column);
    for (int i = 0; i < size; ++i) {
        switch (text[i]) {
        case '\\':
            line += "\\\\";
            break;
        case '\n':
            line += "\\n";
            break;
        case '\r':
            line += "\\r";
            break;
        case '\t':
            line += "\\t";
            break;
        default:
            line += text[i];
        }
    }
}

// One table through COPY FROM STDIN; the rows copied.
std::int64_t copy_table(PGconn* pg, const Sqlite& source, const TableCopy& copy) {
    const auto columns = query(pg, "SELECT column_name, data_type FROM information_schema.columns "
                                   "WHERE table_schema = current_schema() AND table_name = '" +
                                       copy.table + "' ORDER BY ordinal_position");
    if (columns.empty()) {
        throw std::runtime_error("the pre-loaded database has no table " + copy.table);
    }
    const bool aliased = copy.from.starts_with("access_log l");
    std::string select = "SELECT ";
    std::string names;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string& name = columns[i][0];
        const auto expression = copy.expressions.find(name);
        select += (i == 0 ? "" : ", ") + (expression != copy.expressions.end() ? expression->second
                                          : aliased                            ? "l." + name
                                                                               : name);
        names += (i == 0 ? "" : ", ") + name;
    }
    sqlite3_stmt* rows = source.prepare(select + " FROM " + copy.from);
    PGresult* start = PQexec(pg, ("COPY " + copy.table + " (" + names + ") FROM STDIN").c_str());
    if (PQresultStatus(start) != PGRES_COPY_IN) {
        const std::string message = PQresultErrorMessage(start);
        PQclear(start);
        sqlite3_finalize(rows);
        throw std::runtime_error("postgresql: COPY " + copy.table + ": " + message);
    }
    PQclear(start);
    std::string buffer;
    std::int64_t copied = 0;
    auto flush = [&] {
        if (!buffer.empty() &&
            PQputCopyData(pg, buffer.data(), static_cast<int>(buffer.size())) != 1) {
            throw std::runtime_error(std::string("postgresql: COPY data: ") + PQerrorMessage(pg));
        }
        buffer.clear();
    };
    int step = 0;
    while ((step = sqlite3_step(rows)) == SQLITE_ROW) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (i > 0) {
                buffer += '\t';
            }
            append_cell(buffer, rows, static_cast<int>(i), columns[i][1]);
        }
        buffer += '\n';
        ++copied;
        if (buffer.size() > (1 << 20)) {
            flush();
        }
    }
    sqlite3_finalize(rows);
    if (step != SQLITE_DONE) {
        PQputCopyEnd(pg, "the SQLite read failed");
        throw std::runtime_error(std::string("sqlite: reading ") + copy.table);
    }
    flush();
    if (PQputCopyEnd(pg, nullptr) != 1) {
        throw std::runtime_error(std::string("postgresql: COPY end: ") + PQerrorMessage(pg));
    }
    std::string error;
    while (PGresult* r = PQgetResult(pg)) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && error.empty()) {
            error = PQresultErrorMessage(r);
        }
        PQclear(r);
    }
    if (!error.empty()) {
        throw std::runtime_error("postgresql: COPY " + copy.table + ": " + error);
    }
    return copied;
}

std::int64_t sqlite_int(const Sqlite& source, const std::string& sql) {
    sqlite3_stmt* s = source.prepare(sql);
    const std::int64_t value = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return value;
}

std::string sqlite_hex(const Sqlite& source, const std::string& sql) {
    sqlite3_stmt* s = source.prepare(sql);
    std::string text = sqlite3_step(s) == SQLITE_ROW
                           ? reinterpret_cast<const char*>(sqlite3_column_text(s, 0))
                           : "";
    sqlite3_finalize(s);
    return text;
}

PgPreloadFigures from_json(const nlohmann::json& j, const std::string& database) {
    PgPreloadFigures p;
    p.database = database;
    p.log_entries = j.at("log_entries").get<std::int64_t>();
    p.seconds = j.at("seconds").get<double>();
    p.entries_per_s = j.at("entries_per_s").get<double>();
    p.index_seconds = j.at("index_seconds").get<double>();
    p.triggers_off = j.at("triggers_off").get<bool>();
    p.verify_seconds = j.value("verify_seconds", 0.0);
    p.made = j.at("made").get<std::string>();
    return p;
}

} // namespace

std::string pg_preloaded_database(std::int64_t events, int agencies, int history_rows) {
    return "einblick_bench_preloaded_" + std::to_string(events) + "_" + std::to_string(agencies) +
           "a_" + std::to_string(history_rows) + "h";
}

PgPreloadFigures pg_preload(const std::string& url, const std::string& sqlite_path,
                            const PreloadFigures& sqlite, int agencies, int history_rows,
                            bool reuse) {
    const std::string database = pg_preloaded_database(sqlite.events, agencies, history_rows);
    const std::string target = with_database(url, database);
    auto size_of = [&](PgPreloadFigures& p) {
        Conn c = connect(url);
        p.database_bytes =
            std::stoll(query(c.get(), "SELECT pg_database_size('" + database + "')").at(0).at(0));
        p.bytes_per_entry =
            static_cast<double>(p.database_bytes) / static_cast<double>(p.log_entries);
    };
    if (reuse && database_exists(url, database)) {
        Conn c = connect(target);
        const auto marker = query(c.get(), "SELECT figures FROM bench_preload", true);
        if (!marker.empty() && marker[0][0] != "failed") {
            const nlohmann::json j = nlohmann::json::parse(marker[0][0], nullptr, false);
            if (j.is_object() && j.value("fixture", 0) == pg_fixture_version &&
                j.value("sqlite_made", std::string()) == sqlite.made &&
                j.value("events", std::int64_t{-1}) == sqlite.events) {
                PgPreloadFigures p = from_json(j, database);
                p.reused = true;
                c.reset();
                size_of(p);
                std::fprintf(stderr, "pg preload: reusing database %s (%lld entries, made %s)\n",
                             database.c_str(), static_cast<long long>(p.log_entries),
                             p.made.c_str());
                return p;
            }
        }
    }
    {
        Conn admin = connect(url);
        query(admin.get(), "DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
        query(admin.get(), "CREATE DATABASE \"" + database + "\"");
    }
    {
        server::pg::Connection migrating(target);
        server::pg::migrate(migrating);
    }
    PgPreloadFigures p;
    p.database = database;
    const Sqlite source(sqlite_path);
    Conn c = connect(target);
    PGconn* pg = c.get();
    const auto start = Steady::now();
    query(pg, "SET synchronous_commit = off");
    query(pg, "SET maintenance_work_mem = '1GB'");
    p.triggers_off = query(pg, "SET session_replication_role = replica", true).empty();
    // The log's secondary indexes, built again after the copy (ON ONLY: how PostgreSQL shows a
    // partitioned table's index; without it, CREATE INDEX builds it on every partition).
    const auto indexes = query(pg, "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                                   "WHERE i.schemaname = current_schema() AND i.tablename = "
                                   "'access_log' AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
                                   "WHERE k.conname = i.indexname)");
    for (const auto& index : indexes) {
        query(pg, "DROP INDEX \"" + index[0] + "\"");
    }
    // Every month the entries were recorded in gets its partition, as `einblick copy` does.
    const std::int64_t first = sqlite_int(source, "SELECT min(recorded_at) FROM access_log");
    const std::int64_t last = sqlite_int(source, "SELECT max(recorded_at) FROM access_log");
    query(pg, "SELECT access_log_create_month_partition(m) FROM generate_series(date_trunc("
              "'month', to_timestamp(" +
                  std::to_string(first) + " / 1000.0) AT TIME ZONE 'UTC'), to_timestamp(" +
                  std::to_string(last) + " / 1000.0) AT TIME ZONE 'UTC', interval '1 month') m");
    std::int64_t log_rows = 0;
    for (const TableCopy& copy : tables_to_copy()) {
        const auto table_start = Steady::now();
        const std::int64_t rows = copy_table(pg, source, copy);
        if (copy.table == "access_log") {
            log_rows = rows;
        }
        if (rows > 10'000) {
            std::fprintf(stderr, "pg preload: %s: %lld rows in %.1f s\n", copy.table.c_str(),
                         static_cast<long long>(rows), seconds_since(table_start));
        }
    }
    query(pg,
          "UPDATE access_log_head SET last_seq = " +
              std::to_string(sqlite_int(source, "SELECT last_seq FROM access_log_head")) +
              ", last_hash = '\\x" +
              sqlite_hex(source, "SELECT lower(hex(last_hash)) FROM access_log_head") +
              "'::bytea, counts_from_hour = " +
              std::to_string(sqlite_int(source, "SELECT counts_from_hour FROM access_log_head")) +
              " WHERE id = 1");
    // Every identity column's sequence past the copied ids, as `einblick copy` does.
    for (const auto& identity :
         query(pg, "SELECT c.table_name, c.column_name FROM information_schema.columns c "
                   "JOIN pg_class t ON t.relname = c.table_name "
                   "AND t.relnamespace = current_schema()::regnamespace "
                   "WHERE c.table_schema = current_schema() AND c.is_identity = 'YES' "
                   "AND NOT t.relispartition")) {
        query(pg, "SELECT setval(pg_get_serial_sequence('" + identity[0] + "', '" + identity[1] +
                      "'), max(" + identity[1] + ")) FROM " + identity[0] + " HAVING max(" +
                      identity[1] + ") IS NOT NULL");
    }
    const auto index_start = Steady::now();
    for (const auto& index : indexes) {
        std::string definition = index[1];
        if (const std::size_t only = definition.find(" ON ONLY "); only != std::string::npos) {
            definition.replace(only, 9, " ON ");
        }
        query(pg, definition);
    }
    p.index_seconds = seconds_since(index_start);
    query(pg, "ANALYZE");
    p.seconds = seconds_since(start);
    p.log_entries = log_rows;
    if (log_rows != sqlite.log_entries) {
        throw std::runtime_error("pg preload: " + std::to_string(log_rows) +
                                 " log entries copied, the SQLite file holds " +
                                 std::to_string(sqlite.log_entries));
    }
    p.entries_per_s = static_cast<double>(log_rows) / std::max(p.seconds, 1e-9);
    c.reset();
    // As `einblick copy` checks its copy: the same tree head as the source, and an intact
    // chain, read back through the repositories. Before the database is marked complete.
    const auto verify_start = Steady::now();
    {
        server::SqliteDatabase sqlite_db(sqlite_path);
        const server::LogTreeHead expected =
            server::SqliteAccessLogRepository(sqlite_db).tree_head();
        server::pg::Pool pool(target, 2);
        server::PgAccessLogRepository copied(pool);
        const server::LogTreeHead head = copied.tree_head();
        const server::ChainCheck chain = copied.verify_chain();
        if (head.size != expected.size || head.root != expected.root || !chain.intact) {
            throw std::runtime_error("pg preload: the copy's tree head or chain differs from the "
                                     "SQLite pre-load's");
        }
    }
    p.verify_seconds = seconds_since(verify_start);
    c = connect(target);
    pg = c.get();
    p.made = utc_now();
    const nlohmann::json j = {{"fixture", pg_fixture_version},
                              {"events", sqlite.events},
                              {"sqlite_made", sqlite.made},
                              {"log_entries", p.log_entries},
                              {"seconds", p.seconds},
                              {"entries_per_s", p.entries_per_s},
                              {"index_seconds", p.index_seconds},
                              {"triggers_off", p.triggers_off},
                              {"verify_seconds", p.verify_seconds},
                              {"made", p.made}};
    query(pg, "SET synchronous_commit = on");
    query(pg, "CREATE TABLE bench_preload (figures text NOT NULL)");
    const std::string text = j.dump();
    const char* values[] = {text.c_str()};
    PGresult* r = PQexecParams(pg, "INSERT INTO bench_preload VALUES ($1)", 1, nullptr, values,
                               nullptr, nullptr, 0);
    const bool inserted = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!inserted) {
        throw std::runtime_error("pg preload: cannot mark the database complete");
    }
    c.reset();
    size_of(p);
    std::fprintf(stderr,
                 "pg preload: %lld entries into database %s in %.1f s (%.0f entries/s; indexes "
                 "%.1f s; tree head and chain checked in %.1f s), %.1f MB, %.0f bytes per "
                 "entry\n",
                 static_cast<long long>(p.log_entries), database.c_str(), p.seconds,
                 p.entries_per_s, p.index_seconds, p.verify_seconds,
                 static_cast<double>(p.database_bytes) / 1e6, p.bytes_per_entry);
    return p;
}

} // namespace einblick::bench
