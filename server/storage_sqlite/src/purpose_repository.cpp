#include "einblick/server/sqlite/purpose_repository.hpp"

#include "sql_helpers.hpp"

#include <map>

namespace einblick::server {
namespace {

using namespace sql;

constexpr const char* version_columns =
    "SELECT v.id, v.purpose_id, v.version, v.name, v.description, v.legal_basis, v.gdpr_basis, "
    "v.data_categories, v.source_registers, v.recipients, v.retention_days, v.status, "
    "v.proposed_at, v.decided_at, v.decided_by, v.decision_reason FROM purpose_versions v ";

PurposeVersionRecord read_version(SQLite::Statement& q) {
    PurposeVersionRecord v;
    v.id = q.getColumn(0).getInt64();
    v.purpose_id = q.getColumn(1).getInt64();
    v.version = q.getColumn(2).getInt();
    v.content.name = q.getColumn(3).getString();
    v.content.description = q.getColumn(4).getString();
    v.content.legal_basis = q.getColumn(5).getString();
    v.content.gdpr_basis = q.getColumn(6).getString();
    v.content.data_categories = parse_json_array(q.getColumn(7).getString());
    v.content.source_registers = parse_json_array(q.getColumn(8).getString());
    v.content.recipients = parse_json_array(q.getColumn(9).getString());
    v.content.retention_days = q.getColumn(10).getInt();
    v.status = column_enum(q.getColumn(11), PurposeStatus::Proposed);
    v.proposed_at = q.getColumn(12).getInt64();
    v.decided_at = column_optional_id(q.getColumn(13));
    v.decided_by = column_optional_id(q.getColumn(14));
    v.decision_reason = column_optional_text(q.getColumn(15)).value_or("");
    return v;
}

void insert_version(SqliteConnection& c, RowId purpose_id, int version,
                    const PurposeContent& content, UnixMillis now) {
    auto insert = c.cached(
        "INSERT INTO purpose_versions (purpose_id, version, name, description, legal_basis, "
        "gdpr_basis, data_categories, source_registers, recipients, retention_days, status, "
        "proposed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?)");
    insert->bind(1, purpose_id);
    insert->bind(2, version);
    insert->bind(3, content.name);
    insert->bind(4, content.description);
    insert->bind(5, content.legal_basis);
    insert->bind(6, content.gdpr_basis);
    insert->bind(7, json_array(content.data_categories));
    insert->bind(8, json_array(content.source_registers));
    insert->bind(9, json_array(content.recipients));
    insert->bind(10, content.retention_days);
    insert->bind(11, now);
    insert->exec();
}

std::vector<PurposeRecord> load_purposes(SqliteConnection& c, const std::string& where,
                                         const std::optional<RowId>& bound) {
    auto purposes = c.cached("SELECT p.id, p.created_at, a.id, a.code, a.name FROM purposes p "
                             "JOIN agencies a ON a.id = p.agency_id " +
                             where + " ORDER BY p.id");
    if (bound) {
        purposes->bind(1, *bound);
    }
    std::vector<PurposeRecord> records;
    std::map<RowId, std::size_t> index;
    while (purposes->executeStep()) {
        PurposeRecord r;
        r.id = purposes->getColumn(0).getInt64();
        r.created_at = purposes->getColumn(1).getInt64();
        r.agency = {purposes->getColumn(2).getInt64(), purposes->getColumn(3).getString(),
                    purposes->getColumn(4).getString()};
        index[r.id] = records.size();
        records.push_back(std::move(r));
    }
    if (records.empty()) {
        return records;
    }
    auto versions = c.cached(std::string(version_columns) +
                             "WHERE v.purpose_id BETWEEN ? AND ? ORDER BY v.purpose_id, v.version");
    versions->bind(1, records.front().id);
    versions->bind(2, records.back().id);
    while (versions->executeStep()) {
        PurposeVersionRecord v = read_version(*versions);
        if (const auto it = index.find(v.purpose_id); it != index.end()) {
            records[it->second].versions.push_back(std::move(v));
        }
    }
    return records;
}

} // namespace

RowId SqlitePurposeRepository::create(RowId agency_id, const PurposeContent& content,
                                      const AuditEntry& audit) {
    return db_.write([&](SqliteConnection& c) {
        auto insert = c.cached("INSERT INTO purposes (agency_id, created_at) VALUES (?, ?)");
        insert->bind(1, agency_id);
        insert->bind(2, audit.occurred_at);
        insert->exec();
        const RowId purpose_id = c.getLastInsertRowid();
        insert_version(c, purpose_id, 1, content, audit.occurred_at);
        AuditEntry entry = audit;
        entry.subject_id = c.getLastInsertRowid();
        insert_audit(c, entry);
        return purpose_id;
    });
}

PurposeVersionRecord SqlitePurposeRepository::add_version(RowId purpose_id,
                                                          const PurposeContent& content,
                                                          const AuditEntry& audit) {
    const RowId version_id = db_.write([&](SqliteConnection& c) {
        auto latest = c.cached("SELECT max(version), sum(status = 'retired') "
                               "FROM purpose_versions WHERE purpose_id = ?");
        latest->bind(1, purpose_id);
        latest->executeStep();
        if (latest->getColumn(0).isNull()) {
            throw NotFoundError("purpose " + std::to_string(purpose_id));
        }
        if (latest->getColumn(1).getInt() > 0) {
            throw ConflictError("the purpose is retired");
        }
        insert_version(c, purpose_id, latest->getColumn(0).getInt() + 1, content,
                       audit.occurred_at);
        const RowId inserted = c.getLastInsertRowid();
        AuditEntry entry = audit;
        entry.subject_id = inserted;
        insert_audit(c, entry);
        return inserted;
    });
    return *find_version(version_id);
}

std::optional<PurposeRecord> SqlitePurposeRepository::find(RowId purpose_id) {
    auto records = db_.read(
        [&](SqliteConnection& c) { return load_purposes(c, "WHERE p.id = ?", purpose_id); });
    if (records.empty()) {
        return std::nullopt;
    }
    return std::move(records.front());
}

std::optional<PurposeVersionRecord> SqlitePurposeRepository::find_version(RowId version_id) {
    return db_.read([&](SqliteConnection& c) -> std::optional<PurposeVersionRecord> {
        auto query = c.cached(std::string(version_columns) + "WHERE v.id = ?");
        query->bind(1, version_id);
        if (!query->executeStep()) {
            return std::nullopt;
        }
        return read_version(*query);
    });
}

std::vector<PurposeRecord> SqlitePurposeRepository::list(const PurposeFilter& filter) {
    std::string where = filter.agency_id ? "WHERE p.agency_id = ?" : "WHERE 1";
    if (filter.in_force_only) {
        where += " AND EXISTS (SELECT 1 FROM purpose_versions f WHERE f.purpose_id = p.id "
                 "AND f.status = 'approved')";
    }
    return db_.read([&](SqliteConnection& c) { return load_purposes(c, where, filter.agency_id); });
}

void SqlitePurposeRepository::decide(RowId version_id, PurposeStatus decision, RowId dpo_account_id,
                                     const std::string& reason, const AuditEntry& audit) {
    db_.write([&](SqliteConnection& c) {
        if (decision == PurposeStatus::Approved) {
            auto supersede = c.cached(
                "UPDATE purpose_versions SET status = 'superseded' WHERE status = 'approved' "
                "AND purpose_id = (SELECT purpose_id FROM purpose_versions WHERE id = ? "
                "AND status = 'proposed')");
            supersede->bind(1, version_id);
            supersede->exec();
        }
        auto update = c.cached("UPDATE purpose_versions SET status = ?, decided_at = ?, "
                               "decided_by = ?, decision_reason = ? "
                               "WHERE id = ? AND status = 'proposed'");
        bind_enum(*update, 1, decision);
        update->bind(2, audit.occurred_at);
        update->bind(3, dpo_account_id);
        update->bind(4, reason);
        update->bind(5, version_id);
        if (update->exec() == 0) {
            throw ConflictError("the version is no longer proposed");
        }
        insert_audit(c, audit);
    });
}

void SqlitePurposeRepository::retire(RowId purpose_id, const std::string& reason,
                                     const AuditEntry& audit) {
    db_.write([&](SqliteConnection& c) {
        auto retire_current = c.cached(
            "UPDATE purpose_versions SET status = 'retired', decided_at = ?, decision_reason = ? "
            "WHERE purpose_id = ? AND status = 'approved'");
        retire_current->bind(1, audit.occurred_at);
        retire_current->bind(2, reason);
        retire_current->bind(3, purpose_id);
        if (retire_current->exec() == 0) {
            throw ConflictError("no version of this purpose is in force");
        }
        auto close_proposals = c.cached(
            "UPDATE purpose_versions SET status = 'rejected', decided_at = ?, "
            "decision_reason = 'Zweck stillgelegt' WHERE purpose_id = ? AND status = 'proposed'");
        close_proposals->bind(1, audit.occurred_at);
        close_proposals->bind(2, purpose_id);
        close_proposals->exec();
        insert_audit(c, audit);
    });
}

} // namespace einblick::server
