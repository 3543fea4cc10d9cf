#include "pg_preload.hpp"

#include "clock.hpp"
#include "einblick/server/sqlite/access_log_repository.hpp"
#include "einblick/server/sqlite/database.hpp"
#include "pg_bench.hpp"

#include <SQLiteCpp/Database.h>
#include <algorithm>
#include <cstdio>
#include <einblick/server/pg/connection.hpp>
#include <einblick/server/pg/migrations.hpp>
#include <einblick/server/pg/transaction.hpp>
#include <einblick/server/storage_copy/sqlite_to_pg.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

namespace einblick::bench {
namespace {

namespace pg = server::pg;
namespace storage_copy = server::storage_copy;

// What the database holds and how it was checked; one made with another is made again. 2: its
// tree head and chain were read back and compared before it was marked complete.
constexpr int pg_fixture_version = 2;

// The figures a complete pre-loaded database recorded when it was made, if it has them.
std::optional<nlohmann::json> recorded_figures(const std::string& target) {
    try {
        pg::Connection c(target);
        const pg::Result marker = c.execute("SELECT figures FROM bench_preload");
        if (marker.rows() == 0) {
            return std::nullopt;
        }
        nlohmann::json j = nlohmann::json::parse(marker.text(0, 0), nullptr, false);
        return j.is_object() ? std::optional(std::move(j)) : std::nullopt;
    } catch (const pg::Error&) {
        return std::nullopt; // no such table: the load did not finish
    }
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
        pg::Connection c(url);
        p.database_bytes = c.execute("SELECT pg_database_size($1)", {database}).int64(0, 0);
        p.bytes_per_entry =
            static_cast<double>(p.database_bytes) / static_cast<double>(p.log_entries);
    };
    if (reuse && database_exists(url, database)) {
        if (const auto j = recorded_figures(target);
            j && j->value("fixture", 0) == pg_fixture_version &&
            j->value("sqlite_made", std::string()) == sqlite.made &&
            j->value("events", std::int64_t{-1}) == sqlite.events) {
            PgPreloadFigures p = from_json(*j, database);
            p.reused = true;
            size_of(p);
            std::fprintf(stderr, "pg preload: reusing database %s (%lld entries, made %s)\n",
                         database.c_str(), static_cast<long long>(p.log_entries), p.made.c_str());
            return p;
        }
    }
    drop_database(url, database);
    pg::Connection(url).execute_script("CREATE DATABASE \"" + database + "\"");
    PgPreloadFigures p;
    p.database = database;
    {
        pg::Connection c(target);
        pg::migrate(c);
        SQLite::Database source(sqlite_path, SQLite::OPEN_READONLY);
        source.exec("BEGIN"); // one snapshot
        // The bulk path: see pg_preload.hpp.
        storage_copy::BulkLoad bulk;
        bulk.rebuild_log_indexes = true;
        bulk.triggers_off = true;
        bulk.commit_without_waiting = true;
        bulk.maintenance_work_mem = "1GB";
        const auto start = Steady::now();
        pg::Transaction tx(c);
        const storage_copy::CopyOutcome copied = storage_copy::copy_sqlite_to_pg(
            source, tx, pg::url_without_password(target), bulk,
            [](const storage_copy::TableCopied& table) {
                if (table.rows > 10'000) {
                    std::fprintf(stderr, "pg preload: %s: %lld rows in %.1f s\n",
                                 table.table.c_str(), static_cast<long long>(table.rows),
                                 table.seconds);
                }
            });
        tx.commit();
        c.execute_script("ANALYZE");
        p.seconds = seconds_since(start);
        p.index_seconds = copied.index_seconds;
        p.triggers_off = copied.triggers_off;
        p.log_entries = copied.rows_of("access_log");
    }
    if (p.log_entries != sqlite.log_entries) {
        throw std::runtime_error("pg preload: " + std::to_string(p.log_entries) +
                                 " log entries copied, the SQLite file holds " +
                                 std::to_string(sqlite.log_entries));
    }
    p.entries_per_s = static_cast<double>(p.log_entries) / std::max(p.seconds, 1e-9);
    // As `einblick copy` checks its copy: the same tree head as the source, and an intact
    // chain, read back through the repositories. Before the database is marked complete.
    const auto verify_start = Steady::now();
    {
        server::SqliteDatabase sqlite_db(sqlite_path);
        const server::LogTreeHead expected =
            server::SqliteAccessLogRepository(sqlite_db).tree_head();
        if (const std::string difference =
                storage_copy::difference_from_source(target, expected, std::nullopt);
            !difference.empty()) {
            throw std::runtime_error("pg preload: the copy differs from the SQLite pre-load: " +
                                     difference);
        }
    }
    p.verify_seconds = seconds_since(verify_start);
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
    {
        pg::Connection c(target);
        c.execute_script("CREATE TABLE bench_preload (figures text NOT NULL)");
        c.execute("INSERT INTO bench_preload VALUES ($1)", {j.dump()});
    }
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
