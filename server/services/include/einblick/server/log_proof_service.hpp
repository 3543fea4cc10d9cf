#pragma once
// What anyone can verify about the access log, and what a citizen can verify about their own
// entries: the signed checkpoints, consistency proofs between two signed sizes, the signing
// key, and inclusion proofs of a citizen's entries against a signed checkpoint
// (docs/LOG-FORMAT.md, RFC 9162, c2sp.org/tlog-checkpoint).
//
// Nothing is ever proved beyond the latest signed checkpoint. Where an entry is newer than
// that checkpoint, the tree head is signed on demand (CheckpointService::sign_current signs a
// size only once), so a citizen can verify an entry at once instead of waiting for the timer.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/service_error.hpp"
#include "einblick/shared/api_log.hpp"

#include <optional>
#include <span>
#include <string>

namespace einblick::server {

class LogProofService {
public:
    // Without `signing` (no checkpoint key configured) the server publishes no key and signs
    // nothing: every call throws Unavailable, except that an export just leaves proofs out.
    LogProofService(AccessLogRepository& log, CheckpointService& checkpoints, bool signing);

    bool signing() const { return signing_; }

    api::LogPublicKey public_key() const;
    // The latest signed checkpoint; when none is signed yet, the current tree head is signed.
    StoredCheckpoint latest_checkpoint();
    // NotFound when no checkpoint of that size was signed.
    StoredCheckpoint checkpoint_at(std::int64_t size);
    // The newest checkpoint a witness cosigned; NotFound when none is.
    StoredCheckpoint latest_cosigned_checkpoint();
    // A witness's cosignature of the checkpoint of `size` (CheckpointService::add_cosignature).
    AcceptedCosignature add_cosignature(std::int64_t size, std::string_view signature_line);
    // Validation unless 0 <= first <= second <= the latest signed size (fields "first" and
    // "second"). An empty proof when first is 0 or equals second (RFC 9162 2.1.4).
    api::LogConsistencyProof consistency(std::int64_t first, std::int64_t second);

    // The proofs of this citizen's entries `ids` (in that order, each once). NotFound when
    // one is absent or another citizen's: both answer alike.
    api::LogProofBundle proofs_of(const std::string& citizen_pseudonym, std::span<const RowId> ids);
    // The proofs of these entries against one checkpoint that covers all of them; nothing
    // without signing, nor while signing is halted and no signed checkpoint covers them all.
    std::optional<api::LogProofBundle> proofs_for(std::span<const LogEntryRecord> entries);

private:
    void require_signing() const;
    StoredCheckpoint covering(std::int64_t leaf_index);
    api::LogProofBundle bundle(const StoredCheckpoint& checkpoint,
                               std::span<const LogEntryRecord> entries);

    AccessLogRepository& log_;
    CheckpointService& checkpoints_;
    bool signing_;
};

} // namespace einblick::server
