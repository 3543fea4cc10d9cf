#include "einblick/server/sqlite/objection_repository.hpp"

#include "sql_helpers.hpp"

namespace einblick::server {
namespace {

using namespace sql;

constexpr const char* objection_columns =
    "SELECT id, citizen_pseudonym, agency_id, purpose_id, event_id, reason, "
    "restriction_requested, status, received_at, original_due_at, due_at, extension_reason, "
    "decided_at, decided_by, decision_reason, revision FROM objections ";

ObjectionRecord read_objection(SQLite::Statement& q) {
    ObjectionRecord o;
    o.id = q.getColumn(0).getInt64();
    o.citizen_pseudonym = q.getColumn(1).getString();
    o.agency_id = q.getColumn(2).getInt64();
    o.purpose_id = q.getColumn(3).getInt64();
    o.event_id = column_optional_id(q.getColumn(4));
    o.reason = q.getColumn(5).getString();
    o.restriction_requested = q.getColumn(6).getInt() != 0;
    o.status = column_enum(q.getColumn(7), ObjectionStatus::Pending);
    o.received_at = q.getColumn(8).getInt64();
    o.original_due_at = q.getColumn(9).getInt64();
    o.due_at = q.getColumn(10).getInt64();
    o.extension_reason = column_optional_text(q.getColumn(11));
    o.decided_at = column_optional_id(q.getColumn(12));
    o.decided_by = column_optional_id(q.getColumn(13));
    o.decision_reason = column_optional_text(q.getColumn(14));
    o.revision = q.getColumn(15).getInt();
    return o;
}

std::optional<ObjectionRecord> find_in(SqliteConnection& c, RowId id) {
    auto query = c.cached(std::string(objection_columns) + "WHERE id = ?");
    query->bind(1, id);
    if (!query->executeStep()) {
        return std::nullopt;
    }
    return read_objection(*query);
}

// Fails unless the objection exists, is pending and still has the revision the caller saw.
void require_pending_revision(SqliteConnection& c, RowId id, int expected_revision) {
    const auto current = find_in(c, id);
    if (!current) {
        throw NotFoundError("objection " + std::to_string(id));
    }
    if (current->revision != expected_revision) {
        throw ConflictError("the objection was changed meanwhile");
    }
    if (current->status != ObjectionStatus::Pending) {
        throw ConflictError("the objection is already decided");
    }
}

} // namespace

ObjectionRecord SqliteObjectionRepository::create(const NewObjection& o, const AuditEntry& audit) {
    return db_.write([&](SqliteConnection& c) {
        auto insert = c.cached(
            "INSERT INTO objections (citizen_pseudonym, agency_id, purpose_id, event_id, reason, "
            "restriction_requested, status, received_at, original_due_at, due_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)");
        insert->bind(1, o.citizen_pseudonym);
        insert->bind(2, o.agency_id);
        insert->bind(3, o.purpose_id);
        bind_optional(*insert, 4, o.event_id);
        insert->bind(5, o.reason);
        insert->bind(6, o.restriction_requested ? 1 : 0);
        insert->bind(7, o.received_at);
        insert->bind(8, o.due_at);
        insert->bind(9, o.due_at);
        insert->exec();
        const RowId id = c.getLastInsertRowid();
        AuditEntry entry = audit;
        entry.subject_id = id;
        insert_audit(c, entry);
        return *find_in(c, id);
    });
}

std::optional<ObjectionRecord> SqliteObjectionRepository::find(RowId id) {
    return db_.read([&](SqliteConnection& c) { return find_in(c, id); });
}

std::vector<ObjectionRecord>
SqliteObjectionRepository::list_for_citizen(const std::string& citizen_pseudonym) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached(std::string(objection_columns) +
                              "WHERE citizen_pseudonym = ? ORDER BY received_at DESC, id DESC");
        query->bind(1, citizen_pseudonym);
        std::vector<ObjectionRecord> list;
        while (query->executeStep()) {
            list.push_back(read_objection(*query));
        }
        return list;
    });
}

std::string SqliteObjectionRepository::queue_sql(const ObjectionQueueFilter& filter) {
    std::string sql = objection_columns;
    sql += filter.agency_id ? "WHERE agency_id = ? " : "WHERE 1 ";
    if (filter.status) {
        sql += "AND status = ? ";
    }
    return sql + "ORDER BY due_at, id";
}

std::vector<ObjectionRecord> SqliteObjectionRepository::queue(const ObjectionQueueFilter& filter) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached(queue_sql(filter));
        int i = 1;
        if (filter.agency_id) {
            query->bind(i++, *filter.agency_id);
        }
        if (filter.status) {
            bind_enum(*query, i, *filter.status);
        }
        std::vector<ObjectionRecord> list;
        while (query->executeStep()) {
            list.push_back(read_objection(*query));
        }
        return list;
    });
}

ObjectionRecord SqliteObjectionRepository::extend(RowId id, int expected_revision,
                                                  UnixMillis new_due_at, const std::string& reason,
                                                  const AuditEntry& audit) {
    return db_.write([&](SqliteConnection& c) {
        require_pending_revision(c, id, expected_revision);
        auto update = c.cached("UPDATE objections SET due_at = ?, extension_reason = ?, "
                               "revision = revision + 1 WHERE id = ? AND extension_reason IS NULL");
        update->bind(1, new_due_at);
        update->bind(2, reason);
        update->bind(3, id);
        if (update->exec() == 0) {
            throw ConflictError("the deadline was extended before; it can be extended only once");
        }
        insert_audit(c, audit);
        return *find_in(c, id);
    });
}

ObjectionRecord SqliteObjectionRepository::decide(RowId id, int expected_revision,
                                                  ObjectionStatus decision, RowId dpo_account_id,
                                                  const std::string& reason,
                                                  const AuditEntry& audit) {
    return db_.write([&](SqliteConnection& c) {
        require_pending_revision(c, id, expected_revision);
        auto update = c.cached("UPDATE objections SET status = ?, decided_at = ?, "
                               "decided_by = ?, decision_reason = ?, revision = revision + 1 "
                               "WHERE id = ?");
        bind_enum(*update, 1, decision);
        update->bind(2, audit.occurred_at);
        update->bind(3, dpo_account_id);
        update->bind(4, reason);
        update->bind(5, id);
        update->exec();
        insert_audit(c, audit);
        return *find_in(c, id);
    });
}

const char* SqliteObjectionRepository::block_sql() {
    return "SELECT coalesce(max(status = 'upheld'), 0), "
           "coalesce(max(status = 'pending' AND restriction_requested = 1), 0) "
           "FROM objections WHERE citizen_pseudonym = ? AND purpose_id = ?";
}

ObjectionBlock SqliteObjectionRepository::block_for(const std::string& citizen_pseudonym,
                                                    RowId purpose_id) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached(block_sql());
        query->bind(1, citizen_pseudonym);
        query->bind(2, purpose_id);
        query->executeStep();
        return ObjectionBlock{query->getColumn(0).getInt() != 0, query->getColumn(1).getInt() != 0};
    });
}

// Only upheld and pending objections can block: the status index finds them without reading
// the decided (rejected) ones, which accumulate.
const char* SqliteObjectionRepository::blocking_sql() {
    return "SELECT citizen_pseudonym, purpose_id, max(status = 'upheld'), "
           "max(status = 'pending' AND restriction_requested = 1) "
           "FROM objections INDEXED BY objections_queue "
           "WHERE status IN ('upheld', 'pending') "
           "GROUP BY citizen_pseudonym, purpose_id "
           "HAVING max(status = 'upheld') OR max(status = 'pending' AND restriction_requested = 1) "
           "LIMIT ?";
}

std::vector<BlockingObjections> SqliteObjectionRepository::blocking(std::size_t limit) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached(blocking_sql());
        query->bind(1, static_cast<std::int64_t>(limit));
        std::vector<BlockingObjections> found;
        while (query->executeStep()) {
            found.push_back({query->getColumn(0).getString(), query->getColumn(1).getInt64(),
                             ObjectionBlock{query->getColumn(2).getInt() != 0,
                                            query->getColumn(3).getInt() != 0}});
        }
        return found;
    });
}

} // namespace einblick::server
