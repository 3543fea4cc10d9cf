#pragma once
// Group commit for the access log's appends on PostgreSQL: one writer thread takes every
// append call queued at that moment (up to max_calls_per_batch) and runs them in one
// transaction, on one connection, with one durable commit.
//
// Why: every append locks the chain's head row (FOR UPDATE) until its commit is flushed, so
// appends made one transaction each commit strictly one after the other, one WAL flush each,
// and PostgreSQL's own group commit (commit_delay) cannot merge them. Here the head is locked
// once per batch, the calls' entries are appended after it in queue order, the tree's nodes,
// the head and the hourly counts are written once, and the batch commits once. No caller is
// answered before that commit is durable (synchronous_commit = on, pg::check_durability).
//
// A batch goes in with a few statements, whatever its size: the entries of all its calls in one
// INSERT, their idempotency keys in another, the tree's nodes, the head and the hourly counts
// once each (AppendBatch::append_together). Round trips, not PostgreSQL's work, were the cost:
// a statement per entry, key and savepoint made about five round trips an event, so 64
// writers reached 0.07 of the plain rows' rate (BENCHMARKS.md).
//
// Each call keeps AccessLogRepository::append's all-or-nothing. When a call of the batch could
// replay or fail on its own (an idempotency key stored before or used by two calls of the
// batch, an unknown agency, a violated foreign key or CHECK), the batch runs again, one call
// after the other: each call in a SAVEPOINT of its own, and a call that throws (an
// IdempotencyConflict, an unknown agency, a violated foreign key) is rolled back to it and
// fails alone; the batch's other calls are stored. A later call sees the earlier calls of its
// batch, so idempotent replays within a batch behave as if the calls had run one after the
// other. When the batch itself fails (the connection is lost, the commit is refused), nothing
// of it is stored and every caller of the batch gets StorageUnavailable; the connection goes
// back to the pool, which closes a broken one, and the next batch leases another. A commit
// whose outcome is unknown is never run again.
//
// Retention (delete_recorded_before) does not come through here: it takes the same head lock
// in its own transaction, so it still runs between two batches, never inside one.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/storage_health.hpp"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <einblick/server/pg/pool.hpp>
#include <einblick/server/pg/replica_reads.hpp>
#include <exception>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace einblick::server::pg {

struct AppendStatistics {
    std::uint64_t commits = 0; // batches committed: one transaction and one WAL flush each
    std::uint64_t calls = 0;   // append calls taken from the queue, answered by now
    // Of the committed batches, for /metrics; the sizes' buckets are SQLite's writer's
    // (database.cpp) and the times' are both backends' (writer_time_buckets), so that the two
    // backends' histograms compare.
    BucketCounts batch_sizes{{1, 2, 4, 8, 16, 32, 64, 128, 256, 512}};
    BucketCounts commit_seconds = writer_time_buckets();
    // Of the committed batches, those run call by call in savepoints (a key stored before or
    // repeated, a call that failed) rather than together.
    std::uint64_t commits_call_by_call = 0;
    // Round trips to PostgreSQL of the committed batches, BEGIN to COMMIT (Connection::
    // round_trips), so that the cost per event shows without a profiler.
    std::uint64_t round_trips = 0;
};

class AppendWriter {
public:
    // At most this many calls share a transaction. Each call's SAVEPOINT becomes a
    // subtransaction with an id of its own once it writes; PostgreSQL keeps 64 of them per
    // backend in shared memory (PGPROC_MAX_CACHED_SUBXIDS), and a transaction with more makes
    // every other session's snapshots look them up in pg_subtrans, which is slow.
    static constexpr std::size_t max_calls_per_batch = 64;

    // Starts the writer thread; it leases a connection from `pool` per batch. With `reads`,
    // each committed batch's citizens are told to it (read-your-writes on a replica).
    explicit AppendWriter(Pool& pool, ReplicaReads* reads = nullptr);
    // Answers every call accepted so far (paused or not), then stops the thread.
    ~AppendWriter();
    AppendWriter(const AppendWriter&) = delete;
    AppendWriter& operator=(const AppendWriter&) = delete;

    // Queues the call, waits for its batch's commit and returns the call's own results, or
    // throws its own exception (StorageUnavailable when the batch failed as a whole).
    std::vector<AppendResult> append(std::span<const NewLogEntry> entries);

    AppendStatistics statistics() const;
    // Calls queued and not yet taken by the writer: they all go into its next batch (up to
    // the cap). Lets a test know that a burst has queued up without guessing with timing.
    std::size_t queued_calls() const;

    // Whether the last batch that settled failed as a whole (StorageUnavailable to its
    // callers): true from such a batch until a batch commits or probe_write() succeeds. The
    // readiness check asks it, as SQLite's writer remembers a write that failed for want of
    // storage (SqliteDatabase::ping).
    bool writes_failing() const;
    // A durable write of nothing new, for the readiness check while writes_failing(): the
    // head row written over itself in a transaction of its own (it takes the head's lock, so it
    // runs between two batches). Clears writes_failing() when it commits; never throws.
    bool probe_write();

    // For tests: while paused the writer takes no calls from the queue, so that a burst can
    // queue up and be taken as one batch on resume(). A batch already taken runs on.
    void pause();
    void resume();

private:
    struct Call;

    void writer_loop();
    void run_batch(std::vector<Call*>& batch);
    // Runs the batch's calls together and commits: false, with the transaction rolled back and
    // no call answered, when they must run call by call.
    bool run_together(Connection& c, std::vector<Call*>& batch);
    void run_calls(Connection& c, std::vector<Call*>& batch);
    // The citizens of the batch's stored entries (not of replays, not of failed calls).
    static std::vector<std::string> appended_citizens(const std::vector<Call*>& batch);
    static void fail_all(std::vector<Call*>& batch, const std::exception_ptr& error);
    // commit_seconds: BEGIN to durable COMMIT, counted only when the batch committed.
    void answer(std::vector<Call*>& batch, bool committed, double commit_seconds, bool call_by_call,
                std::uint64_t round_trips);

    Pool& pool_;
    ReplicaReads* reads_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Call*> queue_;
    bool paused_ = false;
    bool stopping_ = false;
    bool writes_failing_ = false;
    AppendStatistics statistics_;
    std::thread thread_;
};

} // namespace einblick::server::pg
