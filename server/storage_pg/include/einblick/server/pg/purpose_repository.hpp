#pragma once
// The purpose registry on PostgreSQL, with the semantics of SqlitePurposeRepository.

#include "einblick/server/purpose_repository.hpp"

#include <einblick/server/pg/pool.hpp>

namespace einblick::server {

class PgPurposeRepository final : public PurposeRepository {
public:
    explicit PgPurposeRepository(pg::Pool& pool) : pool_(pool) {}
    RowId create(RowId agency_id, const PurposeContent& content, const AuditEntry& audit) override;
    PurposeVersionRecord add_version(RowId purpose_id, const PurposeContent& content,
                                     const AuditEntry& audit) override;
    std::optional<PurposeRecord> find(RowId purpose_id) override;
    std::optional<PurposeVersionRecord> find_version(RowId version_id) override;
    std::vector<PurposeRecord> list(const PurposeFilter& filter) override;
    void decide(RowId version_id, PurposeStatus decision, RowId dpo_account_id,
                const std::string& reason, const AuditEntry& audit) override;
    void retire(RowId purpose_id, const std::string& reason, const AuditEntry& audit) override;

private:
    pg::Pool& pool_;
};

} // namespace einblick::server
