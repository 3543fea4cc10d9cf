#pragma once
// JSON shapes the dashboards need beyond the log and registry types: request bodies the client
// sends (consents, objections, DPO decisions, API keys), API keys as listed and as created,
// the vocabulary with its labels, and the `{"items": [...]}` envelope of list answers.

#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"
#include "einblick/shared/json_reader.hpp"

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace einblick::api {

// [SECTION] Request bodies (docs/openapi.yaml, components/schemas, "requests").

struct ConsentRequest {
    std::int64_t purpose_id = 0;
    UnixMillis expires_at = 0;
};

// Exactly one of event_id and purpose_id.
struct ObjectionRequest {
    std::optional<std::int64_t> event_id;
    std::optional<std::int64_t> purpose_id;
    std::string reason;
    bool restrict_processing = false;
};

struct ObjectionDecisionRequest {
    ObjectionDecision outcome = ObjectionDecision::Uphold;
    std::string reason;
};

struct ObjectionExtensionRequest {
    int months =
        limits::objection_extension_months_min; // up to limits::objection_extension_months_max
    std::string reason;
};

struct PurposeDecisionRequest {
    PurposeDecision decision = PurposeDecision::Approve;
    std::string reason;
};

struct ApiKeyRequest {
    std::string label;
};

// [SECTION] Answers.

struct ApiKey {
    std::int64_t id = 0;
    std::string label;
    UnixMillis created_at = 0;
    bool active = true;
    std::optional<UnixMillis> revoked_at;
};

// The answer to creating a key: the key itself is in this answer only.
struct ApiKeyCreated {
    ApiKey info;
    std::string key;
};

struct VocabularyTerm {
    std::string code;
    std::string de;
    std::string en;
};

struct Vocabulary {
    std::vector<VocabularyTerm> data_categories;
    std::vector<VocabularyTerm> registers;
    std::vector<VocabularyTerm> gdpr_bases;
    std::vector<VocabularyTerm> access_decision_reasons;
};

// `{"items": [...]}`, the envelope of every list answer (consents, objections, purposes, keys).
template <typename T> struct ItemList { std::vector<T> items; };

template <typename T> bool read(const nlohmann::json& j, ItemList<T>& value) {
    JsonReader r(j);
    value.items = r.objects<T>("items");
    return r.ok();
}

void to_json(nlohmann::json& j, const ConsentRequest& value);
void to_json(nlohmann::json& j, const ObjectionRequest& value);
void to_json(nlohmann::json& j, const ObjectionDecisionRequest& value);
void to_json(nlohmann::json& j, const ObjectionExtensionRequest& value);
void to_json(nlohmann::json& j, const PurposeDecisionRequest& value);
void to_json(nlohmann::json& j, const ApiKeyRequest& value);
void to_json(nlohmann::json& j, const ApiKey& value);
void to_json(nlohmann::json& j, const ApiKeyCreated& value);
void to_json(nlohmann::json& j, const VocabularyTerm& value);
void to_json(nlohmann::json& j, const Vocabulary& value);

// Non-throwing readers (see json_reader.hpp).
bool read(const nlohmann::json& j, ConsentRequest& value);
bool read(const nlohmann::json& j, ObjectionRequest& value);
bool read(const nlohmann::json& j, ObjectionDecisionRequest& value);
bool read(const nlohmann::json& j, ObjectionExtensionRequest& value);
bool read(const nlohmann::json& j, PurposeDecisionRequest& value);
bool read(const nlohmann::json& j, ApiKeyRequest& value);
bool read(const nlohmann::json& j, ApiKey& value);
bool read(const nlohmann::json& j, ApiKeyCreated& value);
bool read(const nlohmann::json& j, VocabularyTerm& value);
bool read(const nlohmann::json& j, Vocabulary& value);

} // namespace einblick::api
