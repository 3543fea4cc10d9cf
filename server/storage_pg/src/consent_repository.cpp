#include "einblick/server/pg/consent_repository.hpp"

#include "repository_support.hpp"

namespace einblick::server {
namespace {

using namespace pg;

constexpr const char* consent_columns =
    "SELECT id, citizen_pseudonym, purpose_id, purpose_version_id, granted_at, expires_at, "
    "withdrawn_at FROM consents ";

ConsentRecord read_consent(const Result& rows, int row) {
    return {rows.int64(row, 0), rows.text(row, 1),  rows.int64(row, 2),       rows.int64(row, 3),
            rows.int64(row, 4), rows.int64(row, 5), optional_id(rows, row, 6)};
}

} // namespace

ConsentRecord PgConsentRepository::grant(const std::string& citizen_pseudonym, RowId purpose_id,
                                         RowId purpose_version_id, UnixMillis expires_at,
                                         const AuditEntry& audit) {
    return write_transaction(pool_, [&](Transaction& tx) {
        const Result granted =
            tx.execute("INSERT INTO consents (citizen_pseudonym, purpose_id, purpose_version_id, "
                       "granted_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id, "
                       "citizen_pseudonym, purpose_id, purpose_version_id, granted_at, expires_at, "
                       "withdrawn_at",
                       {citizen_pseudonym, id_param(purpose_id), id_param(purpose_version_id),
                        std::int64_t{audit.occurred_at}, std::int64_t{expires_at}});
        ConsentRecord consent = read_consent(granted, 0);
        AuditEntry entry = audit;
        entry.subject_id = consent.id;
        insert_audit(tx, entry);
        return consent;
    });
}

ConsentRecord PgConsentRepository::withdraw(const std::string& citizen_pseudonym, RowId consent_id,
                                            const AuditEntry& audit) {
    return write_transaction(pool_, [&](Transaction& tx) {
        // FOR UPDATE: of two concurrent withdrawals one waits here and then sees the other's.
        const Result owned = tx.execute("SELECT withdrawn_at FROM consents "
                                        "WHERE id = $1 AND citizen_pseudonym = $2 FOR UPDATE",
                                        {id_param(consent_id), citizen_pseudonym});
        if (owned.rows() == 0) {
            throw NotFoundError("consent " + std::to_string(consent_id));
        }
        if (!owned.is_null(0, 0)) {
            throw ConflictError("the consent is already withdrawn");
        }
        // The pseudonym in the WHERE: the key is (citizen_pseudonym, id), one shard under Citus.
        const Result withdrawn = tx.execute(
            "UPDATE consents SET withdrawn_at = $1 WHERE id = $2 AND citizen_pseudonym = $3 "
            "RETURNING id, citizen_pseudonym, purpose_id, purpose_version_id, granted_at, "
            "expires_at, withdrawn_at",
            {std::int64_t{audit.occurred_at}, id_param(consent_id), citizen_pseudonym});
        insert_audit(tx, audit);
        return read_consent(withdrawn, 0);
    });
}

std::vector<ConsentRecord>
PgConsentRepository::list_for_citizen(const std::string& citizen_pseudonym) {
    Pool::Lease connection = pool_.acquire();
    const Result rows =
        connection->execute(std::string(consent_columns) +
                                "WHERE citizen_pseudonym = $1 ORDER BY granted_at DESC, id DESC",
                            {citizen_pseudonym});
    std::vector<ConsentRecord> consents;
    for (int row = 0; row < rows.rows(); ++row) {
        consents.push_back(read_consent(rows, row));
    }
    return consents;
}

std::optional<RowId> PgConsentRepository::valid_consent(const std::string& citizen_pseudonym,
                                                        RowId purpose_id, UnixMillis now) {
    Pool::Lease connection = pool_.acquire();
    // id DESC after granted_at: one answer for two consents granted in the same millisecond.
    const Result rows = connection->execute(
        "SELECT id FROM consents WHERE citizen_pseudonym = $1 AND purpose_id = $2 "
        "AND granted_at <= $3 AND withdrawn_at IS NULL AND expires_at > $3 "
        "ORDER BY granted_at DESC, id DESC LIMIT 1",
        {citizen_pseudonym, id_param(purpose_id), std::int64_t{now}});
    if (rows.rows() == 0) {
        return std::nullopt;
    }
    return rows.int64(0, 0);
}

} // namespace einblick::server
