#include "einblick/server/consent_service.hpp"

#include "einblick/server/purpose_service.hpp"
#include "einblick/shared/citizen_id.hpp"
#include "einblick/shared/vocabulary.hpp"

namespace einblick::server {
namespace {

ServiceError consent_not_found() {
    return {ErrorKind::NotFound, "Einwilligung nicht gefunden",
            "Diese Einwilligung gibt es nicht."};
}

} // namespace

ConsentService::ConsentService(ConsentRepository& consents, PurposeRepository& purposes,
                               const Pseudonymizer& pseudonymizer, const Clock& clock)
    : consents_(consents), purposes_(purposes), pseudonymizer_(pseudonymizer), clock_(clock) {}

api::Consent ConsentService::to_api(const ConsentRecord& c, UnixMillis now) {
    api::Consent out;
    out.id = c.id;
    out.purpose_id = c.purpose_id;
    if (const auto version = purposes_.find_version(c.purpose_version_id)) {
        out.purpose_version = version->version;
        out.purpose_name = version->content.name;
    }
    if (const auto purpose = purposes_.find(c.purpose_id)) {
        out.agency_code = purpose->agency.code;
        out.agency_name = purpose->agency.name;
    }
    out.state = consent_state(c, now);
    out.granted_at = c.granted_at;
    out.expires_at = c.expires_at;
    out.withdrawn_at = c.withdrawn_at;
    return out;
}

std::vector<api::Consent> ConsentService::list(const std::string& citizen_pseudonym) {
    const UnixMillis now = clock_.now();
    std::vector<api::Consent> out;
    for (const auto& consent : consents_.list_for_citizen(citizen_pseudonym)) {
        out.push_back(to_api(consent, now));
    }
    return out;
}

api::Consent ConsentService::grant(const Actor& citizen, const std::string& citizen_pseudonym,
                                   RowId purpose_id, UnixMillis expires_at) {
    const UnixMillis now = clock_.now();
    const auto purpose = purposes_.find(purpose_id);
    const PurposeVersionRecord* in_force = purpose ? version_in_force(*purpose) : nullptr;
    Violations v;
    if (in_force == nullptr) {
        v.add("/purpose_id", "unknown", "Es gibt keinen genehmigten Zweck mit dieser Kennung.");
    } else if (in_force->content.gdpr_basis != consent_basis) {
        v.add("/purpose_id", "not_consent_based",
              "Dieser Zweck beruht nicht auf einer Einwilligung, sondern auf einer "
              "Rechtsvorschrift.");
    }
    if (expires_at <= now) {
        v.add("/expires_at", "in_future", "Das Ablaufdatum muss in der Zukunft liegen.");
    } else if (expires_at > now + max_duration) {
        // The message names the limit in words.
        static_assert(api::limits::consent_duration_years_max == 5);
        v.add("/expires_at", "max_duration", "Eine Einwilligung gilt höchstens fünf Jahre.");
    }
    v.throw_if_any();
    if (consents_.valid_consent(citizen_pseudonym, purpose_id, now)) {
        throw ServiceError(ErrorKind::Conflict, "Einwilligung besteht bereits",
                           "Für diesen Zweck haben Sie bereits eine gültige Einwilligung erteilt.");
    }
    const ConsentRecord granted =
        consents_.grant(citizen_pseudonym, purpose_id, in_force->id, expires_at,
                        citizen.audit(now, "consent.granted", "consent", std::nullopt,
                                      "{\"purpose_id\":" + std::to_string(purpose_id) + "}"));
    return to_api(granted, now);
}

api::Consent ConsentService::withdraw(const Actor& citizen, const std::string& citizen_pseudonym,
                                      RowId consent_id) {
    const UnixMillis now = clock_.now();
    try {
        const ConsentRecord withdrawn =
            consents_.withdraw(citizen_pseudonym, consent_id,
                               citizen.audit(now, "consent.withdrawn", "consent", consent_id));
        return to_api(withdrawn, now);
    } catch (const NotFoundError&) {
        throw consent_not_found();
    } catch (const ConflictError&) {
        throw ServiceError(ErrorKind::Conflict, "Bereits widerrufen",
                           "Diese Einwilligung haben Sie bereits widerrufen.");
    }
}

bool ConsentService::has_valid_consent(const AgencyRecord& agency, const std::string& citizen_id,
                                       RowId purpose_id) {
    Violations v;
    if (!is_valid_citizen_id(citizen_id)) {
        v.add("/citizen_id", "format", "Muss eine gültige 11-stellige Identifikationsnummer sein.");
    }
    const auto purpose = purposes_.find(purpose_id);
    if (!purpose || purpose->agency.id != agency.id) {
        v.add("/purpose_id", "unknown", "Ihre Behörde hat keinen Zweck mit dieser Kennung.");
    }
    v.throw_if_any();
    return consents_.valid_consent(pseudonymizer_.pseudonym(citizen_id), purpose_id, clock_.now())
        .has_value();
}

} // namespace einblick::server
