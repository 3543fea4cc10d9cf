// The verifiable log from the outside: the checkpoints, consistency proofs and inclusion proofs
// the server hands out are checked here the way a third party would check them, with
// shared/merkle's RFC 9162 verifiers and the signed-note verifier, and must fail once anything
// in them is changed.

#include "einblick/server/log_chain.hpp"
#include "einblick/server/signed_note.hpp"
#include "einblick/shared/api_log.hpp"
#include "test_backend.hpp"
#include "test_world.hpp"

#include <array>
#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace einblick::testing;
namespace merkle = einblick::merkle;
using nlohmann::json;

namespace {

merkle::Hash hash_of(const std::string& base64) {
    const auto bytes = from_base64(base64);
    if (!bytes || bytes->size() != sizeof(merkle::Hash)) {
        throw std::invalid_argument("not a base64 hash: " + base64);
    }
    merkle::Hash hash{};
    std::copy(bytes->begin(), bytes->end(), hash.begin());
    return hash;
}

std::vector<merkle::Hash> hashes_of(const std::vector<std::string>& texts) {
    std::vector<merkle::Hash> hashes;
    for (const auto& text : texts) {
        hashes.push_back(hash_of(text));
    }
    return hashes;
}

struct OpenedCheckpoint {
    std::string origin;
    std::int64_t size = 0;
    merkle::Hash root{};
};

// The checkpoint's tree head, if the note carries a valid signature of `verifier_key`.
std::optional<OpenedCheckpoint> open_checkpoint(const std::string& note_text,
                                                const std::string& verifier_key) {
    const auto note = parse_note(note_text);
    const auto verifier = NoteVerifier::parse(verifier_key);
    if (!note || !verifier) {
        return std::nullopt;
    }
    const std::array verifiers{*verifier};
    if (verified_signers(*note, verifiers) != std::vector<std::string>{verifier->name()}) {
        return std::nullopt;
    }
    std::istringstream lines(note->text);
    OpenedCheckpoint checkpoint;
    std::string size;
    std::string root;
    std::getline(lines, checkpoint.origin);
    std::getline(lines, size);
    std::getline(lines, root);
    checkpoint.size = std::stoll(size);
    checkpoint.root = hash_of(root);
    return checkpoint;
}

bool proof_holds(const api::EntryInclusionProof& proof, const OpenedCheckpoint& checkpoint) {
    return merkle::verify_inclusion(log_tree_sha256(), static_cast<std::uint64_t>(proof.leaf_index),
                                    static_cast<std::uint64_t>(checkpoint.size),
                                    log_leaf_hash(proof.entry), hashes_of(proof.inclusion_proof),
                                    checkpoint.root);
}

bool consistency_holds(const api::LogConsistencyProof& proof, const OpenedCheckpoint& older,
                       const OpenedCheckpoint& newer) {
    return merkle::verify_consistency(log_tree_sha256(), static_cast<std::uint64_t>(proof.first),
                                      static_cast<std::uint64_t>(proof.second), older.root,
                                      newer.root, hashes_of(proof.proof));
}

std::string flipped(std::string base64_hash) {
    merkle::Hash hash = hash_of(base64_hash);
    hash[7] ^= 0x01;
    return to_base64(Bytes(hash.begin(), hash.end()));
}

// Two citizens' entries, interleaved, by one agency.
struct ProofWorld {
    ProofWorld() {
        kfz = t.add_agency("kfz", "Kfz-Zulassung");
        purpose = t.approved_purpose(kfz);
        erika = valid_citizen_id("4567890123");
        other = valid_citizen_id("5678901234");
    }

    std::vector<RowId> record(int count) {
        std::vector<RowId> erikas;
        for (int i = 0; i < count; ++i) {
            AccessRequest r{
                i % 3 == 2 ? other : erika, purpose, std::nullopt, "melderegister", {"address"}, {},
                "AZ-" + std::to_string(i),  {}};
            const auto event = t.backend->access.record(kfz, r, {}).event;
            if (r.citizen_id == erika) {
                erikas.push_back(std::stoll(event.id));
            }
        }
        return erikas;
    }

    LogProofService& proofs() { return t.backend->log_proofs; }
    std::string verifier_key() { return proofs().public_key().verifier_key; }

    TestBackend t;
    AgencyRecord kfz;
    RowId purpose = 0;
    std::string erika;
    std::string other;
};

} // namespace

TEST_CASE("log proofs: proofs of many entries read together equal each entry's own proof") {
    ProofWorld w;
    w.record(37);
    AccessLogRepository& log = w.t.backend->storage.log;
    for (const std::int64_t size : {1, 2, 13, 32, 37}) {
        std::vector<std::int64_t> indices;
        for (std::int64_t i = size - 1; i >= 0; --i) { // any order, here newest first
            indices.push_back(i);
        }
        const auto together = log.inclusion_proofs(indices, size);
        REQUIRE(together.size() == indices.size());
        for (std::size_t k = 0; k < indices.size(); ++k) {
            CAPTURE(size);
            CAPTURE(indices[k]);
            CHECK(together[k] == log.inclusion_proof(indices[k], size));
        }
    }
    const std::array<std::int64_t, 1> outside{37};
    CHECK_THROWS_AS(log.inclusion_proofs(outside, 37), std::invalid_argument);
    const std::array<std::int64_t, 1> negative{-1};
    CHECK_THROWS_AS(log.inclusion_proofs(negative, 37), std::invalid_argument);
    const std::array<std::int64_t, 1> first{0};
    CHECK_THROWS_AS(log.inclusion_proofs(first, 38), std::invalid_argument);
}

TEST_CASE("log proofs: a citizen's entries verify against the signed checkpoint, changed ones do "
          "not") {
    ProofWorld w;
    const std::vector<RowId> early = w.record(9);
    const StoredCheckpoint signed_before = w.t.backend->checkpoints.sign_current();
    const std::vector<RowId> late = w.record(3); // newer than every checkpoint
    std::vector<RowId> ids(late.begin(), late.end());
    ids.insert(ids.end(), early.begin(), early.end());

    const api::LogProofBundle bundle = w.proofs().proofs_of(w.t.pseudonym(w.erika), ids);
    CHECK(bundle.verifier_key == w.verifier_key());
    const auto checkpoint = open_checkpoint(bundle.checkpoint, bundle.verifier_key);
    REQUIRE(checkpoint);
    // Signed on demand, so that the newest entries can be proved at once.
    CHECK(checkpoint->size == w.t.backend->storage.log.tree_head().size);
    CHECK(checkpoint->size > signed_before.size);
    REQUIRE(bundle.proofs.size() == ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const api::EntryInclusionProof& p = bundle.proofs[i];
        CAPTURE(p.id);
        CHECK(p.id == std::to_string(ids[i]));
        const auto entry = w.t.backend->storage.log.find(ids[i]);
        REQUIRE(entry);
        CHECK(p.leaf_index == entry->seq - 1);
        CHECK(p.entry == canonical_log_encoding(*entry, entry->seq, entry->prev_hash));
        CHECK(proof_holds(p, *checkpoint));

        api::EntryInclusionProof changed = p;
        changed.inclusion_proof.front() = flipped(changed.inclusion_proof.front());
        CHECK_FALSE(proof_holds(changed, *checkpoint));
        changed = p;
        changed.entry.replace(changed.entry.find("melderegister"), 13, "steuerdaten00");
        CHECK_FALSE(proof_holds(changed, *checkpoint));
        changed = p;
        changed.leaf_index += 1;
        CHECK_FALSE(proof_holds(changed, *checkpoint));
        // Against the tree head of another size (an older checkpoint) it proves nothing.
        CHECK_FALSE(proof_holds(p, {checkpoint->origin, signed_before.size, signed_before.root}));
    }
    // The checkpoint's text is what the signature covers; another key's signature is no proof.
    std::string bigger = bundle.checkpoint;
    const std::string size_line = "\n" + std::to_string(checkpoint->size) + "\n";
    bigger.replace(bigger.find(size_line), size_line.size(),
                   "\n" + std::to_string(checkpoint->size + 1) + "\n");
    CHECK_FALSE(open_checkpoint(bigger, bundle.verifier_key));
    const NoteSigner stranger(checkpoint->origin, Bytes(32, 9));
    CHECK_FALSE(open_checkpoint(bundle.checkpoint, stranger.verifier().text()));
}

TEST_CASE("log proofs: another citizen's entry and an absent one are the same nothing") {
    ProofWorld w;
    const std::vector<RowId> erikas = w.record(6);
    const std::string other_pseudonym = w.t.pseudonym(w.other);
    const std::array<RowId, 1> hers{erikas.front()};
    CHECK(service_error_of([&] { w.proofs().proofs_of(other_pseudonym, hers); }) ==
          ErrorKind::NotFound);
    const std::array<RowId, 2> with_absent{erikas.front(), 999'999};
    CHECK(service_error_of([&] { w.proofs().proofs_of(w.t.pseudonym(w.erika), with_absent); }) ==
          ErrorKind::NotFound);
}

TEST_CASE("log proofs: consistency between signed sizes verifies, and unsigned sizes are refused") {
    ProofWorld w;
    w.record(5);
    const StoredCheckpoint five = w.t.backend->checkpoints.sign_current();
    w.record(8);
    const StoredCheckpoint thirteen = w.t.backend->checkpoints.sign_current();
    REQUIRE(five.size == 5);
    REQUIRE(thirteen.size == 13);
    const auto older = open_checkpoint(w.proofs().checkpoint_at(5).note, w.verifier_key());
    const auto newer = open_checkpoint(w.proofs().latest_checkpoint().note, w.verifier_key());
    REQUIRE(older);
    REQUIRE(newer);
    CHECK(newer->size == 13);

    const api::LogConsistencyProof proof = w.proofs().consistency(5, 13);
    CHECK(proof.first == 5);
    CHECK(proof.second == 13);
    CHECK_FALSE(proof.proof.empty());
    CHECK(consistency_holds(proof, *older, *newer));
    api::LogConsistencyProof changed = proof;
    changed.proof.back() = flipped(changed.proof.back());
    CHECK_FALSE(consistency_holds(changed, *older, *newer));
    changed = proof;
    changed.first = 4;
    CHECK_FALSE(consistency_holds(changed, *older, *newer));

    CHECK(w.proofs().consistency(0, 13).proof.empty());
    CHECK(w.proofs().consistency(13, 13).proof.empty());
    w.record(1); // in the tree, but nobody signed 14 yet
    for (const auto& [first, second] :
         std::vector<std::pair<int, int>>{{5, 14}, {13, 5}, {-1, 5}, {0, -1}, {-3, -2}}) {
        CAPTURE(first);
        CAPTURE(second);
        CHECK(service_error_of([&, first = first, second = second] {
                  w.proofs().consistency(first, second);
              }) == ErrorKind::Validation);
    }
    CHECK(service_error_of([&] { w.proofs().checkpoint_at(6); }) == ErrorKind::NotFound);
}

TEST_CASE("log proofs: without a checkpoint key nothing is signed or published, and the export "
          "leaves proofs out") {
    ProofWorld w;
    BackendOptions options;
    options.pseudonym_key = Bytes(32, 7);
    options.sign_checkpoints = false;
    Backend unsigned_backend(options, w.t.clock);
    LogProofService& proofs = unsigned_backend.log_proofs;
    CHECK(service_error_of([&] { proofs.public_key(); }) == ErrorKind::Unavailable);
    CHECK(service_error_of([&] { proofs.latest_checkpoint(); }) == ErrorKind::Unavailable);
    CHECK(service_error_of([&] { proofs.checkpoint_at(0); }) == ErrorKind::Unavailable);
    CHECK(service_error_of([&] { proofs.consistency(0, 0); }) == ErrorKind::Unavailable);
    CHECK_FALSE(unsigned_backend.checkpoints.latest());
    const json exported =
        json::parse(unsigned_backend.exports.as_json({"erika", "Erika", w.t.pseudonym(w.erika)}));
    CHECK_FALSE(exported.contains("log_proofs"));
    CHECK(exported.contains("access_log"));
}
