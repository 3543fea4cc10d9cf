// The access log's Merkle tree as the SQLite backend stores it: written with every append
// in the same transaction, equal to the tree over the rows' canonical encodings, proofs that
// verify, kept valid by retention, and built by migration 8 for a log stored before it.
#include "einblick/server/crypto.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/sqlite/migrations.hpp"
#include "older_schema.hpp"
#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <SQLiteCpp/Statement.h>
#include <bit>
#include <doctest/doctest.h>
#include <map>

using namespace einblick::server;
namespace merkle = einblick::merkle;
using einblick::UnixMillis;

// The SQLite storage itself: left out of the PostgreSQL run (tests/server/CMakeLists.txt).
TEST_SUITE_BEGIN("sqlite");

namespace {

struct TreeFixture {
    // On a file that a fixture made before, its agency is there already.
    explicit TreeFixture(const std::string& path = ":memory:", bool reopened = false)
        : db(path), agencies(db), log(db) {
        agency = reopened ? agencies.find_by_code("a").value().id : agencies.create("a", "Agency");
    }

    NewLogEntry entry(UnixMillis at) const {
        NewLogEntry e;
        e.reason = to_text(einblick::api::AccessReason::Allowed);
        e.citizen_pseudonym = "me";
        e.agency_id = agency;
        e.register_code = "melderegister";
        e.data_categories = {"address"};
        e.legal_basis = "§ 34 BMG";
        e.occurred_at = at;
        e.recorded_at = at;
        return e;
    }

    std::vector<LogEntryRecord> append(int count, UnixMillis from = 1000) {
        std::vector<NewLogEntry> batch;
        for (int i = 0; i < count; ++i) {
            batch.push_back(entry(from + i));
        }
        std::vector<LogEntryRecord> rows;
        for (auto& result : log.append(batch)) {
            rows.push_back(result.entry);
        }
        return rows;
    }

    SqliteDatabase db;
    SqliteAgencyRepository agencies;
    SqliteAccessLogRepository log;
    RowId agency = 0;
};

merkle::Hash leaf_of(const LogEntryRecord& row) {
    return log_leaf_hash(canonical_log_encoding(row, row.seq, row.prev_hash));
}

// The root of the leaves by RFC 9162's recursive definition, in memory.
merkle::Hash root_of(const std::vector<merkle::Hash>& leaves, std::size_t begin, std::size_t end) {
    if (end - begin == 1) {
        return leaves[begin];
    }
    const std::size_t k = std::bit_floor(end - begin - 1);
    return merkle::node_hash(log_tree_sha256(), root_of(leaves, begin, begin + k),
                             root_of(leaves, begin + k, end));
}

std::int64_t stored_nodes(SqliteDatabase& db) {
    return db.read([](SQLite::Database& c) {
        return c.execAndGet("SELECT count(*) FROM log_tree_nodes").getInt64();
    });
}

} // namespace

TEST_CASE_FIXTURE(TreeFixture, "the log's tree is the RFC 9162 tree over its canonical entries") {
    CHECK(log.tree_head().size == 0);
    CHECK(log.tree_head().root == merkle::empty_root(log_tree_sha256()));
    std::vector<merkle::Hash> leaves;
    for (int batch : {1, 2, 5, 13}) {
        for (const auto& row : append(batch)) {
            leaves.push_back(leaf_of(row));
        }
        const LogTreeHead head = log.tree_head();
        CAPTURE(leaves.size());
        CHECK(head.size == static_cast<std::int64_t>(leaves.size()));
        CHECK(head.root == root_of(leaves, 0, leaves.size()));
    }
    // Every complete subtree once: 2n - popcount(n) nodes for n = 21 entries.
    CHECK(stored_nodes(db) == 2 * 21 - 3);
}

TEST_CASE_FIXTURE(TreeFixture, "long batches keep the tree right across their boundaries") {
    // A batch keeps the tree's right edge in memory and reads the edge stored before it once.
    std::vector<merkle::Hash> leaves;
    for (int batch : {300, 1, 723, 1000}) {
        for (const auto& row : append(batch, 1000 + static_cast<UnixMillis>(leaves.size()))) {
            leaves.push_back(leaf_of(row));
        }
        CAPTURE(leaves.size());
        CHECK(log.tree_head().root == root_of(leaves, 0, leaves.size()));
    }
    CHECK(stored_nodes(db) == 2 * 2024 - std::popcount(2024u));
}

TEST_CASE_FIXTURE(TreeFixture, "inclusion and consistency proofs from the log verify") {
    const auto rows = append(21);
    const LogTreeHead head = log.tree_head();
    for (const auto& row : rows) {
        CAPTURE(row.seq);
        const auto proof = log.inclusion_proof(row.seq - 1, head.size);
        CHECK(merkle::verify_inclusion(log_tree_sha256(), row.seq - 1, head.size, leaf_of(row),
                                       proof, head.root));
    }
    for (std::int64_t first = 1; first <= head.size; ++first) {
        CAPTURE(first);
        const auto proof = log.consistency_proof(first, head.size);
        CHECK(merkle::verify_consistency(log_tree_sha256(), first, head.size, log.tree_root(first),
                                         head.root, proof));
    }
    CHECK_THROWS_AS(log.inclusion_proof(21, 21), std::invalid_argument);
    CHECK_THROWS_AS(log.inclusion_proof(0, 22), std::invalid_argument);
    CHECK_THROWS_AS(log.consistency_proof(3, 22), std::invalid_argument);
    CHECK_THROWS_AS(log.consistency_proof(0, 21), std::invalid_argument);
    CHECK_THROWS_AS(log.tree_root(22), std::invalid_argument);
}

TEST_CASE_FIXTURE(TreeFixture, "retention deletes rows but keeps the tree and its proofs") {
    const auto rows = append(10, 100);
    const LogTreeHead before = log.tree_head();
    const AuditEntry audit{1,   ActorRole::System, {}, "retention.deleted", "retention_run", {},
                           "{}"};
    CHECK(log.delete_recorded_before(105, audit) == 5);
    CHECK(log.tree_head().root == before.root);
    const auto later = append(3, 200);
    const LogTreeHead after = log.tree_head();
    CHECK(after.size == 13);
    CHECK(merkle::verify_consistency(log_tree_sha256(), 10, 13, before.root, after.root,
                                     log.consistency_proof(10, 13)));
    const LogEntryRecord& kept = rows[7];
    CHECK(merkle::verify_inclusion(log_tree_sha256(), kept.seq - 1, 13, leaf_of(kept),
                                   log.inclusion_proof(kept.seq - 1, 13), after.root));
}

TEST_CASE_FIXTURE(TreeFixture, "a refused batch leaves no tree nodes behind") {
    append(3);
    const LogTreeHead before = log.tree_head();
    const std::int64_t nodes = stored_nodes(db);
    std::vector<NewLogEntry> batch{entry(5000), entry(5001)};
    batch[0].idempotency_key = batch[1].idempotency_key = "k";
    batch[0].request_hash = Bytes(32, 1);
    batch[1].request_hash = Bytes(32, 2); // the same key for another request: refused
    batch[1].idempotency_item = 0;
    CHECK_THROWS_AS(log.append(batch), IdempotencyConflict);
    CHECK(log.tree_head().root == before.root);
    CHECK(stored_nodes(db) == nodes);
    append(2);
    CHECK(log.tree_head().size == 5);
}

namespace {

using StoredNodes = std::map<std::pair<int, std::int64_t>, std::vector<unsigned char>>;

// Every stored node as (level, idx) -> hash, however the table is keyed.
StoredNodes nodes_of(SQLite::Database& c) {
    StoredNodes nodes;
    SQLite::Statement query(c, "SELECT level, idx, hash FROM log_tree_nodes");
    while (query.executeStep()) {
        const auto* hash = static_cast<const unsigned char*>(query.getColumn(2).getBlob());
        nodes[{query.getColumn(0).getInt(), query.getColumn(1).getInt64()}] =
            std::vector<unsigned char>(hash, hash + query.getColumn(2).getBytes());
    }
    return nodes;
}

} // namespace

TEST_CASE("migration 13 keys the tree of a log stored before it by last leaf, and it grows on") {
    const einblick::testing::TempDir dir;
    const std::string path = dir.file("by-level.db");
    std::vector<merkle::Hash> leaves;
    StoredNodes before;
    {
        TreeFixture f(path);
        for (const auto& row : f.append(37)) {
            leaves.push_back(leaf_of(row));
        }
    }
    {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE);
        einblick::testing::undo_tree_by_last_leaf(raw);
        raw.exec("PRAGMA user_version = 12");
        before = nodes_of(raw);
    }
    CHECK(before.size() == 2 * 37 - 3);
    TreeFixture f(path, true);
    CHECK(f.db.schema_version() == sqlite::latest_schema_version());
    f.db.read([&](SQLite::Database& c) {
        CHECK(nodes_of(c) == before);
        // A node's number is its last leaf * 64 + its level: (1, 3) ends at leaf 7.
        CHECK(c.execAndGet("SELECT node FROM log_tree_nodes WHERE level = 1 AND idx = 3")
                  .getInt64() == 7 * 64 + 1);
        CHECK(c.execAndGet("SELECT count(*) FROM log_tree_nodes "
                           "WHERE ends_at <> ((idx + 1) << level) - 1")
                  .getInt64() == 0);
    });
    {
        // Numbers that are no whole subtree's, or of a level above 62, are refused.
        SQLite::Database raw(path, SQLite::OPEN_READWRITE);
        for (const char* number : {"6 * 64 + 1", "1000 * 64 + 63", "-64"}) {
            CAPTURE(number);
            CHECK_THROWS_WITH_AS(raw.exec(std::string("INSERT INTO log_tree_nodes (node, hash) "
                                                      "VALUES (") +
                                          number + ", zeroblob(32))"),
                                 doctest::Contains("CHECK constraint failed"), SQLite::Exception);
        }
    }
    CHECK(f.log.tree_head().root == root_of(leaves, 0, leaves.size()));
    // Appends after it read the edge the migration moved, and proofs span both.
    for (const auto& row : f.append(30, 5000)) {
        leaves.push_back(leaf_of(row));
    }
    const LogTreeHead head = f.log.tree_head();
    CHECK(head.root == root_of(leaves, 0, leaves.size()));
    CHECK(stored_nodes(f.db) == 2 * 67 - std::popcount(67u));
    for (const std::int64_t index : {0, 36, 37, 66}) {
        CAPTURE(index);
        CHECK(merkle::verify_inclusion(log_tree_sha256(), index, head.size,
                                       leaves[static_cast<std::size_t>(index)],
                                       f.log.inclusion_proof(index, head.size), head.root));
    }
}

TEST_CASE("migration 8 builds the tree of a log stored before it, and refuses a log with holes") {
    const einblick::testing::TempDir dir;
    for (const bool with_hole : {false, true}) {
        CAPTURE(with_hole);
        const std::string path = dir.file(with_hole ? "holes.db" : "intact.db");
        merkle::Hash root{};
        {
            TreeFixture f(path);
            f.append(11);
            root = f.log.tree_head().root;
        }
        {
            // Back to schema 7: no tree yet.
            SQLite::Database raw(path, SQLite::OPEN_READWRITE);
            einblick::testing::undo_log_numbers(raw);
            raw.exec("DROP TABLE log_tree_nodes");
            raw.exec("DROP TABLE log_cosignatures");
            raw.exec("DROP TABLE log_checkpoints");
            raw.exec("DROP TABLE access_counts_hourly");
            raw.exec("ALTER TABLE access_log_head DROP COLUMN counts_from_hour");
            if (with_hole) {
                raw.exec("DELETE FROM access_log WHERE seq <= 2");
            }
            raw.exec("PRAGMA user_version = 7");
        }
        if (with_hole) {
            CHECK_THROWS_WITH_AS(SqliteDatabase{path}, doctest::Contains("entry 1 was deleted"),
                                 std::runtime_error);
            continue;
        }
        SqliteDatabase db(path);
        CHECK(db.schema_version() == sqlite::latest_schema_version());
        SqliteAccessLogRepository log(db);
        CHECK(log.tree_head().size == 11);
        CHECK(log.tree_head().root == root);
    }
}

TEST_SUITE_END();
