#include "einblick/server/pg/identity_repository.hpp"

#include "repository_support.hpp"

#include <cstdint>
#include <limits>

namespace einblick::server {
namespace {

using namespace pg;

std::optional<AgencyRecord> first_agency(const Result& rows) {
    if (rows.rows() == 0) {
        return std::nullopt;
    }
    return AgencyRecord{rows.int64(0, 0), rows.text(0, 1), rows.text(0, 2)};
}

constexpr const char* select_account =
    "SELECT id, username, password_hash, display_name, role, citizen_pseudonym, agency_id "
    "FROM accounts ";

std::optional<AccountRecord> first_account(const Result& rows) {
    if (rows.rows() == 0) {
        return std::nullopt;
    }
    AccountRecord account;
    account.id = rows.int64(0, 0);
    account.username = rows.text(0, 1);
    account.password_hash = rows.text(0, 2);
    account.display_name = rows.text(0, 3);
    account.role = enum_cell(rows, 0, 4, AccountRole::Citizen);
    account.citizen_pseudonym = optional_text(rows, 0, 5);
    account.agency_id = optional_id(rows, 0, 6);
    return account;
}

// One statement, no transaction of its own needed: a single statement is atomic.
Result run(Pool& pool, std::string_view sql, const Params& params) {
    Pool::Lease connection = pool.acquire();
    return connection->execute(sql, params);
}

} // namespace

// --- agencies and API keys -------------------------------------------------------------------

RowId PgAgencyRepository::create(const std::string& code, const std::string& name) {
    return run(pool_, "INSERT INTO agencies (code, name) VALUES ($1, $2) RETURNING id",
               {code, name})
        .int64(0, 0);
}

std::optional<AgencyRecord> PgAgencyRepository::find_by_id(RowId id) {
    return first_agency(
        run(pool_, "SELECT id, code, name FROM agencies WHERE id = $1", {id_param(id)}));
}

std::optional<AgencyRecord> PgAgencyRepository::find_by_code(const std::string& code) {
    return first_agency(run(pool_, "SELECT id, code, name FROM agencies WHERE code = $1", {code}));
}

std::vector<AgencyRecord> PgAgencyRepository::list() {
    // COLLATE "C": byte order of UTF-8, which is SQLite's BINARY order, whatever the
    // database's collation says.
    const Result rows =
        run(pool_, "SELECT id, code, name FROM agencies ORDER BY name COLLATE \"C\", id", {});
    std::vector<AgencyRecord> agencies;
    for (int row = 0; row < rows.rows(); ++row) {
        agencies.push_back({rows.int64(row, 0), rows.text(row, 1), rows.text(row, 2)});
    }
    return agencies;
}

RowId PgAgencyRepository::add_api_key(RowId agency_id, const Bytes& key_hash,
                                      const std::string& label, const AuditEntry& audit) {
    return write_transaction(pool_, [&](Transaction& tx) {
        const RowId id =
            tx.execute("INSERT INTO api_keys (agency_id, key_hash, label, "
                       "created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                       {id_param(agency_id), key_hash, label, std::int64_t{audit.occurred_at}})
                .int64(0, 0);
        AuditEntry entry = audit;
        entry.subject_id = id;
        insert_audit(tx, entry);
        return id;
    });
}

void PgAgencyRepository::revoke_api_key(RowId agency_id, RowId key_id, const AuditEntry& audit) {
    write_transaction(pool_, [&](Transaction& tx) {
        const Result revoked =
            tx.execute("UPDATE api_keys SET revoked_at = $1 "
                       "WHERE id = $2 AND agency_id = $3 AND revoked_at IS NULL",
                       {std::int64_t{audit.occurred_at}, id_param(key_id), id_param(agency_id)});
        if (revoked.affected_rows() == 0) {
            throw NotFoundError("no active API key " + std::to_string(key_id));
        }
        insert_audit(tx, audit);
    });
}

std::vector<ApiKeyRecord> PgAgencyRepository::list_api_keys(RowId agency_id) {
    const Result rows = run(pool_,
                            "SELECT id, agency_id, label, created_at, revoked_at "
                            "FROM api_keys WHERE agency_id = $1 ORDER BY id",
                            {id_param(agency_id)});
    std::vector<ApiKeyRecord> keys;
    for (int row = 0; row < rows.rows(); ++row) {
        keys.push_back({rows.int64(row, 0), rows.int64(row, 1), rows.text(row, 2),
                        rows.int64(row, 3), optional_id(rows, row, 4)});
    }
    return keys;
}

std::optional<AgencyRecord> PgAgencyRepository::find_by_api_key_hash(const Bytes& key_hash) {
    return first_agency(
        run(pool_,
            "SELECT a.id, a.code, a.name FROM api_keys k JOIN agencies a ON a.id = k.agency_id "
            "WHERE k.key_hash = $1 AND k.revoked_at IS NULL",
            {key_hash}));
}

// --- accounts ----------------------------------------------------------------------------------

RowId PgAccountRepository::create(const NewAccount& account, UnixMillis now) {
    return run(pool_,
               "INSERT INTO accounts (username, password_hash, display_name, role, "
               "citizen_pseudonym, agency_id, created_at) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
               {account.username, account.password_hash, account.display_name,
                enum_param(account.role), optional_param(account.citizen_pseudonym),
                optional_param(account.agency_id), std::int64_t{now}})
        .int64(0, 0);
}

std::optional<AccountRecord> PgAccountRepository::find_by_username(const std::string& username) {
    return first_account(
        run(pool_, std::string(select_account) + "WHERE username = $1", {username}));
}

std::optional<AccountRecord> PgAccountRepository::find_by_id(RowId id) {
    return first_account(run(pool_, std::string(select_account) + "WHERE id = $1", {id_param(id)}));
}

// --- sessions ----------------------------------------------------------------------------------

void PgSessionRepository::create(const SessionRecord& session) {
    run(pool_,
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) "
        "VALUES ($1, $2, $3, $4)",
        {session.token_hash, id_param(session.account_id), std::int64_t{session.created_at},
         std::int64_t{session.last_seen_at}});
}

std::optional<SessionRecord> PgSessionRepository::find(const Bytes& token_hash) {
    const Result rows = run(pool_,
                            "SELECT account_id, created_at, last_seen_at FROM sessions "
                            "WHERE token_hash = $1",
                            {token_hash});
    if (rows.rows() == 0) {
        return std::nullopt;
    }
    return SessionRecord{token_hash, rows.int64(0, 0), rows.int64(0, 1), rows.int64(0, 2)};
}

void PgSessionRepository::touch(const Bytes& token_hash, UnixMillis now) {
    run(pool_, "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2",
        {std::int64_t{now}, token_hash});
}

void PgSessionRepository::remove(const Bytes& token_hash) {
    run(pool_, "DELETE FROM sessions WHERE token_hash = $1", {token_hash});
}

int PgSessionRepository::remove_expired(UnixMillis idle_cutoff, UnixMillis absolute_cutoff) {
    const Result removed =
        run(pool_, "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2",
            {std::int64_t{idle_cutoff}, std::int64_t{absolute_cutoff}});
    return static_cast<int>(removed.affected_rows());
}

// --- audit trail -------------------------------------------------------------------------------

void PgAuditRepository::append(const AuditEntry& entry) {
    write_transaction(pool_, [&](Transaction& tx) { insert_audit(tx, entry); });
}

std::vector<AuditRecord> PgAuditRepository::page(std::optional<RowId> before_id, int limit) {
    const Result rows = run(
        pool_,
        "SELECT id, occurred_at, actor_role, actor_id, action, subject_type, subject_id, "
        "details FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2",
        {std::int64_t{before_id.value_or(std::numeric_limits<RowId>::max())}, std::int64_t{limit}});
    std::vector<AuditRecord> records;
    for (int row = 0; row < rows.rows(); ++row) {
        AuditRecord r;
        r.id = rows.int64(row, 0);
        r.occurred_at = rows.int64(row, 1);
        r.actor_role = enum_cell(rows, row, 2, ActorRole::System);
        r.actor_id = optional_id(rows, row, 3);
        r.action = rows.text(row, 4);
        r.subject_type = rows.text(row, 5);
        r.subject_id = optional_id(rows, row, 6);
        r.details_json = rows.text(row, 7);
        records.push_back(std::move(r));
    }
    return records;
}

} // namespace einblick::server
