#include "einblick/client/log_verifier.hpp"

#include "einblick/client/log_trust.hpp"

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

LogVerification not_confirmed(const std::vector<api::AccessEvent>& events, LogStatus status) {
    LogVerification out;
    out.status = status;
    for (const api::AccessEvent& event : events) {
        out.entries.emplace_back(event.id, EntryTrust::NotConfirmed);
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
    // Per proof of the bundle: its chain's index, if its shape can hold.
    std::vector<std::optional<std::size_t>> chain_of;
    std::optional<std::size_t> consistency_first; // index of the first of two chains
    bool consistency_shape_ok = true;

    // Results, filled as they come.
    int outstanding = 2;
    bool signature_ok = false;
    bool key_id_ok = false;
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

        crypto.ed25519_verify(pinned.public_key, note.text, signature,
                              [self = shared_from_this()](bool ok) {
                                  self->signature_ok = ok;
                                  self->arrived();
                              });
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
        if (remembered && remembered->size > 0 && checkpoint.size > remembered->size) {
            const auto proof = decode_hashes(evidence.consistency);
            const auto pair = proof
                                  ? log_trust::consistency_chains(remembered->size, checkpoint.size,
                                                                  remembered->root, *proof)
                                  : std::nullopt;
            if (pair) {
                consistency_first = chains.size();
                chains.push_back(pair->first);
                chains.push_back(pair->second);
            } else {
                consistency_shape_ok = false;
            }
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
        if (!remembered || remembered->size == 0) {
            return LogStatus::Verified;
        }
        if (checkpoint.size < remembered->size) {
            return LogStatus::RolledBack;
        }
        if (checkpoint.size == remembered->size) {
            return checkpoint.root == remembered->root ? LogStatus::Verified : LogStatus::Forked;
        }
        if (!consistency_shape_ok || !consistency_first) {
            return LogStatus::Forked;
        }
        const bool holds = ends[*consistency_first] == remembered->root &&
                           ends[*consistency_first + 1] == checkpoint.root;
        return holds ? LogStatus::Verified : LogStatus::Forked;
    }

    void decide() {
        LogVerification result;
        result.status = log_status();
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

void verify_log_entries(ApiClient& api, LogCrypto& crypto, CheckpointStore& store,
                        std::vector<api::AccessEvent> events,
                        std::function<void(LogVerification)> done) {
    auto shared_events = std::make_shared<std::vector<api::AccessEvent>>(std::move(events));
    auto fail = [shared_events, done](LogStatus status) {
        done(not_confirmed(*shared_events, status));
    };
    api.fetch_log_public_key([&api, &crypto, &store, shared_events, done,
                              fail](Result<api::LogPublicKey> key) {
        if (!key.ok()) {
            fail(LogStatus::Unavailable);
            return;
        }
        std::vector<std::string> ids;
        for (const api::AccessEvent& event : *shared_events) {
            ids.push_back(event.id);
        }
        LogEvidence evidence;
        evidence.served_key = key.value().verifier_key;
        evidence.remembered = store.load().value_or("");
        api.fetch_access_proofs(ids, [&api, &crypto, &store, shared_events, done, fail,
                                      evidence = std::move(evidence)](
                                         Result<api::LogProofBundle> bundle) mutable {
            if (!bundle.ok()) {
                fail(LogStatus::Unavailable);
                return;
            }
            evidence.bundle = std::move(bundle.value());
            const auto remembered = log_trust::parse_remembered(evidence.remembered);
            const auto opened = log_trust::parse_note(evidence.bundle.checkpoint);
            const auto checkpoint =
                opened ? log_trust::parse_checkpoint(opened->text) : std::nullopt;
            // The sizes only choose which consistency proof to fetch; nothing is trusted before
            // the signature is checked in verify_log_evidence.
            if (!remembered || remembered->size == 0 || !checkpoint ||
                checkpoint->size <= remembered->size) {
                verify_log_evidence(crypto, store, *shared_events, std::move(evidence), done);
                return;
            }
            api.fetch_log_consistency(
                remembered->size, checkpoint->size,
                [&crypto, &store, shared_events, done, fail,
                 evidence = std::move(evidence)](Result<api::LogConsistencyProof> proof) mutable {
                    if (!proof.ok()) {
                        fail(LogStatus::Unavailable);
                        return;
                    }
                    evidence.consistency = proof.value().proof;
                    verify_log_evidence(crypto, store, *shared_events, std::move(evidence), done);
                });
        });
    });
}

} // namespace einblick::client
