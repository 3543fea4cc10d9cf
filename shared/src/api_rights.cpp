#include "einblick/shared/api_rights.hpp"

#include "api_json_common.hpp"
#include "einblick/shared/json_reader.hpp"

#include <nlohmann/json.hpp>

namespace einblick::api {
namespace {

nlohmann::json instant(UnixMillis value) {
    return format_rfc3339_utc(value);
}

struct Named {
    std::int64_t id = 0;
    std::int64_t version = 0;
    std::string name;
};

// {"id", "version"?, "name"} of a purpose.
bool read_purpose(const nlohmann::json& j, Named& value) {
    JsonReader r(j);
    value.id = r.integer("id");
    value.version = r.optional_integer("version").value_or(0);
    value.name = r.text("name");
    return r.ok();
}

} // namespace

void to_json(nlohmann::json& j, const Consent& v) {
    j = {{"id", v.id},
         {"purpose",
          {{"id", v.purpose_id}, {"version", v.purpose_version}, {"name", v.purpose_name}}},
         {"agency", detail::agency_json(v.agency_code, v.agency_name)},
         {"state", to_text(v.state)},
         {"granted_at", instant(v.granted_at)},
         {"expires_at", instant(v.expires_at)}};
    if (v.withdrawn_at) {
        j["withdrawn_at"] = instant(*v.withdrawn_at);
    }
}

void to_json(nlohmann::json& j, const Objection& v) {
    j = {{"id", v.id},
         {"reference", v.reference},
         {"purpose", {{"id", v.purpose_id}, {"name", v.purpose_name}}},
         {"agency", detail::agency_json(v.agency_code, v.agency_name)},
         {"reason", v.reason},
         {"restriction_requested", v.restriction_requested},
         {"status", to_text(v.status)},
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

bool read(const nlohmann::json& j, Consent& v) {
    JsonReader r(j);
    Named purpose;
    const bool nested =
        j.is_object() && j.contains("purpose") && read_purpose(j.at("purpose"), purpose);
    detail::read_agency(r, j, "agency", v.agency_code, v.agency_name);
    v.id = r.integer("id");
    v.purpose_id = purpose.id;
    v.purpose_version = static_cast<int>(purpose.version);
    v.purpose_name = purpose.name;
    v.state = r.enumeration<ConsentState>("state");
    v.granted_at = r.instant("granted_at");
    v.expires_at = r.instant("expires_at");
    v.withdrawn_at = r.optional_instant("withdrawn_at");
    return nested && r.ok();
}

bool read(const nlohmann::json& j, Objection& v) {
    JsonReader r(j);
    Named purpose;
    const bool nested =
        j.is_object() && j.contains("purpose") && read_purpose(j.at("purpose"), purpose);
    detail::read_agency(r, j, "agency", v.agency_code, v.agency_name);
    v.id = r.integer("id");
    v.reference = r.text("reference");
    v.purpose_id = purpose.id;
    v.purpose_name = purpose.name;
    v.event_id = r.optional_integer("event_id");
    v.reason = r.text("reason");
    v.restriction_requested = r.boolean("restriction_requested");
    v.status = r.enumeration<ObjectionStatus>("status");
    v.received_at = r.instant("received_at");
    v.original_due_at = r.instant("original_due_at");
    v.due_at = r.instant("due_at");
    v.overdue = r.boolean("overdue");
    v.revision = static_cast<int>(r.integer("revision"));
    v.remedies = r.text("remedies");
    v.extension_reason = r.optional_text("extension_reason");
    v.decided_at = r.optional_instant("decided_at");
    v.decision_reason = r.optional_text("decision_reason");
    return nested && r.ok();
}

void from_json(const nlohmann::json& j, Consent& value) {
    read_or_throw(j, value, "Consent");
}
void from_json(const nlohmann::json& j, Objection& value) {
    read_or_throw(j, value, "Objection");
}

} // namespace einblick::api
