#pragma once
// Consents (Einwilligungen, GDPR Art. 6(1)(a), 7): a citizen allows an agency's purpose until an
// expiry date. Rows are never deleted; withdrawal sets withdrawn_at once. The list of rows of a
// citizen and purpose is the consent's full history.

#include "einblick/server/records.hpp"
#include "einblick/shared/api_rules.hpp"

#include <optional>
#include <string>
#include <vector>

namespace einblick::server {

using api::ConsentState; // derived from the row, never stored

struct ConsentRecord {
    RowId id = 0;
    std::string citizen_pseudonym;
    RowId purpose_id = 0;
    RowId purpose_version_id = 0;
    UnixMillis granted_at = 0;
    UnixMillis expires_at = 0;
    std::optional<UnixMillis> withdrawn_at;
};

// Given while neither withdrawn nor expired at `now`.
ConsentState consent_state(const ConsentRecord& consent, UnixMillis now);

class ConsentRepository {
public:
    virtual ~ConsentRepository() = default;
    virtual ConsentRecord grant(const std::string& citizen_pseudonym, RowId purpose_id,
                                RowId purpose_version_id, UnixMillis expires_at,
                                const AuditEntry& audit) = 0;
    // Sets withdrawn_at; throws NotFoundError unless this citizen has that consent, and
    // ConflictError if it is already withdrawn.
    virtual ConsentRecord withdraw(const std::string& citizen_pseudonym, RowId consent_id,
                                   const AuditEntry& audit) = 0;
    // All of a citizen's consents, newest first (the history included).
    virtual std::vector<ConsentRecord> list_for_citizen(const std::string& citizen_pseudonym) = 0;
    // The id of a consent of this citizen for this purpose that is valid at `now`, if any.
    virtual std::optional<RowId> valid_consent(const std::string& citizen_pseudonym,
                                               RowId purpose_id, UnixMillis now) = 0;
};

} // namespace einblick::server
