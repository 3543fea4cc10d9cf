#include "einblick/server/purpose_service.hpp"

#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/text.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <nlohmann/json.hpp>
#include <set>

namespace einblick::server {
namespace {

namespace limits = api::limits;

PurposeContent to_record(const api::PurposeContent& c) {
    return {c.name,       c.description,     c.legal_basis,
            c.gdpr_basis, c.data_categories, c.source_registers,
            c.recipients, c.retention_days};
}

void check_text(Violations& v, const std::string& field, const std::string& value,
                std::size_t max) {
    if (is_blank(value)) {
        v.add(field, "required", "Darf nicht leer sein.");
    } else if (utf8_length(value) > max) {
        v.add(field, "max_length", "Darf höchstens " + std::to_string(max) + " Zeichen lang sein.");
    }
}

template <typename Known>
void check_codes(Violations& v, const std::string& field, const std::vector<std::string>& codes,
                 Known is_known, const char* what) {
    if (codes.empty()) {
        v.add(field, "required",
              std::string("Mindestens ein Eintrag (") + what + ") ist anzugeben.");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const std::string item = field + "/" + std::to_string(i);
        if (!is_known(codes[i])) {
            v.add(item, "enum",
                  std::string("Unbekannter Eintrag (") + what + ") „" + codes[i] + "“.");
        } else if (!seen.insert(codes[i]).second) {
            v.add(item, "unique", "„" + codes[i] + "“ ist doppelt angegeben.");
        }
    }
}

ServiceError purpose_not_found() {
    return {ErrorKind::NotFound, "Zweck nicht gefunden", "Diesen Zweck gibt es nicht."};
}

void require_reason(const std::string& reason) {
    Violations v;
    check_text(v, "/reason", reason, limits::purpose_decision_reason_max);
    v.throw_if_any();
}

} // namespace

const PurposeVersionRecord* version_in_force(const PurposeRecord& purpose) {
    for (const auto& version : purpose.versions) {
        if (version.status == PurposeStatus::Approved) {
            return &version;
        }
    }
    return nullptr;
}

api::PurposeVersion to_api(const PurposeVersionRecord& v) {
    api::PurposeVersion out;
    out.id = v.id;
    out.version = v.version;
    out.status = v.status;
    out.content = {v.content.name,       v.content.description,     v.content.legal_basis,
                   v.content.gdpr_basis, v.content.data_categories, v.content.source_registers,
                   v.content.recipients, v.content.retention_days};
    out.proposed_at = v.proposed_at;
    out.decided_at = v.decided_at;
    if (!v.decision_reason.empty()) {
        out.decision_reason = v.decision_reason;
    }
    return out;
}

PurposeService::PurposeService(PurposeRepository& purposes, const Clock& clock)
    : purposes_(purposes), clock_(clock) {}

void PurposeService::validate(const api::PurposeContent& c, Violations& v) {
    check_text(v, "/name", c.name, limits::purpose_name_max);
    check_text(v, "/description", c.description, limits::purpose_description_max);
    check_text(v, "/legal_basis", c.legal_basis, limits::purpose_legal_basis_max);
    if (!is_known_gdpr_basis(c.gdpr_basis)) {
        v.add("/gdpr_basis", "enum",
              "Unbekannte Rechtsgrundlage; erlaubt sind z. B. A6-1-a, A6-1-e.");
    }
    check_codes(v, "/data_categories", c.data_categories, is_known_data_category, "Datenkategorie");
    check_codes(v, "/source_registers", c.source_registers, is_known_register, "Register");
    if (c.recipients.size() > limits::purpose_recipients_max) {
        v.add("/recipients", "max_items",
              "Höchstens " + std::to_string(limits::purpose_recipients_max) + " Empfänger.");
    }
    for (std::size_t i = 0; i < c.recipients.size(); ++i) {
        check_text(v, "/recipients/" + std::to_string(i), c.recipients[i],
                   limits::purpose_recipient_max);
    }
    if (c.retention_days < limits::purpose_retention_days_min ||
        c.retention_days > limits::purpose_retention_days_max) {
        v.add("/retention_days", "range",
              "Die Speicherdauer muss zwischen " +
                  std::to_string(limits::purpose_retention_days_min) + " und " +
                  std::to_string(limits::purpose_retention_days_max) + " Tagen liegen.");
    }
}

bool PurposeService::sees_all_versions(const Actor& viewer, const PurposeRecord& purpose) const {
    return viewer.is_agency(purpose.agency.id) || viewer.is_dpo_for(purpose.agency.id);
}

api::Purpose PurposeService::to_api(const PurposeRecord& purpose, bool all_versions) const {
    api::Purpose out;
    out.id = purpose.id;
    out.agency_code = purpose.agency.code;
    out.agency_name = purpose.agency.name;
    const PurposeVersionRecord* in_force = version_in_force(purpose);
    if (in_force != nullptr) {
        out.in_force = server::to_api(*in_force);
    }
    const PurposeVersionRecord& newest = purpose.versions.back();
    out.status = in_force != nullptr ? PurposeStatus::Approved : newest.status;
    if (all_versions) {
        for (const auto& version : purpose.versions) {
            out.versions.push_back(server::to_api(version));
        }
    } else if (out.in_force) {
        out.versions.push_back(*out.in_force);
    }
    return out;
}

PurposeRecord PurposeService::owned_or_not_found(const Actor& agency, RowId purpose_id) {
    auto purpose = purposes_.find(purpose_id);
    // "Absent" and "another agency's" answer alike.
    if (!purpose || !agency.is_agency(purpose->agency.id)) {
        throw purpose_not_found();
    }
    return std::move(*purpose);
}

api::Purpose PurposeService::propose(const Actor& agency, const api::PurposeContent& content) {
    Violations v;
    validate(content, v);
    v.throw_if_any();
    const UnixMillis now = clock_.now();
    const RowId id = purposes_.create(*agency.agency_id, to_record(content),
                                      agency.audit(now, "purpose.proposed", "purpose_version"));
    return to_api(*purposes_.find(id), true);
}

api::Purpose PurposeService::revise(const Actor& agency, RowId purpose_id,
                                    const api::PurposeContent& content) {
    owned_or_not_found(agency, purpose_id);
    Violations v;
    validate(content, v);
    v.throw_if_any();
    try {
        purposes_.add_version(purpose_id, to_record(content),
                              agency.audit(clock_.now(), "purpose.revised", "purpose_version"));
    } catch (const ConflictError&) {
        throw ServiceError(ErrorKind::Conflict, "Zweck stillgelegt",
                           "Ein stillgelegter Zweck kann nicht mehr geändert werden.");
    }
    return to_api(*purposes_.find(purpose_id), true);
}

api::Purpose PurposeService::decide(const Actor& dpo, RowId purpose_id, int version,
                                    PurposeDecision decision, const std::string& reason) {
    const auto purpose = purposes_.find(purpose_id);
    // Another agency's purpose is as absent for a DPO as a missing one: ids reveal nothing.
    if (!purpose || !dpo.is_dpo_for(purpose->agency.id)) {
        throw purpose_not_found();
    }
    require_reason(reason);
    const PurposeVersionRecord* target = nullptr;
    for (const auto& v : purpose->versions) {
        if (v.version == version) {
            target = &v;
        }
    }
    if (target == nullptr) {
        throw ServiceError(ErrorKind::NotFound, "Version nicht gefunden",
                           "Diese Version des Zwecks gibt es nicht.");
    }
    const auto status =
        decision == PurposeDecision::Approve ? PurposeStatus::Approved : PurposeStatus::Rejected;
    const std::string action =
        decision == PurposeDecision::Approve ? "purpose.approved" : "purpose.rejected";
    try {
        purposes_.decide(target->id, status, *dpo.account_id, reason,
                         dpo.audit(clock_.now(), action, "purpose_version", target->id,
                                   nlohmann::json{{"reason", reason}}.dump()));
    } catch (const ConflictError&) {
        throw ServiceError(ErrorKind::Conflict, "Bereits entschieden",
                           "Über diese Version wurde bereits entschieden.");
    }
    return to_api(*purposes_.find(purpose_id), true);
}

api::Purpose PurposeService::retire(const Actor& actor, RowId purpose_id,
                                    const std::string& reason) {
    const auto purpose = purposes_.find(purpose_id);
    if (!purpose ||
        !(actor.is_agency(purpose->agency.id) || actor.is_dpo_for(purpose->agency.id))) {
        throw purpose_not_found();
    }
    require_reason(reason);
    try {
        purposes_.retire(purpose_id, reason,
                         actor.audit(clock_.now(), "purpose.retired", "purpose", purpose_id,
                                     nlohmann::json{{"reason", reason}}.dump()));
    } catch (const ConflictError&) {
        throw ServiceError(ErrorKind::Conflict, "Nicht in Kraft",
                           "Nur ein genehmigter Zweck kann stillgelegt werden.");
    }
    return to_api(*purposes_.find(purpose_id), true);
}

api::Purpose PurposeService::get(const Actor& viewer, RowId purpose_id) {
    const auto purpose = purposes_.find(purpose_id);
    if (!purpose) {
        throw purpose_not_found();
    }
    const bool all = sees_all_versions(viewer, *purpose);
    if (!all && version_in_force(*purpose) == nullptr) {
        throw purpose_not_found();
    }
    return to_api(*purpose, all);
}

std::vector<api::Purpose> PurposeService::list(const Actor& viewer) {
    PurposeFilter filter;
    const bool privileged = viewer.role == ActorRole::Agency || viewer.role == ActorRole::Dpo;
    if (!privileged) {
        filter.in_force_only = true;
    } else if (viewer.agency_id) {
        filter.agency_id = viewer.agency_id;
    }
    std::vector<api::Purpose> out;
    for (const auto& purpose : purposes_.list(filter)) {
        out.push_back(to_api(purpose, sees_all_versions(viewer, purpose)));
    }
    return out;
}

} // namespace einblick::server
