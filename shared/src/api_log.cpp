#include "einblick/shared/api_log.hpp"

#include "einblick/shared/json_reader.hpp"

#include <nlohmann/json.hpp>

namespace einblick::api {

void to_json(nlohmann::json& j, const LogPublicKey& v) {
    j = {{"origin", v.origin},
         {"verifier_key", v.verifier_key},
         {"algorithm", v.algorithm},
         {"public_key", v.public_key},
         {"witness_keys", v.witness_keys}};
}

void to_json(nlohmann::json& j, const LogConsistencyProof& v) {
    j = {{"first", v.first}, {"second", v.second}, {"proof", v.proof}};
}

void to_json(nlohmann::json& j, const EntryInclusionProof& v) {
    j = {{"id", v.id},
         {"leaf_index", v.leaf_index},
         {"entry", v.entry},
         {"inclusion_proof", v.inclusion_proof}};
}

void to_json(nlohmann::json& j, const LogProofBundle& v) {
    j = {{"checkpoint", v.checkpoint}, {"verifier_key", v.verifier_key}, {"proofs", v.proofs}};
}

bool read(const nlohmann::json& j, LogPublicKey& v) {
    JsonReader r(j);
    v.origin = r.text("origin");
    v.verifier_key = r.text("verifier_key");
    v.algorithm = r.text("algorithm");
    v.public_key = r.text("public_key");
    // Absent from servers before witnesses: no witnesses, not an unreadable key.
    if (j.is_object() && j.contains("witness_keys")) {
        v.witness_keys = r.texts("witness_keys");
    }
    return r.ok();
}

bool read(const nlohmann::json& j, LogConsistencyProof& v) {
    JsonReader r(j);
    v.first = r.integer("first");
    v.second = r.integer("second");
    v.proof = r.texts("proof");
    return r.ok();
}

bool read(const nlohmann::json& j, EntryInclusionProof& v) {
    JsonReader r(j);
    v.id = r.text("id");
    v.leaf_index = r.integer("leaf_index");
    v.entry = r.text("entry");
    v.inclusion_proof = r.texts("inclusion_proof");
    return r.ok();
}

bool read(const nlohmann::json& j, LogProofBundle& v) {
    JsonReader r(j);
    v.checkpoint = r.text("checkpoint");
    v.verifier_key = r.text("verifier_key");
    v.proofs = r.objects<EntryInclusionProof>("proofs");
    return r.ok();
}

} // namespace einblick::api
