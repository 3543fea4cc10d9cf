#pragma once
// Objections on SQLite.

#include "einblick/server/objection_repository.hpp"
#include "einblick/server/sqlite/database.hpp"

namespace einblick::server {

class SqliteObjectionRepository final : public ObjectionRepository {
public:
    explicit SqliteObjectionRepository(SqliteDatabase& database) : db_(database) {}
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

    // The SQL of queue(), block_for() and blocking(), exposed so that a test can check their
    // query plans.
    static std::string queue_sql(const ObjectionQueueFilter& filter);
    static const char* block_sql();
    static const char* blocking_sql();

private:
    SqliteDatabase& db_;
};

} // namespace einblick::server
