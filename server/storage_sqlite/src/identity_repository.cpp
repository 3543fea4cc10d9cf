#include "einblick/server/sqlite/identity_repository.hpp"

#include "sql_helpers.hpp"

namespace einblick::server {
namespace {

using namespace sql;

AgencyRecord read_agency(SQLite::Statement& query) {
    return {query.getColumn(0).getInt64(), query.getColumn(1).getString(),
            query.getColumn(2).getString()};
}

std::optional<AgencyRecord> first_agency(SQLite::Statement& query) {
    if (!query.executeStep()) {
        return std::nullopt;
    }
    return read_agency(query);
}

constexpr const char* select_account =
    "SELECT id, username, password_hash, display_name, role, citizen_pseudonym, agency_id "
    "FROM accounts ";

std::optional<AccountRecord> first_account(SQLite::Statement& query) {
    if (!query.executeStep()) {
        return std::nullopt;
    }
    AccountRecord account;
    account.id = query.getColumn(0).getInt64();
    account.username = query.getColumn(1).getString();
    account.password_hash = query.getColumn(2).getString();
    account.display_name = query.getColumn(3).getString();
    account.role = column_enum(query.getColumn(4), AccountRole::Citizen);
    account.citizen_pseudonym = column_optional_text(query.getColumn(5));
    account.agency_id = column_optional_id(query.getColumn(6));
    return account;
}

} // namespace

// --- agencies and API keys -------------------------------------------------------------------

RowId SqliteAgencyRepository::create(const std::string& code, const std::string& name) {
    return db_.write([&](SqliteConnection& c) {
        auto insert = c.cached("INSERT INTO agencies (code, name) VALUES (?, ?)");
        insert->bind(1, code);
        insert->bind(2, name);
        insert->exec();
        return c.getLastInsertRowid();
    });
}

std::optional<AgencyRecord> SqliteAgencyRepository::find_by_id(RowId id) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached("SELECT id, code, name FROM agencies WHERE id = ?");
        query->bind(1, id);
        return first_agency(*query);
    });
}

std::optional<AgencyRecord> SqliteAgencyRepository::find_by_code(const std::string& code) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached("SELECT id, code, name FROM agencies WHERE code = ?");
        query->bind(1, code);
        return first_agency(*query);
    });
}

std::vector<AgencyRecord> SqliteAgencyRepository::list() {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached("SELECT id, code, name FROM agencies ORDER BY name");
        std::vector<AgencyRecord> agencies;
        while (query->executeStep()) {
            agencies.push_back(read_agency(*query));
        }
        return agencies;
    });
}

RowId SqliteAgencyRepository::add_api_key(RowId agency_id, const Bytes& key_hash,
                                          const std::string& label, const AuditEntry& audit) {
    return db_.write([&](SqliteConnection& c) {
        auto insert = c.cached("INSERT INTO api_keys (agency_id, key_hash, label, created_at) "
                               "VALUES (?, ?, ?, ?)");
        insert->bind(1, agency_id);
        bind_bytes(*insert, 2, key_hash);
        insert->bind(3, label);
        insert->bind(4, audit.occurred_at);
        insert->exec();
        const RowId id = c.getLastInsertRowid();
        AuditEntry entry = audit;
        entry.subject_id = id;
        insert_audit(c, entry);
        return id;
    });
}

void SqliteAgencyRepository::revoke_api_key(RowId agency_id, RowId key_id,
                                            const AuditEntry& audit) {
    db_.write([&](SqliteConnection& c) {
        auto update = c.cached("UPDATE api_keys SET revoked_at = ? "
                               "WHERE id = ? AND agency_id = ? AND revoked_at IS NULL");
        update->bind(1, audit.occurred_at);
        update->bind(2, key_id);
        update->bind(3, agency_id);
        if (update->exec() == 0) {
            throw NotFoundError("no active API key " + std::to_string(key_id));
        }
        insert_audit(c, audit);
    });
}

std::vector<ApiKeyRecord> SqliteAgencyRepository::list_api_keys(RowId agency_id) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached("SELECT id, agency_id, label, created_at, revoked_at "
                              "FROM api_keys WHERE agency_id = ? ORDER BY id");
        query->bind(1, agency_id);
        std::vector<ApiKeyRecord> keys;
        while (query->executeStep()) {
            keys.push_back({query->getColumn(0).getInt64(), query->getColumn(1).getInt64(),
                            query->getColumn(2).getString(), query->getColumn(3).getInt64(),
                            column_optional_id(query->getColumn(4))});
        }
        return keys;
    });
}

const char* SqliteAgencyRepository::find_by_api_key_hash_sql() {
    return "SELECT a.id, a.code, a.name FROM api_keys k JOIN agencies a ON a.id = k.agency_id "
           "WHERE k.key_hash = ? AND k.revoked_at IS NULL";
}

std::optional<AgencyRecord> SqliteAgencyRepository::find_by_api_key_hash(const Bytes& key_hash) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached(find_by_api_key_hash_sql());
        bind_bytes(*query, 1, key_hash);
        return first_agency(*query);
    });
}

// --- accounts ----------------------------------------------------------------------------------

RowId SqliteAccountRepository::create(const NewAccount& account, UnixMillis now) {
    return db_.write([&](SqliteConnection& c) {
        auto insert = c.cached("INSERT INTO accounts (username, password_hash, display_name, "
                               "role, citizen_pseudonym, agency_id, created_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)");
        insert->bind(1, account.username);
        insert->bind(2, account.password_hash);
        insert->bind(3, account.display_name);
        bind_enum(*insert, 4, account.role);
        bind_optional(*insert, 5, account.citizen_pseudonym);
        bind_optional(*insert, 6, account.agency_id);
        insert->bind(7, now);
        insert->exec();
        return c.getLastInsertRowid();
    });
}

std::optional<AccountRecord>
SqliteAccountRepository::find_by_username(const std::string& username) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached(std::string(select_account) + "WHERE username = ?");
        query->bind(1, username);
        return first_account(*query);
    });
}

std::optional<AccountRecord> SqliteAccountRepository::find_by_id(RowId id) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached(std::string(select_account) + "WHERE id = ?");
        query->bind(1, id);
        return first_account(*query);
    });
}

// --- sessions ----------------------------------------------------------------------------------

void SqliteSessionRepository::create(const SessionRecord& session) {
    db_.write([&](SqliteConnection& c) {
        auto insert = c.cached("INSERT INTO sessions (token_hash, account_id, created_at, "
                               "last_seen_at) VALUES (?, ?, ?, ?)");
        bind_bytes(*insert, 1, session.token_hash);
        insert->bind(2, session.account_id);
        insert->bind(3, session.created_at);
        insert->bind(4, session.last_seen_at);
        insert->exec();
    });
}

std::optional<SessionRecord> SqliteSessionRepository::find(const Bytes& token_hash) {
    return db_.read([&](SqliteConnection& c) -> std::optional<SessionRecord> {
        auto query = c.cached("SELECT account_id, created_at, last_seen_at FROM sessions "
                              "WHERE token_hash = ?");
        bind_bytes(*query, 1, token_hash);
        if (!query->executeStep()) {
            return std::nullopt;
        }
        return SessionRecord{token_hash, query->getColumn(0).getInt64(),
                             query->getColumn(1).getInt64(), query->getColumn(2).getInt64()};
    });
}

void SqliteSessionRepository::touch(const Bytes& token_hash, UnixMillis now) {
    db_.write([&](SqliteConnection& c) {
        auto update = c.cached("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
        update->bind(1, now);
        bind_bytes(*update, 2, token_hash);
        update->exec();
    });
}

void SqliteSessionRepository::remove(const Bytes& token_hash) {
    db_.write([&](SqliteConnection& c) {
        auto remove_one = c.cached("DELETE FROM sessions WHERE token_hash = ?");
        bind_bytes(*remove_one, 1, token_hash);
        remove_one->exec();
    });
}

int SqliteSessionRepository::remove_expired(UnixMillis idle_cutoff, UnixMillis absolute_cutoff) {
    return db_.write([&](SqliteConnection& c) {
        auto remove_old = c.cached("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?");
        remove_old->bind(1, idle_cutoff);
        remove_old->bind(2, absolute_cutoff);
        return remove_old->exec();
    });
}

// --- audit trail -------------------------------------------------------------------------------

void SqliteAuditRepository::append(const AuditEntry& entry) {
    db_.write([&](SqliteConnection& c) { insert_audit(c, entry); });
}

std::vector<AuditRecord> SqliteAuditRepository::page(std::optional<RowId> before_id, int limit) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached("SELECT id, occurred_at, actor_role, actor_id, action, "
                              "subject_type, subject_id, details FROM audit_log "
                              "WHERE id < ? ORDER BY id DESC LIMIT ?");
        query->bind(1, before_id.value_or(INT64_MAX));
        query->bind(2, limit);
        std::vector<AuditRecord> records;
        while (query->executeStep()) {
            AuditRecord r;
            r.id = query->getColumn(0).getInt64();
            r.occurred_at = query->getColumn(1).getInt64();
            r.actor_role = column_enum(query->getColumn(2), ActorRole::System);
            r.actor_id = column_optional_id(query->getColumn(3));
            r.action = query->getColumn(4).getString();
            r.subject_type = query->getColumn(5).getString();
            r.subject_id = column_optional_id(query->getColumn(6));
            r.details_json = query->getColumn(7).getString();
            records.push_back(std::move(r));
        }
        return records;
    });
}

} // namespace einblick::server
