#pragma once
// Signs the access log's Merkle tree head as a checkpoint (c2sp.org/tlog-checkpoint):
//
//   <origin>\n<tree size>\n<base64 root hash>\n
//
// as a signed note (c2sp.org/signed-note) whose key name is the origin. One checkpoint per
// tree size, kept for good; the server signs whenever the tree has grown (at most once a second,
// see server_runtime) and on demand. Witnesses add their cosignatures (their own signature
// lines over the same text) later; they are served after the log's signature.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/checkpoint_repository.hpp"
#include "einblick/server/clock.hpp"
#include "einblick/server/signed_note.hpp"

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::server {

// A witness's cosignature the service accepted.
struct AcceptedCosignature {
    std::string witness;
    bool new_line = false; // false: this witness's line for that size was stored already
};

class CheckpointService {
public:
    // `witnesses`: the verifier keys of the witnesses whose cosignatures the log accepts and
    // serves (`einblick serve --witness-key`).
    CheckpointService(AccessLogRepository& log, CheckpointRepository& checkpoints,
                      NoteSigner signer, const Clock& clock,
                      std::vector<NoteVerifier> witnesses = {});

    // The log's name in every checkpoint, and its signing key's name.
    const std::string& origin() const { return signer_.verifier().name(); }
    // The verifier key text (name+id+key) a citizen's browser, a witness or `einblick verify`
    // checks checkpoints with.
    std::string verifier_key() const { return signer_.verifier().text(); }

    // Signs the current tree head unless the latest checkpoint has its size already; returns
    // the latest checkpoint either way. Once signing is halted, throws Unavailable instead
    // (without reading the tree: it may be broken).
    StoredCheckpoint sign_current();
    // Stops all signing for the rest of the process: the log failed its integrity check
    // (LogIntegrityService), and nothing may be signed over a broken log. The checkpoints
    // signed before stay served.
    void halt_signing() { halted_ = true; }
    bool signing_halted() const { return halted_.load(); }
    // Checkpoints as served: the log's signed note followed by the witnesses' cosignature lines.
    std::optional<StoredCheckpoint> latest();
    // The size the latest checkpoint was signed for, without reading its cosignatures.
    std::optional<std::int64_t> latest_size();
    std::optional<StoredCheckpoint> at_size(std::int64_t size);
    // The newest checkpoint that a witness cosigned, with its cosignatures.
    std::optional<StoredCheckpoint> latest_cosigned();

    const std::vector<NoteVerifier>& witnesses() const { return witnesses_; }
    // Verifies a witness's signature line ("— <name> <base64>", one line) over the text of the
    // checkpoint of `size` and stores it. NotFound without that checkpoint; Validation for a
    // line that is not one signature line or whose signature does not verify; Forbidden for a
    // key that is not one of the configured witnesses'.
    AcceptedCosignature add_cosignature(std::int64_t size, std::string_view signature_line);

    // The checkpoint's text (the signed part of the note).
    static std::string checkpoint_text(std::string_view origin, std::int64_t size,
                                       const merkle::Hash& root);

private:
    std::optional<StoredCheckpoint> with_cosignatures(std::optional<StoredCheckpoint> checkpoint);

    AccessLogRepository& log_;
    CheckpointRepository& checkpoints_;
    NoteSigner signer_;
    const Clock& clock_;
    std::vector<NoteVerifier> witnesses_;
    std::mutex signing_; // one signer at a time: the timer and a request may meet
    std::atomic<bool> halted_{false};
};

} // namespace einblick::server
