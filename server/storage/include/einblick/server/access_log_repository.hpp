#pragma once
// The access log: every access check and every access, in one append-only sequence.
// Each row gets a gapless sequence number and a SHA-256 hash over a canonical encoding of the
// row that includes the previous row's hash, so that a verifiable log can be built on it
// (the encoding and the chain: log_chain.hpp and docs/LOG-FORMAT.md).

#include "einblick/server/records.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/merkle.hpp"

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::server {

// Stored as their wire texts (api::to_text), which also enter the hash chain.
using api::AccessKind;
using api::AccessOutcome;

// The endpoint an idempotency key belongs to: the one the agency first used it on.
enum class IdempotencyScope { AccessCheck, AccessEvent, AccessEventBatch };

// The endpoint's path below /api/v1 ("access-checks", "access-events", "access-events/batch"),
// as stored and as named in messages.
constexpr std::string_view to_text(IdempotencyScope scope) {
    switch (scope) {
    case IdempotencyScope::AccessCheck:
        return "access-checks";
    case IdempotencyScope::AccessEvent:
        return "access-events";
    case IdempotencyScope::AccessEventBatch:
        return "access-events/batch";
    }
    return "access-events";
}
std::optional<IdempotencyScope> idempotency_scope_from_text(std::string_view text);

struct NewLogEntry {
    AccessKind kind = AccessKind::Access;
    AccessOutcome outcome = AccessOutcome::Allowed;
    std::string reason; // an api::AccessReason's wire text
    std::string citizen_pseudonym;
    RowId agency_id = 0;
    std::optional<RowId> purpose_id;
    std::optional<RowId> purpose_version_id;
    std::string register_code;
    std::vector<std::string> data_categories;
    std::string legal_basis;
    std::optional<RowId> consent_id;
    std::optional<std::string> official;       // pseudonymous staff id
    std::optional<std::string> correlation_id; // the agency's own reference
    UnixMillis occurred_at = 0;
    UnixMillis recorded_at = 0;
    // Idempotency bookkeeping, outside the hash chain. A key, as the agency sent it, names
    // one request to one endpoint (`idempotency_scope`); the entries of a batch share the key
    // and the request hash and differ in `idempotency_item`, their position in the batch.
    std::optional<std::string> idempotency_key;
    IdempotencyScope idempotency_scope = IdempotencyScope::AccessEvent;
    int idempotency_item = 0;
    Bytes request_hash; // SHA-256 of the whole request the key was first used for
};

struct LogEntryRecord : NewLogEntry {
    RowId id = 0;
    std::int64_t seq = 0;
    Bytes prev_hash;
    // The entry's hash: set by append() and by the chain's check. Not stored in the entry's own
    // row but as the next entry's prev_hash, so other reads leave it empty.
    Bytes hash;
    AgencyRecord agency;
    std::string purpose_name; // of the version in force at the time, if any
    int purpose_version = 0;
};

// append() meets an idempotency key this agency used before for something else.
class IdempotencyConflict : public ConflictError {
public:
    IdempotencyConflict(const std::string& what, std::optional<IdempotencyScope> other_endpoint)
        : ConflictError(what), other_endpoint_(other_endpoint) {}
    // The endpoint the key was first used on when it is another one; nothing when the key
    // was used on this endpoint for a different request.
    std::optional<IdempotencyScope> other_endpoint() const { return other_endpoint_; }

private:
    std::optional<IdempotencyScope> other_endpoint_;
};

// A tree node the log needs is not stored, or is no hash: the stored tree was tampered with
// (thrown by the tree's reads; a storage failure stays what it is).
class LogTreeBroken : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct AppendResult {
    LogEntryRecord entry;
    bool replayed = false; // the idempotency key was seen before with the same request
};

struct HistoryFilter {
    std::optional<std::string> agency_code;
    std::optional<RowId> purpose_id;
    std::optional<std::string> data_category;
    std::optional<UnixMillis> from; // inclusive
    std::optional<UnixMillis> to;   // exclusive
    std::optional<AccessOutcome> outcome;
};

// Position in a newest-first listing: the last row a page ended with.
struct HistoryCursor {
    UnixMillis occurred_at = 0;
    RowId id = 0;
    bool operator==(const HistoryCursor&) const = default;
};

// The bare facts of one entry, for statistics.
struct LogFact {
    UnixMillis occurred_at = 0;
    AccessKind kind = AccessKind::Access;
    AccessOutcome outcome = AccessOutcome::Allowed;
};

struct AgencyWeekCount {
    RowId agency_id = 0;
    int weeks_ago = 0; // 0: the seven days up to and with `now`; 1: the seven days before; …
    std::int64_t accesses = 0;
};

struct ChainCheck {
    bool intact = true;
    std::int64_t rows = 0;
    std::optional<std::int64_t> first_broken_seq;
};

// The Merkle tree over the whole log: its size (entries ever stored, also those retention
// deleted since) and root.
struct LogTreeHead {
    std::int64_t size = 0;
    merkle::Hash root{};
};

class AccessLogRepository {
public:
    virtual ~AccessLogRepository() = default;
    // Appends all entries in one transaction (all or nothing). An entry whose idempotency key
    // was used before by the same agency returns the stored row (replayed) when scope and
    // request hash match, and throws IdempotencyConflict when either differs. Rows stored
    // before scopes were recorded (SQLite: before migration 7) may have none; they match any
    // scope, as they did then.
    virtual std::vector<AppendResult> append(std::span<const NewLogEntry> entries) = 0;
    // Newest first (occurred_at, then id, both descending): a stable order for keyset paging.
    virtual std::vector<LogEntryRecord> history_page(const std::string& citizen_pseudonym,
                                                     const HistoryFilter& filter,
                                                     const std::optional<HistoryCursor>& after,
                                                     int limit) = 0;
    // The same for one agency's entries, all citizens (the filter's agency_code is unused).
    virtual std::vector<LogEntryRecord> agency_page(RowId agency_id, const HistoryFilter& filter,
                                                    const std::optional<HistoryCursor>& after,
                                                    int limit) = 0;
    virtual std::optional<LogEntryRecord> find(RowId id) = 0;
    virtual std::int64_t count_for_citizen(const std::string& citizen_pseudonym) = 0;
    // Retention: deletes the oldest entries, a prefix of seq: every entry before the first one
    // recorded (recorded_at) at or after `cutoff`, whatever their occurred_at. Keeps the tree's
    // nodes, so proofs for later entries and consistency proofs stay valid. Records the run
    // and returns how many entries it deleted.
    virtual std::int64_t delete_recorded_before(UnixMillis cutoff, const AuditEntry& audit) = 0;
    // Walks the remaining rows in `seq` order and checks each hash and link (log_chain.hpp).
    virtual ChainCheck verify_chain() = 0;
    // A citizen's entries since `from`, oldest first.
    virtual std::vector<LogFact> facts_for_citizen(const std::string& citizen_pseudonym,
                                                   UnixMillis from) = 0;
    // Accesses (not checks) per agency per seven-day period by their time of access, `weeks`
    // periods back: period k holds (now - (k + 1) * 7 days, now - k * 7 days].
    virtual std::vector<AgencyWeekCount> weekly_access_counts(UnixMillis now, int weeks) = 0;

    // The Merkle tree, stored with every append in the same transaction (RFC 9162).
    virtual LogTreeHead tree_head() = 0;
    // The root of the first `size` entries; throws std::invalid_argument beyond the tree.
    virtual merkle::Hash tree_root(std::int64_t size) = 0;
    // Proofs as RFC 9162 defines them; throw std::invalid_argument for sizes or a leaf outside
    // the tree. `index` is an entry's seq - 1.
    virtual std::vector<merkle::Hash> inclusion_proof(std::int64_t index, std::int64_t size) = 0;
    // The inclusion proofs of many entries in one tree, in the order of `indices`: the nodes
    // they share are read once, all in a few statements (a citizen's page or export).
    virtual std::vector<std::vector<merkle::Hash>>
    inclusion_proofs(std::span<const std::int64_t> indices, std::int64_t size) = 0;
    virtual std::vector<merkle::Hash> consistency_proof(std::int64_t first,
                                                        std::int64_t second) = 0;
};

} // namespace einblick::server
