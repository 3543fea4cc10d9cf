#pragma once
// The JSON shapes of the HTTP API (/api/v1), shared by the server that writes them and the
// client that reads them. Field names here are the contract documented in docs/openapi.yaml.

#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace einblick::api {

// One entry of a citizen's access log, as the citizen sees it: an access, or an access check
// (Zulässigkeitsprüfung) with its outcome.
struct AccessEvent {
    std::string id;
    UnixMillis occurred_at = 0;
    std::string agency_code;
    std::string agency_name;
    std::string purpose; // the purpose's name
    std::string legal_basis;
    std::vector<std::string> data_categories;
    AccessKind kind = AccessKind::Access;
    AccessOutcome outcome = AccessOutcome::Allowed;
    // An AccessReason's wire text, a code of access_decision_reasons() (vocabulary.hpp). Kept
    // as text, as in the server's log: nobody branches on it, it is only shown through its
    // label, and a reason a newer server adds is shown as its code instead of failing the read.
    std::string reason{to_text(AccessReason::Allowed)};
    std::optional<std::int64_t> purpose_id;
    std::optional<int> purpose_version;
    std::string register_code;
    std::optional<std::string> official;
    std::optional<std::string> correlation_id;
    std::optional<std::int64_t> consent_id;
    std::int64_t seq = 0;
    // When Einblick stored the entry (always sent by servers since issue 11 item 8; absent
    // from older ones). `reported_late`: stored more than access_late_after_hours after
    // occurred_at, shown to the citizen as "nachträglich gemeldet".
    std::optional<UnixMillis> recorded_at;
    bool reported_late = false;
    // The entry's leaf in the log's Merkle tree (docs/LOG-FORMAT.md): sent as `leaf_index`.
    std::int64_t leaf_index() const { return seq - 1; }
    // Only in a DPO's view of an agency's accesses: the citizen as a short pseudonymous
    // reference (equal for equal citizens), never in a citizen's own history.
    std::optional<std::string> citizen_ref;
};

struct AccessEventPage {
    std::vector<AccessEvent> items;
    std::optional<std::string> next_cursor; // absent on the last page
};

struct LoginRequest {
    std::string username;
    std::string password;
};

struct SessionInfo {
    std::string username;
    std::string display_name;
    Role role = Role::Citizen;
};

// RFC 9457 problem details; `errors` names each invalid field and the rule it broke.
struct FieldViolation {
    std::string field; // JSON Pointer into the request body, e.g. "/data_categories/0"
    std::string rule;  // machine-readable rule name, e.g. "required", "format"
    std::string detail;
};

struct Problem {
    std::string type = "about:blank";
    std::string title;
    int status = 500;
    std::string detail;
    std::vector<FieldViolation> errors;
};

// to_text and from_text<Role> (api_rules.hpp) as std::string.
std::string to_string(Role role);
std::optional<Role> role_from_string(const std::string& text);

void to_json(nlohmann::json& j, const AccessEvent& value);
// The page as JSON text: the very text nlohmann::json(page).dump() gives, written straight to
// a string instead of through nlohmann's tree of maps first. A history page is the server's
// most frequent answer, and building the tree took about four fifths of the time spent on its
// JSON (BENCHMARKS.md).
std::string to_json_text(const AccessEventPage& page);
// One event, and a batch's answer {"events":[…]}, the same way: the text nlohmann::json gives
// for them. Batches over HTTP went 19 % faster (BENCHMARKS.md, sixth stop).
std::string to_json_text(const AccessEvent& event);
std::string batch_answer_json_text(std::span<const AccessEvent> events);
void from_json(const nlohmann::json& j, AccessEvent& value);
void to_json(nlohmann::json& j, const AccessEventPage& value);
void from_json(const nlohmann::json& j, AccessEventPage& value);
void to_json(nlohmann::json& j, const LoginRequest& value);
void from_json(const nlohmann::json& j, LoginRequest& value);
void to_json(nlohmann::json& j, const SessionInfo& value);
void from_json(const nlohmann::json& j, SessionInfo& value);
void to_json(nlohmann::json& j, const FieldViolation& value);
void from_json(const nlohmann::json& j, FieldViolation& value);
void to_json(nlohmann::json& j, const Problem& value);
void from_json(const nlohmann::json& j, Problem& value);

// Non-throwing readers (see json_reader.hpp); from_json calls them and throws on failure.
bool read(const nlohmann::json& j, AccessEvent& value);
bool read(const nlohmann::json& j, AccessEventPage& value);
bool read(const nlohmann::json& j, LoginRequest& value);
bool read(const nlohmann::json& j, SessionInfo& value);
bool read(const nlohmann::json& j, FieldViolation& value);
bool read(const nlohmann::json& j, Problem& value);

} // namespace einblick::api
