// The log readers' contract (repository_contract.hpp, log_readers_contract.cpp) run against
// both backends: SQLite in a file of its own (SqliteLogSnapshot opens a file, as `einblick
// verify` does, so not in memory), and PostgreSQL in a schema of its own on the run's
// throwaway cluster through a pool of two connections (a snapshot holds one for its life,
// the writes take the other). Then what only PostgreSQL's snapshot promises: one moment of
// the log however long it is held, and a schema of another version refused.
#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/log_integrity_service.hpp"
#include "einblick/server/log_verifier.hpp"
#include "einblick/server/pg/access_log_repository.hpp"
#include "einblick/server/pg/checkpoint_repository.hpp"
#include "einblick/server/pg/identity_repository.hpp"
#include "einblick/server/pg/log_snapshot.hpp"
#include "einblick/server/pg/log_window.hpp"
#include "einblick/server/pg/migrations.hpp"
#include "einblick/server/sqlite/access_log_repository.hpp"
#include "einblick/server/sqlite/checkpoint_repository.hpp"
#include "einblick/server/sqlite/identity_repository.hpp"
#include "einblick/server/sqlite/log_snapshot.hpp"
#include "einblick/server/sqlite/log_window.hpp"
#include "log_test_support.hpp"
#include "repository_contract.hpp"
#include "temp_dir.hpp"

#include <test_cluster.hpp>

using namespace einblick::server;
using einblick::UnixMillis;
namespace merkle = einblick::merkle;
namespace contract = einblick::testing::contract;
using einblick::testing::access_at;

namespace {

struct SqliteLogBackend {
    einblick::testing::TempDir dir{"einblick-log-readers"};
    std::string path = dir.file("log.db");
    SqliteDatabase db{path};
    SqliteAgencyRepository agencies{db};
    SqliteAuditRepository audit{db};
    SqliteAccessLogRepository access_log{db};
    SqliteCheckpointRepository checkpoints{db};
    SqliteLogWindow window{db};
    contract::LogReaders readers{
        agencies,    audit,  access_log,
        checkpoints, window, [this] { return std::make_unique<SqliteLogSnapshot>(path); }};
};

struct PgLogBackend : einblick::testing::PgLogRepositories {
    PgLogBackend() : PgLogRepositories(2) {}
    contract::LogReaders readers{
        agencies,    audit,  access_log,
        checkpoints, window, [this] { return std::make_unique<PgLogSnapshot>(pool); }};
};

std::vector<NewLogEntry> entries(RowId agency, int count) {
    std::vector<NewLogEntry> made;
    for (int i = 0; i < count; ++i) {
        made.push_back(access_at(agency, 1'000 + i));
    }
    return made;
}

std::int64_t entries_in(LogSnapshot& snapshot) {
    std::int64_t count = 0;
    snapshot.each_entry([&](const SnapshotEntry&) { return ++count > 0; });
    return count;
}

} // namespace

// One test case per check and backend, so that a failure names both.
#define EINBLICK_LOG_READERS_CASE(check, description)                                              \
    TEST_CASE("SQLite: " description) {                                                            \
        SqliteLogBackend backend;                                                                  \
        contract::check(backend.readers);                                                          \
    }                                                                                              \
    TEST_CASE("PostgreSQL: " description) {                                                        \
        PgLogBackend backend;                                                                      \
        contract::check(backend.readers);                                                          \
    }

EINBLICK_LOG_READERS_CASE(checkpoints_are_stored_once_and_cosigned,
                          "checkpoints: one per size, cosigned once per witness, newest found")
EINBLICK_LOG_READERS_CASE(log_window_holds_the_newest_entries_and_their_nodes,
                          "log window: the head, the newest entries and the nodes above them")
EINBLICK_LOG_READERS_CASE(log_window_after_retention,
                          "log window: after retention, the oldest stored entry and a whole tree")
EINBLICK_LOG_READERS_CASE(log_snapshot_reads_every_stored_fact,
                          "log snapshot: every entry, node and checkpoint as stored")
EINBLICK_LOG_READERS_CASE(log_snapshot_streams_a_log_longer_than_a_page,
                          "log snapshot: a log longer than a page is streamed whole, in order")
EINBLICK_LOG_READERS_CASE(the_services_find_a_signed_log_intact,
                          "log readers: the integrity check and verify's checks find a signed, "
                          "cosigned log intact")

TEST_CASE("PostgreSQL: a log snapshot is one moment, however much is appended while it is open") {
    PgLogBackend backend;
    const RowId agency = backend.agencies.create("a", "Agency");
    backend.access_log.append(entries(agency, 5));
    backend.checkpoints.store({5, backend.access_log.tree_root(5), "five", 1});
    const merkle::Hash root_of_five = backend.access_log.tree_head().root;

    PgLogSnapshot snapshot(backend.pool);
    CHECK(snapshot.head()->last_seq == 5);
    // Committed on the pool's other connection while the snapshot is open.
    backend.access_log.append(entries(agency, 4));
    backend.checkpoints.store({9, backend.access_log.tree_root(9), "nine", 2});
    REQUIRE(backend.access_log.tree_head().size == 9);

    CHECK(snapshot.head()->last_seq == 5);
    CHECK(entries_in(snapshot) == 5);
    const auto levels = snapshot.node_levels();
    REQUIRE_FALSE(levels.empty());
    CHECK(levels.front().count == 5);
    std::int64_t parents = 0;
    snapshot.each_parent_node([&](const SnapshotNode&) { ++parents; });
    CHECK(parents == 2 * 5 - 2 - 5);
    std::vector<std::int64_t> sizes;
    snapshot.each_checkpoint([&](const StoredCheckpoint& c) { sizes.push_back(c.size); });
    CHECK(sizes == std::vector<std::int64_t>{5});
    CHECK(merkle::tree_root(log_tree_sha256(), 5, snapshot.node_reader()) == root_of_five);
    // Leaf 8 was written after the snapshot began: not in it.
    const std::array later_leaf{merkle::NodeId{0, 8}};
    CHECK_THROWS_AS(snapshot.node_reader()(later_leaf), LogTreeBroken);
}

TEST_CASE("PostgreSQL: a log snapshot refuses a schema that is not this build's") {
    pg::Connection setup{einblick::testing::test_cluster_url()};
    einblick::testing::ScratchSchema empty{setup};
    pg::Pool pool{einblick::testing::test_cluster_url(), 1, empty.name()};
    CHECK_THROWS_AS(PgLogSnapshot{pool}, SnapshotUnreadable);
    // The refused snapshot gave its connection back, outside any transaction.
    CHECK(pool.idle_connections() == 1);
}

TEST_CASE("PostgreSQL: the snapshot and the window name a stored value that is no fact, and a "
          "missing node") {
    PgLogBackend backend;
    const RowId agency = backend.agencies.create("a", "Agency");
    backend.access_log.append(entries(agency, 4));
    backend.setup.execute("UPDATE access_log SET data_categories = '{\"not\": \"a list\"}' "
                          "WHERE seq = 2");
    backend.setup.execute("DELETE FROM log_tree_nodes WHERE node = 3 * 64");     // leaf of seq 4
    backend.setup.execute("DELETE FROM log_tree_nodes WHERE node = 1 * 64 + 1"); // (1, 0)

    std::vector<SnapshotEntry> seen;
    PgLogSnapshot(backend.pool).each_entry([&](const SnapshotEntry& e) {
        seen.push_back(e);
        return true;
    });
    const LogWindow window = backend.window.newest(4);
    for (const std::vector<SnapshotEntry>& read : {seen, window.entries}) {
        REQUIRE(read.size() == 4);
        CHECK(read[1].malformed == std::vector<std::string>{"data_categories is not a JSON array "
                                                            "of texts"});
        CHECK(read[0].malformed.empty());
        CHECK(read[3].malformed.empty());
        CHECK_FALSE(read[3].stored_leaf.has_value());
        CHECK(read[2].stored_leaf.has_value());
    }
    // The node over leaves 0..3 (level 2) lost its left child (1, 0).
    bool found = false;
    for (const SnapshotNode& node : window.parents) {
        if (node.id.level == 2 && node.id.index == 0) {
            found = true;
            CHECK_FALSE(node.left.has_value());
            CHECK(node.right.has_value());
        }
    }
    CHECK(found);
}

TEST_CASE("PostgreSQL: a rewritten entry is named by verify's checks over the snapshot and by "
          "the integrity check over the window") {
    PgLogBackend backend;
    ManualClock clock(1'795'867'200'000);
    CheckpointService signer(backend.access_log, backend.checkpoints,
                             NoteSigner("contract.test/log", Bytes(32, 5)), clock);
    const RowId agency = backend.agencies.create("a", "Agency");
    backend.access_log.append(entries(agency, 6));
    signer.sign_current();
    const NoteVerifier key = *NoteVerifier::parse(signer.verifier_key());
    backend.setup.execute("UPDATE access_log SET data_categories = '[\"income\"]' WHERE seq = 2");

    std::vector<std::string> subjects;
    PgLogSnapshot snapshot(backend.pool);
    const VerifyReport report =
        verify_log(snapshot, VerifyInput{key, {}},
                   [&](const VerifyProblem& problem) { subjects.push_back(problem.subject); });
    CHECK_FALSE(report.intact());
    REQUIRE_FALSE(subjects.empty());
    CHECK(subjects.front().starts_with("entry 2 "));

    std::vector<std::string> alarms;
    LogIntegrityService integrity(backend.window, backend.access_log, signer, backend.audit, clock,
                                  LogIntegrityOptions{100, key},
                                  [&](const std::string& line) { alarms.push_back(line); });
    const IntegrityCheck check = integrity.check();
    REQUIRE_FALSE(check.findings.empty());
    CHECK(check.findings.front().subject.starts_with("entry 2 "));
    CHECK_FALSE(alarms.empty());
}

TEST_CASE("PostgreSQL: cosignatures are ordered by the witness's name in byte order, whatever the "
          "column's collation") {
    PgLogBackend backend;
    // The test cluster has no locale (C order); a column of ICU's root collation, which puts
    // "witness.a" before "Witness.z", shows that the order comes from the query.
    backend.setup.execute_script(
        "ALTER TABLE log_cosignatures ALTER COLUMN witness TYPE text COLLATE \"und-x-icu\"");
    backend.checkpoints.store({1, {}, "one", 1});
    CHECK(backend.checkpoints.store_cosignature({1, "witness.a", "— witness.a A\n", 2}));
    CHECK(backend.checkpoints.store_cosignature({1, "Witness.z", "— Witness.z Z\n", 3}));
    std::vector<std::string> witnesses;
    for (const StoredCosignature& line : backend.checkpoints.cosignatures(1)) {
        witnesses.push_back(line.witness);
    }
    CHECK(witnesses == std::vector<std::string>{"Witness.z", "witness.a"});
}
