// Prints the API's rules from shared/ (api_rules.hpp, vocabulary.hpp) as JSON, each with the
// places of docs/openapi.yaml that state it (JSON Pointers; a segment that is not a number
// picks the array element of that `name`, e.g. a parameter). api_rules.mjs compares them with
// the document and fails on any difference, and on any limit or enum the document states that
// no rule here claims.
//
//   {"values": [{"rule", "value", "at": [pointer…]}],        the value at each pointer
//    "enums":  [{"rule", "values": […], "at": [pointer…]}],   an enum list, in any order
//    "texts":  [{"rule", "contains", "at": pointer}]}         a description that says it

#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

using nlohmann::ordered_json;
using namespace einblick;
using namespace einblick::api;
namespace l = einblick::api::limits;

std::string escaped(std::string_view segment) {
    std::string out;
    for (const char c : segment) {
        out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    }
    return out;
}

// A keyword of a property of a component schema: prop("Objection", "status", "enum").
std::string prop(std::string_view schema, std::string_view property, std::string_view keyword) {
    return "/components/schemas/" + escaped(schema) + "/properties/" + escaped(property) + "/" +
           std::string(keyword);
}

// A keyword of an operation's query parameter's schema.
std::string param(std::string_view path, std::string_view name, std::string_view keyword) {
    return "/paths/" + escaped(path) + "/get/parameters/" + escaped(name) + "/schema/" +
           std::string(keyword);
}

template <typename T> ordered_json value(std::string_view rule, T v, std::vector<std::string> at) {
    return {{"rule", rule}, {"value", v}, {"at", at}};
}

ordered_json enumeration(std::string_view rule, std::span<const std::string_view> texts,
                         std::vector<std::string> at, std::vector<std::string_view> extra = {}) {
    std::vector<std::string_view> values(texts.begin(), texts.end());
    values.insert(values.end(), extra.begin(), extra.end());
    return {{"rule", rule}, {"values", values}, {"at", at}};
}

ordered_json vocabulary(std::string_view rule, std::span<const VocabularyEntry> entries,
                        std::vector<std::string> at) {
    std::vector<std::string_view> codes;
    for (const auto& e : entries) {
        codes.push_back(e.code);
    }
    return enumeration(rule, codes, std::move(at));
}

ordered_json text(std::string_view rule, std::string contains, std::string at) {
    return {{"rule", rule}, {"contains", contains}, {"at", at}};
}

constexpr std::string_view history = "/api/v1/me/access-events";
constexpr std::string_view agency_log = "/api/v1/agencies/{code}/access-events";
constexpr std::string_view audit = "/api/v1/audit";
constexpr std::string_view queue = "/api/v1/objections";
constexpr std::string_view export_path = "/api/v1/me/export";
constexpr std::string_view idempotency_key = "/components/parameters/IdempotencyKey";

ordered_json values() {
    return {
        value("limits::objection_reason_max", l::objection_reason_max,
              {prop("ObjectionRequest", "reason", "maxLength"),
               prop("ObjectionDecisionRequest", "reason", "maxLength"),
               prop("ObjectionExtensionRequest", "reason", "maxLength")}),
        value("limits::objection_extension_months_min", l::objection_extension_months_min,
              {prop("ObjectionExtensionRequest", "months", "minimum")}),
        value("limits::objection_extension_months_max", l::objection_extension_months_max,
              {prop("ObjectionExtensionRequest", "months", "maximum")}),
        value("limits::purpose_name_max", l::purpose_name_max,
              {prop("PurposeSubmission", "name", "maxLength")}),
        value("limits::purpose_description_max", l::purpose_description_max,
              {prop("PurposeSubmission", "description", "maxLength")}),
        value("limits::purpose_legal_basis_max", l::purpose_legal_basis_max,
              {prop("PurposeSubmission", "legal_basis", "maxLength")}),
        value("limits::purpose_recipients_max", l::purpose_recipients_max,
              {prop("PurposeSubmission", "recipients", "maxItems")}),
        value("limits::purpose_recipient_max", l::purpose_recipient_max,
              {prop("PurposeSubmission", "recipients", "items/maxLength")}),
        value("limits::purpose_retention_days_min", l::purpose_retention_days_min,
              {prop("PurposeSubmission", "retention_days", "minimum"),
               prop("PurposeVersion", "retention_days", "minimum")}),
        value("limits::purpose_retention_days_max", l::purpose_retention_days_max,
              {prop("PurposeSubmission", "retention_days", "maximum"),
               prop("PurposeVersion", "retention_days", "maximum")}),
        value("limits::purpose_decision_reason_max", l::purpose_decision_reason_max,
              {prop("PurposeDecisionRequest", "reason", "maxLength"),
               prop("ReasonRequest", "reason", "maxLength")}),
        value("limits::access_data_categories_max", l::access_data_categories_max,
              {prop("AccessCheckRequest", "data_categories", "maxItems"),
               prop("AccessEventSubmission", "data_categories", "maxItems")}),
        value("limits::access_text_max", l::access_text_max,
              {prop("AccessCheckRequest", "official", "maxLength"),
               prop("AccessCheckRequest", "correlation_id", "maxLength"),
               prop("AccessEventSubmission", "official", "maxLength"),
               prop("AccessEventSubmission", "correlation_id", "maxLength")}),
        value("limits::access_batch_max", l::access_batch_max,
              {prop("AccessEventBatch", "events", "maxItems")}),
        value("limits::idempotency_key_max", l::idempotency_key_max,
              {std::string(idempotency_key) + "/schema/maxLength"}),
        value("limits::history_page_size_default", l::history_page_size_default,
              {param(history, "limit", "default"), param(agency_log, "limit", "default")}),
        value("limits::history_page_size_max", l::history_page_size_max,
              {param(history, "limit", "maximum"), param(agency_log, "limit", "maximum")}),
        value("limits::audit_page_size_default", l::audit_page_size_default,
              {param(audit, "limit", "default")}),
        value("limits::audit_page_size_max", l::audit_page_size_max,
              {param(audit, "limit", "maximum")}),
        value("limits::log_proof_ids_max", l::log_proof_ids_max,
              {param("/api/v1/me/access-proofs", "ids", "maxItems")}),
        value("limits::api_key_label_max", l::api_key_label_max,
              {prop("ApiKeyRequest", "label", "maxLength")}),
        value("limits::monthly_statistics_months", l::monthly_statistics_months,
              {prop("MonthlyStatistics", "months", "minItems"),
               prop("MonthlyStatistics", "months", "maxItems")}),
        value("ObjectionStatus::Pending (the queue's default)", to_text(ObjectionStatus::Pending),
              {param(queue, "status", "default")}),
        value("ExportFormat::Json (the default)", to_text(ExportFormat::Json),
              {param(export_path, "format", "default")}),
    };
}

ordered_json enums() {
    return {
        enumeration("Role", wire_texts<Role>(), {prop("SessionInfo", "role", "enum")}),
        enumeration("ActorRole", wire_texts<ActorRole>(),
                    {prop("AuditRecord", "actor", "properties/role/enum")}),
        enumeration("ObjectionStatus", wire_texts<ObjectionStatus>(),
                    {prop("Objection", "status", "enum")}),
        enumeration("ObjectionStatus and objection_status_all", wire_texts<ObjectionStatus>(),
                    {param(queue, "status", "enum")}, {objection_status_all}),
        enumeration("ObjectionDecision", wire_texts<ObjectionDecision>(),
                    {prop("ObjectionDecisionRequest", "outcome", "enum")}),
        enumeration("PurposeStatus", wire_texts<PurposeStatus>(),
                    {prop("PurposeVersion", "status", "enum"), prop("Purpose", "status", "enum")}),
        enumeration("PurposeDecision", wire_texts<PurposeDecision>(),
                    {prop("PurposeDecisionRequest", "decision", "enum")}),
        enumeration("ConsentState", wire_texts<ConsentState>(), {prop("Consent", "state", "enum")}),
        enumeration("AccessKind", wire_texts<AccessKind>(), {prop("AccessEvent", "kind", "enum")}),
        enumeration("AccessOutcome", wire_texts<AccessOutcome>(),
                    {prop("AccessEvent", "outcome", "enum"), param(history, "outcome", "enum"),
                     param(agency_log, "outcome", "enum")}),
        enumeration("AccessDecision", wire_texts<AccessDecision>(),
                    {prop("AccessCheckResult", "decision", "enum")}),
        enumeration("AccessReason", wire_texts<AccessReason>(),
                    {"/components/schemas/AccessDecisionReason/enum"}),
        enumeration("ExportFormat", wire_texts<ExportFormat>(),
                    {param(export_path, "format", "enum")}),
        vocabulary("data_categories()", data_categories(),
                   {"/components/schemas/DataCategory/enum"}),
        vocabulary("registers()", registers(), {"/components/schemas/Register/enum"}),
        vocabulary("gdpr_bases()", gdpr_bases(), {"/components/schemas/GdprBasis/enum"}),
    };
}

ordered_json texts() {
    return {
        text("limits::idempotency_key_max",
             "longer than " + std::to_string(l::idempotency_key_max) + " characters",
             std::string(idempotency_key) + "/description"),
        text("limits::access_future_minutes_max",
             "At most " + std::to_string(l::access_future_minutes_max) + " minutes in the future",
             prop("AccessEventSubmission", "occurred_at", "description")),
        text("limits::backdating_window_days_default",
             "default " + std::to_string(l::backdating_window_days_default) + " days",
             prop("AccessEventSubmission", "occurred_at", "description")),
        text("limits::access_late_after_hours",
             "more than " + std::to_string(l::access_late_after_hours) + " hours after",
             prop("AccessEventSubmission", "occurred_at", "description")),
        text("limits::access_late_after_hours",
             "more than " + std::to_string(l::access_late_after_hours) + " hours after",
             prop("AccessEvent", "reported_late", "description")),
        text("limits::consent_duration_years_max",
             "at most " + std::to_string(l::consent_duration_years_max) + " years ahead",
             prop("ConsentRequest", "expires_at", "description")),
    };
}

} // namespace

int main() {
    const ordered_json rules = {{"values", values()}, {"enums", enums()}, {"texts", texts()}};
    std::cout << rules.dump(2) << '\n';
    return 0;
}
