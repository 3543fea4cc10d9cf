#include "copy_command.hpp"

#include "einblick/server/crypto.hpp"
#include "einblick/server/sqlite/access_log_repository.hpp"
#include "einblick/server/sqlite/database.hpp"
#include "einblick/server/sqlite/migrations.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <cstdint>
#include <einblick/server/pg/connection.hpp>
#include <einblick/server/pg/migrations.hpp>
#include <einblick/server/pg/transaction.hpp>
#include <einblick/server/storage_copy/sqlite_to_pg.hpp>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace einblick::server {
namespace {

int sqlite_version_on_disk(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        throw std::runtime_error("no SQLite database at '" + path + "'");
    }
    try {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        return db.execAndGet("PRAGMA user_version").getInt();
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("cannot open database '" + path + "': " + e.what());
    }
}

std::string hex(const merkle::Hash& hash) {
    return to_hex(Bytes(hash.begin(), hash.end()));
}

} // namespace

CLI::App* add_copy_command(CLI::App& app, CopyConfig& config) {
    CLI::App* copy = app.add_subcommand(
        "copy", "Copy a SQLite database into an empty PostgreSQL database in one transaction, "
                "then check that counts, the tree head and the chain are equal. Exit 0 copied, "
                "1 refused or failed (nothing copied)");
    copy->add_option("--from", config.from, "sqlite:PATH of the database to copy")->required();
    copy->add_option("--to", config.to, "postgresql:// URL of a migrated, empty database")
        ->required();
    return copy;
}

int run_copy(const CopyConfig& config) {
    const std::string path =
        config.from.starts_with("sqlite:") ? config.from.substr(7) : config.from;
    if (!pg::is_postgresql_url(config.to)) {
        throw std::runtime_error("--to must be a postgresql:// URL");
    }
    const std::string shown_target = pg::url_without_password(config.to);
    const int version = sqlite_version_on_disk(path);
    sqlite::refuse_newer_schema(version);
    if (version != sqlite::latest_schema_version()) {
        throw std::runtime_error("'" + path + "' is at schema " + std::to_string(version) +
                                 ", not " + std::to_string(sqlite::latest_schema_version()) +
                                 ": run einblick migrate --db " + path + " first");
    }

    SqliteDatabase source(path);
    SqliteAccessLogRepository source_log(source);
    const ChainCheck source_chain = source_log.verify_chain();
    if (!source_chain.intact) {
        throw std::runtime_error("the source's chain is broken at seq " +
                                 std::to_string(source_chain.first_broken_seq.value_or(0)) +
                                 ": nothing copied");
    }
    const LogTreeHead source_head = source_log.tree_head();

    pg::Connection target(config.to);
    pg::migrate(target);
    const std::int64_t counts_from_hour =
        target.execute("SELECT counts_from_hour FROM access_log_head").int64(0, 0);
    storage_copy::CopyOutcome copied;
    source.read([&](SqliteConnection& db) {
        db.exec("BEGIN"); // one snapshot of the source for the copy and its counts
        struct EndRead {
            SQLite::Database& db;
            ~EndRead() {
                try {
                    db.exec("ROLLBACK");
                } catch (...) {
                }
            }
        } end_read{db};
        pg::Transaction tx(target);
        copied = storage_copy::copy_sqlite_to_pg(db, tx, shown_target);
        tx.commit();
    });

    // The repositories read what was committed: on any difference the target is emptied.
    if (const std::string difference =
            storage_copy::difference_from_source(config.to, source_head, source_chain.rows);
        !difference.empty()) {
        storage_copy::empty_target(target, counts_from_hour);
        throw std::runtime_error(difference + ": target emptied again, nothing copied");
    }

    std::ostringstream line;
    line << "copied";
    for (const storage_copy::TableCopied& table : copied.tables) {
        line << (table.table == "agencies" ? " " : ", ") << table.rows << ' ' << table.table;
    }
    line << " (sessions not copied) from " << path << " to " << shown_target << "; tree size "
         << source_head.size << ", root " << hex(source_head.root) << " equal\n";
    std::cout << line.str();
    return copy_done;
}

} // namespace einblick::server
