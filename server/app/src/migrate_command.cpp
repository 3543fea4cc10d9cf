#include "migrate_command.hpp"

#include "einblick/server/database_choice.hpp"
#include "einblick/server/sqlite/database.hpp"
#include "einblick/server/sqlite/migrations.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <einblick/server/pg/connection.hpp>
#include <einblick/server/pg/migrations.hpp>
#include <filesystem>
#include <iostream>
#include <stdexcept>

namespace einblick::server {
namespace {

struct Versions {
    int from;
    int to;
};

// The version a SQLite file has before it is migrated: 0 for a file that does not exist yet.
// Read on a read-only connection that is closed before the database is opened for writing.
int sqlite_version_on_disk(const std::string& path) {
    std::error_code error;
    if (path == ":memory:" || !std::filesystem::exists(path, error)) {
        return 0;
    }
    try {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        return db.execAndGet("PRAGMA user_version").getInt();
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("cannot open database '" + path + "': " + e.what());
    }
}

// SQLite migrates when a database is opened for writing: with the writer's lock, so a file a
// running server writes to is refused, not changed beneath it. A newer file is refused before
// it is opened for writing, which would already change its journal mode.
Versions migrate_sqlite(const std::string& path) {
    const int from = sqlite_version_on_disk(path);
    sqlite::refuse_newer_schema(from);
    SqliteDatabase database(path);
    return {from, database.schema_version()};
}

Versions migrate_postgresql(const std::string& url) {
    pg::Connection connection(url);
    const pg::MigrationOutcome outcome = pg::migrate(connection);
    return {outcome.from, outcome.to};
}

} // namespace

CLI::App* add_migrate_command(CLI::App& app, MigrateConfig& config) {
    CLI::App* migrate = app.add_subcommand(
        "migrate", "Apply the schema's numbered migrations to a database and say what was done "
                   "(the server also migrates a SQLite file when it opens it). Exit 0 migrated "
                   "or nothing to do, 1 failed");
    migrate
        ->add_option("--db", config.database,
                     "SQLite database file (created if missing), or a postgresql:// URL")
        ->required();
    return migrate;
}

int run_migrate(const MigrateConfig& config) {
    const Versions versions = database_backend(config.database) == DatabaseBackend::postgresql
                                  ? migrate_postgresql(config.database)
                                  : migrate_sqlite(config.database);
    const std::string shown = shown_database(config.database);
    if (versions.from == versions.to) {
        std::cout << shown << " is at schema " << versions.to << ": nothing to do\n";
    } else {
        std::cout << "migrated " << shown << " from schema " << versions.from << " to "
                  << versions.to << '\n';
    }
    return migrate_done;
}

} // namespace einblick::server
