#pragma once
// JSON shapes of the citizen's rights: consents (Art. 7), objections (Art. 21).

#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace einblick::api {

struct Consent {
    std::int64_t id = 0;
    std::int64_t purpose_id = 0;
    int purpose_version = 0;
    std::string purpose_name;
    std::string agency_code;
    std::string agency_name;
    ConsentState state = ConsentState::Given;
    UnixMillis granted_at = 0;
    UnixMillis expires_at = 0;
    std::optional<UnixMillis> withdrawn_at;
};

struct Objection {
    std::int64_t id = 0;
    std::string reference; // for letters and phone calls, e.g. "W-2026-000042"
    std::int64_t purpose_id = 0;
    std::string purpose_name;
    std::string agency_code;
    std::string agency_name;
    std::optional<std::int64_t> event_id;
    std::string reason;
    bool restriction_requested = false;
    ObjectionStatus status = ObjectionStatus::Pending;
    UnixMillis received_at = 0;
    UnixMillis original_due_at = 0;
    UnixMillis due_at = 0;
    bool overdue = false;
    std::optional<std::string> extension_reason;
    std::optional<UnixMillis> decided_at;
    std::optional<std::string> decision_reason;
    int revision = 1;
    std::string remedies; // the right to complain to the supervisory authority (Art. 77)
};

void to_json(nlohmann::json& j, const Consent& value);
void from_json(const nlohmann::json& j, Consent& value);
void to_json(nlohmann::json& j, const Objection& value);
void from_json(const nlohmann::json& j, Objection& value);

// Non-throwing readers (see json_reader.hpp); from_json calls them and throws on failure.
bool read(const nlohmann::json& j, Consent& value);
bool read(const nlohmann::json& j, Objection& value);

} // namespace einblick::api
