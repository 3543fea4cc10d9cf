#include "baseline_schema.hpp"

#include <array>
#include <cstdint>
#include <einblick/server/pg/migrations.hpp>
#include <einblick/server/pg/transaction.hpp>
#include <einblick/server/schema_steps.hpp>
#include <stdexcept>
#include <string>
#include <vector>

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

// The shared list's name of the step; the baseline says which steps it stands for.
std::string description_of(const Migration& step) {
    const std::string name(schema_steps()[static_cast<std::size_t>(step.version - 1)].description);
    if (step.version == all_migrations().front().version && step.version > 1) {
        return "steps 1 to " + std::to_string(step.version) +
               " as one baseline, laid out for Citus (docs/SCALE-OUT.md); the last: " + name;
    }
    return name;
}

std::vector<int> migration_versions() {
    std::vector<int> versions;
    for (const Migration& step : all_migrations()) {
        versions.push_back(step.version);
    }
    return versions;
}

void apply(Transaction& transaction, Connection& connection, const Migration& step) {
    connection.execute_script(step.sql);
    transaction.execute("INSERT INTO schema_version (version, description, applied_at) "
                        "VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)",
                        {std::int64_t{step.version}, description_of(step)});
}

} // namespace

std::span<const Migration> all_migrations() {
    // The SQL of the shared list's steps (einblick/server/schema_steps.hpp): first a baseline
    // for steps 1 to 13, then one entry per later step. Append new steps at the end; never edit
    // one that has shipped.
    static const std::array steps{
        Migration{13, baseline_schema_sql},
    };
    return steps;
}

int latest_schema_version() {
    return server::latest_schema_version();
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
    require_every_step("PostgreSQL", migration_versions());
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
