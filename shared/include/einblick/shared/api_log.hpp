#pragma once
// JSON shapes of the verifiable log (docs/LOG-FORMAT.md): the log's public key, consistency
// proofs between two tree sizes, and a citizen's inclusion proofs. Hashes are base64 (standard
// alphabet, with padding), as in the C2SP checkpoint text; the checkpoint itself is served as
// its signed note text (GET /api/v1/log/checkpoint).

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace einblick::api {

// GET /api/v1/log/public-key: the key that signs the log's checkpoints.
struct LogPublicKey {
    std::string origin;       // the log's name: first line of every checkpoint, the key's name
    std::string verifier_key; // C2SP signed-note verifier key: <origin>+<key id hex>+<base64>
    std::string algorithm = "Ed25519";
    std::string public_key; // base64 of the 32-byte Ed25519 public key
    // The verifier keys of the witnesses whose cosignatures the log accepts and serves.
    std::vector<std::string> witness_keys;
};

// GET /api/v1/log/consistency: RFC 9162 2.1.4 PROOF(first, D[second]).
struct LogConsistencyProof {
    std::int64_t first = 0;
    std::int64_t second = 0;
    std::vector<std::string> proof; // base64 hashes; empty when first is 0 or equals second
};

// One entry of the log and its RFC 9162 2.1.3 inclusion proof against a checkpoint.
struct EntryInclusionProof {
    std::string id;              // the entry's id, as AccessEvent::id
    std::int64_t leaf_index = 0; // the entry's seq - 1
    // The entry's canonical encoding (docs/LOG-FORMAT.md); its leaf hash is
    // SHA-256(0x00 || entry as UTF-8).
    std::string entry;
    std::vector<std::string> inclusion_proof; // base64 hashes, the leaf's sibling first
};

// Inclusion proofs of several entries against one signed checkpoint: the answer of
// GET /api/v1/me/access-proofs and the `log_proofs` of a citizen's export. Everything needed to
// verify offline: the checkpoint note, the key that signed it, and each entry's proof.
struct LogProofBundle {
    std::string checkpoint;   // the signed note, as GET /api/v1/log/checkpoints/{size} serves it
    std::string verifier_key; // as LogPublicKey::verifier_key
    std::vector<EntryInclusionProof> proofs;
};

void to_json(nlohmann::json& j, const LogPublicKey& value);
void to_json(nlohmann::json& j, const LogConsistencyProof& value);
void to_json(nlohmann::json& j, const EntryInclusionProof& value);
void to_json(nlohmann::json& j, const LogProofBundle& value);

bool read(const nlohmann::json& j, LogPublicKey& value);
bool read(const nlohmann::json& j, LogConsistencyProof& value);
bool read(const nlohmann::json& j, EntryInclusionProof& value);
bool read(const nlohmann::json& j, LogProofBundle& value);

} // namespace einblick::api
