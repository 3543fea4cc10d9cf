#pragma once
// The purpose registry on SQLite: purposes and their versions.

#include "einblick/server/purpose_repository.hpp"
#include "einblick/server/sqlite/database.hpp"

namespace einblick::server {

class SqlitePurposeRepository final : public PurposeRepository {
public:
    explicit SqlitePurposeRepository(SqliteDatabase& database) : db_(database) {}
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
    SqliteDatabase& db_;
};

} // namespace einblick::server
