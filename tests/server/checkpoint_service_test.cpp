// Signed checkpoints of the log's tree head: the C2SP checkpoint text, a note that verifies with
// the published verifier key, one checkpoint per size, and the stored ones found again.
#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/service_error.hpp"
#include "einblick/server/sqlite/checkpoint_repository.hpp"
#include "test_backend.hpp"

#include <array>
#include <doctest/doctest.h>
#include <functional>
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

namespace {

// A log that accepts the cosignatures of one witness.
struct WitnessedFixture : CheckpointFixture {
    NoteSigner witness{"witness.example/dpa", Bytes(32, 9)};
    NoteSigner stranger{"stranger.example", Bytes(32, 11)};
    CheckpointService witnessed{
        log, store, NoteSigner("einblick.example/log", Bytes(32, 5)), clock, {witness.verifier()}};

    std::string text_of(const StoredCheckpoint& checkpoint) {
        return parse_note(checkpoint.note)->text;
    }
};

std::string service_error_field(const std::function<void()>& call, ErrorKind& kind) {
    try {
        call();
    } catch (const ServiceError& e) {
        kind = e.kind();
        return e.violations().empty() ? "" : e.violations().front().rule;
    }
    FAIL("no ServiceError");
    return "";
}

} // namespace

TEST_CASE_FIXTURE(WitnessedFixture,
                  "a witness's cosignature is verified, stored once and served after the log's") {
    append(4);
    const StoredCheckpoint four = witnessed.sign_current();
    const std::string line = witness.signature_line(text_of(four));

    const AcceptedCosignature first = witnessed.add_cosignature(4, line);
    CHECK(first.witness == "witness.example/dpa");
    CHECK(first.new_line);
    CHECK_FALSE(witnessed.add_cosignature(4, line).new_line); // a repeat changes nothing

    const auto served = witnessed.at_size(4);
    REQUIRE(served);
    CHECK(served->note == four.note + line);
    const auto opened = parse_note(served->note);
    REQUIRE(opened);
    const std::array verifiers{*NoteVerifier::parse(witnessed.verifier_key()), witness.verifier()};
    CHECK(verified_signers(*opened, verifiers) ==
          std::vector<std::string>{"einblick.example/log", "witness.example/dpa"});

    append(1);
    CHECK(witnessed.sign_current().size == 5);
    CHECK(witnessed.latest()->note == witnessed.at_size(5)->note); // not cosigned yet
    REQUIRE(witnessed.latest_cosigned());
    CHECK(witnessed.latest_cosigned()->size == 4);
    CHECK(witnessed.latest_cosigned()->note == served->note);
}

TEST_CASE_FIXTURE(WitnessedFixture, "a cosignature that does not verify is refused and not kept") {
    append(3);
    const StoredCheckpoint three = witnessed.sign_current();
    append(1);
    const StoredCheckpoint four = witnessed.sign_current();
    ErrorKind kind{};

    // signed over another checkpoint's text
    CHECK(service_error_field(
              [&] { witnessed.add_cosignature(4, witness.signature_line(text_of(three))); },
              kind) == "invalid");
    CHECK(kind == ErrorKind::Validation);
    // a key the log does not know
    CHECK(service_error_field(
              [&] { witnessed.add_cosignature(4, stranger.signature_line(text_of(four))); },
              kind) == "");
    CHECK(kind == ErrorKind::Forbidden);
    // not one signature line
    for (const std::string& bad :
         {std::string(), std::string("hello"),
          witness.signature_line(text_of(four)) + witness.signature_line(text_of(four))}) {
        CAPTURE(bad);
        CHECK(service_error_field([&] { witnessed.add_cosignature(4, bad); }, kind) == "format");
    }
    // a size never signed
    service_error_field(
        [&] { witnessed.add_cosignature(7, witness.signature_line(text_of(four))); }, kind);
    CHECK(kind == ErrorKind::NotFound);

    CHECK(store.cosignatures(4).empty());
    CHECK_FALSE(witnessed.latest_cosigned());
    CHECK(witnessed.at_size(4)->note == four.note);
}
