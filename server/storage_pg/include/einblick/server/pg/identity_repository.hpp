#pragma once
// Agencies and their API keys, accounts, sessions and the audit trail on PostgreSQL, with the
// semantics of the SQLite implementations (server/storage_sqlite): the same errors for the
// same cases, the same order of lists.

#include "einblick/server/identity_repository.hpp"

#include <einblick/server/pg/pool.hpp>

namespace einblick::server {

class PgAgencyRepository final : public AgencyRepository {
public:
    explicit PgAgencyRepository(pg::Pool& pool) : pool_(pool) {}
    RowId create(const std::string& code, const std::string& name) override;
    std::optional<AgencyRecord> find_by_id(RowId id) override;
    std::optional<AgencyRecord> find_by_code(const std::string& code) override;
    std::vector<AgencyRecord> list() override;
    RowId add_api_key(RowId agency_id, const Bytes& key_hash, const std::string& label,
                      const AuditEntry& audit) override;
    void revoke_api_key(RowId agency_id, RowId key_id, const AuditEntry& audit) override;
    std::vector<ApiKeyRecord> list_api_keys(RowId agency_id) override;
    std::optional<AgencyRecord> find_by_api_key_hash(const Bytes& key_hash) override;

private:
    pg::Pool& pool_;
};

class PgAccountRepository final : public AccountRepository {
public:
    explicit PgAccountRepository(pg::Pool& pool) : pool_(pool) {}
    RowId create(const NewAccount& account, UnixMillis now) override;
    std::optional<AccountRecord> find_by_username(const std::string& username) override;
    std::optional<AccountRecord> find_by_id(RowId id) override;

private:
    pg::Pool& pool_;
};

class PgSessionRepository final : public SessionRepository {
public:
    explicit PgSessionRepository(pg::Pool& pool) : pool_(pool) {}
    void create(const SessionRecord& session) override;
    std::optional<SessionRecord> find(const Bytes& token_hash) override;
    void touch(const Bytes& token_hash, UnixMillis now) override;
    void remove(const Bytes& token_hash) override;
    int remove_expired(UnixMillis idle_cutoff, UnixMillis absolute_cutoff) override;

private:
    pg::Pool& pool_;
};

class PgAuditRepository final : public AuditRepository {
public:
    explicit PgAuditRepository(pg::Pool& pool) : pool_(pool) {}
    void append(const AuditEntry& entry) override;
    std::vector<AuditRecord> page(std::optional<RowId> before_id, int limit) override;

private:
    pg::Pool& pool_;
};

} // namespace einblick::server
