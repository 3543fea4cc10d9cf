#include "einblick/server/pg/purpose_repository.hpp"

#include "repository_support.hpp"

#include <map>

namespace einblick::server {
namespace {

using namespace pg;

constexpr const char* version_columns =
    "SELECT v.id, v.purpose_id, v.version, v.name, v.description, v.legal_basis, v.gdpr_basis, "
    "v.data_categories, v.source_registers, v.recipients, v.retention_days, v.status, "
    "v.proposed_at, v.decided_at, v.decided_by, v.decision_reason FROM purpose_versions v ";

PurposeVersionRecord read_version(const Result& rows, int row) {
    PurposeVersionRecord v;
    v.id = rows.int64(row, 0);
    v.purpose_id = rows.int64(row, 1);
    v.version = static_cast<int>(rows.int64(row, 2));
    v.content.name = rows.text(row, 3);
    v.content.description = rows.text(row, 4);
    v.content.legal_basis = rows.text(row, 5);
    v.content.gdpr_basis = rows.text(row, 6);
    v.content.data_categories = parse_json_array(rows.text(row, 7));
    v.content.source_registers = parse_json_array(rows.text(row, 8));
    v.content.recipients = parse_json_array(rows.text(row, 9));
    v.content.retention_days = static_cast<int>(rows.int64(row, 10));
    v.status = enum_cell(rows, row, 11, PurposeStatus::Proposed);
    v.proposed_at = rows.int64(row, 12);
    v.decided_at = optional_id(rows, row, 13);
    v.decided_by = optional_id(rows, row, 14);
    v.decision_reason = optional_text(rows, row, 15).value_or("");
    return v;
}

RowId insert_version(Transaction& tx, RowId purpose_id, std::int64_t version,
                     const PurposeContent& content, UnixMillis now) {
    return tx
        .execute("INSERT INTO purpose_versions (purpose_id, version, name, description, "
                 "legal_basis, gdpr_basis, data_categories, source_registers, recipients, "
                 "retention_days, status, proposed_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'proposed', $11) "
                 "RETURNING id",
                 {id_param(purpose_id), version, content.name, content.description,
                  content.legal_basis, content.gdpr_basis, json_array(content.data_categories),
                  json_array(content.source_registers), json_array(content.recipients),
                  std::int64_t{content.retention_days}, std::int64_t{now}})
        .int64(0, 0);
}

// Takes the purpose's row lock: changes of one purpose's versions (numbering, the one version
// in force) run one after the other, as they do behind SQLite's single writer. Whether it
// exists.
bool lock_purpose(Transaction& tx, RowId purpose_id) {
    return tx.execute("SELECT 1 FROM purposes WHERE id = $1 FOR UPDATE", {id_param(purpose_id)})
               .rows() == 1;
}

// The purposes a filter selects, as a WHERE over `purposes p`: $1 the agency (NULL: any), $2
// whether only purposes with a version in force count (1) or all (0). One statement for every
// filter, so that each is prepared once.
constexpr const char* purpose_filter =
    "WHERE ($1::bigint IS NULL OR p.agency_id = $1::bigint) AND ($2::bigint = 0 OR EXISTS "
    "(SELECT 1 FROM purpose_versions f WHERE f.purpose_id = p.id AND f.status = 'approved')) ";

Params filter_params(const PurposeFilter& filter) {
    return {optional_param(filter.agency_id), std::int64_t{filter.in_force_only ? 1 : 0}};
}

constexpr const char* purpose_by_id = "WHERE p.id = $1 ";

// The purposes `where` (over `purposes p`, with `params`) selects, each with its versions.
std::vector<PurposeRecord> load_purposes(Transaction& tx, const std::string& where,
                                         const Params& params) {
    const Result purposes =
        tx.execute("SELECT p.id, p.created_at, a.id, a.code, a.name FROM purposes p "
                   "JOIN agencies a ON a.id = p.agency_id " +
                       where + "ORDER BY p.id",
                   params);
    std::vector<PurposeRecord> records;
    std::map<RowId, std::size_t> index;
    for (int row = 0; row < purposes.rows(); ++row) {
        PurposeRecord r;
        r.id = purposes.int64(row, 0);
        r.created_at = purposes.int64(row, 1);
        r.agency = {purposes.int64(row, 2), purposes.text(row, 3), purposes.text(row, 4)};
        index[r.id] = records.size();
        records.push_back(std::move(r));
    }
    if (records.empty()) {
        return records;
    }
    // The same WHERE again, in the same snapshot: the versions of exactly these purposes.
    const Result versions =
        tx.execute(std::string(version_columns) + "JOIN purposes p ON p.id = v.purpose_id " +
                       where + "ORDER BY v.purpose_id, v.version",
                   params);
    for (int row = 0; row < versions.rows(); ++row) {
        PurposeVersionRecord v = read_version(versions, row);
        if (const auto it = index.find(v.purpose_id); it != index.end()) {
            records[it->second].versions.push_back(std::move(v));
        }
    }
    return records;
}

} // namespace

RowId PgPurposeRepository::create(RowId agency_id, const PurposeContent& content,
                                  const AuditEntry& audit) {
    return write_transaction(pool_, [&](Transaction& tx) {
        const RowId purpose_id =
            tx.execute("INSERT INTO purposes (agency_id, created_at) VALUES ($1, $2) "
                       "RETURNING id",
                       {id_param(agency_id), std::int64_t{audit.occurred_at}})
                .int64(0, 0);
        AuditEntry entry = audit;
        entry.subject_id = insert_version(tx, purpose_id, 1, content, audit.occurred_at);
        insert_audit(tx, entry);
        return purpose_id;
    });
}

PurposeVersionRecord PgPurposeRepository::add_version(RowId purpose_id,
                                                      const PurposeContent& content,
                                                      const AuditEntry& audit) {
    const RowId version_id = write_transaction(pool_, [&](Transaction& tx) {
        if (!lock_purpose(tx, purpose_id)) {
            throw NotFoundError("purpose " + std::to_string(purpose_id));
        }
        const Result latest = tx.execute("SELECT max(version), count(*) FILTER "
                                         "(WHERE status = 'retired') FROM purpose_versions "
                                         "WHERE purpose_id = $1",
                                         {id_param(purpose_id)});
        if (latest.is_null(0, 0)) {
            throw NotFoundError("purpose " + std::to_string(purpose_id));
        }
        if (latest.int64(0, 1) > 0) {
            throw ConflictError("the purpose is retired");
        }
        const RowId inserted =
            insert_version(tx, purpose_id, latest.int64(0, 0) + 1, content, audit.occurred_at);
        AuditEntry entry = audit;
        entry.subject_id = inserted;
        insert_audit(tx, entry);
        return inserted;
    });
    return *find_version(version_id);
}

std::optional<PurposeRecord> PgPurposeRepository::find(RowId purpose_id) {
    auto records = read_snapshot(pool_, [&](Transaction& tx) {
        return load_purposes(tx, purpose_by_id, {id_param(purpose_id)});
    });
    if (records.empty()) {
        return std::nullopt;
    }
    return std::move(records.front());
}

std::optional<PurposeVersionRecord> PgPurposeRepository::find_version(RowId version_id) {
    return read_snapshot(pool_, [&](Transaction& tx) -> std::optional<PurposeVersionRecord> {
        const Result rows =
            tx.execute(std::string(version_columns) + "WHERE v.id = $1", {id_param(version_id)});
        if (rows.rows() == 0) {
            return std::nullopt;
        }
        return read_version(rows, 0);
    });
}

std::vector<PurposeRecord> PgPurposeRepository::list(const PurposeFilter& filter) {
    return read_snapshot(pool_, [&](Transaction& tx) {
        return load_purposes(tx, purpose_filter, filter_params(filter));
    });
}

void PgPurposeRepository::decide(RowId version_id, PurposeStatus decision, RowId dpo_account_id,
                                 const std::string& reason, const AuditEntry& audit) {
    write_transaction(pool_, [&](Transaction& tx) {
        const Result owner = tx.execute("SELECT purpose_id FROM purpose_versions WHERE id = $1",
                                        {id_param(version_id)});
        if (owner.rows() == 1) {
            lock_purpose(tx, owner.int64(0, 0));
        }
        if (decision == PurposeStatus::Approved) {
            // Before the approval: the partial unique index allows one approved version.
            tx.execute("UPDATE purpose_versions SET status = 'superseded' WHERE status = "
                       "'approved' AND purpose_id = (SELECT purpose_id FROM purpose_versions "
                       "WHERE id = $1 AND status = 'proposed')",
                       {id_param(version_id)});
        }
        const Result decided =
            tx.execute("UPDATE purpose_versions SET status = $1, decided_at = $2, decided_by = $3, "
                       "decision_reason = $4 WHERE id = $5 AND status = 'proposed'",
                       {enum_param(decision), std::int64_t{audit.occurred_at},
                        id_param(dpo_account_id), reason, id_param(version_id)});
        if (decided.affected_rows() == 0) {
            throw ConflictError("the version is no longer proposed");
        }
        insert_audit(tx, audit);
    });
}

void PgPurposeRepository::retire(RowId purpose_id, const std::string& reason,
                                 const AuditEntry& audit) {
    write_transaction(pool_, [&](Transaction& tx) {
        lock_purpose(tx, purpose_id);
        const Result retired =
            tx.execute("UPDATE purpose_versions SET status = 'retired', decided_at = $1, "
                       "decision_reason = $2 WHERE purpose_id = $3 AND status = 'approved'",
                       {std::int64_t{audit.occurred_at}, reason, id_param(purpose_id)});
        if (retired.affected_rows() == 0) {
            throw ConflictError("no version of this purpose is in force");
        }
        tx.execute("UPDATE purpose_versions SET status = 'rejected', decided_at = $1, "
                   "decision_reason = 'Zweck stillgelegt' WHERE purpose_id = $2 "
                   "AND status = 'proposed'",
                   {std::int64_t{audit.occurred_at}, id_param(purpose_id)});
        insert_audit(tx, audit);
    });
}

} // namespace einblick::server
