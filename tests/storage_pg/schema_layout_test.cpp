// The migrated schema's layout for Citus, read from the catalog, and its rules at work: keys
// of the tables per citizen include the distribution key, the access log is partitioned by
// month with a DEFAULT partition, rows land where their recorded_at belongs, and the CHECKs
// that guard SQLite's invariants refuse bad rows here too. Citus itself is not packaged in
// Debian, so what create_distributed_table would require is checked in PostgreSQL's catalog.
#include <cstddef>
#include <cstdint>
#include <einblick/server/pg/migrations.hpp>
#include <set>
#include <string>
#include <string_view>
#include <test_cluster.hpp>
#include <vector>

namespace pg = einblick::server::pg;
using einblick::testing::pg_error_of;
using einblick::testing::ScratchSchema;
using einblick::testing::test_cluster_url;

namespace {

constexpr std::string_view check_violation = "23514";

// The tables Citus distributes by citizen_pseudonym (docs/SCALE-OUT.md).
const std::set<std::string> distributed_tables{"access_log", "consents", "objections"};
// Tables that name a citizen but are not distributed by it: accounts (a reference table of
// logins) and the agencies' idempotency keys (the single writer's), each for reasons given there.
const std::set<std::string> pseudonym_not_distribution_key{"accounts", "access_log_idempotency"};

std::vector<std::string> column_of_rows(const pg::Result& result) {
    std::vector<std::string> values;
    for (int row = 0; row < result.rows(); ++row) {
        values.push_back(result.text(row, 0));
    }
    return values;
}

// Every unique index of the table (primary keys, unique constraints, unique indexes, partial
// ones too) that lacks `column`, by name.
std::vector<std::string> unique_keys_without(pg::Connection& connection, const std::string& table,
                                             std::string_view column) {
    return column_of_rows(connection.execute(
        "SELECT i.indexrelid::regclass::text FROM pg_index i "
        "WHERE i.indrelid = $1::regclass AND i.indisunique AND NOT EXISTS ("
        "  SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attname = $2"
        "  AND a.attnum = ANY (i.indkey)) ORDER BY 1",
        {table, std::string(column)}));
}

// Foreign keys from one distributed table to another whose columns lack the pseudonym on
// either side: Citus refuses them between shards.
std::vector<std::string> cross_shard_foreign_keys(pg::Connection& connection) {
    return column_of_rows(connection.execute(
        "SELECT c.conname FROM pg_constraint c WHERE c.contype = 'f' "
        "AND c.conrelid::regclass::text = ANY ($1::text[]) "
        "AND c.confrelid::regclass::text = ANY ($1::text[]) "
        "AND NOT (EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.conrelid "
        "  AND a.attname = 'citizen_pseudonym' AND a.attnum = ANY (c.conkey)) "
        "AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.confrelid "
        "  AND a.attname = 'citizen_pseudonym' AND a.attnum = ANY (c.confkey))) ORDER BY 1",
        {std::string("{access_log,consents,objections}")}));
}

std::set<std::string> tables_with_pseudonym(pg::Connection& connection) {
    const std::vector<std::string> names = column_of_rows(connection.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
        "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') "
        "AND NOT c.relispartition AND a.attname = 'citizen_pseudonym' AND NOT a.attisdropped"));
    return {names.begin(), names.end()};
}

// A migrated schema with one agency and one reason, for rows of the log.
void migrate_with_agency_and_reason(pg::Connection& connection) {
    pg::migrate(connection);
    connection.execute_script("INSERT INTO agencies (id, code, name) VALUES (1, 'kba', 'KBA');"
                              "INSERT INTO log_reasons (code, reason) VALUES (1, 'allowed')");
}

struct LogRow {
    std::int64_t seq = 1;
    std::int64_t recorded_at = 0;
    std::int64_t kind = 1;
    std::int64_t outcome = 0;
    std::size_t prev_hash_bytes = 32;
};

void insert_log_row(pg::Connection& connection, const LogRow& row) {
    connection.execute(
        "INSERT INTO access_log (seq, kind, outcome, reason, citizen_pseudonym, agency_id, "
        "register, data_categories, legal_basis, occurred_at, recorded_at, prev_hash) "
        "VALUES ($1, $2, $3, 1, $4, 1, 'melderegister', '[\"address\"]', '', $5, $5, $6)",
        {row.seq, row.kind, row.outcome, std::string(64, 'a'), row.recorded_at,
         pg::Bytes(row.prev_hash_bytes, 0)});
}

std::string partition_of_seq(pg::Connection& connection, std::int64_t seq) {
    return connection
        .execute("SELECT tableoid::regclass::text FROM access_log WHERE seq = $1", {seq})
        .text(0, 0);
}

std::string check_violation_of_insert(pg::Connection& connection, std::string_view sql) {
    return pg_error_of([&] { connection.execute(sql); }).sqlstate();
}

} // namespace

TEST_CASE("every key of a table per citizen includes citizen_pseudonym, as Citus requires") {
    pg::Connection connection(test_cluster_url());
    ScratchSchema schema(connection);
    pg::migrate(connection);

    for (const std::string& table : distributed_tables) {
        CAPTURE(table);
        CHECK(unique_keys_without(connection, table, "citizen_pseudonym").empty());
    }
    CHECK(unique_keys_without(connection, "access_log", "recorded_at").empty());
    CHECK(cross_shard_foreign_keys(connection).empty());
    // A new table that names a citizen must be classified (and this test extended) first.
    std::set<std::string> classified = distributed_tables;
    classified.insert(pseudonym_not_distribution_key.begin(), pseudonym_not_distribution_key.end());
    CHECK(tables_with_pseudonym(connection) == classified);
}

TEST_CASE("the access log is partitioned by range of recorded_at, with a DEFAULT partition") {
    pg::Connection connection(test_cluster_url());
    ScratchSchema schema(connection);
    pg::migrate(connection);

    const pg::Result layout = connection.execute(
        "SELECT p.partstrat, a.attname FROM pg_partitioned_table p JOIN pg_attribute a "
        "ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] "
        "WHERE p.partrelid = 'access_log'::regclass AND p.partnatts = 1");
    REQUIRE(layout.rows() == 1);
    CHECK(layout.text(0, 0) == "r");
    CHECK(layout.text(0, 1) == "recorded_at");
    CHECK(column_of_rows(connection.execute(
              "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
              "WHERE i.inhparent = 'access_log'::regclass "
              "AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'")) ==
          std::vector<std::string>{"access_log_default"});
    // The current UTC month and the three after it.
    CHECK(connection
              .execute("SELECT count(*) FROM generate_series(0, 3) AS ahead WHERE to_regclass("
                       "'access_log_' || to_char(date_trunc('month', now() AT TIME ZONE 'UTC') "
                       "+ make_interval(months => ahead), 'YYYY_MM')) IS NOT NULL")
              .int64(0, 0) == 4);
}

TEST_CASE("log rows land in the partition of their UTC month, or in DEFAULT when it has none") {
    pg::Connection connection(test_cluster_url());
    ScratchSchema schema(connection);
    migrate_with_agency_and_reason(connection);
    connection.execute("SELECT access_log_create_month_partition('2031-02-10')");
    constexpr std::int64_t february_2031 = 1927670400000; // 2031-02-01T00:00:00Z
    constexpr std::int64_t march_2031 = 1930089600000;    // 2031-03-01T00:00:00Z
    const std::int64_t now =
        connection.execute("SELECT (extract(epoch FROM now()) * 1000)::bigint").int64(0, 0);
    const std::string this_month =
        connection.execute("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM')").text(0, 0);

    insert_log_row(connection, {.seq = 1, .recorded_at = february_2031});
    insert_log_row(connection, {.seq = 2, .recorded_at = march_2031 - 1});
    insert_log_row(connection, {.seq = 3, .recorded_at = march_2031});
    insert_log_row(connection, {.seq = 4, .recorded_at = now});

    CHECK(partition_of_seq(connection, 1) == "access_log_2031_02");
    CHECK(partition_of_seq(connection, 2) == "access_log_2031_02");
    CHECK(partition_of_seq(connection, 3) == "access_log_default");
    CHECK(partition_of_seq(connection, 4) == "access_log_" + this_month);
}

TEST_CASE("the log refuses kind and outcome codes other than 0 and 1, and short hashes") {
    pg::Connection connection(test_cluster_url());
    ScratchSchema schema(connection);
    migrate_with_agency_and_reason(connection);
    const std::int64_t now =
        connection.execute("SELECT (extract(epoch FROM now()) * 1000)::bigint").int64(0, 0);

    CHECK(pg_error_of([&] {
              insert_log_row(connection, {.seq = 1, .recorded_at = now, .kind = 2});
          }).sqlstate() == check_violation);
    CHECK(pg_error_of([&] {
              insert_log_row(connection, {.seq = 1, .recorded_at = now, .outcome = -1});
          }).sqlstate() == check_violation);
    CHECK(pg_error_of([&] {
              insert_log_row(connection, {.seq = 1, .recorded_at = now, .prev_hash_bytes = 31});
          }).sqlstate() == check_violation);
    insert_log_row(connection, {.seq = 1, .recorded_at = now, .kind = 0, .outcome = 1});
    CHECK(connection.execute("SELECT count(*) FROM access_log").int64(0, 0) == 1);
}

TEST_CASE("the tree refuses node numbers that are no complete subtree's last leaf and level") {
    pg::Connection connection(test_cluster_url());
    ScratchSchema schema(connection);
    pg::migrate(connection);
    const auto insert_node = [&](std::int64_t node) {
        connection.execute("INSERT INTO log_tree_nodes (node, hash) VALUES ($1, $2)",
                           {node, pg::Bytes(32, 7)});
    };

    // node = ends_at * 64 + level: leaf 0; leaves 0-1 (ends at 1, level 1); leaves 0-3
    // (ends at 3, level 2); leaves 4-7 (ends at 7, level 2).
    for (const std::int64_t node : {0, 1 * 64 + 1, 3 * 64 + 2, 7 * 64 + 2}) {
        CAPTURE(node);
        CHECK_NOTHROW(insert_node(node));
    }
    // Level 1 ending at leaf 0, level 2 ending at leaf 5, level 63, a negative number.
    for (const std::int64_t node : {0 * 64 + 1, 5 * 64 + 2, 63, -64}) {
        CAPTURE(node);
        CHECK(pg_error_of([&] { insert_node(node); }).sqlstate() == check_violation);
    }
    CHECK(check_violation_of_insert(connection, "INSERT INTO log_tree_nodes (node, hash) "
                                                "VALUES (64, '\\x00')") == check_violation);
}
