#pragma once
// One batch of the access log's appends inside one open transaction, for pg::AppendWriter: the
// chain's head is locked and read once, every call's entries are appended after it in order,
// and the tree's nodes, the head and the hourly counts are written once, by finish().

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/log_chain.hpp"

#include <einblick/server/pg/connection.hpp>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace einblick::server::pg {

// One append call's entries and their canonical parts, as AppendBatch::append takes them.
struct CallEntries {
    std::span<const NewLogEntry> entries;
    std::span<const CanonicalLogParts> parts;
};

class AppendBatch {
public:
    // Locks the head row (FOR UPDATE) in the connection's open transaction.
    explicit AppendBatch(Connection& c);
    ~AppendBatch();
    AppendBatch(const AppendBatch&) = delete;
    AppendBatch& operator=(const AppendBatch&) = delete;

    // Appends one call's entries (or answers their replays), as AccessLogRepository::append
    // does; `parts` are the entries' canonical parts, encoded before the batch began.
    std::vector<AppendResult> append(std::span<const NewLogEntry> entries,
                                     std::span<const CanonicalLogParts> parts);

    // Appends every call's entries with a few statements for the whole batch (the entries in
    // one INSERT, their idempotency keys in another), not several round trips per entry and a
    // savepoint per call. Only for a batch whose calls can neither replay nor fail on their
    // own: returns nothing, having written nothing, when one of its idempotency keys is stored
    // already or is used by two of its calls. Throws when a statement fails (an unknown agency
    // or purpose version, a foreign key, a CHECK): the transaction is aborted then, and the
    // caller rolls it back and runs the calls one by one with append(), where each fails alone.
    std::optional<std::vector<std::vector<AppendResult>>>
    append_together(std::span<const CallEntries> calls);

    // Keeps what append() changes in memory (the head, the unstored tree nodes, the counts,
    // the looked-up names and reason codes), so that it can be put back when the call's
    // savepoint is rolled back: the database and the memory then agree again.
    void mark();
    void roll_back_to_mark();

    // Writes the tree's nodes, the head and the hourly counts of every call appended.
    void finish();

private:
    struct State;
    Connection& c_;
    std::unique_ptr<State> state_;
};

} // namespace einblick::server::pg
