#include "einblick/server/sqlite/consent_repository.hpp"

#include "sql_helpers.hpp"

namespace einblick::server {
namespace {

using namespace sql;

constexpr const char* consent_columns =
    "SELECT id, citizen_pseudonym, purpose_id, purpose_version_id, granted_at, expires_at, "
    "withdrawn_at FROM consents ";

ConsentRecord read_consent(SQLite::Statement& q) {
    return {q.getColumn(0).getInt64(),         q.getColumn(1).getString(),
            q.getColumn(2).getInt64(),         q.getColumn(3).getInt64(),
            q.getColumn(4).getInt64(),         q.getColumn(5).getInt64(),
            column_optional_id(q.getColumn(6))};
}

ConsentRecord load(SqliteConnection& c, RowId id) {
    auto query = c.cached(std::string(consent_columns) + "WHERE id = ?");
    query->bind(1, id);
    query->executeStep();
    return read_consent(*query);
}

} // namespace

ConsentRecord SqliteConsentRepository::grant(const std::string& citizen_pseudonym, RowId purpose_id,
                                             RowId purpose_version_id, UnixMillis expires_at,
                                             const AuditEntry& audit) {
    return db_.write([&](SqliteConnection& c) {
        auto insert =
            c.cached("INSERT INTO consents (citizen_pseudonym, purpose_id, "
                     "purpose_version_id, granted_at, expires_at) VALUES (?, ?, ?, ?, ?)");
        insert->bind(1, citizen_pseudonym);
        insert->bind(2, purpose_id);
        insert->bind(3, purpose_version_id);
        insert->bind(4, audit.occurred_at);
        insert->bind(5, expires_at);
        insert->exec();
        const RowId id = c.getLastInsertRowid();
        AuditEntry entry = audit;
        entry.subject_id = id;
        insert_audit(c, entry);
        return load(c, id);
    });
}

ConsentRecord SqliteConsentRepository::withdraw(const std::string& citizen_pseudonym,
                                                RowId consent_id, const AuditEntry& audit) {
    return db_.write([&](SqliteConnection& c) {
        auto owned = c.cached("SELECT withdrawn_at FROM consents "
                              "WHERE id = ? AND citizen_pseudonym = ?");
        owned->bind(1, consent_id);
        owned->bind(2, citizen_pseudonym);
        if (!owned->executeStep()) {
            throw NotFoundError("consent " + std::to_string(consent_id));
        }
        if (!owned->getColumn(0).isNull()) {
            throw ConflictError("the consent is already withdrawn");
        }
        owned->reset();
        auto update = c.cached("UPDATE consents SET withdrawn_at = ? WHERE id = ?");
        update->bind(1, audit.occurred_at);
        update->bind(2, consent_id);
        update->exec();
        insert_audit(c, audit);
        return load(c, consent_id);
    });
}

std::vector<ConsentRecord>
SqliteConsentRepository::list_for_citizen(const std::string& citizen_pseudonym) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached(std::string(consent_columns) +
                              "WHERE citizen_pseudonym = ? ORDER BY granted_at DESC, id DESC");
        query->bind(1, citizen_pseudonym);
        std::vector<ConsentRecord> consents;
        while (query->executeStep()) {
            consents.push_back(read_consent(*query));
        }
        return consents;
    });
}

const char* SqliteConsentRepository::valid_consent_sql() {
    return "SELECT id FROM consents WHERE citizen_pseudonym = ?1 AND purpose_id = ?2 "
           "AND granted_at <= ?3 AND withdrawn_at IS NULL AND expires_at > ?3 "
           "ORDER BY granted_at DESC LIMIT 1";
}

std::optional<RowId> SqliteConsentRepository::valid_consent(const std::string& citizen_pseudonym,
                                                            RowId purpose_id, UnixMillis now) {
    return db_.read([&](SqliteConnection& c) -> std::optional<RowId> {
        auto query = c.cached(valid_consent_sql());
        query->bind(1, citizen_pseudonym);
        query->bind(2, purpose_id);
        query->bind(3, now);
        if (!query->executeStep()) {
            return std::nullopt;
        }
        return query->getColumn(0).getInt64();
    });
}

} // namespace einblick::server
