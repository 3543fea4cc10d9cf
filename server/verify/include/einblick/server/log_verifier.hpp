#pragma once
// Offline verification of a stored access log (`einblick verify --db`): everything the database
// claims about the log is recomputed and compared, in one streaming pass per table:
//
//  - every entry: its stored facts hash to its stored hash (docs/LOG-FORMAT.md), it links to the
//    entry before (prev_hash), and its leaf in the Merkle tree is SHA-256(0x00 || canonical);
//  - the sequence: no entry missing between the oldest stored and the head (access_log_head),
//    none beyond the head, the head's hash is the newest entry's; a missing *prefix* (entries
//    1..k) is what retention leaves and is allowed, because the tree keeps their leaves;
//  - the tree: exactly the complete subtrees of a tree of head-size leaves are stored, and each
//    node above the leaves is the hash of its two children;
//  - the checkpoints: each stored one (and any given from elsewhere) carries a valid signature
//    of the given key, and its root is the tree's root at its size.
//
// Each problem names the entry (seq and row id), node or checkpoint and says what is wrong.

#include "einblick/server/log_snapshot.hpp"
#include "einblick/server/signed_note.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace einblick::server {

struct VerifyProblem {
    std::string subject; // "entry 42 (row 42)", "tree node (3, 5) over entries 41..48", "head"
    std::string what;
};

struct VerifyReport {
    std::int64_t head_size = 0;        // entries the head says the log has
    std::int64_t entries = 0;          // stored entries read
    std::int64_t first_stored_seq = 0; // 0 when none is stored
    std::int64_t nodes = 0;            // stored tree nodes above the leaves checked
    std::int64_t checkpoints = 0;      // checkpoints read (stored and given)
    std::int64_t newest_verified = -1; // size of the newest checkpoint that verified
    std::int64_t problems = 0;
    std::vector<std::string> notes; // facts worth saying that are not tampering
    bool intact() const { return problems == 0; }
};

struct VerifyInput {
    NoteVerifier key;                           // the log's checkpoint key
    std::vector<std::string> known_checkpoints; // notes seen elsewhere (a witness, a browser)
};

using ProblemSink = std::function<void(const VerifyProblem&)>;

// Reports each problem to `sink` as it is found and returns the counts.
VerifyReport verify_log(LogSnapshot& log, const VerifyInput& input, const ProblemSink& sink);

// A checkpoint's text (c2sp.org/tlog-checkpoint): origin, size, base64 root, extension lines.
struct CheckpointText {
    std::string origin;
    std::int64_t size = 0;
    merkle::Hash root{};
};
std::optional<CheckpointText> parse_checkpoint_text(std::string_view text);

} // namespace einblick::server
