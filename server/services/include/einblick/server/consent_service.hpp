#pragma once
// Consents: a citizen grants one for a purpose that rests on consent (A6-1-a), with an expiry,
// and withdraws it in one call (GDPR Art. 7(3)). Both take effect for the very next access
// check. Agencies learn only whether a valid consent exists.

#include "einblick/server/actor.hpp"
#include "einblick/server/clock.hpp"
#include "einblick/server/consent_repository.hpp"
#include "einblick/server/crypto.hpp"
#include "einblick/server/purpose_repository.hpp"
#include "einblick/server/service_error.hpp"
#include "einblick/shared/api_rights.hpp"
#include "einblick/shared/api_rules.hpp"

#include <string>
#include <vector>

namespace einblick::server {

class ConsentService {
public:
    static constexpr UnixMillis max_duration =
        api::limits::consent_duration_days_max * 24LL * 60 * 60 * 1000;

    ConsentService(ConsentRepository& consents, PurposeRepository& purposes,
                   const Pseudonymizer& pseudonymizer, const Clock& clock);

    // Newest first, withdrawn and expired ones included: the history.
    std::vector<api::Consent> list(const std::string& citizen_pseudonym);
    api::Consent grant(const Actor& citizen, const std::string& citizen_pseudonym, RowId purpose_id,
                       UnixMillis expires_at);
    api::Consent withdraw(const Actor& citizen, const std::string& citizen_pseudonym,
                          RowId consent_id);
    // For an agency, about one of its own purposes: yes or no, nothing else.
    bool has_valid_consent(const AgencyRecord& agency, const std::string& citizen_id,
                           RowId purpose_id);

private:
    api::Consent to_api(const ConsentRecord& consent, UnixMillis now);

    ConsentRepository& consents_;
    PurposeRepository& purposes_;
    const Pseudonymizer& pseudonymizer_;
    const Clock& clock_;
};

} // namespace einblick::server
