#include "einblick/shared/api_registry.hpp"

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

void from_json(const nlohmann::json& j, PurposeContent& value) {
    j.at("name").get_to(value.name);
    j.at("description").get_to(value.description);
    j.at("legal_basis").get_to(value.legal_basis);
    j.at("gdpr_basis").get_to(value.gdpr_basis);
    j.at("data_categories").get_to(value.data_categories);
    j.at("source_registers").get_to(value.source_registers);
    j.at("recipients").get_to(value.recipients);
    j.at("retention_days").get_to(value.retention_days);
}

void to_json(nlohmann::json& j, const PurposeVersion& value) {
    j = value.content;
    j["id"] = value.id;
    j["version"] = value.version;
    j["status"] = value.status;
    j["proposed_at"] = format_rfc3339_utc(value.proposed_at);
    if (value.decided_at) {
        j["decided_at"] = format_rfc3339_utc(*value.decided_at);
    }
    if (value.decision_reason) {
        j["decision_reason"] = *value.decision_reason;
    }
}

void from_json(const nlohmann::json& j, PurposeVersion& value) {
    j.get_to(value.content);
    j.at("id").get_to(value.id);
    j.at("version").get_to(value.version);
    j.at("status").get_to(value.status);
    value.proposed_at = parse_rfc3339(j.at("proposed_at").get<std::string>()).value_or(0);
    if (const auto it = j.find("decided_at"); it != j.end()) {
        value.decided_at = parse_rfc3339(it->get<std::string>());
    }
    if (const auto it = j.find("decision_reason"); it != j.end()) {
        value.decision_reason = it->get<std::string>();
    }
}

void to_json(nlohmann::json& j, const Purpose& value) {
    j = {{"id", value.id},
         {"agency", {{"code", value.agency_code}, {"name", value.agency_name}}},
         {"status", value.status},
         {"in_force", value.in_force ? nlohmann::json(*value.in_force) : nlohmann::json(nullptr)},
         {"versions", value.versions}};
}

void from_json(const nlohmann::json& j, Purpose& value) {
    j.at("id").get_to(value.id);
    j.at("agency").at("code").get_to(value.agency_code);
    j.at("agency").at("name").get_to(value.agency_name);
    j.at("status").get_to(value.status);
    if (const auto& in_force = j.at("in_force"); !in_force.is_null()) {
        value.in_force = in_force.get<PurposeVersion>();
    }
    j.at("versions").get_to(value.versions);
}

void to_json(nlohmann::json& j, const AccessCheckResult& value) {
    j = {{"decision", value.decision},
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

void from_json(const nlohmann::json& j, AccessCheckResult& value) {
    j.at("decision").get_to(value.decision);
    j.at("reason").get_to(value.reason);
    j.at("reason_text").get_to(value.reason_text);
    j.at("check_id").get_to(value.check_id);
    if (const auto it = j.find("purpose_version"); it != j.end()) {
        value.purpose_version = it->get<int>();
    }
    if (const auto it = j.find("consent_id"); it != j.end()) {
        value.consent_id = it->get<std::int64_t>();
    }
    if (const auto it = j.find("access_event"); it != j.end()) {
        value.access_event = it->get<AccessEvent>();
    }
}

} // namespace einblick::api
