#include "einblick/server/pg/objection_repository.hpp"

#include "repository_support.hpp"

namespace einblick::server {
namespace {

using namespace pg;

// The same columns, in the same order, in every statement that returns objections.
#define EINBLICK_OBJECTION_COLUMNS                                                                 \
    "id, citizen_pseudonym, agency_id, purpose_id, event_id, reason, restriction_requested, "      \
    "status, received_at, original_due_at, due_at, extension_reason, decided_at, decided_by, "     \
    "decision_reason, revision"

constexpr const char* select_objections = "SELECT " EINBLICK_OBJECTION_COLUMNS " FROM objections ";

// PostgreSQL's text form of a boolean.
bool bool_cell(const Result& rows, int row, int column) {
    return rows.text(row, column) == "t";
}

Param bool_param(bool value) {
    return std::string(value ? "true" : "false");
}

ObjectionRecord read_objection(const Result& rows, int row) {
    ObjectionRecord o;
    o.id = rows.int64(row, 0);
    o.citizen_pseudonym = rows.text(row, 1);
    o.agency_id = rows.int64(row, 2);
    o.purpose_id = rows.int64(row, 3);
    o.event_id = optional_id(rows, row, 4);
    o.reason = rows.text(row, 5);
    o.restriction_requested = bool_cell(rows, row, 6);
    o.status = enum_cell(rows, row, 7, ObjectionStatus::Pending);
    o.received_at = rows.int64(row, 8);
    o.original_due_at = rows.int64(row, 9);
    o.due_at = rows.int64(row, 10);
    o.extension_reason = optional_text(rows, row, 11);
    o.decided_at = optional_id(rows, row, 12);
    o.decided_by = optional_id(rows, row, 13);
    o.decision_reason = optional_text(rows, row, 14);
    o.revision = static_cast<int>(rows.int64(row, 15));
    return o;
}

std::vector<ObjectionRecord> read_objections(const Result& rows) {
    std::vector<ObjectionRecord> objections;
    for (int row = 0; row < rows.rows(); ++row) {
        objections.push_back(read_objection(rows, row));
    }
    return objections;
}

// Fails unless the objection exists, is pending and still has the revision the caller saw.
// FOR UPDATE: a concurrent change of the same objection waits until this transaction ends and
// then finds the revision moved on, as behind SQLite's single writer.
void require_pending_revision(Transaction& tx, RowId id, int expected_revision) {
    const Result current = tx.execute("SELECT revision, status FROM objections WHERE id = $1 "
                                      "FOR UPDATE",
                                      {id_param(id)});
    if (current.rows() == 0) {
        throw NotFoundError("objection " + std::to_string(id));
    }
    if (current.int64(0, 0) != expected_revision) {
        throw ConflictError("the objection was changed meanwhile");
    }
    if (enum_cell(current, 0, 1, ObjectionStatus::Pending) != ObjectionStatus::Pending) {
        throw ConflictError("the objection is already decided");
    }
}

} // namespace

ObjectionRecord PgObjectionRepository::create(const NewObjection& o, const AuditEntry& audit) {
    return write_transaction(pool_, [&](Transaction& tx) {
        const Result created = tx.execute(
            "INSERT INTO objections (citizen_pseudonym, agency_id, purpose_id, event_id, reason, "
            "restriction_requested, status, received_at, original_due_at, due_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $8) "
            "RETURNING " EINBLICK_OBJECTION_COLUMNS,
            {o.citizen_pseudonym, id_param(o.agency_id), id_param(o.purpose_id),
             optional_param(o.event_id), o.reason, bool_param(o.restriction_requested),
             std::int64_t{o.received_at}, std::int64_t{o.due_at}});
        ObjectionRecord objection = read_objection(created, 0);
        AuditEntry entry = audit;
        entry.subject_id = objection.id;
        insert_audit(tx, entry);
        return objection;
    });
}

std::optional<ObjectionRecord> PgObjectionRepository::find(RowId id) {
    Pool::Lease connection = pool_.acquire();
    const Result rows =
        connection->execute(std::string(select_objections) + "WHERE id = $1", {id_param(id)});
    if (rows.rows() == 0) {
        return std::nullopt;
    }
    return read_objection(rows, 0);
}

std::vector<ObjectionRecord>
PgObjectionRepository::list_for_citizen(const std::string& citizen_pseudonym) {
    Pool::Lease connection = pool_.acquire();
    return read_objections(
        connection->execute(std::string(select_objections) +
                                "WHERE citizen_pseudonym = $1 ORDER BY received_at DESC, id DESC",
                            {citizen_pseudonym}));
}

std::vector<ObjectionRecord> PgObjectionRepository::queue(const ObjectionQueueFilter& filter) {
    Pool::Lease connection = pool_.acquire();
    // One statement for every filter: NULL stands for "any agency" and "any status".
    return read_objections(
        connection->execute(std::string(select_objections) +
                                "WHERE ($1::bigint IS NULL OR agency_id = $1::bigint) "
                                "AND ($2::text IS NULL OR status = $2::text) ORDER BY due_at, id",
                            {optional_param(filter.agency_id),
                             filter.status ? enum_param(*filter.status) : Param(null)}));
}

ObjectionRecord PgObjectionRepository::extend(RowId id, int expected_revision,
                                              UnixMillis new_due_at, const std::string& reason,
                                              const AuditEntry& audit) {
    return write_transaction(pool_, [&](Transaction& tx) {
        require_pending_revision(tx, id, expected_revision);
        const Result extended = tx.execute(
            "UPDATE objections SET due_at = $1, extension_reason = $2, revision = revision + 1 "
            "WHERE id = $3 AND extension_reason IS NULL RETURNING " EINBLICK_OBJECTION_COLUMNS,
            {std::int64_t{new_due_at}, reason, id_param(id)});
        if (extended.rows() == 0) {
            throw ConflictError("the deadline was extended before; it can be extended only once");
        }
        insert_audit(tx, audit);
        return read_objection(extended, 0);
    });
}

ObjectionRecord PgObjectionRepository::decide(RowId id, int expected_revision,
                                              ObjectionStatus decision, RowId dpo_account_id,
                                              const std::string& reason, const AuditEntry& audit) {
    return write_transaction(pool_, [&](Transaction& tx) {
        require_pending_revision(tx, id, expected_revision);
        const Result decided =
            tx.execute("UPDATE objections SET status = $1, decided_at = $2, decided_by = $3, "
                       "decision_reason = $4, revision = revision + 1 "
                       "WHERE id = $5 RETURNING " EINBLICK_OBJECTION_COLUMNS,
                       {enum_param(decision), std::int64_t{audit.occurred_at},
                        id_param(dpo_account_id), reason, id_param(id)});
        insert_audit(tx, audit);
        return read_objection(decided, 0);
    });
}

ObjectionBlock PgObjectionRepository::block_for(const std::string& citizen_pseudonym,
                                                RowId purpose_id) {
    Pool::Lease connection = pool_.acquire();
    const Result block = connection->execute(
        "SELECT coalesce(bool_or(status = 'upheld'), false), "
        "coalesce(bool_or(status = 'pending' AND restriction_requested), false) "
        "FROM objections WHERE citizen_pseudonym = $1 AND purpose_id = $2",
        {citizen_pseudonym, id_param(purpose_id)});
    return ObjectionBlock{bool_cell(block, 0, 0), bool_cell(block, 0, 1)};
}

// Only upheld and pending objections can block: the status index finds them without reading
// the decided (rejected) ones, which accumulate. Ordered, so that a limit cuts the same rows
// every time.
std::vector<BlockingObjections> PgObjectionRepository::blocking(std::size_t limit) {
    Pool::Lease connection = pool_.acquire();
    const Result rows =
        connection->execute("SELECT citizen_pseudonym, purpose_id, bool_or(status = 'upheld'), "
                            "bool_or(status = 'pending' AND restriction_requested) "
                            "FROM objections WHERE status IN ('upheld', 'pending') "
                            "GROUP BY citizen_pseudonym, purpose_id "
                            "HAVING bool_or(status = 'upheld') OR bool_or(status = 'pending' AND "
                            "restriction_requested) "
                            "ORDER BY citizen_pseudonym, purpose_id LIMIT $1",
                            {static_cast<std::int64_t>(limit)});
    std::vector<BlockingObjections> found;
    for (int row = 0; row < rows.rows(); ++row) {
        found.push_back({rows.text(row, 0), rows.int64(row, 1),
                         ObjectionBlock{bool_cell(rows, row, 2), bool_cell(rows, row, 3)}});
    }
    return found;
}

} // namespace einblick::server
