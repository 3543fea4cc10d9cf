#include "einblick/shared/api_types.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace einblick::api {
namespace {
UnixMillis instant_from_json(const nlohmann::json& j) {
    const auto parsed = parse_rfc3339(j.get<std::string>());
    if (!parsed) {
        throw std::invalid_argument("not an RFC 3339 date-time: " + j.get<std::string>());
    }
    return *parsed;
}
} // namespace

std::string to_string(Role role) {
    switch (role) {
    case Role::Citizen: return "citizen";
    case Role::Dpo: return "dpo";
    case Role::Agency: return "agency";
    }
    return "citizen";
}

std::optional<Role> role_from_string(const std::string& text) {
    if (text == "citizen") {
        return Role::Citizen;
    }
    if (text == "dpo") {
        return Role::Dpo;
    }
    if (text == "agency") {
        return Role::Agency;
    }
    return std::nullopt;
}

void to_json(nlohmann::json& j, const AccessEvent& value) {
    j = {{"id", value.id},
         {"seq", value.seq},
         {"kind", value.kind},
         {"outcome", value.outcome},
         {"reason", value.reason},
         {"occurred_at", format_rfc3339_utc(value.occurred_at)},
         {"agency", {{"code", value.agency_code}, {"name", value.agency_name}}},
         {"purpose", value.purpose},
         {"legal_basis", value.legal_basis},
         {"register", value.register_code},
         {"data_categories", value.data_categories}};
    if (value.purpose_id) {
        j["purpose_ref"] = {{"id", *value.purpose_id}, {"version", value.purpose_version.value_or(0)}};
    }
    if (value.official) {
        j["official"] = *value.official;
    }
    if (value.correlation_id) {
        j["correlation_id"] = *value.correlation_id;
    }
    if (value.consent_id) {
        j["consent_id"] = *value.consent_id;
    }
}

void from_json(const nlohmann::json& j, AccessEvent& value) {
    j.at("id").get_to(value.id);
    value.occurred_at = instant_from_json(j.at("occurred_at"));
    j.at("agency").at("code").get_to(value.agency_code);
    j.at("agency").at("name").get_to(value.agency_name);
    j.at("purpose").get_to(value.purpose);
    j.at("legal_basis").get_to(value.legal_basis);
    j.at("data_categories").get_to(value.data_categories);
    value.seq = j.value("seq", std::int64_t{0});
    value.kind = j.value("kind", "access");
    value.outcome = j.value("outcome", "allowed");
    value.reason = j.value("reason", "allowed");
    value.register_code = j.value("register", "");
    if (const auto it = j.find("purpose_ref"); it != j.end()) {
        value.purpose_id = it->at("id").get<std::int64_t>();
        value.purpose_version = it->at("version").get<int>();
    }
    if (const auto it = j.find("official"); it != j.end()) {
        value.official = it->get<std::string>();
    }
    if (const auto it = j.find("correlation_id"); it != j.end()) {
        value.correlation_id = it->get<std::string>();
    }
    if (const auto it = j.find("consent_id"); it != j.end()) {
        value.consent_id = it->get<std::int64_t>();
    }
}

void to_json(nlohmann::json& j, const AccessEventPage& value) {
    j = {{"items", value.items}};
    if (value.next_cursor) {
        j["next_cursor"] = *value.next_cursor;
    }
}

void from_json(const nlohmann::json& j, AccessEventPage& value) {
    j.at("items").get_to(value.items);
    if (auto it = j.find("next_cursor"); it != j.end() && !it->is_null()) {
        value.next_cursor = it->get<std::string>();
    } else {
        value.next_cursor.reset();
    }
}

void to_json(nlohmann::json& j, const LoginRequest& value) {
    j = {{"username", value.username}, {"password", value.password}};
}

void from_json(const nlohmann::json& j, LoginRequest& value) {
    j.at("username").get_to(value.username);
    j.at("password").get_to(value.password);
}

void to_json(nlohmann::json& j, const SessionInfo& value) {
    j = {{"username", value.username},
         {"display_name", value.display_name},
         {"role", to_string(value.role)}};
}

void from_json(const nlohmann::json& j, SessionInfo& value) {
    j.at("username").get_to(value.username);
    j.at("display_name").get_to(value.display_name);
    const auto role = role_from_string(j.at("role").get<std::string>());
    if (!role) {
        throw std::invalid_argument("unknown role");
    }
    value.role = *role;
}

void to_json(nlohmann::json& j, const FieldViolation& value) {
    j = {{"field", value.field}, {"rule", value.rule}, {"detail", value.detail}};
}

void from_json(const nlohmann::json& j, FieldViolation& value) {
    j.at("field").get_to(value.field);
    j.at("rule").get_to(value.rule);
    value.detail = j.value("detail", "");
}

void to_json(nlohmann::json& j, const Problem& value) {
    j = {{"type", value.type},
         {"title", value.title},
         {"status", value.status},
         {"detail", value.detail}};
    if (!value.errors.empty()) {
        j["errors"] = value.errors;
    }
}

void from_json(const nlohmann::json& j, Problem& value) {
    value.type = j.value("type", "about:blank");
    value.title = j.value("title", "");
    value.status = j.value("status", 0);
    value.detail = j.value("detail", "");
    if (auto it = j.find("errors"); it != j.end() && it->is_array()) {
        it->get_to(value.errors);
    }
}

} // namespace einblick::api
