#pragma once
// The plain logic of the browser's check of the log (docs/TRANSPARENCY.md, sections 3 to 5):
// reading signed notes, checkpoints and verifier keys, deciding which hashes an inclusion or
// consistency proof combines and in which order, and comparing the facts shown for an entry
// with its proved canonical text. The hashing and the signature check are not here: they go
// through LogCrypto (Web Crypto in the browser).

#include "einblick/shared/api_types.hpp"
#include "einblick/shared/merkle.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::client::log_trust {

using merkle::Hash;

// RFC 4648 section 4 (standard alphabet, padding required); nothing if malformed.
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);
std::string to_bytes(const Hash& hash);
std::optional<Hash> to_hash(std::string_view bytes); // exactly 32 bytes

// c2sp.org/tlog-checkpoint: origin, size, root; each line ends in "\n".
struct Checkpoint {
    std::string origin;
    std::uint64_t size = 0;
    Hash root{};
};
std::optional<Checkpoint> parse_checkpoint(std::string_view text);

// c2sp.org/signed-note.
struct NoteSignature {
    std::string name;
    std::string key_id;    // 4 bytes
    std::string signature; // the rest: 64 bytes for Ed25519
};
struct Note {
    std::string text; // what the signatures cover, with its final "\n"
    std::vector<NoteSignature> signatures;
};
std::optional<Note> parse_note(std::string_view note);

// "<name>+<key id hex>+<base64(0x01 || public key)>", Ed25519 only.
struct VerifierKey {
    std::string text;
    std::string name;
    std::string key_id;     // 4 bytes
    std::string public_key; // 32 bytes
};
std::optional<VerifierKey> parse_verifier_key(std::string_view text);
// The bytes whose SHA-256 starts with the key id: name "\n" 0x01 public key.
std::string key_id_input(const VerifierKey& key);
// The signature line of `key` on the note, if there is one.
const NoteSignature* signature_of(const Note& note, const VerifierKey& key);

// What this browser accepted last: the key it pinned and the checkpoint it verified.
struct RememberedCheckpoint {
    std::string verifier_key;
    std::uint64_t size = 0;
    Hash root{};
};
std::string remembered_text(const RememberedCheckpoint& remembered);
std::optional<RememberedCheckpoint> parse_remembered(std::string_view text);

// One hash step of a proof: the node over the proof's hash and the running value, the proof's
// hash on the left (ProofLeft: SHA-256(0x01 || p || r)) or on the right (r || p).
enum class Side { ProofLeft, ProofRight };
// 0x01 || left || right: the bytes of an interior node.
std::string node_input(const Hash& left, const Hash& right);
// 0x00 || entry.
std::string leaf_input(std::string_view entry);

// RFC 9162 2.1.3.2 as the order of the steps: which side each proof hash is on when leaf
// `index` is proved in the tree of `size` leaves with a proof of `length` hashes. Nothing when
// no proof of that length can hold (index >= size, too short or too long). Only the arrangement
// depends on the indices, never on the hashes.
std::optional<std::vector<Side>> inclusion_steps(std::uint64_t index, std::uint64_t size,
                                                 std::size_t length);

// A chain of hash steps from a start value: what an inclusion proof, or either half of a
// consistency proof, computes.
struct Chain {
    Hash start{};
    std::vector<Side> sides;
    std::vector<Hash> proof; // as many as sides
};

// RFC 9162 2.1.4.2 as two chains from the same start: one must end on the first root, the other
// on the second. Nothing when the proof cannot hold for these sizes (first = 0, first > second,
// wrong length). For first = second the chains are empty and both roots must be equal.
struct ConsistencyChains {
    Chain first;
    Chain second;
};
std::optional<ConsistencyChains> consistency_chains(std::uint64_t first, std::uint64_t second,
                                                    const Hash& first_root,
                                                    const std::vector<Hash>& proof);

// The facts the page shows for `event` that its proved canonical text does not state, or states
// otherwise, by member name ("occurred_at", "outcome", …); empty when all agree. An unreadable
// text yields {"entry"}.
std::vector<std::string> mismatched_facts(const api::AccessEvent& event, std::string_view entry);

} // namespace einblick::client::log_trust
