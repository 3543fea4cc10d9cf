#include "einblick/shared/api_types.hpp"

#include "api_json_common.hpp"
#include "einblick/shared/json_reader.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace einblick::api {
namespace {

struct PurposeRef {
    std::int64_t id = 0;
    std::int64_t version = 0;
};

bool read(const nlohmann::json& j, PurposeRef& value) {
    JsonReader r(j);
    value.id = r.integer("id");
    value.version = r.integer("version");
    return r.ok();
}

} // namespace

std::string to_string(Role role) {
    return std::string(to_text(role));
}

std::optional<Role> role_from_string(const std::string& text) {
    return from_text<Role>(text);
}

void to_json(nlohmann::json& j, const AccessEvent& value) {
    j = {{"id", value.id},
         {"seq", value.seq},
         {"leaf_index", value.leaf_index()},
         {"kind", to_text(value.kind)},
         {"outcome", to_text(value.outcome)},
         {"reason", value.reason},
         {"occurred_at", format_rfc3339_utc(value.occurred_at)},
         {"agency", detail::agency_json(value.agency_code, value.agency_name)},
         {"purpose", value.purpose},
         {"legal_basis", value.legal_basis},
         {"register", value.register_code},
         {"data_categories", value.data_categories},
         {"reported_late", value.reported_late}};
    if (value.recorded_at) {
        j["recorded_at"] = format_rfc3339_utc(*value.recorded_at);
    }
    if (value.purpose_id) {
        j["purpose_ref"] = {{"id", *value.purpose_id},
                            {"version", value.purpose_version.value_or(0)}};
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
    if (value.citizen_ref) {
        j["citizen_ref"] = *value.citizen_ref;
    }
}

void to_json(nlohmann::json& j, const AccessEventPage& value) {
    j = {{"items", value.items}};
    if (value.next_cursor) {
        j["next_cursor"] = *value.next_cursor;
    }
}

void to_json(nlohmann::json& j, const LoginRequest& value) {
    j = {{"username", value.username}, {"password", value.password}};
}

void to_json(nlohmann::json& j, const SessionInfo& value) {
    j = {{"username", value.username},
         {"display_name", value.display_name},
         {"role", to_string(value.role)}};
}

void to_json(nlohmann::json& j, const FieldViolation& value) {
    j = {{"field", value.field}, {"rule", value.rule}, {"detail", value.detail}};
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

bool read(const nlohmann::json& j, AccessEvent& value) {
    JsonReader r(j);
    value.id = r.text("id");
    value.occurred_at = r.instant("occurred_at");
    detail::read_agency(r, j, "agency", value.agency_code, value.agency_name);
    value.purpose = r.text("purpose");
    value.legal_basis = r.text("legal_basis");
    value.data_categories = r.texts("data_categories");
    value.seq = r.optional_integer("seq").value_or(0);
    value.kind = r.optional_enumeration<AccessKind>("kind").value_or(AccessKind::Access);
    value.outcome =
        r.optional_enumeration<AccessOutcome>("outcome").value_or(AccessOutcome::Allowed);
    value.reason = r.optional_text("reason").value_or(std::string(to_text(AccessReason::Allowed)));
    value.register_code = r.optional_text("register").value_or("");
    if (const auto ref = r.optional_object<PurposeRef>("purpose_ref")) {
        value.purpose_id = ref->id;
        value.purpose_version = static_cast<int>(ref->version);
    }
    value.official = r.optional_text("official");
    value.correlation_id = r.optional_text("correlation_id");
    value.consent_id = r.optional_integer("consent_id");
    value.citizen_ref = r.optional_text("citizen_ref");
    value.recorded_at = r.optional_instant("recorded_at");
    value.reported_late = r.optional_boolean("reported_late").value_or(false);
    return r.ok();
}

bool read(const nlohmann::json& j, AccessEventPage& value) {
    JsonReader r(j);
    value.items = r.objects<AccessEvent>("items");
    value.next_cursor = r.optional_text("next_cursor");
    return r.ok();
}

bool read(const nlohmann::json& j, LoginRequest& value) {
    JsonReader r(j);
    value.username = r.text("username");
    value.password = r.text("password");
    return r.ok();
}

bool read(const nlohmann::json& j, SessionInfo& value) {
    JsonReader r(j);
    value.username = r.text("username");
    value.display_name = r.text("display_name");
    value.role = r.enumeration<Role>("role");
    return r.ok();
}

bool read(const nlohmann::json& j, FieldViolation& value) {
    JsonReader r(j);
    value.field = r.text("field");
    value.rule = r.text("rule");
    value.detail = r.optional_text("detail").value_or("");
    return r.ok();
}

bool read(const nlohmann::json& j, Problem& value) {
    // Lenient: a problem from a proxy or an older server still yields what it has.
    JsonReader r(j);
    value.type = r.optional_text("type").value_or("about:blank");
    value.title = r.optional_text("title").value_or("");
    value.status = static_cast<int>(r.optional_integer("status").value_or(0));
    value.detail = r.optional_text("detail").value_or("");
    if (j.is_object() && j.contains("errors") && j.at("errors").is_array()) {
        value.errors = r.objects<FieldViolation>("errors");
    }
    return r.ok();
}

void from_json(const nlohmann::json& j, AccessEvent& value) {
    read_or_throw(j, value, "AccessEvent");
}
void from_json(const nlohmann::json& j, AccessEventPage& value) {
    read_or_throw(j, value, "AccessEventPage");
}
void from_json(const nlohmann::json& j, LoginRequest& value) {
    read_or_throw(j, value, "LoginRequest");
}
void from_json(const nlohmann::json& j, SessionInfo& value) {
    read_or_throw(j, value, "SessionInfo");
}
void from_json(const nlohmann::json& j, FieldViolation& value) {
    read_or_throw(j, value, "FieldViolation");
}
void from_json(const nlohmann::json& j, Problem& value) {
    read_or_throw(j, value, "Problem");
}

} // namespace einblick::api
