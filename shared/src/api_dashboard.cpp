#include "einblick/shared/api_dashboard.hpp"

#include <nlohmann/json.hpp>

namespace einblick::api {
namespace {

nlohmann::json instant(UnixMillis value) {
    return format_rfc3339_utc(value);
}

} // namespace

void to_json(nlohmann::json& j, const ConsentRequest& v) {
    j = {{"purpose_id", v.purpose_id}, {"expires_at", instant(v.expires_at)}};
}

void to_json(nlohmann::json& j, const ObjectionRequest& v) {
    j = {{"reason", v.reason}, {"restrict_processing", v.restrict_processing}};
    if (v.event_id) {
        j["event_id"] = *v.event_id;
    }
    if (v.purpose_id) {
        j["purpose_id"] = *v.purpose_id;
    }
}

void to_json(nlohmann::json& j, const ObjectionDecisionRequest& v) {
    j = {{"outcome", to_text(v.outcome)}, {"reason", v.reason}};
}

void to_json(nlohmann::json& j, const ObjectionExtensionRequest& v) {
    j = {{"months", v.months}, {"reason", v.reason}};
}

void to_json(nlohmann::json& j, const PurposeDecisionRequest& v) {
    j = {{"decision", to_text(v.decision)}, {"reason", v.reason}};
}

void to_json(nlohmann::json& j, const ApiKeyRequest& v) {
    j = {{"label", v.label}};
}

void to_json(nlohmann::json& j, const ApiKey& v) {
    j = {{"id", v.id},
         {"label", v.label},
         {"created_at", instant(v.created_at)},
         {"active", v.active}};
    if (v.revoked_at) {
        j["revoked_at"] = instant(*v.revoked_at);
    }
}

void to_json(nlohmann::json& j, const ApiKeyCreated& v) {
    to_json(j, v.info);
    j["key"] = v.key;
}

void to_json(nlohmann::json& j, const VocabularyTerm& v) {
    j = {{"code", v.code}, {"de", v.de}, {"en", v.en}};
}

void to_json(nlohmann::json& j, const Vocabulary& v) {
    j = {{"data_categories", v.data_categories},
         {"registers", v.registers},
         {"gdpr_bases", v.gdpr_bases},
         {"access_decision_reasons", v.access_decision_reasons}};
}

bool read(const nlohmann::json& j, ConsentRequest& v) {
    JsonReader r(j);
    v.purpose_id = r.integer("purpose_id");
    v.expires_at = r.instant("expires_at");
    return r.ok();
}

bool read(const nlohmann::json& j, ObjectionRequest& v) {
    JsonReader r(j);
    v.event_id = r.optional_integer("event_id");
    v.purpose_id = r.optional_integer("purpose_id");
    v.reason = r.text("reason");
    const bool has_flag = j.is_object() && j.contains("restrict_processing") &&
                          !j.at("restrict_processing").is_null();
    v.restrict_processing = has_flag && r.boolean("restrict_processing");
    return r.ok() && (v.event_id.has_value() != v.purpose_id.has_value());
}

bool read(const nlohmann::json& j, ObjectionDecisionRequest& v) {
    JsonReader r(j);
    v.outcome = r.enumeration<ObjectionDecision>("outcome");
    v.reason = r.text("reason");
    return r.ok();
}

bool read(const nlohmann::json& j, ObjectionExtensionRequest& v) {
    JsonReader r(j);
    v.months = static_cast<int>(r.integer("months"));
    v.reason = r.text("reason");
    return r.ok();
}

bool read(const nlohmann::json& j, PurposeDecisionRequest& v) {
    JsonReader r(j);
    v.decision = r.enumeration<PurposeDecision>("decision");
    v.reason = r.text("reason");
    return r.ok();
}

bool read(const nlohmann::json& j, ApiKeyRequest& v) {
    JsonReader r(j);
    v.label = r.text("label");
    return r.ok();
}

bool read(const nlohmann::json& j, ApiKey& v) {
    JsonReader r(j);
    v.id = r.integer("id");
    v.label = r.text("label");
    v.created_at = r.instant("created_at");
    v.active = r.boolean("active");
    v.revoked_at = r.optional_instant("revoked_at");
    return r.ok();
}

bool read(const nlohmann::json& j, ApiKeyCreated& v) {
    JsonReader r(j);
    const bool info_ok = read(j, v.info);
    v.key = r.text("key");
    return info_ok && r.ok();
}

bool read(const nlohmann::json& j, VocabularyTerm& v) {
    JsonReader r(j);
    v.code = r.text("code");
    v.de = r.text("de");
    v.en = r.text("en");
    return r.ok();
}

bool read(const nlohmann::json& j, Vocabulary& v) {
    JsonReader r(j);
    v.data_categories = r.objects<VocabularyTerm>("data_categories");
    v.registers = r.objects<VocabularyTerm>("registers");
    v.gdpr_bases = r.objects<VocabularyTerm>("gdpr_bases");
    v.access_decision_reasons = r.objects<VocabularyTerm>("access_decision_reasons");
    return r.ok();
}

} // namespace einblick::api
