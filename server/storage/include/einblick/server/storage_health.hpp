#pragma once
// What the readiness check (/health/ready) asks of the storage, whatever backend it is, and how
// a backend says that a write failed for want of storage rather than because of the request.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace einblick::server {

// Thrown by a write the storage could not make durable (disk full, I/O error, database locked
// by someone else): nothing of it is stored, and the same request may succeed later.
class StorageUnavailable : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Observations counted by bucket, for a metrics histogram: the storage keeps no metrics library.
struct BucketCounts {
    BucketCounts() = default;
    explicit BucketCounts(std::vector<double> upper_bounds)
        : bounds(std::move(upper_bounds)), counts(bounds.size() + 1, 0) {}

    void observe(double value) {
        std::size_t bucket = 0;
        while (bucket < bounds.size() && value > bounds[bucket]) {
            ++bucket;
        }
        ++counts[bucket];
        sum += value;
    }

    std::vector<double> bounds;           // ascending upper bounds; the last bucket has none
    std::vector<std::uint64_t> counts{0}; // per bucket (not cumulative), bounds.size() + 1
    double sum = 0;
};

// The buckets of every time the storage's writer holds its queue (a group commit, a finish of
// SQLite's log), on both backends, so that their histograms compare: from well under a
// millisecond (a fast SSD, or :memory:) to seconds (a busy disk).
inline BucketCounts writer_time_buckets() {
    return BucketCounts({0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
}

// Where reads went, on a backend that reads from a replica (counters only grow).
struct StorageReadStatistics {
    std::uint64_t primary = 0;        // reads the primary served
    std::uint64_t replica = 0;        // reads the replica served
    std::uint64_t replica_behind = 0; // of the primary's: the replica had not replayed enough
    std::uint64_t replica_failed = 0; // of the primary's: the replica failed or was unreachable
};

// SQLite's write-ahead log on a database file (an in-memory database and PostgreSQL have
// none): its copies back into the file beside the writer, and the writer's own finishes of it
// between two group commits, in which every queued write waits (wal_checkpointer.hpp).
struct WalStatistics {
    std::uint64_t checkpoints = 0; // copies run by the checkpoint thread
    std::uint64_t finishes = 0;    // the writer finished the log, which then starts over
    std::uint64_t restarts = 0;    // the log started over: after a finish, or after a copy
                                   // that caught up with it while the writer had no work
    BucketCounts finish_seconds;   // each time the writer tried to, by how long it took
};

// How the writes went so far (counters only grow) and how many wait now.
struct StorageStatistics {
    std::uint64_t batches = 0; // group commits, one transaction and one fsync each
    std::uint64_t writes = 0;
    std::uint64_t queued_writes = 0;
    BucketCounts batch_sizes;                   // writes per batch
    BucketCounts commit_seconds;                // BEGIN to durable COMMIT
    std::optional<StorageReadStatistics> reads; // only with a read replica
    std::optional<WalStatistics> wal;           // only on a SQLite database file
};

class StorageHealth {
public:
    virtual ~StorageHealth() = default;
    // Whether the storage answers and takes writes: false (never an exception) when it does not
    // answer, and from a write that failed with StorageUnavailable until a write succeeds again.
    virtual bool ping() = 0;
    // Whether `error`, thrown by a call of this storage, means that the storage cannot serve
    // now rather than that the request was wrong: then it is answered as StorageUnavailable is
    // (503, nothing stored, the same request may succeed later), and ping() is false until a
    // write succeeds again. For a backend whose own calls throw StorageUnavailable there is
    // nothing more to recognise. Never throws.
    virtual bool outage(const std::exception& /*error*/) { return false; }
    // For /metrics; a backend without a write queue has nothing to say.
    virtual StorageStatistics statistics() const { return {}; }
};

} // namespace einblick::server
