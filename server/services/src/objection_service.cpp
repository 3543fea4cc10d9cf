#include "einblick/server/objection_service.hpp"

#include "einblick/server/purpose_service.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/text.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace einblick::server {
namespace {

constexpr const char* remedies_text =
    "Sie haben das Recht, sich bei einer Datenschutz-Aufsichtsbehörde zu beschweren "
    "(Art. 77 DSGVO), insbesondere in dem Land Ihres Wohnorts. Gegen die Entscheidung ist "
    "außerdem der Rechtsweg zu den Gerichten eröffnet (Art. 78, 79 DSGVO).";

ServiceError objection_not_found() {
    return {ErrorKind::NotFound, "Widerspruch nicht gefunden", "Diesen Widerspruch gibt es nicht."};
}

void check_reason(Violations& v, const std::string& field, const std::string& reason) {
    if (is_blank(reason)) {
        v.add(field, "required", "Bitte geben Sie eine Begründung an.");
    } else if (utf8_length(reason) > api::limits::objection_reason_max) {
        v.add(field, "max_length",
              "Die Begründung darf höchstens " + std::to_string(api::limits::objection_reason_max) +
                  " Zeichen lang sein.");
    }
}

} // namespace

ObjectionService::ObjectionService(ObjectionRepository& objections, PurposeRepository& purposes,
                                   AccessService& access, const Clock& clock)
    : objections_(objections), purposes_(purposes), access_(access), clock_(clock) {}

std::string ObjectionService::reference_of(RowId id, UnixMillis received_at) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "W-%04d-%06lld", to_berlin_time(received_at).year,
                  static_cast<long long>(id));
    return buffer;
}

api::Objection ObjectionService::to_api(const ObjectionRecord& o, UnixMillis now) {
    api::Objection out;
    out.id = o.id;
    out.reference = reference_of(o.id, o.received_at);
    out.purpose_id = o.purpose_id;
    if (const auto purpose = purposes_.find(o.purpose_id)) {
        out.purpose_name = purpose->versions.back().content.name;
        if (const auto* in_force = version_in_force(*purpose)) {
            out.purpose_name = in_force->content.name;
        }
        out.agency_code = purpose->agency.code;
        out.agency_name = purpose->agency.name;
    }
    out.event_id = o.event_id;
    out.reason = o.reason;
    out.restriction_requested = o.restriction_requested;
    out.status = o.status;
    out.received_at = o.received_at;
    out.original_due_at = o.original_due_at;
    out.due_at = o.due_at;
    out.overdue = o.status == ObjectionStatus::Pending && now > o.due_at;
    out.extension_reason = o.extension_reason;
    out.decided_at = o.decided_at;
    out.decision_reason = o.decision_reason;
    out.revision = o.revision;
    out.remedies = remedies_text;
    return out;
}

api::Objection ObjectionService::file(const Actor& citizen, const std::string& pseudonym,
                                      const ObjectionRequest& request) {
    Violations v;
    check_reason(v, "/reason", request.reason);
    if (request.event_id.has_value() == request.purpose_id.has_value()) {
        v.add("/event_id", "one_of", "Geben Sie entweder einen Datenabruf oder einen Zweck an.");
    }
    v.throw_if_any();

    RowId purpose_id = request.purpose_id.value_or(0);
    if (request.event_id) {
        const auto entry = access_.entry_of(pseudonym, *request.event_id);
        if (!entry || !entry->purpose_id) {
            throw ServiceError(ErrorKind::NotFound, "Datenabruf nicht gefunden",
                               "Diesen Datenabruf gibt es in Ihrem Protokoll nicht.");
        }
        purpose_id = *entry->purpose_id;
    }
    const auto purpose = purposes_.find(purpose_id);
    if (!purpose) {
        v.add(request.event_id ? "/event_id" : "/purpose_id", "unknown",
              "Diesen Zweck gibt es nicht.");
        v.throw_if_any();
    }
    const PurposeVersionRecord* basis = version_in_force(*purpose);
    const std::string gdpr_basis =
        basis != nullptr ? basis->content.gdpr_basis : purpose->versions.back().content.gdpr_basis;
    if (gdpr_basis == consent_basis) {
        v.add(request.event_id ? "/event_id" : "/purpose_id", "consent_based",
              "Dieser Zweck beruht auf Ihrer Einwilligung: Sie können sie jederzeit widerrufen.");
        v.throw_if_any();
    }
    for (const auto& existing : objections_.list_for_citizen(pseudonym)) {
        if (existing.purpose_id == purpose_id && existing.status == ObjectionStatus::Pending) {
            throw ServiceError(ErrorKind::Conflict, "Widerspruch läuft bereits",
                               "Zu diesem Zweck wird Ihr Widerspruch " +
                                   reference_of(existing.id, existing.received_at) + " geprüft.");
        }
    }
    const UnixMillis now = clock_.now();
    NewObjection objection{
        pseudonym,      purpose->agency.id,          purpose_id, request.event_id,
        request.reason, request.restrict_processing, now,        deadline_after_months(now, 1)};
    const ObjectionRecord stored =
        objections_.create(objection, citizen.audit(now, "objection.filed", "objection"));
    return to_api(stored, now);
}

std::vector<api::Objection> ObjectionService::list_mine(const std::string& pseudonym) {
    const UnixMillis now = clock_.now();
    std::vector<api::Objection> out;
    for (const auto& o : objections_.list_for_citizen(pseudonym)) {
        out.push_back(to_api(o, now));
    }
    return out;
}

api::Objection ObjectionService::mine(const std::string& pseudonym, RowId id) {
    const auto o = objections_.find(id);
    if (!o || o->citizen_pseudonym != pseudonym) {
        throw objection_not_found();
    }
    return to_api(*o, clock_.now());
}

std::vector<api::Objection> ObjectionService::queue(const Actor& dpo,
                                                    std::optional<ObjectionStatus> status) {
    const UnixMillis now = clock_.now();
    std::vector<api::Objection> out;
    for (const auto& o : objections_.queue({dpo.agency_id, status})) {
        out.push_back(to_api(o, now));
    }
    return out;
}

ObjectionRecord ObjectionService::for_dpo(const Actor& dpo, RowId id) {
    auto o = objections_.find(id);
    if (!o || !dpo.is_dpo_for(o->agency_id)) {
        throw objection_not_found();
    }
    return std::move(*o);
}

api::Objection ObjectionService::get_for_dpo(const Actor& dpo, RowId id) {
    return to_api(for_dpo(dpo, id), clock_.now());
}

int ObjectionService::require_revision(const ObjectionRecord& current,
                                       std::optional<int> if_match) {
    if (!if_match) {
        throw ServiceError(ErrorKind::PreconditionRequired, "If-Match fehlt",
                           "Senden Sie den ETag des Widerspruchs als If-Match mit, damit keine "
                           "Änderung eines anderen überschrieben wird.");
    }
    if (*if_match != current.revision) {
        throw ServiceError(ErrorKind::PreconditionFailed, "Zwischenzeitlich geändert",
                           "Der Widerspruch wurde inzwischen geändert. Bitte laden Sie ihn neu.");
    }
    return *if_match;
}

api::Objection ObjectionService::extend(const Actor& dpo, RowId id, std::optional<int> if_match,
                                        int months, const std::string& reason) {
    const ObjectionRecord current = for_dpo(dpo, id);
    Violations v;
    check_reason(v, "/reason", reason);
    // The message names the range in words.
    static_assert(api::limits::objection_extension_months_min == 1 &&
                  api::limits::objection_extension_months_max == 2);
    if (months < api::limits::objection_extension_months_min ||
        months > api::limits::objection_extension_months_max) {
        v.add("/months", "range", "Die Frist kann um einen oder zwei Monate verlängert werden.");
    }
    v.throw_if_any();
    const int revision = require_revision(current, if_match);
    if (current.status != ObjectionStatus::Pending) {
        throw ServiceError(
            ErrorKind::Conflict, "Bereits entschieden",
            "Über diesen Widerspruch wurde bereits entschieden; die Frist läuft nicht mehr.");
    }
    if (current.extension_reason) {
        throw ServiceError(ErrorKind::Conflict, "Frist bereits verlängert",
                           "Die Frist kann nur einmal verlängert werden (Art. 12 Abs. 3 DSGVO).");
    }
    const UnixMillis now = clock_.now();
    try {
        const auto updated = objections_.extend(
            id, revision, deadline_after_months(current.received_at, 1 + months), reason,
            dpo.audit(now, "objection.extended", "objection", id,
                      nlohmann::json{{"months", months}, {"reason", reason}}.dump()));
        return to_api(updated, now);
    } catch (const ConflictError&) {
        // Someone else changed it between our read and the write.
        throw ServiceError(ErrorKind::PreconditionFailed, "Zwischenzeitlich geändert",
                           "Der Widerspruch wurde inzwischen geändert. Bitte laden Sie ihn neu.");
    }
}

api::Objection ObjectionService::decide(const Actor& dpo, RowId id, std::optional<int> if_match,
                                        ObjectionDecision decision, const std::string& reason) {
    const ObjectionRecord current = for_dpo(dpo, id);
    Violations v;
    check_reason(v, "/reason", reason);
    v.throw_if_any();
    const int revision = require_revision(current, if_match);
    if (current.status != ObjectionStatus::Pending) {
        throw ServiceError(ErrorKind::Conflict, "Bereits entschieden",
                           "Über diesen Widerspruch wurde bereits entschieden.");
    }
    const UnixMillis now = clock_.now();
    const auto status =
        decision == ObjectionDecision::Uphold ? ObjectionStatus::Upheld : ObjectionStatus::Rejected;
    try {
        const auto updated = objections_.decide(
            id, revision, status, *dpo.account_id, reason,
            dpo.audit(now, "objection." + std::string(to_text(status)), "objection", id,
                      nlohmann::json{{"reason", reason}}.dump()));
        return to_api(updated, now);
    } catch (const ConflictError&) {
        throw ServiceError(ErrorKind::PreconditionFailed, "Zwischenzeitlich geändert",
                           "Der Widerspruch wurde inzwischen geändert. Bitte laden Sie ihn neu.");
    }
}

} // namespace einblick::server
