// The log's readers' part of the repository contract (repository_contract.hpp): what
// tests/server proves of SqliteCheckpointRepository (checkpoint_service_test.cpp), the
// integrity check's window (log_integrity_test.cpp) and `einblick verify`'s snapshot
// (verify_test.cpp), stated against the interfaces so that it holds for every backend.
#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/log_integrity_service.hpp"
#include "einblick/server/log_verifier.hpp"
#include "einblick/server/signed_note.hpp"
#include "log_test_support.hpp"
#include "repository_contract.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <doctest/doctest.h>
#include <set>
#include <stdexcept>

namespace einblick::testing::contract {

using namespace server;

namespace {

const AuditEntry retention_audit{
    1, ActorRole::System, {}, "retention.deleted", "retention_run", {}, "{}"};

// Entry `i` of a small log: kinds, outcomes, optional facts and categories vary, so that a
// reader that drops or swaps a field hashes differently.
NewLogEntry varied_entry(RowId agency, int i) {
    NewLogEntry e;
    e.kind = i % 3 == 0 ? AccessKind::Check : AccessKind::Access;
    e.outcome = i % 4 == 0 ? AccessOutcome::Denied : AccessOutcome::Allowed;
    e.reason = to_text(i % 4 == 0 ? api::AccessReason::ConsentMissing : api::AccessReason::Allowed);
    e.citizen_pseudonym = "p" + std::to_string(i % 5);
    e.agency_id = agency;
    if (i % 2 == 0) {
        e.purpose_id = 1000 + i; // a denied check may name a purpose that does not exist
    }
    e.register_code = "melderegister";
    e.data_categories = i % 3 == 0 ? std::vector<std::string>{"address", "Name, \"full\""}
                                   : std::vector<std::string>{"address"};
    e.legal_basis = "§ 34 BMG";
    if (i % 3 == 1) {
        e.official = "staff-" + std::to_string(i);
        e.correlation_id = "ref/" + std::to_string(i);
    }
    e.occurred_at = 1'000 + i;
    e.recorded_at = 1'000 + i;
    return e;
}

std::vector<LogEntryRecord> append_varied(AccessLogRepository& log, RowId agency, int from,
                                          int count) {
    std::vector<NewLogEntry> entries;
    for (int i = from; i < from + count; ++i) {
        entries.push_back(varied_entry(agency, i));
    }
    std::vector<LogEntryRecord> rows;
    for (const AppendResult& result : log.append(entries)) {
        rows.push_back(result.entry);
    }
    return rows;
}

Bytes bytes_of(const merkle::Hash& hash) {
    return {hash.begin(), hash.end()};
}

// A read entry against the one appended: every hashed fact, the chain's hashes and the leaf.
void check_entry(const SnapshotEntry& read, const LogEntryRecord& appended) {
    CAPTURE(appended.seq);
    CHECK(read.malformed.empty());
    CHECK(read.id == appended.id);
    CHECK(read.seq == appended.seq);
    const std::string canonical = canonical_log_encoding(read.facts, read.seq, read.prev_hash);
    CHECK(canonical == canonical_log_encoding(appended, appended.seq, appended.prev_hash));
    CHECK(read.prev_hash == appended.prev_hash);
    CHECK(read.hash == appended.hash);
    REQUIRE(read.stored_leaf.has_value());
    CHECK(*read.stored_leaf == bytes_of(log_leaf_hash(canonical)));
}

// A stored interior node: both children stored, and the node their hash.
void check_parent(const SnapshotNode& node) {
    CAPTURE(node.id.level);
    CAPTURE(node.id.index);
    CHECK(node.id.level > 0);
    REQUIRE(node.left.has_value());
    REQUIRE(node.right.has_value());
    REQUIRE(node.left->size() == 32);
    REQUIRE(node.right->size() == 32);
    merkle::Hash left{};
    merkle::Hash right{};
    std::copy(node.left->begin(), node.left->end(), left.begin());
    std::copy(node.right->begin(), node.right->end(), right.begin());
    CHECK(node.hash == bytes_of(merkle::node_hash(log_tree_sha256(), left, right)));
}

// The interior nodes of a tree of `size` leaves whose leaves all lie in [first, size): every
// complete subtree, by level and index.
std::set<merkle::NodeId> parents_expected(std::uint64_t first, std::uint64_t size) {
    std::set<merkle::NodeId> ids;
    for (int level = 1; (std::uint64_t{1} << level) <= size; ++level) {
        for (std::uint64_t index = 0; ((index + 1) << level) <= size; ++index) {
            if ((index << level) >= first) {
                ids.insert({level, index});
            }
        }
    }
    return ids;
}

std::set<merkle::NodeId> ids_of(const std::vector<SnapshotNode>& nodes) {
    std::set<merkle::NodeId> ids;
    for (const SnapshotNode& node : nodes) {
        CHECK(ids.insert(node.id).second); // each once
    }
    return ids;
}

StoredCheckpoint checkpoint_of(AccessLogRepository& log, std::int64_t size, UnixMillis at) {
    return {size, log.tree_root(size), "note of " + std::to_string(size) + "\n\n— key sig\n", at};
}

} // namespace

void checkpoints_are_stored_once_and_cosigned(LogReaders& r) {
    CheckpointRepository& store = r.checkpoints;
    CHECK_FALSE(store.latest().has_value());
    CHECK_FALSE(store.latest_cosigned().has_value());
    CHECK_FALSE(store.at_size(0).has_value());
    CHECK(store.cosignatures(0).empty());

    const RowId agency = r.agencies.create("a", "Agency");
    append_varied(r.access_log, agency, 0, 5);
    const StoredCheckpoint empty = checkpoint_of(r.access_log, 0, 10);
    const StoredCheckpoint three = checkpoint_of(r.access_log, 3, 20);
    const StoredCheckpoint five = checkpoint_of(r.access_log, 5, 30);
    store.store(empty);
    store.store(five); // stored out of order: latest() goes by size
    store.store(three);

    REQUIRE(store.latest().has_value());
    CHECK(store.latest()->size == 5);
    const auto read = store.at_size(3);
    REQUIRE(read.has_value());
    CHECK(read->size == 3);
    CHECK(read->root == three.root);
    CHECK(read->note == three.note);
    CHECK(read->signed_at == three.signed_at);
    CHECK(store.at_size(0)->root == merkle::empty_root(log_tree_sha256()));
    CHECK_FALSE(store.at_size(4).has_value());

    // A second checkpoint of a size is refused and changes nothing.
    StoredCheckpoint again = three;
    again.note = "another note\n";
    CHECK_THROWS_AS(store.store(again), std::invalid_argument);
    CHECK(store.at_size(3)->note == three.note);

    CHECK_FALSE(store.latest_cosigned().has_value());
    // Witness names in byte order ('W' before 'w'), whatever the database's collation.
    CHECK(store.store_cosignature({3, "witness.a", "— witness.a AAAA\n", 40}));
    CHECK(store.store_cosignature({3, "Witness.z", "— Witness.z BBBB\n", 41}));
    CHECK_FALSE(store.store_cosignature({3, "witness.a", "— witness.a CCCC\n", 42}));
    const std::vector<StoredCosignature> lines = store.cosignatures(3);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].witness == "Witness.z");
    CHECK(lines[0].signature_line == "— Witness.z BBBB\n");
    CHECK(lines[0].received_at == 41);
    CHECK(lines[1].witness == "witness.a");
    CHECK(lines[1].signature_line == "— witness.a AAAA\n"); // the first line stays
    CHECK(lines[1].size == 3);
    CHECK(store.cosignatures(5).empty());
    REQUIRE(store.latest_cosigned().has_value());
    CHECK(store.latest_cosigned()->size == 3);
    CHECK(store.latest_cosigned()->note == three.note);

    CHECK(store.store_cosignature({5, "witness.a", "— witness.a DDDD\n", 43}));
    CHECK(store.latest_cosigned()->size == 5);
    // Only a stored checkpoint can be cosigned (the service checks first; the key refuses).
    CHECK_THROWS(store.store_cosignature({4, "witness.a", "— witness.a EEEE\n", 44}));
    CHECK(store.cosignatures(4).empty());
}

void log_window_holds_the_newest_entries_and_their_nodes(LogReaders& r) {
    const LogWindow empty = r.window.newest(5);
    REQUIRE(empty.head.has_value());
    CHECK(empty.head->last_seq == 0);
    CHECK(empty.oldest_stored_seq == 0);
    CHECK(empty.entries.empty());
    CHECK(empty.parents.empty());

    const RowId agency = r.agencies.create("a", "Agency");
    std::vector<LogEntryRecord> rows = append_varied(r.access_log, agency, 0, 6);
    for (const LogEntryRecord& row : append_varied(r.access_log, agency, 6, 7)) {
        rows.push_back(row);
    }

    const LogWindow window = r.window.newest(5);
    REQUIRE(window.head.has_value());
    CHECK(window.head->last_seq == 13);
    CHECK(window.head->last_hash == rows.back().hash);
    CHECK(window.oldest_stored_seq == 1);
    REQUIRE(window.entries.size() == 5);
    for (std::size_t i = 0; i < window.entries.size(); ++i) {
        check_entry(window.entries[i], rows[8 + i]); // seq 9 to 13, ascending
    }
    // Leaves 8..12: the nodes over 8-9, 10-11 and 8-11; none that reaches before leaf 8.
    CHECK(ids_of(window.parents) == parents_expected(8, 13));
    CHECK(window.parents.size() == 3);
    for (const SnapshotNode& node : window.parents) {
        check_parent(node);
    }

    // A window wider than the log holds all of it: 13 leaves, 2 * 13 - popcount(13) nodes.
    const LogWindow all = r.window.newest(100);
    REQUIRE(all.entries.size() == 13);
    for (std::size_t i = 0; i < all.entries.size(); ++i) {
        check_entry(all.entries[i], rows[i]);
    }
    CHECK(ids_of(all.parents) == parents_expected(0, 13));
    CHECK(all.parents.size() == 2 * 13 - 3 - 13);
}

void log_window_after_retention(LogReaders& r) {
    const RowId agency = r.agencies.create("a", "Agency");
    const std::vector<LogEntryRecord> rows = append_varied(r.access_log, agency, 0, 9);
    // Recorded at 1000..1008: a cutoff of 1004 deletes seq 1 to 4.
    CHECK(r.access_log.delete_recorded_before(1'004, retention_audit) == 4);
    const LogWindow window = r.window.newest(100);
    REQUIRE(window.head.has_value());
    CHECK(window.head->last_seq == 9);
    CHECK(window.oldest_stored_seq == 5);
    REQUIRE(window.entries.size() == 5);
    for (std::size_t i = 0; i < window.entries.size(); ++i) {
        check_entry(window.entries[i], rows[4 + i]);
    }
    // The tree is kept whole by retention.
    CHECK(ids_of(window.parents) == parents_expected(0, 9));
}

void log_snapshot_reads_every_stored_fact(LogReaders& r) {
    const RowId agency = r.agencies.create("a", "Agency");
    std::vector<LogEntryRecord> rows;
    for (const auto& [from, count] : {std::pair{0, 1}, {1, 5}, {6, 31}}) {
        for (const LogEntryRecord& row : append_varied(r.access_log, agency, from, count)) {
            rows.push_back(row);
        }
        r.checkpoints.store(checkpoint_of(r.access_log, from + count, 100 + from));
    }
    const std::unique_ptr<LogSnapshot> snapshot = r.open_snapshot();

    const auto head = snapshot->head();
    REQUIRE(head.has_value());
    CHECK(head->last_seq == 37);
    CHECK(head->last_hash == rows.back().hash);

    std::size_t seen = 0;
    snapshot->each_entry([&](const SnapshotEntry& entry) {
        REQUIRE(seen < rows.size());
        check_entry(entry, rows[seen++]);
        return true;
    });
    CHECK(seen == rows.size());
    seen = 0;
    snapshot->each_entry([&](const SnapshotEntry&) { return ++seen < 3; }); // stops when told
    CHECK(seen == 3);

    // Level l holds floor(37 / 2^l) complete subtrees, numbered from 0.
    const std::vector<SnapshotLevel> levels = snapshot->node_levels();
    REQUIRE(levels.size() == 6);
    for (int level = 0; level < 6; ++level) {
        CAPTURE(level);
        const std::int64_t count = 37 >> level;
        CHECK(levels[static_cast<std::size_t>(level)].level == level);
        CHECK(levels[static_cast<std::size_t>(level)].count == count);
        CHECK(levels[static_cast<std::size_t>(level)].min_index == 0);
        CHECK(levels[static_cast<std::size_t>(level)].max_index == count - 1);
    }
    std::vector<std::uint64_t> indexes;
    snapshot->each_node_index(2, [&](std::uint64_t index) { indexes.push_back(index); });
    CHECK(indexes == std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8});

    std::vector<SnapshotNode> parents;
    snapshot->each_parent_node([&](const SnapshotNode& node) { parents.push_back(node); });
    CHECK(ids_of(parents) == parents_expected(0, 37));
    for (const SnapshotNode& node : parents) {
        check_parent(node);
    }

    const merkle::NodeReader nodes = snapshot->node_reader();
    CHECK(merkle::tree_root(log_tree_sha256(), 37, nodes) == r.access_log.tree_head().root);
    CHECK(merkle::tree_root(log_tree_sha256(), 20, nodes) == r.access_log.tree_root(20));
    const std::array missing{merkle::NodeId{0, 37}};
    CHECK_THROWS(nodes(missing)); // not stored

    std::vector<std::int64_t> sizes;
    snapshot->each_checkpoint([&](const StoredCheckpoint& checkpoint) {
        sizes.push_back(checkpoint.size);
        CHECK(checkpoint.root == r.access_log.tree_root(checkpoint.size));
        CHECK(checkpoint.note == checkpoint_of(r.access_log, checkpoint.size, 0).note);
    });
    CHECK(sizes == std::vector<std::int64_t>{1, 6, 37});
}

void log_snapshot_streams_a_log_longer_than_a_page(LogReaders& r) {
    // More rows than a backend reads at once (PostgreSQL pages by 1,000): nothing skipped or
    // repeated at a page's edge.
    constexpr int size = 2'100;
    constexpr int checkpoints = 1'001; // each its own commit: just over a page
    const RowId agency = r.agencies.create("a", "Agency");
    const std::vector<LogEntryRecord> rows = append_varied(r.access_log, agency, 0, size);
    const merkle::Hash root = r.access_log.tree_head().root; // not checked here
    for (std::int64_t checkpoint = 1; checkpoint <= checkpoints; ++checkpoint) {
        r.checkpoints.store({checkpoint, root, "n", checkpoint});
    }
    const std::unique_ptr<LogSnapshot> snapshot = r.open_snapshot();

    std::int64_t expected_seq = 1;
    snapshot->each_entry([&](const SnapshotEntry& entry) {
        CHECK(entry.seq == expected_seq);
        CHECK(entry.id == rows[static_cast<std::size_t>(expected_seq - 1)].id);
        ++expected_seq;
        return true;
    });
    CHECK(expected_seq == size + 1);

    std::uint64_t expected_index = 0;
    snapshot->each_node_index(0, [&](std::uint64_t index) { CHECK(index == expected_index++); });
    CHECK(expected_index == std::uint64_t{size});

    std::size_t parents = 0;
    snapshot->each_parent_node([&](const SnapshotNode&) { ++parents; });
    CHECK(parents == std::size_t{size} - std::popcount(unsigned{size})); // 2n - popcount(n) - n

    std::int64_t expected_size = 1;
    snapshot->each_checkpoint(
        [&](const StoredCheckpoint& checkpoint) { CHECK(checkpoint.size == expected_size++); });
    CHECK(expected_size == checkpoints + 1);
}

void the_services_find_a_signed_log_intact(LogReaders& r) {
    ManualClock clock(1'795'867'200'000);
    const NoteSigner witness("witness.test/dpa", Bytes(32, 6));
    CheckpointService signer(r.access_log, r.checkpoints,
                             NoteSigner("contract.test/log", Bytes(32, 5)), clock,
                             {witness.verifier()});
    const RowId agency = r.agencies.create("a", "Agency");
    int appended = 0;
    for (const int batch : {1, 4, 7, 9}) {
        append_varied(r.access_log, agency, appended, batch);
        appended += batch;
        clock.advance(1'000);
        signer.sign_current();
    }
    const StoredCheckpoint twelve = *r.checkpoints.at_size(12);
    CHECK(
        signer.add_cosignature(12, witness.signature_line(parse_note(twelve.note)->text)).new_line);
    CHECK(signer.latest_cosigned()->size == 12);
    const NoteVerifier key = *NoteVerifier::parse(signer.verifier_key());

    const IntegrityCheck check =
        integrity_check_finding_nothing(r.window, r.access_log, signer, r.audit, clock, key);
    CHECK(check.head_size == 21);
    CHECK(check.entries == 5);
    CHECK(check.checkpoint == 21);

    const std::unique_ptr<LogSnapshot> snapshot = r.open_snapshot();
    const VerifyReport report = verify_finding_nothing(*snapshot, key);
    CHECK(report.intact());
    CHECK(report.head_size == 21);
    CHECK(report.entries == 21);
    CHECK(report.first_stored_seq == 1);
    CHECK(report.nodes == 21 - std::popcount(21U));
    CHECK(report.checkpoints == 4);
    CHECK(report.newest_verified == 21);
}

} // namespace einblick::testing::contract
