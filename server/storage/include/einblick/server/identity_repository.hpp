#pragma once
// Agencies with their API keys, accounts, sessions and the audit trail: the storage interfaces
// the services see (the SQLite implementations are in server/storage_sqlite).

#include "einblick/server/records.hpp"

#include <optional>
#include <string>
#include <vector>

namespace einblick::server {

class AgencyRepository {
public:
    virtual ~AgencyRepository() = default;
    virtual RowId create(const std::string& code, const std::string& name) = 0;
    virtual std::optional<AgencyRecord> find_by_id(RowId id) = 0;
    virtual std::optional<AgencyRecord> find_by_code(const std::string& code) = 0;
    virtual std::vector<AgencyRecord> list() = 0;
    virtual RowId add_api_key(RowId agency_id, const Bytes& key_hash, const std::string& label,
                              const AuditEntry& audit) = 0;
    // Sets revoked_at once; throws NotFoundError if no unrevoked key of that agency has this id.
    virtual void revoke_api_key(RowId agency_id, RowId key_id, const AuditEntry& audit) = 0;
    virtual std::vector<ApiKeyRecord> list_api_keys(RowId agency_id) = 0;
    // The agency an API key belongs to, if the key exists and is not revoked.
    virtual std::optional<AgencyRecord> find_by_api_key_hash(const Bytes& key_hash) = 0;
};

class AccountRepository {
public:
    virtual ~AccountRepository() = default;
    virtual RowId create(const NewAccount& account, UnixMillis now) = 0;
    virtual std::optional<AccountRecord> find_by_username(const std::string& username) = 0;
    virtual std::optional<AccountRecord> find_by_id(RowId id) = 0;
};

class SessionRepository {
public:
    virtual ~SessionRepository() = default;
    virtual void create(const SessionRecord& session) = 0;
    virtual std::optional<SessionRecord> find(const Bytes& token_hash) = 0;
    virtual void touch(const Bytes& token_hash, UnixMillis now) = 0;
    virtual void remove(const Bytes& token_hash) = 0;
    // Drops sessions idle since before `idle_cutoff` or created before `absolute_cutoff`.
    virtual int remove_expired(UnixMillis idle_cutoff, UnixMillis absolute_cutoff) = 0;
};

class AuditRepository {
public:
    virtual ~AuditRepository() = default;
    virtual void append(const AuditEntry& entry) = 0;
    // Newest first; entries older than `before_id` when given.
    virtual std::vector<AuditRecord> page(std::optional<RowId> before_id, int limit) = 0;
};

} // namespace einblick::server
