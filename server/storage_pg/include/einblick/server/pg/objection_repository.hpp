#pragma once
// Objections on PostgreSQL, with the semantics of SqliteObjectionRepository: the same errors
// for a stale revision, a decided objection and a second extension, the same orders.

#include "einblick/server/objection_repository.hpp"

#include <einblick/server/pg/pool.hpp>

namespace einblick::server {

class PgObjectionRepository final : public ObjectionRepository {
public:
    explicit PgObjectionRepository(pg::Pool& pool) : pool_(pool) {}
    ObjectionRecord create(const NewObjection& objection, const AuditEntry& audit) override;
    std::optional<ObjectionRecord> find(RowId id) override;
    std::vector<ObjectionRecord> list_for_citizen(const std::string& citizen_pseudonym) override;
    std::vector<ObjectionRecord> queue(const ObjectionQueueFilter& filter) override;
    ObjectionRecord extend(RowId id, int expected_revision, UnixMillis new_due_at,
                           const std::string& reason, const AuditEntry& audit) override;
    ObjectionRecord decide(RowId id, int expected_revision, ObjectionStatus decision,
                           RowId dpo_account_id, const std::string& reason,
                           const AuditEntry& audit) override;
    ObjectionBlock block_for(const std::string& citizen_pseudonym, RowId purpose_id) override;
    std::vector<BlockingObjections> blocking(std::size_t limit) override;

private:
    pg::Pool& pool_;
};

} // namespace einblick::server
