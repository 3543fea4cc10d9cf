#pragma once
// Consents on SQLite.

#include "einblick/server/consent_repository.hpp"
#include "einblick/server/sqlite/database.hpp"

namespace einblick::server {

class SqliteConsentRepository final : public ConsentRepository {
public:
    explicit SqliteConsentRepository(SqliteDatabase& database) : db_(database) {}
    ConsentRecord grant(const std::string& citizen_pseudonym, RowId purpose_id,
                        RowId purpose_version_id, UnixMillis expires_at,
                        const AuditEntry& audit) override;
    ConsentRecord withdraw(const std::string& citizen_pseudonym, RowId consent_id,
                           const AuditEntry& audit) override;
    std::vector<ConsentRecord> list_for_citizen(const std::string& citizen_pseudonym) override;
    std::optional<RowId> valid_consent(const std::string& citizen_pseudonym, RowId purpose_id,
                                       UnixMillis now) override;

    // The SQL of valid_consent, exposed so that a test can check its query plan.
    static const char* valid_consent_sql();

private:
    SqliteDatabase& db_;
};

} // namespace einblick::server
