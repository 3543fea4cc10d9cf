#include "einblick/shared/api_registry.hpp"

#include "api_json_common.hpp"
#include "einblick/shared/json_reader.hpp"

#include <nlohmann/json.hpp>

namespace einblick::api {

void to_json(nlohmann::json& j, const PurposeContent& value) {
    j = {{"name", value.name},
         {"description", value.description},
         {"legal_basis", value.legal_basis},
         {"gdpr_basis", value.gdpr_basis},
         {"data_categories", value.data_categories},
         {"source_registers", value.source_registers},
         {"recipients", value.recipients},
         {"retention_days", value.retention_days}};
}

void to_json(nlohmann::json& j, const PurposeVersion& value) {
    j = value.content;
    j["id"] = value.id;
    j["version"] = value.version;
    j["status"] = to_text(value.status);
    j["proposed_at"] = format_rfc3339_utc(value.proposed_at);
    if (value.decided_at) {
        j["decided_at"] = format_rfc3339_utc(*value.decided_at);
    }
    if (value.decision_reason) {
        j["decision_reason"] = *value.decision_reason;
    }
}

void to_json(nlohmann::json& j, const Purpose& value) {
    j = {{"id", value.id},
         {"agency", detail::agency_json(value.agency_code, value.agency_name)},
         {"status", to_text(value.status)},
         {"in_force", value.in_force ? nlohmann::json(*value.in_force) : nlohmann::json(nullptr)},
         {"versions", value.versions}};
}

void to_json(nlohmann::json& j, const AccessCheckResult& value) {
    j = {{"decision", to_text(value.decision)},
         {"reason", value.reason},
         {"reason_text", value.reason_text},
         {"check_id", value.check_id}};
    if (value.purpose_version) {
        j["purpose_version"] = *value.purpose_version;
    }
    if (value.consent_id) {
        j["consent_id"] = *value.consent_id;
    }
    if (value.access_event) {
        j["access_event"] = *value.access_event;
    }
}

bool read(const nlohmann::json& j, PurposeContent& value) {
    JsonReader r(j);
    value.name = r.text("name");
    value.description = r.text("description");
    value.legal_basis = r.text("legal_basis");
    value.gdpr_basis = r.text("gdpr_basis");
    value.data_categories = r.texts("data_categories");
    value.source_registers = r.texts("source_registers");
    value.recipients = r.texts("recipients");
    value.retention_days = static_cast<int>(r.integer("retention_days"));
    return r.ok();
}

bool read(const nlohmann::json& j, PurposeVersion& value) {
    JsonReader r(j);
    const bool content_ok = read(j, value.content);
    value.id = r.integer("id");
    value.version = static_cast<int>(r.integer("version"));
    value.status = r.enumeration<PurposeStatus>("status");
    value.proposed_at = r.instant("proposed_at");
    value.decided_at = r.optional_instant("decided_at");
    value.decision_reason = r.optional_text("decision_reason");
    return content_ok && r.ok();
}

bool read(const nlohmann::json& j, Purpose& value) {
    JsonReader r(j);
    value.id = r.integer("id");
    detail::read_agency(r, j, "agency", value.agency_code, value.agency_name);
    value.status = r.enumeration<PurposeStatus>("status");
    value.in_force = r.optional_object<PurposeVersion>("in_force");
    value.versions = r.objects<PurposeVersion>("versions");
    return r.ok();
}

bool read(const nlohmann::json& j, AccessCheckResult& value) {
    JsonReader r(j);
    value.decision = r.enumeration<AccessDecision>("decision");
    value.reason = r.text("reason");
    value.reason_text = r.text("reason_text");
    value.check_id = r.text("check_id");
    if (const auto version = r.optional_integer("purpose_version")) {
        value.purpose_version = static_cast<int>(*version);
    }
    value.consent_id = r.optional_integer("consent_id");
    value.access_event = r.optional_object<AccessEvent>("access_event");
    return r.ok();
}

void from_json(const nlohmann::json& j, PurposeContent& value) {
    read_or_throw(j, value, "PurposeContent");
}
void from_json(const nlohmann::json& j, PurposeVersion& value) {
    read_or_throw(j, value, "PurposeVersion");
}
void from_json(const nlohmann::json& j, Purpose& value) {
    read_or_throw(j, value, "Purpose");
}
void from_json(const nlohmann::json& j, AccessCheckResult& value) {
    read_or_throw(j, value, "AccessCheckResult");
}

} // namespace einblick::api
