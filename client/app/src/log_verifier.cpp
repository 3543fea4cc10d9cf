#include "einblick/client/log_verifier.hpp"

#include "einblick/client/log_trust.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

namespace einblick::client {
namespace {

using log_trust::Chain;
using log_trust::Hash;

// Runs chains of hash steps side by side: one batch of SHA-256 per level, so that 50 proofs
// of 20 levels take 20 round trips to Web Crypto rather than 1000.
struct ChainRun : std::enable_shared_from_this<ChainRun> {
    LogCrypto& crypto;
    std::vector<Chain> chains;
    std::vector<Hash> values;
    std::size_t step = 0;
    std::function<void(std::vector<Hash>)> done;

    ChainRun(LogCrypto& c, std::vector<Chain> ch, std::function<void(std::vector<Hash>)> d)
        : crypto(c), chains(std::move(ch)), done(std::move(d)) {
        for (const Chain& chain : chains) {
            values.push_back(chain.start);
        }
    }

    void next() {
        std::vector<std::string> inputs;
        std::vector<std::size_t> which;
        for (std::size_t i = 0; i < chains.size(); ++i) {
            const Chain& chain = chains[i];
            if (step < chain.sides.size()) {
                const Hash& p = chain.proof[step];
                inputs.push_back(chain.sides[step] == log_trust::Side::ProofLeft
                                     ? log_trust::node_input(p, values[i])
                                     : log_trust::node_input(values[i], p));
                which.push_back(i);
            }
        }
        if (inputs.empty()) {
            done(std::move(values));
            return;
        }
        crypto.sha256_many(std::move(inputs), [self = shared_from_this(),
                                               which = std::move(which)](std::vector<Hash> out) {
            for (std::size_t k = 0; k < which.size() && k < out.size(); ++k) {
                self->values[which[k]] = out[k];
            }
            ++self->step;
            self->next();
        });
    }
};

void run_chains(LogCrypto& crypto, std::vector<Chain> chains,
                std::function<void(std::vector<Hash>)> done) {
    std::make_shared<ChainRun>(crypto, std::move(chains), std::move(done))->next();
}

std::optional<std::vector<Hash>> decode_hashes(const std::vector<std::string>& texts) {
    std::vector<Hash> out;
    for (const std::string& text : texts) {
        const auto bytes = log_trust::base64_decode(text);
        const auto hash = bytes ? log_trust::to_hash(*bytes) : std::nullopt;
        if (!hash) {
            return std::nullopt;
        }
        out.push_back(*hash);
    }
    return out;
}

// A tree of the log as a consistency proof sees it: its size and root (RFC 9162's tree head).
struct TreeHead {
    std::uint64_t size = 0;
    Hash root{};
};

// Whether two trees of these sizes need a consistency proof to lie on one history: none at the
// same size (the roots must be equal) and none from the empty tree, a prefix of every tree.
bool consistency_needed(std::uint64_t a, std::uint64_t b) {
    return a != b && std::min(a, b) > 0;
}

// Two trees of the log and the consistency proof between them, from the smaller to the larger,
// as two chains among those run side by side.
struct ConsistencyPair {
    TreeHead smaller;
    TreeHead larger;
    std::optional<std::size_t> first; // index of the first of the two chains; none: none added

    // Whether both trees lie on one history: the same root at the same size, the empty tree, or
    // the two chains ending on the two roots.
    bool holds(const std::vector<Hash>& ends) const {
        if (smaller.size == larger.size) {
            return smaller.root == larger.root;
        }
        if (smaller.size == 0) {
            return true;
        }
        return first && ends[*first] == smaller.root && ends[*first + 1] == larger.root;
    }
};

// The pair of `a` and `b`, with the two chains of `proof` (base64, smaller to larger) added to
// `chains` where the sizes need a proof. A proof that cannot hold for the sizes adds none, and
// the pair does not hold.
ConsistencyPair add_consistency_chains(const TreeHead& a, const TreeHead& b,
                                       const std::vector<std::string>& proof,
                                       std::vector<Chain>& chains) {
    const bool a_smaller = a.size <= b.size;
    ConsistencyPair pair{a_smaller ? a : b, a_smaller ? b : a, std::nullopt};
    if (!consistency_needed(a.size, b.size)) {
        return pair;
    }
    const auto hashes = decode_hashes(proof);
    const auto two = hashes ? log_trust::consistency_chains(pair.smaller.size, pair.larger.size,
                                                            pair.smaller.root, *hashes)
                            : std::nullopt;
    if (two) {
        pair.first = chains.size();
        chains.push_back(two->first);
        chains.push_back(two->second);
    }
    return pair;
}

LogVerification not_confirmed(const std::vector<api::AccessEvent>& events, LogStatus status) {
    LogVerification out;
    out.status = status;
    for (const api::AccessEvent& event : events) {
        out.entries.emplace_back(event.id, EntryTrust::NotConfirmed);
    }
    return out;
}

// The newest checkpoint witnesses cosigned, as far as it could be read: a note of the pinned
// log, and the listed witnesses that have a line on it.
struct Cosigned {
    log_trust::Note note;
    log_trust::Checkpoint checkpoint;
    std::string log_signature;
    std::vector<log_trust::VerifierKey> witnesses; // listed, with a line on the note
    std::vector<std::string> signatures;           // their lines' signatures, in that order
};

// The keys the server lists as its witnesses, read, without duplicates and never the log's own
// key: the log's signature is not a witness's.
std::vector<log_trust::VerifierKey> witness_keys(const std::vector<std::string>& texts,
                                                 const log_trust::VerifierKey& log_key) {
    std::vector<log_trust::VerifierKey> out;
    for (const std::string& text : texts) {
        const auto key = log_trust::parse_verifier_key(text);
        if (!key || key->public_key == log_key.public_key ||
            (key->name == log_key.name && key->key_id == log_key.key_id)) {
            continue;
        }
        const bool seen = std::any_of(out.begin(), out.end(), [&](const auto& known) {
            return known.public_key == key->public_key ||
                   (known.name == key->name && known.key_id == key->key_id);
        });
        if (!seen) {
            out.push_back(*key);
        }
    }
    return out;
}

std::optional<Cosigned> read_cosigned(const LogEvidence& evidence,
                                      const log_trust::VerifierKey& log_key) {
    if (evidence.cosigned.empty()) {
        return std::nullopt;
    }
    const auto opened = log_trust::parse_note(evidence.cosigned);
    const auto parsed = opened ? log_trust::parse_checkpoint(opened->text) : std::nullopt;
    const log_trust::NoteSignature* line =
        opened ? log_trust::signature_of(*opened, log_key) : nullptr;
    if (!parsed || line == nullptr || parsed->origin != log_key.name) {
        return std::nullopt; // not the log's checkpoint: nothing a witness confirmed of it
    }
    Cosigned out{*opened, *parsed, line->signature, {}, {}};
    for (const log_trust::VerifierKey& key : witness_keys(evidence.witness_keys, log_key)) {
        if (const log_trust::NoteSignature* own = log_trust::signature_of(*opened, key)) {
            out.witnesses.push_back(key);
            out.signatures.push_back(own->signature);
        }
    }
    return out;
}

// One verification of a bundle, from the first hash to the decision.
struct Check : std::enable_shared_from_this<Check> {
    LogCrypto& crypto;
    CheckpointStore& store;
    std::vector<api::AccessEvent> events;
    LogEvidence evidence;
    std::function<void(LogVerification)> done;

    double started = 0;
    log_trust::VerifierKey pinned;
    std::optional<log_trust::RememberedCheckpoint> remembered;
    log_trust::Note note;
    log_trust::Checkpoint checkpoint;
    std::string signature;
    std::optional<Cosigned> cosigned;
    // Per proof of the bundle: its chain's index, if its shape can hold.
    std::vector<std::optional<std::size_t>> chain_of;
    std::optional<ConsistencyPair> remembered_pair; // remembered and bundle, unless rolled back
    std::optional<ConsistencyPair> cosigned_pair;   // cosigned and bundle

    // Results, filled as they come.
    int outstanding = 2;
    bool signature_ok = false;
    bool key_id_ok = false;
    bool cosigned_signature_ok = false;
    std::vector<bool> witness_ok;
    std::vector<Hash> leaves;
    std::vector<Hash> ends;

    Check(LogCrypto& c, CheckpointStore& s, std::vector<api::AccessEvent> e, LogEvidence ev,
          std::function<void(LogVerification)> d)
        : crypto(c), store(s), events(std::move(e)), evidence(std::move(ev)), done(std::move(d)) {}

    void finish(LogVerification result) {
        result.milliseconds = crypto.now_ms() - started;
        result.tree_size = checkpoint.size;
        result.remembered_size = remembered ? remembered->size : 0;
        done(std::move(result));
    }

    void start() {
        started = crypto.now_ms();
        if (!evidence.remembered.empty()) {
            remembered = log_trust::parse_remembered(evidence.remembered);
        }
        const auto served = log_trust::parse_verifier_key(evidence.served_key);
        const auto stored =
            remembered ? log_trust::parse_verifier_key(remembered->verifier_key) : std::nullopt;
        if (!served) {
            finish(not_confirmed(events, LogStatus::Unavailable));
            return;
        }
        if (remembered && (!stored || stored->text != served->text)) {
            finish(not_confirmed(events, LogStatus::KeyChanged));
            return;
        }
        pinned = *served;
        const auto opened = log_trust::parse_note(evidence.bundle.checkpoint);
        const auto parsed = opened ? log_trust::parse_checkpoint(opened->text) : std::nullopt;
        const log_trust::NoteSignature* line =
            opened ? log_trust::signature_of(*opened, pinned) : nullptr;
        if (!parsed || line == nullptr || parsed->origin != pinned.name) {
            finish(not_confirmed(events, LogStatus::SignatureInvalid));
            return;
        }
        note = *opened;
        checkpoint = *parsed;
        signature = line->signature;
        cosigned = read_cosigned(evidence, pinned);
        if (cosigned) {
            outstanding += 1 + static_cast<int>(cosigned->witnesses.size());
            witness_ok.assign(cosigned->witnesses.size(), false);
        }

        crypto.ed25519_verify(pinned.public_key, note.text, signature,
                              [self = shared_from_this()](bool ok) {
                                  self->signature_ok = ok;
                                  self->arrived();
                              });
        if (cosigned) {
            crypto.ed25519_verify(pinned.public_key, cosigned->note.text, cosigned->log_signature,
                                  [self = shared_from_this()](bool ok) {
                                      self->cosigned_signature_ok = ok;
                                      self->arrived();
                                  });
            for (std::size_t i = 0; i < cosigned->witnesses.size(); ++i) {
                crypto.ed25519_verify(cosigned->witnesses[i].public_key, cosigned->note.text,
                                      cosigned->signatures[i],
                                      [self = shared_from_this(), i](bool ok) {
                                          self->witness_ok[i] = ok;
                                          self->arrived();
                                      });
            }
        }
        std::vector<std::string> inputs{log_trust::key_id_input(pinned)};
        for (const api::EntryInclusionProof& proof : evidence.bundle.proofs) {
            inputs.push_back(log_trust::leaf_input(proof.entry));
        }
        crypto.sha256_many(std::move(inputs), [self = shared_from_this()](std::vector<Hash> out) {
            self->hashed_leaves(std::move(out));
        });
    }

    void hashed_leaves(std::vector<Hash> out) {
        if (out.size() != evidence.bundle.proofs.size() + 1) {
            finish(not_confirmed(events, LogStatus::Unavailable));
            return;
        }
        key_id_ok = log_trust::to_bytes(out[0]).substr(0, 4) == pinned.key_id;
        leaves.assign(out.begin() + 1, out.end());
        std::vector<Chain> chains;
        for (std::size_t i = 0; i < evidence.bundle.proofs.size(); ++i) {
            const api::EntryInclusionProof& proof = evidence.bundle.proofs[i];
            const auto hashes = decode_hashes(proof.inclusion_proof);
            const auto sides =
                hashes && proof.leaf_index >= 0
                    ? log_trust::inclusion_steps(static_cast<std::uint64_t>(proof.leaf_index),
                                                 checkpoint.size, hashes->size())
                    : std::nullopt;
            if (!sides) {
                chain_of.emplace_back();
                continue;
            }
            chain_of.emplace_back(chains.size());
            chains.push_back(Chain{leaves[i], *sides, *hashes});
        }
        const TreeHead bundle_head{checkpoint.size, checkpoint.root};
        if (remembered && checkpoint.size >= remembered->size) { // smaller: rolled back
            remembered_pair = add_consistency_chains({remembered->size, remembered->root},
                                                     bundle_head, evidence.consistency, chains);
        }
        if (cosigned) {
            cosigned_pair =
                add_consistency_chains({cosigned->checkpoint.size, cosigned->checkpoint.root},
                                       bundle_head, evidence.cosigned_consistency, chains);
        }
        run_chains(crypto, std::move(chains), [self = shared_from_this()](std::vector<Hash> e) {
            self->ends = std::move(e);
            self->arrived();
        });
    }

    void arrived() {
        if (--outstanding == 0) {
            decide();
        }
    }

    LogStatus log_status() const {
        if (!signature_ok || !key_id_ok) {
            return LogStatus::SignatureInvalid;
        }
        if (!remembered) {
            return LogStatus::Verified;
        }
        if (checkpoint.size < remembered->size) {
            return LogStatus::RolledBack;
        }
        // The same root at the same size, or a consistency proof from the remembered one.
        const bool holds = remembered_pair && remembered_pair->holds(ends);
        return holds ? LogStatus::Verified : LogStatus::Forked;
    }

    void decide() {
        LogVerification result;
        result.status = log_status();
        // A checkpoint the log signed that does not lie on the history it now shows (the same
        // root at the same size, or a consistency proof between them) is a fork, whether or not
        // a witness's line on it verifies.
        const bool witnessed =
            result.status == LogStatus::Verified && cosigned && cosigned_signature_ok;
        if (witnessed && !(cosigned_pair && cosigned_pair->holds(ends))) {
            result.status = LogStatus::Forked;
            result.witness_fork = true;
            result.witnessed_size = cosigned->checkpoint.size;
        } else if (witnessed) {
            result.witnesses =
                static_cast<int>(std::count(witness_ok.begin(), witness_ok.end(), true));
            result.witnessed_size = cosigned->checkpoint.size;
        }
        for (const api::AccessEvent& event : events) {
            bool verified = false;
            for (std::size_t i = 0; i < evidence.bundle.proofs.size() && !verified; ++i) {
                const api::EntryInclusionProof& proof = evidence.bundle.proofs[i];
                if (proof.id != event.id || !chain_of[i]) {
                    continue;
                }
                verified = result.status == LogStatus::Verified &&
                           proof.leaf_index == event.leaf_index() &&
                           ends[*chain_of[i]] == checkpoint.root &&
                           log_trust::mismatched_facts(event, proof.entry).empty();
            }
            result.entries.emplace_back(event.id,
                                        verified ? EntryTrust::Verified : EntryTrust::NotConfirmed);
        }
        if (result.status == LogStatus::Verified) {
            store.save(log_trust::remembered_text(
                log_trust::RememberedCheckpoint{pinned.text, checkpoint.size, checkpoint.root}));
        }
        finish(std::move(result));
    }
};

} // namespace

void verify_log_evidence(LogCrypto& crypto, CheckpointStore& store,
                         const std::vector<api::AccessEvent>& events, LogEvidence evidence,
                         std::function<void(LogVerification)> done) {
    std::make_shared<Check>(crypto, store, events, std::move(evidence), std::move(done))->start();
}

namespace {

// The requests of one check, one after the other: the key, the cosigned checkpoint, the proofs,
// then the consistency proofs the sizes call for.
struct Fetch : std::enable_shared_from_this<Fetch> {
    ApiClient& api;
    LogCrypto& crypto;
    CheckpointStore& store;
    std::vector<api::AccessEvent> events;
    std::function<void(LogVerification)> done;
    LogEvidence evidence;
    std::uint64_t bundle_size = 0;

    Fetch(ApiClient& a, LogCrypto& c, CheckpointStore& s, std::vector<api::AccessEvent> e,
          std::function<void(LogVerification)> d)
        : api(a), crypto(c), store(s), events(std::move(e)), done(std::move(d)) {}

    void fail(LogStatus status) { done(not_confirmed(events, status)); }

    void start() {
        api.fetch_log_public_key([self = shared_from_this()](Result<api::LogPublicKey> key) {
            if (!key.ok()) {
                self->fail(LogStatus::Unavailable);
                return;
            }
            self->evidence.served_key = key.value().verifier_key;
            self->evidence.witness_keys = key.value().witness_keys;
            self->evidence.remembered = self->store.load().value_or("");
            self->fetch_cosigned();
        });
    }

    // Before the proofs, so that the bundle's checkpoint is at least as new as the cosigned one.
    // None (404), or none readable, only means no witness confirmed anything yet.
    void fetch_cosigned() {
        if (evidence.witness_keys.empty()) {
            fetch_proofs();
            return;
        }
        api.fetch_cosigned_checkpoint([self = shared_from_this()](Result<std::string> note) {
            if (note.ok()) {
                self->evidence.cosigned = std::move(note.value());
            }
            self->fetch_proofs();
        });
    }

    void fetch_proofs() {
        std::vector<std::string> ids;
        for (const api::AccessEvent& event : events) {
            ids.push_back(event.id);
        }
        api.fetch_access_proofs(
            ids, [self = shared_from_this()](Result<api::LogProofBundle> bundle) {
                if (!bundle.ok()) {
                    self->fail(LogStatus::Unavailable);
                    return;
                }
                self->evidence.bundle = std::move(bundle.value());
                // The sizes only choose which consistency proofs to fetch; nothing is trusted
                // before the signatures are checked in verify_log_evidence.
                self->bundle_size = size_of(self->evidence.bundle.checkpoint).value_or(0);
                self->fetch_remembered_consistency();
            });
    }

    static std::optional<std::uint64_t> size_of(const std::string& text) {
        const auto opened = log_trust::parse_note(text);
        const auto checkpoint = opened ? log_trust::parse_checkpoint(opened->text) : std::nullopt;
        return checkpoint ? std::optional(checkpoint->size) : std::nullopt;
    }

    void fetch_remembered_consistency() {
        const auto remembered = log_trust::parse_remembered(evidence.remembered);
        // A smaller bundle is a rollback, which no proof can repair.
        if (!remembered || bundle_size < remembered->size ||
            !consistency_needed(remembered->size, bundle_size)) {
            fetch_cosigned_consistency();
            return;
        }
        api.fetch_log_consistency(
            remembered->size, bundle_size,
            [self = shared_from_this()](Result<api::LogConsistencyProof> proof) {
                if (!proof.ok()) {
                    self->fail(LogStatus::Unavailable);
                    return;
                }
                self->evidence.consistency = proof.value().proof;
                self->fetch_cosigned_consistency();
            });
    }

    void fetch_cosigned_consistency() {
        const auto cosigned_size = size_of(evidence.cosigned);
        if (!cosigned_size || !consistency_needed(*cosigned_size, bundle_size)) {
            verify();
            return;
        }
        api.fetch_log_consistency(
            std::min(*cosigned_size, bundle_size), std::max(*cosigned_size, bundle_size),
            [self = shared_from_this()](Result<api::LogConsistencyProof> proof) {
                // Without the proof the cosigned checkpoint cannot be tied to this history, so
                // no witness counts (as when the server serves no cosigned checkpoint at all).
                if (proof.ok()) {
                    self->evidence.cosigned_consistency = proof.value().proof;
                } else {
                    self->evidence.cosigned.clear();
                }
                self->verify();
            });
    }

    void verify() { verify_log_evidence(crypto, store, events, std::move(evidence), done); }
};

} // namespace

void verify_log_entries(ApiClient& api, LogCrypto& crypto, CheckpointStore& store,
                        std::vector<api::AccessEvent> events,
                        std::function<void(LogVerification)> done) {
    std::make_shared<Fetch>(api, crypto, store, std::move(events), std::move(done))->start();
}

} // namespace einblick::client
