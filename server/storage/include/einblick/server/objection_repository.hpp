#pragma once
// Objections (Widersprüche, GDPR Art. 21) to a purpose, optionally pointing at one access
// event. Deadline: receipt + one calendar month, extendable once by up to two months (Art. 12(3)).
// While pending the citizen may ask for restriction (Art. 18). Decisions are made by a DPO with
// optimistic concurrency: every change increments `revision`.

#include "einblick/server/records.hpp"
#include "einblick/shared/api_rules.hpp"

#include <optional>
#include <string>
#include <vector>

namespace einblick::server {

using api::ObjectionStatus; // stored as its wire text (api::to_text)

struct NewObjection {
    std::string citizen_pseudonym;
    RowId agency_id = 0;
    RowId purpose_id = 0;
    std::optional<RowId> event_id;
    std::string reason;
    bool restriction_requested = false;
    UnixMillis received_at = 0;
    UnixMillis due_at = 0;
};

struct ObjectionRecord : NewObjection {
    RowId id = 0;
    ObjectionStatus status = ObjectionStatus::Pending;
    UnixMillis original_due_at = 0;
    std::optional<std::string> extension_reason;
    std::optional<UnixMillis> decided_at;
    std::optional<RowId> decided_by;
    std::optional<std::string> decision_reason;
    int revision = 1;
};

// What an access check needs to know about a citizen's objections to one purpose.
struct ObjectionBlock {
    bool upheld = false;             // an upheld objection blocks the purpose for the citizen
    bool restricted_pending = false; // a pending objection with restriction requested
};

// A citizen's objections to one purpose that block it (ObjectionBlock with either flag set).
struct BlockingObjections {
    std::string citizen_pseudonym;
    RowId purpose_id = 0;
    ObjectionBlock block;
};

struct ObjectionQueueFilter {
    std::optional<RowId> agency_id; // a DPO scoped to one agency; empty: all
    std::optional<ObjectionStatus> status;
};

class ObjectionRepository {
public:
    virtual ~ObjectionRepository() = default;
    virtual ObjectionRecord create(const NewObjection& objection, const AuditEntry& audit) = 0;
    virtual std::optional<ObjectionRecord> find(RowId id) = 0;
    virtual std::vector<ObjectionRecord> list_for_citizen(const std::string& citizen_pseudonym) = 0;
    // Ordered by due date, earliest first.
    virtual std::vector<ObjectionRecord> queue(const ObjectionQueueFilter& filter) = 0;
    // Both throw ConflictError when `expected_revision` is stale or the objection is decided.
    virtual ObjectionRecord extend(RowId id, int expected_revision, UnixMillis new_due_at,
                                   const std::string& reason, const AuditEntry& audit) = 0;
    virtual ObjectionRecord decide(RowId id, int expected_revision, ObjectionStatus decision,
                                   RowId dpo_account_id, const std::string& reason,
                                   const AuditEntry& audit) = 0;
    virtual ObjectionBlock block_for(const std::string& citizen_pseudonym, RowId purpose_id) = 0;
    // Every (citizen, purpose) with a block, at most `limit` of them (then the caller cannot
    // tell whether there are more: it asks for one more than it can use).
    virtual std::vector<BlockingObjections> blocking(std::size_t limit) = 0;
};

} // namespace einblick::server
