// The browser's own check of the log (client/app/src/log_trust.cpp, log_verifier.cpp), run
// natively: SHA-256 and Ed25519 come from the server's libsodium wrapper here, from Web Crypto
// in the browser. The log is a real RFC 9162 tree built with shared/merkle and signed with
// the server's signed-note code.
#include "einblick/client/api_client.hpp"
#include "einblick/client/log_trust.hpp"
#include "einblick/client/log_verifier.hpp"
#include "einblick/client/update.hpp"
#include "einblick/server/crypto.hpp"
#include "einblick/server/ed25519.hpp"
#include "einblick/server/signed_note.hpp"
#include "einblick/shared/merkle.hpp"
#include "fake_transport.hpp"

#include <chrono>
#include <cstring>
#include <doctest/doctest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace einblick::client;
namespace api = einblick::api;
namespace merkle = einblick::merkle;
namespace server = einblick::server;
using merkle::Hash;

namespace {

Hash native_sha256(std::string_view bytes) {
    const server::Bytes digest = server::sha256(bytes);
    Hash out{};
    std::memcpy(out.data(), digest.data(), out.size());
    return out;
}

const merkle::Sha256 sha = [](std::span<const std::uint8_t> bytes) {
    return native_sha256(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
};

// Answers at once, from libsodium: a test stand-in for Web Crypto.
class NativeLogCrypto final : public LogCrypto {
public:
    int hash_batches = 0;
    void sha256_many(std::vector<std::string> inputs, HashesDone done) override {
        ++hash_batches;
        std::vector<Hash> out;
        for (const std::string& input : inputs) {
            out.push_back(native_sha256(input));
        }
        done(std::move(out));
    }
    void ed25519_verify(std::string public_key, std::string message, std::string signature,
                        VerifyDone done) override {
        done(server::ed25519_verify(server::Bytes(public_key.begin(), public_key.end()), message,
                                    server::Bytes(signature.begin(), signature.end())));
    }
    double now_ms() override {
        using namespace std::chrono;
        return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
    }
};

class MemoryStore final : public CheckpointStore {
public:
    std::optional<std::string> text;
    std::optional<std::string> load() override { return text; }
    void save(const std::string& value) override { text = value; }
};

const std::string origin = "test.example/einblick";

server::Bytes seed(unsigned char first) {
    server::Bytes out(32);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = static_cast<unsigned char>(first + i);
    }
    return out;
}

api::AccessEvent event_for(std::int64_t seq) {
    api::AccessEvent e;
    e.id = std::to_string(100 + seq);
    e.seq = seq;
    e.occurred_at = 1'790'000'000'000 + seq * 60'000;
    e.agency_code = "kfz";
    e.agency_name = "Kfz-Zulassung";
    e.purpose = "Zulassung";
    e.legal_basis = "§ 6 FZV";
    e.data_categories = {"address", "vehicle"};
    e.kind = api::AccessKind::Access;
    e.outcome = seq % 3 == 0 ? api::AccessOutcome::Denied : api::AccessOutcome::Allowed;
    e.reason = seq % 3 == 0 ? "consent_missing" : "allowed";
    e.purpose_id = 7;
    e.register_code = "fahrzeugregister";
    if (seq % 2 == 0) {
        e.official = "B-" + std::to_string(seq);
    }
    return e;
}

// The canonical text (docs/LOG-FORMAT.md): nlohmann's object sorts its keys, dump() adds no
// whitespace and keeps UTF-8 as it is.
std::string canonical(const api::AccessEvent& e) {
    const auto optional = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
    nlohmann::json j = {{"agency_id", 3},
                        {"citizen_pseudonym", std::string(64, 'a')},
                        {"consent_id", optional(e.consent_id)},
                        {"correlation_id", optional(e.correlation_id)},
                        {"data_categories", e.data_categories},
                        {"kind", std::string(to_text(e.kind))},
                        {"legal_basis", e.legal_basis},
                        {"occurred_at", e.occurred_at},
                        {"official", optional(e.official)},
                        {"outcome", std::string(to_text(e.outcome))},
                        {"prev_hash", std::string(64, '0')},
                        {"purpose_id", optional(e.purpose_id)},
                        {"purpose_version_id", 1},
                        {"reason", e.reason},
                        {"register", e.register_code},
                        {"seq", e.seq},
                        {"v", 1}};
    return j.dump();
}

// A log of `size` entries (seq 1 … size), `salt` making a different history of the same size.
struct TestLog {
    std::map<merkle::NodeId, Hash> nodes;
    std::vector<std::string> texts;
    server::NoteSigner signer{origin, seed(1)};

    explicit TestLog(std::uint64_t size, const std::string& salt = "") {
        for (std::uint64_t i = 0; i < size; ++i) {
            api::AccessEvent e = event_for(static_cast<std::int64_t>(i + 1));
            if (!salt.empty() && i + 1 == size) {
                e.legal_basis += salt;
            }
            texts.push_back(canonical(e));
            const std::string& text = texts.back();
            const Hash leaf = merkle::leaf_hash(
                sha, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
            for (const merkle::NewNode& node : merkle::nodes_for_append(sha, i, leaf, reader())) {
                nodes[node.id] = node.hash;
            }
        }
    }

    merkle::NodeReader reader() const {
        return [this](std::span<const merkle::NodeId> ids) {
            std::vector<Hash> out;
            for (const merkle::NodeId& id : ids) {
                out.push_back(nodes.at(id));
            }
            return out;
        };
    }

    std::uint64_t size() const { return texts.size(); }
    Hash root(std::uint64_t at) const { return merkle::tree_root(sha, at, reader()); }

    std::string note(std::uint64_t at, const server::NoteSigner* by = nullptr) const {
        const std::string text = origin + "\n" + std::to_string(at) + "\n" +
                                 log_trust::base64_encode(log_trust::to_bytes(root(at))) + "\n";
        const server::NoteSigner* signers[] = {by != nullptr ? by : &signer};
        return server::sign_note(text, signers);
    }

    std::string verifier_key() const { return signer.verifier().text(); }

    // The checkpoint of size `at` signed by the log and then by each witness, as the server
    // serves GET /api/v1/log/cosigned-checkpoint.
    std::string cosigned(std::uint64_t at, std::vector<const server::NoteSigner*> witnesses) const {
        return cosigned_claiming(at, root(at), std::move(witnesses));
    }

    // The same for a checkpoint of size `at` that claims `claimed` as its root: the log's key
    // signing a history other than this one.
    std::string cosigned_claiming(std::uint64_t at, const Hash& claimed,
                                  std::vector<const server::NoteSigner*> witnesses) const {
        const std::string text = origin + "\n" + std::to_string(at) + "\n" +
                                 log_trust::base64_encode(log_trust::to_bytes(claimed)) + "\n";
        witnesses.insert(witnesses.begin(), &signer);
        return server::sign_note(text, witnesses);
    }

    static std::vector<std::string> base64(const std::vector<Hash>& hashes) {
        std::vector<std::string> out;
        for (const Hash& h : hashes) {
            out.push_back(log_trust::base64_encode(log_trust::to_bytes(h)));
        }
        return out;
    }

    // Proofs of the entries with these seqs, against the checkpoint of the whole log.
    api::LogProofBundle bundle(const std::vector<std::int64_t>& seqs) const {
        api::LogProofBundle out;
        out.checkpoint = note(size());
        out.verifier_key = verifier_key();
        for (std::int64_t seq : seqs) {
            const auto index = static_cast<std::uint64_t>(seq - 1);
            out.proofs.push_back(api::EntryInclusionProof{
                event_for(seq).id, seq - 1, texts[index],
                base64(merkle::inclusion_proof(sha, index, size(), reader()))});
        }
        return out;
    }

    std::vector<std::string> consistency(std::uint64_t first) const {
        return base64(merkle::consistency_proof(sha, first, size(), reader()));
    }

    std::string remembered(std::uint64_t at) const {
        return log_trust::remembered_text({verifier_key(), at, root(at)});
    }
};

std::vector<api::AccessEvent> events(const std::vector<std::int64_t>& seqs) {
    std::vector<api::AccessEvent> out;
    for (std::int64_t seq : seqs) {
        out.push_back(event_for(seq));
    }
    return out;
}

LogVerification check(const std::vector<api::AccessEvent>& shown, LogEvidence evidence,
                      MemoryStore& store) {
    NativeLogCrypto crypto;
    std::optional<LogVerification> result;
    verify_log_evidence(crypto, store, shown, std::move(evidence),
                        [&](LogVerification r) { result = std::move(r); });
    REQUIRE(result.has_value());
    return *result;
}

int verified_count(const LogVerification& result) {
    int n = 0;
    for (const auto& entry : result.entries) {
        n += entry.second == EntryTrust::Verified ? 1 : 0;
    }
    return n;
}

const server::NoteSigner witness_a{"dpa.example/witness", seed(40)};
const server::NoteSigner witness_b{"court.example/witness", seed(80)};

// The evidence of entries 20 and 19 of `log`, with the witnesses the server lists and the
// cosigned checkpoint of size `at`, with a consistency proof from `at` to the log's size (none
// from the empty tree: there is no such proof).
LogEvidence witnessed(const TestLog& log, std::vector<std::string> keys, std::string cosigned,
                      std::uint64_t at) {
    LogEvidence evidence{log.verifier_key(), "", log.bundle({20, 19}), {}, {}, {}, {}};
    evidence.witness_keys = std::move(keys);
    evidence.cosigned = std::move(cosigned);
    if (at > 0 && at < log.size()) {
        evidence.cosigned_consistency = log.consistency(at);
    }
    return evidence;
}

// The evidence of entries 13 and 12 of `bundled`, with witness A listed and the checkpoint it
// cosigned larger than the bundle's, with `proof` from the bundle's size to the cosigned one.
LogEvidence ahead(const TestLog& bundled, std::string cosigned, std::vector<std::string> proof) {
    LogEvidence evidence{bundled.verifier_key(), "", bundled.bundle({13, 12}), {}, {}, {}, {}};
    evidence.witness_keys = {witness_a.verifier().text()};
    evidence.cosigned = std::move(cosigned);
    evidence.cosigned_consistency = std::move(proof);
    return evidence;
}

// The server's answer to GET /api/v1/log/public-key for `log`, listing these witnesses.
std::string key_answer(const TestLog& log, const std::vector<std::string>& witness_keys = {}) {
    nlohmann::json key{{"origin", origin},
                       {"verifier_key", log.verifier_key()},
                       {"algorithm", "Ed25519"},
                       {"public_key", "AA=="}};
    if (!witness_keys.empty()) {
        key["witness_keys"] = witness_keys;
    }
    return key.dump();
}

// Answers the only open request, which must ask for the consistency proof from `first` leaves
// to all of `log`'s, with that proof.
void answer_consistency(testing::FakeTransport& transport, const TestLog& log,
                        std::uint64_t first) {
    REQUIRE(transport.pending() == 1);
    CHECK(transport.request().path == "/api/v1/log/consistency?first=" + std::to_string(first) +
                                          "&second=" + std::to_string(log.size()));
    transport.respond(
        200,
        nlohmann::json{{"first", first}, {"second", log.size()}, {"proof", log.consistency(first)}}
            .dump());
}

// The note with one byte of the signature on `name`'s line changed (not its key id).
std::string with_bad_line(std::string note, const std::string& name) {
    const auto line = note.find("\xe2\x80\x94 " + name + " ");
    REQUIRE(line != std::string::npos);
    const auto at = note.find('\n', line) - 10;
    note[at] = note[at] == 'A' ? 'B' : 'A';
    return note;
}

// Consistency proofs from 13 to 20 leaves of `log` that cannot hold for those sizes, by what is
// wrong with them: a hash too few or too many, or a text that is no hash (not base64, or not 32
// bytes), in place of a hash or after the valid ones.
std::vector<std::pair<std::string, std::vector<std::string>>> malformed_proofs(const TestLog& log) {
    const std::vector<std::string> valid = log.consistency(13);
    REQUIRE(valid.size() >= 2);
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    out.emplace_back("no hash at all", std::vector<std::string>{});
    auto& short_one = out.emplace_back("one hash too few", valid).second;
    short_one.pop_back();
    out.emplace_back("one hash too many", valid).second.push_back(valid.front());
    out.emplace_back("a hash that is not base64", valid).second[1] = "n0t/base64!?";
    out.emplace_back("a text after the hashes that is not base64", valid).second.push_back("%%%%");
    out.emplace_back("a hash of 31 bytes after the hashes", valid)
        .second.push_back(log_trust::base64_encode(std::string(31, 'x')));
    return out;
}

Hash chain_end(const log_trust::Chain& chain) {
    Hash value = chain.start;
    for (std::size_t i = 0; i < chain.sides.size(); ++i) {
        value = chain.sides[i] == log_trust::Side::ProofLeft
                    ? merkle::node_hash(sha, chain.proof[i], value)
                    : merkle::node_hash(sha, value, chain.proof[i]);
    }
    return value;
}

} // namespace

TEST_CASE("log trust: proof steps agree with RFC 9162 for every index and size up to 17") {
    const TestLog log(17);
    for (std::uint64_t size = 1; size <= 17; ++size) {
        for (std::uint64_t index = 0; index < size; ++index) {
            const auto proof = merkle::inclusion_proof(sha, index, size, log.reader());
            const auto sides = log_trust::inclusion_steps(index, size, proof.size());
            REQUIRE(sides.has_value());
            const Hash leaf = log.nodes.at({0, index});
            CHECK(chain_end({leaf, *sides, proof}) == log.root(size));
            CHECK_FALSE(log_trust::inclusion_steps(index, size, proof.size() + 1).has_value());
            if (!proof.empty()) {
                CHECK_FALSE(log_trust::inclusion_steps(index, size, proof.size() - 1));
            }
        }
        CHECK_FALSE(log_trust::inclusion_steps(size, size, 0).has_value());
        for (std::uint64_t first = 1; first <= size; ++first) {
            const auto proof = merkle::consistency_proof(sha, first, size, log.reader());
            const auto chains = log_trust::consistency_chains(first, size, log.root(first), proof);
            REQUIRE(chains.has_value());
            CHECK(chain_end(chains->first) == log.root(first));
            CHECK(chain_end(chains->second) == log.root(size));
        }
    }
}

TEST_CASE("log trust: notes, checkpoints, verifier keys and base64 are read as C2SP writes them") {
    const TestLog log(5);
    const auto key = log_trust::parse_verifier_key(log.verifier_key());
    REQUIRE(key.has_value());
    CHECK(key->name == origin);
    CHECK(key->public_key.size() == 32);
    CHECK(native_sha256(log_trust::key_id_input(*key))[0] ==
          static_cast<std::uint8_t>(key->key_id[0]));
    const auto note = log_trust::parse_note(log.note(5));
    REQUIRE(note.has_value());
    REQUIRE(log_trust::signature_of(*note, *key) != nullptr);
    CHECK(log_trust::signature_of(*note, *key)->signature.size() == 64);
    const auto checkpoint = log_trust::parse_checkpoint(note->text);
    REQUIRE(checkpoint.has_value());
    CHECK(checkpoint->size == 5);
    CHECK(checkpoint->root == log.root(5));
    CHECK_FALSE(log_trust::parse_checkpoint(origin + "\n05\n" + "AAAA\n"));
    CHECK_FALSE(log_trust::parse_note("no signature\n"));
    CHECK(log_trust::base64_decode("aGk=") == std::optional<std::string>("hi"));
    CHECK_FALSE(log_trust::base64_decode("aGk"));
    CHECK_FALSE(log_trust::base64_decode("a=Gk"));
    CHECK(log_trust::base64_encode("hi!?") == "aGkhPw==");
}

TEST_CASE("log trust: a real log's entries are verified, and the checkpoint is remembered") {
    const TestLog log(50);
    std::vector<std::int64_t> seqs;
    for (std::int64_t s = 50; s >= 1; --s) {
        seqs.push_back(s);
    }
    MemoryStore store;
    const LogVerification result =
        check(events(seqs), {log.verifier_key(), "", log.bundle(seqs), {}, {}, {}, {}}, store);
    CHECK(result.status == LogStatus::Verified);
    CHECK(verified_count(result) == 50);
    CHECK(result.tree_size == 50);
    REQUIRE(store.text.has_value());
    const auto remembered = log_trust::parse_remembered(*store.text);
    REQUIRE(remembered.has_value());
    CHECK(remembered->size == 50);
    CHECK(remembered->root == log.root(50));
}

TEST_CASE("log trust: a changed entry, a changed fact shown or a missing proof is not confirmed") {
    const TestLog log(9);
    MemoryStore store;
    SUBCASE("the proved text was changed in the database") {
        api::LogProofBundle bundle = log.bundle({4, 5, 6});
        auto& text = bundle.proofs[1].entry;
        text.replace(text.find("\"allowed\""), 9, "\"allowed \"");
        const auto result =
            check(events({4, 5, 6}), {log.verifier_key(), "", bundle, {}, {}, {}, {}}, store);
        CHECK(result.status == LogStatus::Verified);
        CHECK(result.entries[0].second == EntryTrust::Verified);
        CHECK(result.entries[1].second == EntryTrust::NotConfirmed);
        CHECK(result.entries[2].second == EntryTrust::Verified);
    }
    SUBCASE("the page shows another outcome than the log holds") {
        auto shown = events({4, 5, 6});
        shown[2].outcome = api::AccessOutcome::Allowed; // seq 6 was denied
        const auto result =
            check(shown, {log.verifier_key(), "", log.bundle({4, 5, 6}), {}, {}, {}, {}}, store);
        CHECK(result.entries[2].second == EntryTrust::NotConfirmed);
        CHECK(verified_count(result) == 2);
        CHECK(log_trust::mismatched_facts(shown[2], log.texts[5]) ==
              std::vector<std::string>{"outcome"});
    }
    SUBCASE("an entry without a proof, and a proof for another position") {
        api::LogProofBundle bundle = log.bundle({4, 5});
        bundle.proofs[1].leaf_index = 5;
        const auto result =
            check(events({4, 5, 6}), {log.verifier_key(), "", bundle, {}, {}, {}, {}}, store);
        CHECK(result.entries[0].second == EntryTrust::Verified);
        CHECK(result.entries[1].second == EntryTrust::NotConfirmed);
        CHECK(result.entries[2].second == EntryTrust::NotConfirmed);
    }
}

TEST_CASE("log trust: a checkpoint not signed with the pinned key confirms nothing") {
    const TestLog log(9);
    MemoryStore store;
    SUBCASE("signed by another key under the log's name") {
        const server::NoteSigner other(origin, seed(2));
        api::LogProofBundle bundle = log.bundle({1, 2});
        bundle.checkpoint = log.note(9, &other);
        const auto result =
            check(events({1, 2}), {log.verifier_key(), "", bundle, {}, {}, {}, {}}, store);
        CHECK(result.status == LogStatus::SignatureInvalid);
        CHECK(verified_count(result) == 0);
    }
    SUBCASE("a root changed after signing") {
        api::LogProofBundle bundle = log.bundle({1, 2});
        const auto at = bundle.checkpoint.find("\n9\n") + 3;
        bundle.checkpoint[at] = bundle.checkpoint[at] == 'A' ? 'B' : 'A';
        const auto result =
            check(events({1, 2}), {log.verifier_key(), "", bundle, {}, {}, {}, {}}, store);
        CHECK(result.status == LogStatus::SignatureInvalid);
        CHECK(verified_count(result) == 0);
    }
    CHECK_FALSE(store.text.has_value());
}

TEST_CASE("log trust: the remembered checkpoint detects a rolled-back or forked log") {
    const TestLog log(20);
    MemoryStore store;
    SUBCASE("a grown log consistent with the remembered one is verified and remembered") {
        const TestLog earlier(13);
        store.text = earlier.remembered(13);
        const auto result = check(events({20, 19}),
                                  {log.verifier_key(),
                                   *store.text,
                                   log.bundle({20, 19}),
                                   log.consistency(13),
                                   {},
                                   {},
                                   {}},
                                  store);
        CHECK(result.status == LogStatus::Verified);
        CHECK(result.remembered_size == 13);
        CHECK(verified_count(result) == 2);
        CHECK(log_trust::parse_remembered(*store.text)->size == 20);
    }
    SUBCASE("rolled back: the remembered checkpoint is larger") {
        const TestLog later(25);
        store.text = later.remembered(25);
        const auto result =
            check(events({20}), {log.verifier_key(), *store.text, log.bundle({20}), {}, {}, {}, {}},
                  store);
        CHECK(result.status == LogStatus::RolledBack);
        CHECK(verified_count(result) == 0);
        CHECK(log_trust::parse_remembered(*store.text)->size == 25); // kept
    }
    SUBCASE("forked: another history of the same size") {
        const TestLog other(20, " (changed)");
        store.text = other.remembered(20);
        const auto result =
            check(events({20}), {log.verifier_key(), *store.text, log.bundle({20}), {}, {}, {}, {}},
                  store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(verified_count(result) == 0);
    }
    SUBCASE("forked: the remembered smaller log is not a prefix of this one") {
        const TestLog other(13, " (changed)");
        store.text = other.remembered(13);
        const auto result = check(
            events({20}),
            {log.verifier_key(), *store.text, log.bundle({20}), log.consistency(13), {}, {}, {}},
            store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(log_trust::parse_remembered(*store.text)->root == other.root(13));
    }
    SUBCASE("the server names another key than the one pinned") {
        const server::NoteSigner other(origin, seed(3));
        store.text = log_trust::remembered_text({other.verifier().text(), 20, log.root(20)});
        const auto result =
            check(events({20}), {log.verifier_key(), *store.text, log.bundle({20}), {}, {}, {}, {}},
                  store);
        CHECK(result.status == LogStatus::KeyChanged);
    }
}

TEST_CASE(
    "log trust: a remembered tree of one leaf needs a consistency proof, the empty one none") {
    const TestLog log(20);
    MemoryStore store;
    SUBCASE("the empty tree is a prefix of every tree: verified without a proof") {
        store.text = log.remembered(0);
        const auto result =
            check(events({20, 19}),
                  {log.verifier_key(), *store.text, log.bundle({20, 19}), {}, {}, {}, {}}, store);
        CHECK(result.status == LogStatus::Verified);
        CHECK(result.remembered_size == 0);
        CHECK(verified_count(result) == 2);
        CHECK(log_trust::parse_remembered(*store.text)->size == 20);
    }
    SUBCASE("one leaf, extended by this log: verified by the proof from one leaf") {
        store.text = log.remembered(1);
        const auto result = check(
            events({20, 19}),
            {log.verifier_key(), *store.text, log.bundle({20, 19}), log.consistency(1), {}, {}, {}},
            store);
        CHECK(result.status == LogStatus::Verified);
        CHECK(result.remembered_size == 1);
        CHECK(verified_count(result) == 2);
        CHECK(log_trust::parse_remembered(*store.text)->size == 20);
    }
    SUBCASE("one leaf of another history: forked, though the proof is this log's") {
        const TestLog other(1, " (changed)");
        store.text = other.remembered(1);
        const auto result = check(
            events({20, 19}),
            {log.verifier_key(), *store.text, log.bundle({20, 19}), log.consistency(1), {}, {}, {}},
            store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(verified_count(result) == 0);
        CHECK(log_trust::parse_remembered(*store.text)->root == other.root(1));
    }
    SUBCASE("one leaf, and no proof from it: forked") {
        store.text = log.remembered(1);
        const auto result =
            check(events({20, 19}),
                  {log.verifier_key(), *store.text, log.bundle({20, 19}), {}, {}, {}, {}}, store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(verified_count(result) == 0);
        CHECK(log_trust::parse_remembered(*store.text)->size == 1);
    }
}

TEST_CASE("log trust: the same size with another root is a fork, at one leaf as at twenty") {
    const TestLog log(1);
    MemoryStore store;
    SUBCASE("the same root at one leaf: verified without a proof") {
        store.text = log.remembered(1);
        const auto result = check(
            events({1}), {log.verifier_key(), *store.text, log.bundle({1}), {}, {}, {}, {}}, store);
        CHECK(result.status == LogStatus::Verified);
        CHECK(verified_count(result) == 1);
    }
    SUBCASE("another root at one leaf") {
        const TestLog other(1, " (changed)");
        store.text = other.remembered(1);
        const auto result = check(
            events({1}), {log.verifier_key(), *store.text, log.bundle({1}), {}, {}, {}, {}}, store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(verified_count(result) == 0);
        CHECK(log_trust::parse_remembered(*store.text)->root == other.root(1));
    }
    SUBCASE("another root at one leaf, with a consistency proof served all the same") {
        const TestLog other(1, " (changed)");
        const TestLog longer(20);
        store.text = other.remembered(1);
        const auto result = check(
            events({1}),
            {log.verifier_key(), *store.text, log.bundle({1}), longer.consistency(1), {}, {}, {}},
            store);
        CHECK(result.status == LogStatus::Forked);
    }
}

TEST_CASE("log trust: a malformed consistency proof from the remembered checkpoint is a fork") {
    const TestLog log(20);
    for (const auto& [what, proof] : malformed_proofs(log)) {
        INFO("the proof from 13 to 20: " << what);
        MemoryStore store;
        store.text = log.remembered(13);
        const auto result = check(
            events({20, 19}),
            {log.verifier_key(), *store.text, log.bundle({20, 19}), proof, {}, {}, {}}, store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(result.remembered_size == 13);
        CHECK(verified_count(result) == 0);
        CHECK(log_trust::parse_remembered(*store.text)->size == 13); // kept
    }
}

TEST_CASE(
    "log trust: a listed witness's valid cosignature of a checkpoint on this history counts") {
    const TestLog log(20);
    MemoryStore store;
    const std::string a = witness_a.verifier().text();
    const std::string b = witness_b.verifier().text();
    SUBCASE("the bundle's own checkpoint, cosigned by one witness") {
        const auto result =
            check(events({20, 19}), witnessed(log, {a}, log.cosigned(20, {&witness_a}), 20), store);
        CHECK(result.status == LogStatus::Verified);
        CHECK(result.witnesses == 1);
        CHECK(result.witnessed_size == 20);
        CHECK(verified_count(result) == 2);
    }
    SUBCASE("an earlier checkpoint, cosigned by two, tied to this one by a consistency proof") {
        const auto result =
            check(events({20, 19}),
                  witnessed(log, {a, b, a}, log.cosigned(13, {&witness_a, &witness_b}), 13), store);
        CHECK(result.status == LogStatus::Verified);
        CHECK(result.witnesses == 2);
        CHECK(result.witnessed_size == 13);
        CHECK(log_trust::parse_remembered(*store.text)->size == 20);
    }
    SUBCASE("no cosigned checkpoint: no witness, and nothing wrong") {
        const auto result = check(events({20, 19}), witnessed(log, {a}, "", 20), store);
        CHECK(result.status == LogStatus::Verified);
        CHECK(result.witnesses == 0);
        CHECK(verified_count(result) == 2);
    }
}

TEST_CASE("log trust: a witness the server does not list, or the log's own key, is not counted") {
    const TestLog log(20);
    MemoryStore store;
    const std::string a = witness_a.verifier().text();
    SUBCASE("a valid line of a key not listed") {
        const auto result =
            check(events({20, 19}),
                  witnessed(log, {a}, log.cosigned(20, {&witness_a, &witness_b}), 20), store);
        CHECK(result.status == LogStatus::Verified);
        CHECK(result.witnesses == 1);
    }
    SUBCASE("the log's own key listed as a witness") {
        const auto result =
            check(events({20, 19}), witnessed(log, {log.verifier_key()}, log.cosigned(20, {}), 20),
                  store);
        CHECK(result.status == LogStatus::Verified);
        CHECK(result.witnesses == 0);
    }
}

TEST_CASE("log trust: a cosignature that does not verify is not counted") {
    const TestLog log(20);
    MemoryStore store;
    const std::string a = witness_a.verifier().text();
    const std::string b = witness_b.verifier().text();
    SUBCASE("one of two witnesses' lines changed") {
        const std::string note =
            with_bad_line(log.cosigned(13, {&witness_a, &witness_b}), "dpa.example/witness");
        const auto result = check(events({20, 19}), witnessed(log, {a, b}, note, 13), store);
        CHECK(result.status == LogStatus::Verified);
        CHECK(result.witnesses == 1);
    }
    SUBCASE("the log's own line on the cosigned checkpoint changed") {
        const std::string note = with_bad_line(log.cosigned(13, {&witness_a}), origin);
        const auto result = check(events({20, 19}), witnessed(log, {a}, note, 13), store);
        CHECK(result.status == LogStatus::Verified);
        CHECK(result.witnesses == 0);
    }
}

TEST_CASE("log trust: a cosigned checkpoint of another history is a fork") {
    const TestLog log(20);
    MemoryStore store;
    const std::string a = witness_a.verifier().text();
    SUBCASE("the same size with another root") {
        const TestLog other(20, " (changed)");
        const auto result = check(events({20, 19}),
                                  witnessed(log, {a}, other.cosigned(20, {&witness_a}), 20), store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(result.witness_fork);
        CHECK(result.witnesses == 0);
        CHECK(result.witnessed_size == 20);
        CHECK(verified_count(result) == 0);
    }
    SUBCASE("a smaller size this history does not extend") {
        const TestLog other(13, " (changed)");
        const auto result = check(events({20, 19}),
                                  witnessed(log, {a}, other.cosigned(13, {&witness_a}), 13), store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(result.witness_fork);
        CHECK(verified_count(result) == 0);
    }
    CHECK_FALSE(store.text.has_value());
}

TEST_CASE("log trust: a cosigned tree of no leaf or one leaf lies on this history, or is a fork") {
    const TestLog log(20);
    MemoryStore store;
    const std::string a = witness_a.verifier().text();
    SUBCASE("the empty tree, a prefix of every tree: counted without a proof") {
        const auto result =
            check(events({20, 19}), witnessed(log, {a}, log.cosigned(0, {&witness_a}), 0), store);
        CHECK(result.status == LogStatus::Verified);
        CHECK_FALSE(result.witness_fork);
        CHECK(result.witnesses == 1);
        CHECK(result.witnessed_size == 0);
        CHECK(verified_count(result) == 2);
    }
    SUBCASE("one leaf, tied to this log by the proof from one leaf") {
        const auto result =
            check(events({20, 19}), witnessed(log, {a}, log.cosigned(1, {&witness_a}), 1), store);
        CHECK(result.status == LogStatus::Verified);
        CHECK_FALSE(result.witness_fork);
        CHECK(result.witnesses == 1);
        CHECK(result.witnessed_size == 1);
        CHECK(verified_count(result) == 2);
    }
    SUBCASE("one leaf of another history") {
        const TestLog other(1, " (changed)");
        const auto result =
            check(events({20, 19}), witnessed(log, {a}, other.cosigned(1, {&witness_a}), 1), store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(result.witness_fork);
        CHECK(result.witnessed_size == 1);
        CHECK(verified_count(result) == 0);
        CHECK_FALSE(store.text.has_value());
    }
    SUBCASE("one leaf, and no proof from it") {
        LogEvidence evidence = witnessed(log, {a}, log.cosigned(1, {&witness_a}), 1);
        evidence.cosigned_consistency.clear();
        const auto result = check(events({20, 19}), std::move(evidence), store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(result.witness_fork);
        CHECK(verified_count(result) == 0);
    }
}

TEST_CASE("log trust: a cosigned checkpoint of the bundle's size with another root is a fork") {
    MemoryStore store;
    const std::string a = witness_a.verifier().text();
    SUBCASE("one leaf") {
        const TestLog log(1);
        const TestLog other(1, " (changed)");
        LogEvidence evidence{log.verifier_key(), "", log.bundle({1}), {}, {a}, {}, {}};
        evidence.cosigned = other.cosigned(1, {&witness_a});
        const auto result = check(events({1}), std::move(evidence), store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(result.witness_fork);
        CHECK(result.witnessed_size == 1);
        CHECK(verified_count(result) == 0);
    }
    SUBCASE("no leaf: a root other than the empty tree's") {
        const TestLog log(0);
        const TestLog other(1);
        LogEvidence evidence{log.verifier_key(), "", log.bundle({}), {}, {a}, {}, {}};
        evidence.cosigned = log.cosigned_claiming(0, other.root(1), {&witness_a});
        const auto result = check({}, std::move(evidence), store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(result.witness_fork);
        CHECK(result.witnessed_size == 0);
    }
    CHECK_FALSE(store.text.has_value());
}

TEST_CASE("log trust: a cosigned checkpoint larger than the bundle's is tied to it by a proof") {
    const TestLog log(20);
    const TestLog bundled(13); // the same first 13 entries: a stale bundle of this history
    MemoryStore store;
    SUBCASE("the bundle's tree a prefix of the cosigned one: counted") {
        const auto result =
            check(events({13, 12}),
                  ahead(bundled, log.cosigned(20, {&witness_a}), log.consistency(13)), store);
        CHECK(result.status == LogStatus::Verified);
        CHECK_FALSE(result.witness_fork);
        CHECK(result.witnesses == 1);
        CHECK(result.witnessed_size == 20);
        CHECK(result.tree_size == 13);
        CHECK(verified_count(result) == 2);
        CHECK(log_trust::parse_remembered(*store.text)->size == 13);
    }
    SUBCASE("the bundle's tree of another history: a fork") {
        const TestLog other(13, " (changed)");
        const auto result =
            check(events({13, 12}),
                  ahead(other, log.cosigned(20, {&witness_a}), log.consistency(13)), store);
        CHECK(result.status == LogStatus::Forked);
        CHECK(result.witness_fork);
        CHECK(result.witnessed_size == 20);
        CHECK(verified_count(result) == 0);
        CHECK_FALSE(store.text.has_value());
    }
}

TEST_CASE("log trust: a malformed consistency proof to the cosigned checkpoint is a fork") {
    const TestLog log(20);
    const TestLog bundled(13);
    const std::string a = witness_a.verifier().text();
    for (const auto& [what, proof] : malformed_proofs(log)) {
        INFO("the proof from 13 to 20: " << what);
        MemoryStore store;
        // The cosigned checkpoint older than the bundle's.
        LogEvidence evidence = witnessed(log, {a}, log.cosigned(13, {&witness_a}), 13);
        evidence.cosigned_consistency = proof;
        const auto behind = check(events({20, 19}), std::move(evidence), store);
        CHECK(behind.status == LogStatus::Forked);
        CHECK(behind.witness_fork);
        CHECK(behind.witnesses == 0);
        CHECK(behind.witnessed_size == 13);
        CHECK(verified_count(behind) == 0);
        // The cosigned checkpoint newer than the bundle's.
        const auto newer =
            check(events({13, 12}), ahead(bundled, log.cosigned(20, {&witness_a}), proof), store);
        CHECK(newer.status == LogStatus::Forked);
        CHECK(newer.witness_fork);
        CHECK(newer.witnesses == 0);
        CHECK(newer.witnessed_size == 20);
        CHECK(verified_count(newer) == 0);
        CHECK_FALSE(store.text.has_value());
    }
}

TEST_CASE("log trust: the app asks for the key, the proofs and a consistency proof, then queues "
          "one result") {
    const TestLog log(20);
    testing::FakeTransport transport;
    ApiClient client(transport);
    NativeLogCrypto crypto;
    MemoryStore store;
    store.text = log.remembered(13);
    std::optional<LogVerification> result;
    verify_log_entries(client, crypto, store, events({20, 18}),
                       [&](LogVerification r) { result = std::move(r); });
    REQUIRE(transport.pending() == 1);
    CHECK(transport.request().path == "/api/v1/log/public-key");
    transport.respond(200, nlohmann::json{{"origin", origin},
                                          {"verifier_key", log.verifier_key()},
                                          {"algorithm", "Ed25519"},
                                          {"public_key", "AA=="}}
                               .dump());
    REQUIRE(transport.pending() == 1);
    CHECK(transport.request().path == "/api/v1/me/access-proofs?ids=120,118");
    nlohmann::json bundle = log.bundle({20, 18});
    transport.respond(200, bundle.dump());
    REQUIRE(transport.pending() == 1);
    CHECK(transport.request().path == "/api/v1/log/consistency?first=13&second=20");
    transport.respond(
        200, nlohmann::json{{"first", 13}, {"second", 20}, {"proof", log.consistency(13)}}.dump());
    REQUIRE(result.has_value());
    CHECK(result->status == LogStatus::Verified);
    CHECK(verified_count(*result) == 2);
    // Three levels of proof for 20 leaves take a batch each, not one per hash.
    CHECK(crypto.hash_batches <= 8);

    // The history page asks for the check of each page it shows and keeps the worst outcome.
    AppState state;
    state.session_epoch = 1;
    message::EventsLoaded loaded{
        Result<api::AccessEventPage>::success({events({20, 18}), {}}), true, {}};
    const Commands commands = on_message(state, 1, loaded);
    REQUIRE(commands.size() == 1);
    CHECK(std::get<command::VerifyLog>(commands[0]).events.size() == 2);
    CHECK(state.history.trust.pending == 1);
    on_message(state, 1, message::LogVerified{Result<LogVerification>::success(*result)});
    CHECK(state.history.trust.status == LogStatus::Verified);
    CHECK(state.history.trust.entries.at("120") == EntryTrust::Verified);
    LogVerification worse = *result;
    worse.status = LogStatus::Forked;
    on_message(state, 1, message::LogVerified{Result<LogVerification>::success(worse)});
    on_message(state, 1, message::LogVerified{Result<LogVerification>::success(*result)});
    CHECK(state.history.trust.status == LogStatus::Forked);
    CHECK(state.history.trust.pending == 0);
}

TEST_CASE("log trust: the overview's latest accesses are checked and marked like the history's") {
    const TestLog log(21);
    MemoryStore store;
    AppState state;
    state.session_epoch = 1;
    state.citizen.overview.counting = true;
    // Seven accesses in the last 30 days: the overview shows the newest five and checks them.
    const message::citizen::RecentEventsLoaded loaded{
        Result<api::AccessEventPage>::success({events({20, 19, 18, 17, 16, 15, 14}), {}}), true};
    const Commands commands = on_message(state, 1, loaded);
    REQUIRE(commands.size() == 1);
    const auto& shown = std::get<command::VerifyLog>(commands[0]).events;
    REQUIRE(shown.size() == 5);
    CHECK(shown.front().id == "120");
    CHECK(shown.back().id == "116");
    CHECK(state.history.trust.pending == 1);

    const LogVerification result = check(
        shown, {log.verifier_key(), "", log.bundle({20, 19, 18, 17, 16}), {}, {}, {}, {}}, store);
    CHECK(verified_count(result) == 5);
    on_message(state, 1, message::LogVerified{Result<LogVerification>::success(result)});
    CHECK(state.history.trust.pending == 0);
    CHECK(state.history.trust.status == LogStatus::Verified);
    for (const EventRow& row : state.citizen.overview.latest) {
        CHECK(state.history.trust.entries.at(row.id) == EntryTrust::Verified);
    }
}

TEST_CASE("log trust: with witnesses listed the app asks for the cosigned checkpoint first") {
    const TestLog log(20);
    testing::FakeTransport transport;
    ApiClient client(transport);
    NativeLogCrypto crypto;
    MemoryStore store;
    const nlohmann::json key{{"origin", origin},
                             {"verifier_key", log.verifier_key()},
                             {"algorithm", "Ed25519"},
                             {"public_key", "AA=="},
                             {"witness_keys", {witness_a.verifier().text()}}};
    std::optional<LogVerification> result;
    verify_log_entries(client, crypto, store, events({20, 18}),
                       [&](LogVerification r) { result = std::move(r); });
    transport.respond(200, key.dump());
    REQUIRE(transport.pending() == 1);
    CHECK(transport.request().path == "/api/v1/log/cosigned-checkpoint");
    SUBCASE("none yet (404): zero witnesses, the entries verified") {
        transport.respond(404, R"({"title":"Not Found","status":404})");
        REQUIRE(transport.pending() == 1);
        CHECK(transport.request().path == "/api/v1/me/access-proofs?ids=120,118");
        transport.respond(200, nlohmann::json(log.bundle({20, 18})).dump());
        REQUIRE(result.has_value());
        CHECK(result->status == LogStatus::Verified);
        CHECK(result->witnesses == 0);
        CHECK(verified_count(*result) == 2);
    }
    SUBCASE("an earlier cosigned checkpoint: its consistency proof is fetched") {
        transport.respond(200, log.cosigned(13, {&witness_a}));
        transport.respond(200, nlohmann::json(log.bundle({20, 18})).dump());
        REQUIRE(transport.pending() == 1);
        CHECK(transport.request().path == "/api/v1/log/consistency?first=13&second=20");
        transport.respond(
            200,
            nlohmann::json{{"first", 13}, {"second", 20}, {"proof", log.consistency(13)}}.dump());
        REQUIRE(result.has_value());
        CHECK(result->status == LogStatus::Verified);
        CHECK(result->witnesses == 1);
        CHECK(result->witnessed_size == 13);
    }
}

TEST_CASE("log trust: the app asks for a consistency proof from a remembered tree of one leaf, "
          "none from the empty tree or the same size") {
    const TestLog log(20);
    testing::FakeTransport transport;
    ApiClient client(transport);
    NativeLogCrypto crypto;
    MemoryStore store;
    std::optional<LogVerification> result;
    // The key, then the proofs: what each case below answers first.
    const auto key_and_proofs = [&] {
        verify_log_entries(client, crypto, store, events({20, 18}),
                           [&](LogVerification r) { result = std::move(r); });
        transport.respond(200, key_answer(log));
        REQUIRE(transport.pending() == 1);
        CHECK(transport.request().path == "/api/v1/me/access-proofs?ids=120,118");
        transport.respond(200, nlohmann::json(log.bundle({20, 18})).dump());
    };
    SUBCASE("the empty tree: no proof asked for") {
        store.text = log.remembered(0);
        key_and_proofs();
        CHECK(transport.pending() == 0);
        REQUIRE(result.has_value());
        CHECK(result->status == LogStatus::Verified);
        CHECK(verified_count(*result) == 2);
    }
    SUBCASE("one leaf: the proof from one leaf to twenty") {
        store.text = log.remembered(1);
        key_and_proofs();
        answer_consistency(transport, log, 1);
        REQUIRE(result.has_value());
        CHECK(result->status == LogStatus::Verified);
        CHECK(result->remembered_size == 1);
        CHECK(verified_count(*result) == 2);
    }
    SUBCASE("the bundle's own size: no proof asked for") {
        store.text = log.remembered(20);
        key_and_proofs();
        CHECK(transport.pending() == 0);
        REQUIRE(result.has_value());
        CHECK(result->status == LogStatus::Verified);
        CHECK(verified_count(*result) == 2);
    }
}

TEST_CASE("log trust: the app asks for the consistency proof to a cosigned checkpoint of one leaf "
          "or larger than the bundle's, none for the empty tree") {
    const TestLog log(20);
    const TestLog bundled(13);
    testing::FakeTransport transport;
    ApiClient client(transport);
    NativeLogCrypto crypto;
    MemoryStore store;
    std::optional<LogVerification> result;
    // The key, the cosigned checkpoint, then the proofs of the entries of `bundle_log` with these
    // seqs: what each case below answers first.
    const auto up_to_proofs = [&](const std::string& cosigned, const TestLog& bundle_log,
                                  const std::vector<std::int64_t>& seqs) {
        verify_log_entries(client, crypto, store, events(seqs),
                           [&](LogVerification r) { result = std::move(r); });
        transport.respond(200, key_answer(log, {witness_a.verifier().text()}));
        REQUIRE(transport.pending() == 1);
        CHECK(transport.request().path == "/api/v1/log/cosigned-checkpoint");
        transport.respond(200, cosigned);
        REQUIRE(transport.pending() == 1);
        CHECK(transport.request().path.starts_with("/api/v1/me/access-proofs?ids="));
        transport.respond(200, nlohmann::json(bundle_log.bundle(seqs)).dump());
    };
    SUBCASE("the empty tree: no proof asked for, the witness counted") {
        up_to_proofs(log.cosigned(0, {&witness_a}), log, {20, 18});
        CHECK(transport.pending() == 0);
        REQUIRE(result.has_value());
        CHECK(result->status == LogStatus::Verified);
        CHECK(result->witnesses == 1);
    }
    SUBCASE("one leaf: the proof from one leaf to twenty") {
        up_to_proofs(log.cosigned(1, {&witness_a}), log, {20, 18});
        answer_consistency(transport, log, 1);
        REQUIRE(result.has_value());
        CHECK(result->status == LogStatus::Verified);
        CHECK(result->witnesses == 1);
        CHECK(result->witnessed_size == 1);
    }
    SUBCASE("twenty leaves and a bundle of 13: the proof from the bundle's size to twenty") {
        up_to_proofs(log.cosigned(20, {&witness_a}), bundled, {13, 12});
        answer_consistency(transport, log, 13);
        REQUIRE(result.has_value());
        CHECK(result->status == LogStatus::Verified);
        CHECK(result->witnesses == 1);
        CHECK(result->witnessed_size == 20);
        CHECK(result->tree_size == 13);
    }
}

TEST_CASE("log trust: a remembered empty tree with another root than the bundle's empty tree is a "
          "fork") {
    // Both checkpoints of size 0 were signed with the log's key, with different roots: two
    // histories, as at any other size.
    const TestLog log(0);
    const TestLog other(1);
    MemoryStore store;
    store.text = log_trust::remembered_text({log.verifier_key(), 0, other.root(1)});
    const auto result =
        check({}, {log.verifier_key(), *store.text, log.bundle({}), {}, {}, {}, {}}, store);
    CHECK(result.status == LogStatus::Forked);
    CHECK(log_trust::parse_remembered(*store.text)->root == other.root(1));
}
