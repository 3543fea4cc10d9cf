#include "baseline_schema.hpp"

#include <array>
#include <cstdint>
#include <einblick/server/pg/migrations.hpp>
#include <einblick/server/pg/transaction.hpp>
#include <stdexcept>
#include <string>

namespace einblick::server::pg {
namespace {

// One row per step applied; the schema's version is the highest.
constexpr std::string_view create_version_table_sql = R"sql(
CREATE TABLE IF NOT EXISTS schema_version (
    version     integer PRIMARY KEY,
    description text NOT NULL,
    applied_at  bigint NOT NULL -- Unix milliseconds, UTC
))sql";

// Serialises migrate() per schema: a second server starting against the same empty database
// waits and then finds the steps applied, instead of failing on tables that already exist.
// A collision of two schemas' hashes only makes one wait for the other.
void lock_schema_for_migration(Transaction& transaction) {
    transaction.execute("SELECT pg_advisory_xact_lock(hashtext('einblick migrate ' || "
                        "current_schema()))");
}

void refuse_newer_schema(int recorded) {
    if (recorded > latest_schema_version()) {
        throw std::runtime_error("database schema version " + std::to_string(recorded) +
                                 " is newer than this build supports (" +
                                 std::to_string(latest_schema_version()) +
                                 "): a newer Einblick migrated it; run that version");
    }
}

void apply(Transaction& transaction, Connection& connection, const Migration& step) {
    connection.execute_script(step.sql);
    transaction.execute("INSERT INTO schema_version (version, description, applied_at) "
                        "VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)",
                        {std::int64_t{step.version}, std::string(step.description)});
}

} // namespace

std::span<const Migration> all_migrations() {
    // Append new steps at the end, numbered as SQLite's step for the same change; never edit
    // one that has shipped.
    static const std::array steps{
        Migration{13, "SQLite's schema 13, laid out for Citus (docs/SCALE-OUT.md)",
                  baseline_schema_sql},
    };
    return steps;
}

int latest_schema_version() {
    return all_migrations().back().version;
}

int schema_version(Connection& connection) {
    // The current schema's own table only: one further along the search_path is not ours.
    const bool recorded = connection
                              .execute("SELECT count(*) FROM pg_tables WHERE schemaname = "
                                       "current_schema() AND tablename = 'schema_version'")
                              .int64(0, 0) > 0;
    if (!recorded) {
        return 0;
    }
    return static_cast<int>(
        connection.execute("SELECT coalesce(max(version), 0) FROM schema_version").int64(0, 0));
}

MigrationOutcome migrate(Connection& connection) {
    Transaction transaction(connection);
    lock_schema_for_migration(transaction);
    const int recorded = schema_version(connection);
    refuse_newer_schema(recorded);
    if (recorded == latest_schema_version()) {
        return {recorded, recorded}; // nothing to do; the transaction rolls back unchanged
    }
    connection.execute_script(create_version_table_sql);
    for (const Migration& step : all_migrations()) {
        if (step.version > recorded) {
            apply(transaction, connection, step);
        }
    }
    transaction.commit();
    return {recorded, latest_schema_version()};
}

} // namespace einblick::server::pg
