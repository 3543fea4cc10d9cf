#pragma once
// Consents on PostgreSQL, with the semantics of SqliteConsentRepository.

#include "einblick/server/consent_repository.hpp"

#include <einblick/server/pg/pool.hpp>

namespace einblick::server {

class PgConsentRepository final : public ConsentRepository {
public:
    explicit PgConsentRepository(pg::Pool& pool) : pool_(pool) {}
    ConsentRecord grant(const std::string& citizen_pseudonym, RowId purpose_id,
                        RowId purpose_version_id, UnixMillis expires_at,
                        const AuditEntry& audit) override;
    ConsentRecord withdraw(const std::string& citizen_pseudonym, RowId consent_id,
                           const AuditEntry& audit) override;
    std::vector<ConsentRecord> list_for_citizen(const std::string& citizen_pseudonym) override;
    std::optional<RowId> valid_consent(const std::string& citizen_pseudonym, RowId purpose_id,
                                       UnixMillis now) override;

private:
    pg::Pool& pool_;
};

} // namespace einblick::server
