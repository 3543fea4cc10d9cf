#pragma once
// JSON shapes of the purpose registry (records of processing, GDPR Art. 30) and access checks.

#include "einblick/shared/api_types.hpp"

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace einblick::api {

struct PurposeContent {
    std::string name;
    std::string description;
    std::string legal_basis; // statute text
    std::string gdpr_basis;  // "A6-1-e", "A6-1-a" (consent), …
    std::vector<std::string> data_categories;
    std::vector<std::string> source_registers;
    std::vector<std::string> recipients;
    int retention_days = 0;
};

struct PurposeVersion {
    std::int64_t id = 0;
    int version = 0;
    PurposeStatus status = PurposeStatus::Proposed;
    PurposeContent content;
    UnixMillis proposed_at = 0;
    std::optional<UnixMillis> decided_at;
    std::optional<std::string> decision_reason;
};

struct Purpose {
    std::int64_t id = 0;
    std::string agency_code;
    std::string agency_name;
    PurposeStatus status = PurposeStatus::Proposed; // of the version in force, else the newest
    std::optional<PurposeVersion> in_force;
    std::vector<PurposeVersion> versions; // all versions for the owning agency and DPOs
};

struct AccessCheckResult {
    AccessDecision decision = AccessDecision::Deny;
    std::string reason;      // an api::AccessReason; labels: access_decision_reasons()
    std::string reason_text; // German
    std::string check_id;    // the log entry of this check
    std::optional<int> purpose_version;
    std::optional<std::int64_t> consent_id;
    std::optional<AccessEvent> access_event; // when the check was turned into an access
};

void to_json(nlohmann::json& j, const PurposeContent& value);
void from_json(const nlohmann::json& j, PurposeContent& value);
void to_json(nlohmann::json& j, const PurposeVersion& value);
void from_json(const nlohmann::json& j, PurposeVersion& value);
void to_json(nlohmann::json& j, const Purpose& value);
void from_json(const nlohmann::json& j, Purpose& value);
void to_json(nlohmann::json& j, const AccessCheckResult& value);
void from_json(const nlohmann::json& j, AccessCheckResult& value);

// Non-throwing readers (see json_reader.hpp); from_json calls them and throws on failure.
bool read(const nlohmann::json& j, PurposeContent& value);
bool read(const nlohmann::json& j, PurposeVersion& value);
bool read(const nlohmann::json& j, Purpose& value);
bool read(const nlohmann::json& j, AccessCheckResult& value);

} // namespace einblick::api
