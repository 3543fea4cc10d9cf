// pg::migrate against the run's throwaway cluster, each case in a schema of its own: an empty
// schema gets every table of schema 13 and its version, a second run changes nothing, and a
// schema a newer build migrated is refused before anything is touched.
#include <einblick/server/pg/migrations.hpp>
#include <einblick/server/schema_steps.hpp>
#include <stdexcept>
#include <string>
#include <test_cluster.hpp>
#include <vector>

namespace pg = einblick::server::pg;
using einblick::testing::ScratchSchema;
using einblick::testing::test_cluster_url;

namespace {

// The tables of SQLite's schema 13 as PostgreSQL lays them out (log_citizens is gone: the log
// holds the pseudonym; access_log_idempotency is new: docs/SCALE-OUT.md), and the version table.
const std::vector<std::string> schema_13_tables{"access_counts_hourly",
                                                "access_log",
                                                "access_log_head",
                                                "access_log_idempotency",
                                                "accounts",
                                                "agencies",
                                                "api_keys",
                                                "audit_log",
                                                "consents",
                                                "log_checkpoints",
                                                "log_cosignatures",
                                                "log_reasons",
                                                "log_tree_nodes",
                                                "objections",
                                                "purpose_versions",
                                                "purposes",
                                                "retention_runs",
                                                "schema_version",
                                                "sessions"};

// The schema's tables, partitions left out, by name.
std::vector<std::string> tables_of_schema(pg::Connection& connection) {
    const pg::Result result = connection.execute(
        "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
        "AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname COLLATE \"C\"");
    std::vector<std::string> names;
    for (int row = 0; row < result.rows(); ++row) {
        names.push_back(result.text(row, 0));
    }
    return names;
}

// Every relation of the schema (tables, partitions, indexes, sequences, functions) with the
// transaction that last wrote its catalog row: a step run again would show here.
std::vector<std::string> catalog_fingerprint(pg::Connection& connection) {
    const pg::Result result = connection.execute(
        "SELECT relname || ' ' || xmin::text FROM pg_class "
        "WHERE relnamespace = current_schema()::regnamespace "
        "UNION ALL SELECT proname || ' ' || xmin::text FROM pg_proc "
        "WHERE pronamespace = current_schema()::regnamespace "
        "UNION ALL SELECT 'version ' || version || ' ' || applied_at FROM schema_version "
        "ORDER BY 1");
    std::vector<std::string> rows;
    for (int row = 0; row < result.rows(); ++row) {
        rows.push_back(result.text(row, 0));
    }
    return rows;
}

} // namespace

TEST_CASE("migrate creates every table of schema 13 in an empty schema and records 13") {
    pg::Connection connection(test_cluster_url());
    ScratchSchema schema(connection);
    REQUIRE(pg::schema_version(connection) == 0);

    pg::migrate(connection);

    CHECK(tables_of_schema(connection) == schema_13_tables);
    CHECK(pg::latest_schema_version() == 13);
    CHECK(pg::schema_version(connection) == 13);
    const pg::Result versions =
        connection.execute("SELECT version, description FROM schema_version");
    REQUIRE(versions.rows() == 1);
    CHECK(versions.int64(0, 0) == 13);
    CHECK(versions.text(0, 1) ==
          "steps 1 to 13 as one baseline, laid out for Citus (docs/SCALE-OUT.md); the last: " +
              std::string(einblick::server::schema_steps()[12].description));
    CHECK(connection.execute("SELECT last_seq FROM access_log_head").int64(0, 0) == 0);
}

TEST_CASE("PostgreSQL has its SQL for every shared schema step after its baseline") {
    std::vector<int> versions;
    for (const pg::Migration& step : pg::all_migrations()) {
        versions.push_back(step.version);
        CHECK_FALSE(step.sql.empty());
    }
    REQUIRE_FALSE(versions.empty());
    CHECK(versions.front() == 13); // the baseline
    CHECK(versions.back() == einblick::server::latest_schema_version());
    CHECK_NOTHROW(einblick::server::require_every_step("PostgreSQL", versions));
}

TEST_CASE("a second migrate on a migrated schema changes nothing") {
    pg::Connection connection(test_cluster_url());
    ScratchSchema schema(connection);
    pg::migrate(connection);
    const std::vector<std::string> before = catalog_fingerprint(connection);

    pg::migrate(connection);

    CHECK(catalog_fingerprint(connection) == before);
    CHECK(pg::schema_version(connection) == 13);
}

TEST_CASE("migrate refuses a schema a newer build migrated, naming both versions") {
    pg::Connection connection(test_cluster_url());
    ScratchSchema schema(connection);
    pg::migrate(connection);
    connection.execute("INSERT INTO schema_version (version, description, applied_at) "
                       "VALUES (14, 'a step of a newer build', 0)");
    const std::vector<std::string> before = catalog_fingerprint(connection);

    std::string message;
    try {
        pg::migrate(connection);
    } catch (const std::runtime_error& error) {
        message = error.what();
    }

    CHECK(message.find("database schema version 14 is newer than this build supports (13)") !=
          std::string::npos);
    CHECK(catalog_fingerprint(connection) == before);
    CHECK(pg::schema_version(connection) == 14);
}
