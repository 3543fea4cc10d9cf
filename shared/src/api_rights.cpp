#include "einblick/shared/api_rights.hpp"

#include <nlohmann/json.hpp>

namespace einblick::api {
namespace {

nlohmann::json instant(UnixMillis value) { return format_rfc3339_utc(value); }

UnixMillis instant_at(const nlohmann::json& j, const char* key) {
    return parse_rfc3339(j.at(key).get<std::string>()).value_or(0);
}

std::optional<UnixMillis> optional_instant(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        return std::nullopt;
    }
    return parse_rfc3339(it->get<std::string>());
}

std::optional<std::string> optional_text(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        return std::nullopt;
    }
    return it->get<std::string>();
}

} // namespace

void to_json(nlohmann::json& j, const Consent& v) {
    j = {{"id", v.id},
         {"purpose", {{"id", v.purpose_id}, {"version", v.purpose_version}, {"name", v.purpose_name}}},
         {"agency", {{"code", v.agency_code}, {"name", v.agency_name}}},
         {"state", v.state},
         {"granted_at", instant(v.granted_at)},
         {"expires_at", instant(v.expires_at)}};
    if (v.withdrawn_at) {
        j["withdrawn_at"] = instant(*v.withdrawn_at);
    }
}

void from_json(const nlohmann::json& j, Consent& v) {
    j.at("id").get_to(v.id);
    j.at("purpose").at("id").get_to(v.purpose_id);
    j.at("purpose").at("version").get_to(v.purpose_version);
    j.at("purpose").at("name").get_to(v.purpose_name);
    j.at("agency").at("code").get_to(v.agency_code);
    j.at("agency").at("name").get_to(v.agency_name);
    j.at("state").get_to(v.state);
    v.granted_at = instant_at(j, "granted_at");
    v.expires_at = instant_at(j, "expires_at");
    v.withdrawn_at = optional_instant(j, "withdrawn_at");
}

void to_json(nlohmann::json& j, const Objection& v) {
    j = {{"id", v.id},
         {"reference", v.reference},
         {"purpose", {{"id", v.purpose_id}, {"name", v.purpose_name}}},
         {"agency", {{"code", v.agency_code}, {"name", v.agency_name}}},
         {"reason", v.reason},
         {"restriction_requested", v.restriction_requested},
         {"status", v.status},
         {"received_at", instant(v.received_at)},
         {"original_due_at", instant(v.original_due_at)},
         {"due_at", instant(v.due_at)},
         {"overdue", v.overdue},
         {"revision", v.revision},
         {"remedies", v.remedies}};
    if (v.event_id) {
        j["event_id"] = *v.event_id;
    }
    if (v.extension_reason) {
        j["extension_reason"] = *v.extension_reason;
    }
    if (v.decided_at) {
        j["decided_at"] = instant(*v.decided_at);
    }
    if (v.decision_reason) {
        j["decision_reason"] = *v.decision_reason;
    }
}

void from_json(const nlohmann::json& j, Objection& v) {
    j.at("id").get_to(v.id);
    j.at("reference").get_to(v.reference);
    j.at("purpose").at("id").get_to(v.purpose_id);
    j.at("purpose").at("name").get_to(v.purpose_name);
    j.at("agency").at("code").get_to(v.agency_code);
    j.at("agency").at("name").get_to(v.agency_name);
    j.at("reason").get_to(v.reason);
    j.at("restriction_requested").get_to(v.restriction_requested);
    j.at("status").get_to(v.status);
    v.received_at = instant_at(j, "received_at");
    v.original_due_at = instant_at(j, "original_due_at");
    v.due_at = instant_at(j, "due_at");
    j.at("overdue").get_to(v.overdue);
    j.at("revision").get_to(v.revision);
    j.at("remedies").get_to(v.remedies);
    if (const auto it = j.find("event_id"); it != j.end() && !it->is_null()) {
        v.event_id = it->get<std::int64_t>();
    }
    v.extension_reason = optional_text(j, "extension_reason");
    v.decided_at = optional_instant(j, "decided_at");
    v.decision_reason = optional_text(j, "decision_reason");
}

} // namespace einblick::api
