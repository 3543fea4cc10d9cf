#pragma once
// Offline verification of a citizen's JSON export (`einblick verify --export`): the export's
// `log_proofs` bundle (docs/LOG-FORMAT.md, "Checkpoints and proofs over the API") is checked
// against the log's pinned key, with nothing but the file:
//
//  - the checkpoint note carries a valid signature of the key, and its text is a checkpoint of
//    the key's origin (size, root);
//  - every proof's entry text hashes, at its leaf index, through its RFC 9162 inclusion proof to
//    the checkpoint's root;
//  - every proved entry states the facts the export shows for it (id, sequence number, time,
//    kind, outcome, reason, register, legal basis, data categories, purpose id, official,
//    correlation id, consent), and all of them are of one citizen;
//  - every access entry of the export has a proof.
//
// Each problem names the entry as `einblick verify --db` does: "entry <seq> (row <id>)".

#include "einblick/server/log_verifier.hpp"

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace einblick::server {

struct ExportVerifyReport {
    std::int64_t entries = 0;          // access entries in the export
    std::int64_t proved = 0;           // of them: proof holds against the signed checkpoint
    std::int64_t checkpoint_size = -1; // of the export's checkpoint, when its signature verified
    std::int64_t checkpoints = 0;      // checkpoints read (the export's and the given ones)
    std::int64_t problems = 0;
    std::vector<std::string> notes;
    bool intact() const { return problems == 0; }
};

// Throws std::runtime_error when `document` is not a citizen's export at all (then nothing can
// be checked); everything wrong inside one is a problem reported to `sink`.
ExportVerifyReport verify_export(const nlohmann::json& document, const VerifyInput& input,
                                 const ProblemSink& sink);

} // namespace einblick::server
