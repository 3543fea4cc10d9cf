#include "einblick/server/log_proof_service.hpp"

#include "einblick/server/log_chain.hpp"

#include <algorithm>

namespace einblick::server {
namespace {

std::string base64_of(const merkle::Hash& hash) {
    return to_base64(Bytes(hash.begin(), hash.end()));
}

std::vector<std::string> base64_of(const std::vector<merkle::Hash>& hashes) {
    std::vector<std::string> texts;
    texts.reserve(hashes.size());
    std::transform(hashes.begin(), hashes.end(), std::back_inserter(texts),
                   [](const merkle::Hash& h) { return base64_of(h); });
    return texts;
}

} // namespace

LogProofService::LogProofService(AccessLogRepository& log, CheckpointService& checkpoints,
                                 bool signing)
    : log_(log), checkpoints_(checkpoints), signing_(signing) {}

void LogProofService::require_signing() const {
    if (!signing_) {
        throw ServiceError(ErrorKind::Unavailable, "Nicht verfügbar",
                           "Dieser Server signiert sein Protokoll nicht; es gibt keine "
                           "Prüfpunkte und keine Beweise.");
    }
}

api::LogPublicKey LogProofService::public_key() const {
    require_signing();
    const auto verifier = NoteVerifier::parse(checkpoints_.verifier_key());
    api::LogPublicKey key;
    key.origin = checkpoints_.origin();
    key.verifier_key = checkpoints_.verifier_key();
    key.public_key = to_base64(verifier->public_key());
    for (const NoteVerifier& witness : checkpoints_.witnesses()) {
        key.witness_keys.push_back(witness.text());
    }
    return key;
}

StoredCheckpoint LogProofService::latest_checkpoint() {
    require_signing();
    if (auto latest = checkpoints_.latest()) {
        return *latest;
    }
    return checkpoints_.sign_current();
}

StoredCheckpoint LogProofService::checkpoint_at(std::int64_t size) {
    require_signing();
    if (auto checkpoint = checkpoints_.at_size(size)) {
        return *checkpoint;
    }
    throw ServiceError(ErrorKind::NotFound, "Nicht gefunden",
                       "Für diese Größe des Protokolls gibt es keinen signierten Prüfpunkt.");
}

StoredCheckpoint LogProofService::latest_cosigned_checkpoint() {
    require_signing();
    if (auto checkpoint = checkpoints_.latest_cosigned()) {
        return *checkpoint;
    }
    throw ServiceError(ErrorKind::NotFound, "Nicht gefunden",
                       "Noch hat keine Prüfstelle einen Prüfpunkt dieses Protokolls bestätigt.");
}

AcceptedCosignature LogProofService::add_cosignature(std::int64_t size,
                                                     std::string_view signature_line) {
    require_signing();
    return checkpoints_.add_cosignature(size, signature_line);
}

api::LogConsistencyProof LogProofService::consistency(std::int64_t first, std::int64_t second) {
    require_signing();
    const auto latest_size = checkpoints_.latest_size();
    const std::int64_t signed_size = latest_size ? *latest_size : checkpoints_.sign_current().size;
    Violations v;
    if (first < 0) {
        v.add("first", "range", "Darf nicht negativ sein.");
    }
    if (second < 0) {
        v.add("second", "range", "Darf nicht negativ sein.");
    } else if (first > second) {
        v.add("first", "range", "Darf nicht größer sein als second.");
    } else if (second > signed_size) {
        v.add("second", "range",
              "Der neueste signierte Prüfpunkt umfasst " + std::to_string(signed_size) +
                  " Einträge; über mehr gibt es keinen Beweis.");
    }
    v.throw_if_any();
    api::LogConsistencyProof proof{first, second, {}};
    if (first > 0 && first < second) {
        proof.proof = base64_of(log_.consistency_proof(first, second));
    }
    return proof;
}

StoredCheckpoint LogProofService::covering(std::int64_t leaf_index) {
    if (auto latest = checkpoints_.latest(); latest && latest->size > leaf_index) {
        return *latest;
    }
    return checkpoints_.sign_current(); // the entry is stored, so the tree head covers it
}

api::LogProofBundle LogProofService::bundle(const StoredCheckpoint& checkpoint,
                                            std::span<const LogEntryRecord> entries) {
    std::vector<std::int64_t> indices;
    indices.reserve(entries.size());
    for (const LogEntryRecord& e : entries) {
        indices.push_back(e.seq - 1);
    }
    const auto proofs = log_.inclusion_proofs(indices, checkpoint.size);
    api::LogProofBundle out;
    out.checkpoint = checkpoint.note;
    out.verifier_key = checkpoints_.verifier_key();
    out.proofs.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const LogEntryRecord& e = entries[i];
        out.proofs.push_back({std::to_string(e.id), indices[i],
                              canonical_log_encoding(e, e.seq, e.prev_hash), base64_of(proofs[i])});
    }
    return out;
}

api::LogProofBundle LogProofService::proofs_of(const std::string& citizen_pseudonym,
                                               std::span<const RowId> ids) {
    require_signing();
    std::vector<LogEntryRecord> entries;
    entries.reserve(ids.size());
    for (const RowId id : ids) {
        auto entry = log_.find(id);
        if (!entry || entry->citizen_pseudonym != citizen_pseudonym) {
            throw ServiceError(ErrorKind::NotFound, "Nicht gefunden",
                               "Diesen Eintrag gibt es in Ihrem Protokoll nicht.");
        }
        entries.push_back(std::move(*entry));
    }
    std::int64_t newest = 0;
    for (const LogEntryRecord& e : entries) {
        newest = std::max(newest, e.seq - 1);
    }
    return bundle(covering(newest), entries);
}

std::optional<api::LogProofBundle>
LogProofService::proofs_for(std::span<const LogEntryRecord> entries) {
    if (!signing_) {
        return std::nullopt;
    }
    std::int64_t newest = 0;
    for (const LogEntryRecord& e : entries) {
        newest = std::max(newest, e.seq - 1);
    }
    if (checkpoints_.signing_halted()) {
        // The log failed its integrity check: nothing new is signed, so entries newer than the
        // latest checkpoint go without proofs rather than the export being refused.
        const auto latest = checkpoints_.latest();
        if (!latest || (!entries.empty() && latest->size <= newest)) {
            return std::nullopt;
        }
    }
    return bundle(entries.empty() ? latest_checkpoint() : covering(newest), entries);
}

} // namespace einblick::server
