// Signed checkpoints of the log's tree head: the C2SP checkpoint text, a note that verifies with
// the published verifier key, one checkpoint per size, and the stored ones found again.
#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/sqlite/checkpoint_repository.hpp"
#include "test_backend.hpp"

#include <array>
#include <doctest/doctest.h>
#include <stdexcept>

using namespace einblick::server;

namespace {

struct CheckpointFixture {
    CheckpointFixture() { agency = agencies.create("a", "Agency"); }

    void append(int count) {
        std::vector<NewLogEntry> batch;
        for (int i = 0; i < count; ++i) {
            NewLogEntry e;
            e.reason = "allowed";
            e.citizen_pseudonym = "me";
            e.agency_id = agency;
            e.register_code = "melderegister";
            e.data_categories = {"address"};
            e.occurred_at = e.recorded_at = 1000 + i;
            batch.push_back(e);
        }
        log.append(batch);
    }

    SqliteDatabase db{":memory:"};
    SqliteAgencyRepository agencies{db};
    SqliteAccessLogRepository log{db};
    SqliteCheckpointRepository store{db};
    ManualClock clock{1'800'000'000'000};
    CheckpointService service{log, store, NoteSigner("einblick.example/log", Bytes(32, 5)), clock};
    RowId agency = 0;
};

} // namespace

TEST_CASE_FIXTURE(CheckpointFixture, "a checkpoint is the tree head in C2SP form, signed") {
    append(5);
    const StoredCheckpoint checkpoint = service.sign_current();
    const LogTreeHead head = log.tree_head();
    CHECK(checkpoint.size == 5);
    CHECK(checkpoint.root == head.root);
    CHECK(checkpoint.signed_at == 1'800'000'000'000);
    const auto note = parse_note(checkpoint.note);
    REQUIRE(note);
    CHECK(note->text == "einblick.example/log\n5\n" +
                            to_base64(Bytes(head.root.begin(), head.root.end())) + "\n");
    const auto verifier = NoteVerifier::parse(service.verifier_key());
    REQUIRE(verifier);
    CHECK(verifier->name() == "einblick.example/log");
    const std::array verifiers{*verifier};
    CHECK(verified_signers(*note, verifiers) == std::vector<std::string>{"einblick.example/log"});
}

TEST_CASE_FIXTURE(CheckpointFixture,
                  "one checkpoint per size, signed again only when the log grew") {
    const StoredCheckpoint empty = service.sign_current();
    CHECK(empty.size == 0);
    CHECK(empty.root == einblick::merkle::empty_root(log_tree_sha256()));
    append(3);
    clock.advance(1000);
    const StoredCheckpoint three = service.sign_current();
    CHECK(three.size == 3);
    clock.advance(1000);
    CHECK(service.sign_current().signed_at == three.signed_at); // nothing new: the same one
    append(1);
    CHECK(service.sign_current().size == 4);
    CHECK(service.latest()->size == 4);
    REQUIRE(service.at_size(3));
    CHECK(service.at_size(3)->note == three.note);
    CHECK_FALSE(service.at_size(2));
    CHECK_THROWS_AS(store.store(three), std::invalid_argument);
}
