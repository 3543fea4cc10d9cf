#pragma once
// The hash chain of the access log, whatever stores the rows: the canonical encoding of an
// entry, its hash, and the check a backend runs over its rows in `seq` order. One home, so that
// every backend hashes and verifies alike. The format is specified, with known-answer vectors,
// in docs/LOG-FORMAT.md; a change here is a new format version, not an edit.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/shared/merkle.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace einblick::server {

// Written as "v" into every encoded entry.
inline constexpr int log_encoding_version = 1;

// The JSON text that is hashed: sorted keys, no whitespace, UTF-8, absent values as null.
std::string canonical_log_encoding(const NewLogEntry& entry, std::int64_t seq,
                                   const Bytes& prev_hash);

// The same text in the pieces around the two values only the log's single writer knows (seq and
// prev_hash), encoded beforehand by the thread that submits the entry: the writer then only
// joins strings, and no JSON is built while every other write waits for it.
struct CanonicalLogParts {
    std::string before_prev_hash; // {"agency_id":…,…,"outcome":"…",
    std::string before_seq;       // ,"purpose_id":…,…,"register":"…",
    std::string after_seq;        // ,"v":1}
};
CanonicalLogParts canonical_log_parts(const NewLogEntry& entry);
std::string canonical_log_encoding(const CanonicalLogParts& parts, std::int64_t seq,
                                   const Bytes& prev_hash);
// SHA-256 of the canonical encoding: the entry's `hash`, and the next entry's `prev_hash`.
Bytes log_entry_hash(const NewLogEntry& entry, std::int64_t seq, const Bytes& prev_hash);

// The Merkle tree over the log (RFC 9162, docs/LOG-FORMAT.md): leaf number seq - 1 is
// SHA-256(0x00 || canonical encoding), with libsodium's SHA-256.
const merkle::Sha256& log_tree_sha256();
merkle::Hash log_leaf_hash(std::string_view canonical);

// An entry appended after the chain's head (its seq and hash): the record as stored (seq, prev_hash
// and hash set; id and names are the backend's to fill in) and its leaf in the tree.
struct ChainedEntry {
    LogEntryRecord record;
    merkle::Hash leaf;
};
ChainedEntry chain_entry(const NewLogEntry& entry, const CanonicalLogParts& parts,
                         std::int64_t head_seq, const Bytes& head_hash);

// Checks stored rows fed to it in ascending `seq`: each row hashes to its stored hash, and
// every row after the first has the next seq and links to the hash of the row before. The first
// row fed is taken as it is (its prev_hash and seq are not checked against anything).
class ChainVerifier {
public:
    // Returns false from the first broken row on; later rows are not looked at.
    bool add(const LogEntryRecord& row);
    const ChainCheck& result() const { return check_; }

private:
    ChainCheck check_;
    std::optional<Bytes> expected_prev_hash_;
    std::optional<std::int64_t> expected_seq_;
};

} // namespace einblick::server
