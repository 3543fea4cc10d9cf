// A witness against real servers over HTTP: it cosigns each checkpoint that extends the last
// one it accepted, and the log serves the cosignature after its own; a rollback, a fork (two
// logs under the same key, each shown to its own witness) and a wrongly signed checkpoint are
// alarms that leave the witness's state as it was.

#include "einblick/server/log_chain.hpp"
#include "einblick/server/signed_note.hpp"
#include "einblick/server/witness.hpp"
#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <array>
#include <doctest/doctest.h>
#include <httplib.h>
#include <memory>

using namespace einblick::testing;
using Outcome = WitnessRound::Outcome;

namespace {

const Bytes log_seed(32, 21);
const std::string log_origin = "einblick.test/log";

NoteSigner witness_key(const std::string& name, unsigned char seed) {
    return NoteSigner(name, Bytes(32, seed));
}

// One log: a backend under the shared log key that accepts the given witnesses, and its
// server.
struct Log {
    explicit Log(std::vector<NoteSigner> witnesses)
        : t({}, ":memory:",
            [&](BackendOptions& options) {
                options.log_origin = log_origin;
                options.checkpoint_key = log_seed;
                for (const NoteSigner& w : witnesses) {
                    options.witness_keys.push_back(w.verifier().text());
                }
            }),
          server(std::make_unique<RunningServer>(t)), agency(t.add_agency("x", "Agency")) {}

    // `count` more entries; `variant` makes this log's entries differ from another's.
    void grow(int count, const std::string& variant = "a") {
        std::vector<NewLogEntry> batch;
        for (int i = 0; i < count; ++i) {
            NewLogEntry e;
            e.reason = "allowed";
            e.citizen_pseudonym = "citizen-" + variant;
            e.agency_id = agency.id;
            e.register_code = "melderegister";
            e.data_categories = {"address"};
            e.occurred_at = e.recorded_at = test_now;
            batch.push_back(e);
        }
        t.backend->storage.log.append(batch);
        t.backend->checkpoints.sign_current();
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }

    std::string served_checkpoint() {
        httplib::Client client("127.0.0.1", server->port());
        const auto response = client.Get("/api/v1/log/checkpoint");
        REQUIRE(response);
        REQUIRE(response->status == 200);
        return response->body;
    }

    TestBackend t;
    std::unique_ptr<RunningServer> server;
    AgencyRecord agency;
};

NoteVerifier log_verifier() {
    return NoteSigner(log_origin, log_seed).verifier();
}

// A witness with its own state file, pointed at any log each round.
struct WitnessAt {
    WitnessAt(NoteSigner signer, const TempDir& dir, const std::string& name)
        : key(std::move(signer)), state(dir.path() / (name + ".state")) {}

    WitnessRound round_at(Log& log, const NoteVerifier& log_key = log_verifier()) {
        const auto endpoint = http_log_endpoint(log.url());
        Witness witness(*endpoint, log_key, key, state);
        return witness.round();
    }
    std::optional<std::string> accepted() {
        const auto endpoint = http_log_endpoint("http://127.0.0.1:1");
        return Witness(*endpoint, log_verifier(), key, state).accepted();
    }

    NoteSigner key;
    std::filesystem::path state;
};

std::vector<std::string> signers_of(const std::string& note, std::span<const NoteVerifier> keys) {
    const auto opened = parse_note(note);
    REQUIRE(opened);
    return verified_signers(*opened, keys);
}

} // namespace

TEST_CASE("a witness cosigns each checkpoint that extends the last one, and the log serves it") {
    TempDir dir;
    const NoteSigner dpa = witness_key("dpa.example/witness", 31);
    Log log({dpa});
    WitnessAt witness(dpa, dir, "dpa");

    log.grow(5);
    const WitnessRound first = witness.round_at(log);
    CHECK(first.outcome == Outcome::Cosigned);
    CHECK(first.size == 5);
    const std::array keys{log_verifier(), dpa.verifier()};
    CHECK(signers_of(log.served_checkpoint(), keys) ==
          std::vector<std::string>{log_origin, "dpa.example/witness"});

    log.grow(6); // 11: a consistency proof from 5 to 11 is checked
    const WitnessRound second = witness.round_at(log);
    CHECK(second.outcome == Outcome::Cosigned);
    CHECK(second.size == 11);
    CHECK(signers_of(log.served_checkpoint(), keys).size() == 2);
    REQUIRE(witness.accepted());
    CHECK(witness.accepted()->find("\n11\n") != std::string::npos);

    CHECK(witness.round_at(log).outcome == Outcome::Cosigned); // unchanged: cosigned again
    REQUIRE(log.t.backend->checkpoints.latest_cosigned());
    CHECK(log.t.backend->checkpoints.latest_cosigned()->size == 11);
}

TEST_CASE("a fork, two logs of the same size under one key, each shown to its own witness, is "
          "an alarm as soon as a witness sees the other branch") {
    TempDir dir;
    const NoteSigner dpa = witness_key("dpa.example/witness", 31);
    const NoteSigner court = witness_key("court.example/witness", 32);
    Log honest({dpa, court});
    Log forked({dpa, court});
    honest.grow(4, "a");
    forked.grow(4, "b"); // same size, other entries: a split view
    WitnessAt first(dpa, dir, "dpa");
    WitnessAt second(court, dir, "court");

    // Each alone sees a consistent log and cosigns its branch.
    CHECK(first.round_at(honest).outcome == Outcome::Cosigned);
    CHECK(second.round_at(forked).outcome == Outcome::Cosigned);
    const auto kept = first.accepted();

    // The same size with another root.
    const WitnessRound same_size = first.round_at(forked);
    CHECK(same_size.outcome == Outcome::Inconsistent);
    CHECK(same_size.message.find("FORK") != std::string::npos);
    CHECK(same_size.evidence.find("accepted before:") != std::string::npos);
    CHECK(first.accepted() == kept); // the last good checkpoint stays

    // The other branch grown further: its consistency proof cannot reach the accepted root.
    forked.grow(3, "b");
    const WitnessRound grown = first.round_at(forked);
    CHECK(grown.outcome == Outcome::Inconsistent);
    CHECK(grown.message.find("consistency proof fails") != std::string::npos);
    CHECK(first.accepted() == kept);

    // And the second witness, shown the honest branch, raises the same alarm.
    CHECK(second.round_at(honest).outcome == Outcome::Inconsistent);
}

TEST_CASE("a rolled-back log, and a checkpoint without the log's valid signature, are alarms") {
    TempDir dir;
    const NoteSigner dpa = witness_key("dpa.example/witness", 31);
    Log log({dpa});
    log.grow(6);
    WitnessAt witness(dpa, dir, "dpa");
    REQUIRE(witness.round_at(log).outcome == Outcome::Cosigned);

    Log older({dpa}); // the same log restored from an older backup: 3 of its entries
    older.grow(3);
    const WitnessRound rollback = witness.round_at(older);
    CHECK(rollback.outcome == Outcome::Inconsistent);
    CHECK(rollback.message.find("ROLLBACK") != std::string::npos);

    const NoteVerifier other_key = NoteSigner(log_origin, Bytes(32, 99)).verifier();
    const WitnessRound unsigned_round = witness.round_at(log, other_key);
    CHECK(unsigned_round.outcome == Outcome::Inconsistent);
    CHECK(unsigned_round.message.find("valid signature") != std::string::npos);
    CHECK(witness.accepted()->find("\n6\n") != std::string::npos);
}

TEST_CASE("a witness the log does not know is told so, and an absent log is tried again") {
    TempDir dir;
    Log log({});
    log.grow(2);
    WitnessAt stranger(witness_key("stranger.example/witness", 33), dir, "stranger");
    const WitnessRound refused = stranger.round_at(log);
    CHECK(refused.outcome == Outcome::Undelivered);
    CHECK(refused.message.find("403") != std::string::npos);
    CHECK_FALSE(log.t.backend->checkpoints.latest_cosigned());
    CHECK(signers_of(log.served_checkpoint(), std::array{log_verifier()}).size() == 1);

    const auto nowhere = http_log_endpoint("http://127.0.0.1:1");
    Witness absent(*nowhere, log_verifier(), witness_key("w", 34), dir.path() / "absent.state");
    CHECK(absent.round().outcome == Outcome::Unreachable);
    CHECK_FALSE(absent.accepted());
}
