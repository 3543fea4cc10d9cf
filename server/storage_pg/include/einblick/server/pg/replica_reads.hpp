#pragma once
// Reads of the access log from a streaming replica (`einblick serve --read-db`), where that
// cannot show a citizen less than they may already have seen (docs/SCALE-OUT.md, "Reads from a
// replica").
//
//     pg::ReplicaReads reads(primary, &replica_pool);
//     reads.for_citizen(pseudonym, [&](pg::Connection& c) { rows = c.execute(…); });
//
// Read-your-writes: after every commit that adds to a citizen's log (the writer's group
// commits), the primary's WAL position (pg_current_wal_lsn(), read in its own statement after
// COMMIT, so at or past the commit record) is remembered for each citizen of the batch, in a
// bounded map. When the map is full, all its positions fold into one floor that applies to
// every citizen, and the map starts empty; retention, which changes every citizen's log, raises
// the floor directly. A citizen's read on the replica first asks for its replay position
// (pg_last_wal_replay_lsn()) in a statement of its own, and only then runs the read, whose
// snapshot is therefore at least as new: when the replica has replayed the citizen's position
// and the floor, it serves the read, else the primary does.
//
// Monotonic reads: when the primary serves a citizen's read (the replica was behind, or failed),
// its position after the read is remembered for the citizen the same way. The read may have
// shown entries that another process committed, unknown here (pg::ServeLock allows one server
// per schema, but a read-only server beside it would be such a reader); without this, the
// citizen's next read could come from a replica that has replayed this process's commits but
// not those, and take back what they have just seen. Across processes it holds only as long as
// a citizen's requests reach the same one (docs/SCALE-OUT.md, "Several servers").
//
// Reads of no one citizen (agency-wide statistics, a DPO's view of an agency's log) accept a
// lag: the replica serves them when it has replayed every commit this process made more than
// `max_lag` ago (positions are remembered with their time, one per 100 ms at most), measured
// the same way.
//
// A replica that cannot be reached, is no replica (pg_last_wal_replay_lsn() is NULL) or fails
// a read sends the read to the primary, never fails it; after a connection failure the replica
// is left alone for `retry_after`, and the change is logged once to std::clog. Only writes made
// through this process, and what the primary showed a citizen here, are known: another process
// writing to the same database (a second server, `einblick copy`) makes no citizen's read wait
// for the replica until this process has shown the citizen its entries.
//
// Without a replica every read goes to the primary and nothing is remembered. Thread-safe.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <einblick/server/pg/pool.hpp>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>

namespace einblick::server::pg {

struct ReplicaReadOptions {
    // Agency-wide reads: how far the replica may be behind this process's commits.
    std::chrono::milliseconds max_lag{5000};
    // Citizens whose commit positions are remembered one by one before they fold into the floor.
    std::size_t tracked_citizens = 65536;
    // After the replica could not be reached: how long reads go to the primary without trying.
    std::chrono::milliseconds retry_after{5000};
};

struct ReplicaReadStatistics {
    bool replica = false;             // a replica is configured
    std::uint64_t primary_reads = 0;  // reads the primary served
    std::uint64_t replica_reads = 0;  // reads the replica served
    std::uint64_t replica_behind = 0; // reads sent to the primary: the replica was behind
    std::uint64_t replica_failed = 0; // reads sent to the primary: the replica failed
};

class ReplicaReads {
public:
    using Read = std::function<void(Connection&)>;

    // `replica`: the pool of the replica, or nullptr for none; both pools must outlive this.
    explicit ReplicaReads(Pool& primary, Pool* replica = nullptr, ReplicaReadOptions options = {});
    ReplicaReads(const ReplicaReads&) = delete;
    ReplicaReads& operator=(const ReplicaReads&) = delete;

    bool has_replica() const { return replica_ != nullptr; }

    // After a commit on `c` that changed these citizens' logs; `c` is the connection that
    // committed, out of its transaction. Does nothing without a replica. Never throws: should
    // the position not be readable, every citizen reads from the primary until a later commit's
    // position is known.
    void committed(Connection& c, std::span<const std::string> citizens);
    // The same after a commit that changed every citizen's log (retention).
    void committed_for_everyone(Connection& c);

    // Runs `read` on the replica when it has replayed everything of this citizen's that this
    // process committed, else on the primary. `read` may run twice (the replica failed in the
    // middle): it must set its results afresh. Exceptions of the primary's read pass through.
    void for_citizen(const std::string& pseudonym, const Read& read);
    // Runs `read` on the replica when it lags at most max_lag, else on the primary.
    void agency_wide(const Read& read);

    ReplicaReadStatistics statistics() const;

    // The WAL position as a number of bytes ("0/3000060" → 0x3000060).
    using Lsn = std::uint64_t;

    // The position the replica must have replayed to serve this citizen's next read (for tests).
    Lsn required_for(const std::string& pseudonym) const;

private:
    // The position the replica must have replayed for the read; run on the replica when it
    // has, else on the primary.
    // `citizen`: whose read it is, for a citizen's read.
    void route(Lsn required, const Read& read, const std::string* citizen);
    void served_by_primary(Connection& c, const std::string& pseudonym);
    bool replica_skipped(Lsn required);
    void replica_failed(const std::exception& error, bool connection);
    void record_commit(Connection& c, std::span<const std::string> citizens, bool everyone);
    void remember(Lsn lsn, std::span<const std::string> citizens, bool everyone);
    void remember_for_citizen(Lsn lsn, const std::string& citizen);
    Lsn required_for_agency_wide();

    Pool& primary_;
    Pool* replica_;
    const ReplicaReadOptions options_;

    mutable std::mutex mutex_;
    std::unordered_map<std::string, Lsn> citizens_;
    Lsn floor_ = 0;
    // A commit's position could not be read: every citizen reads from the primary until the
    // next position is known (it is read after that commit, so it covers it).
    bool floor_unknown_ = false;
    struct Commit {
        Lsn lsn;
        std::chrono::steady_clock::time_point at; // the first commit folded into this one
    };
    std::deque<Commit> recent_; // oldest first
    std::chrono::steady_clock::time_point resting_until_{};
    bool replica_down_ = false;     // logged as down, not yet as back
    bool told_not_standby_ = false; // logged that the replica replays no WAL
    ReplicaReadStatistics statistics_;
};

} // namespace einblick::server::pg
