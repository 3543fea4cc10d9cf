#pragma once
// Agencies and their API keys, accounts, sessions and the audit trail on SQLite.

#include "einblick/server/identity_repository.hpp"
#include "einblick/server/sqlite/database.hpp"

namespace einblick::server {

class SqliteAgencyRepository final : public AgencyRepository {
public:
    explicit SqliteAgencyRepository(SqliteDatabase& database) : db_(database) {}
    RowId create(const std::string& code, const std::string& name) override;
    std::optional<AgencyRecord> find_by_id(RowId id) override;
    std::optional<AgencyRecord> find_by_code(const std::string& code) override;
    std::vector<AgencyRecord> list() override;
    RowId add_api_key(RowId agency_id, const Bytes& key_hash, const std::string& label,
                      const AuditEntry& audit) override;
    void revoke_api_key(RowId agency_id, RowId key_id, const AuditEntry& audit) override;
    std::vector<ApiKeyRecord> list_api_keys(RowId agency_id) override;
    std::optional<AgencyRecord> find_by_api_key_hash(const Bytes& key_hash) override;

    // The SQL of find_by_api_key_hash (every API request runs it), exposed so that a test can
    // check its query plan.
    static const char* find_by_api_key_hash_sql();

private:
    SqliteDatabase& db_;
};

class SqliteAccountRepository final : public AccountRepository {
public:
    explicit SqliteAccountRepository(SqliteDatabase& database) : db_(database) {}
    RowId create(const NewAccount& account, UnixMillis now) override;
    std::optional<AccountRecord> find_by_username(const std::string& username) override;
    std::optional<AccountRecord> find_by_id(RowId id) override;

private:
    SqliteDatabase& db_;
};

class SqliteSessionRepository final : public SessionRepository {
public:
    explicit SqliteSessionRepository(SqliteDatabase& database) : db_(database) {}
    void create(const SessionRecord& session) override;
    std::optional<SessionRecord> find(const Bytes& token_hash) override;
    void touch(const Bytes& token_hash, UnixMillis now) override;
    void remove(const Bytes& token_hash) override;
    int remove_expired(UnixMillis idle_cutoff, UnixMillis absolute_cutoff) override;

private:
    SqliteDatabase& db_;
};

class SqliteAuditRepository final : public AuditRepository {
public:
    explicit SqliteAuditRepository(SqliteDatabase& database) : db_(database) {}
    void append(const AuditEntry& entry) override;
    std::vector<AuditRecord> page(std::optional<RowId> before_id, int limit) override;

private:
    SqliteDatabase& db_;
};

} // namespace einblick::server
