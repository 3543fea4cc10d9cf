#include <algorithm>
#include <einblick/server/pg/error.hpp>
#include <einblick/server/pg/replica_reads.hpp>
#include <iostream>
#include <optional>

namespace einblick::server::pg {
namespace {

using Clock = std::chrono::steady_clock;

// Commits closer together than this share one entry of the recent commits (the older time):
// a lag is then overestimated by at most this much, and the list stays short.
constexpr std::chrono::milliseconds commit_grain{100};
// Recent commits kept at most, whatever the lag allowed (then the newest entry takes them).
constexpr std::size_t recent_commits_max = 4096;

// A pg_lsn as bytes from the start of the WAL, or nothing for NULL.
std::optional<ReplicaReads::Lsn> lsn_of(Connection& c, const char* function) {
    const Result row =
        c.execute(std::string("SELECT (") + function + "() - '0/0'::pg_lsn)::bigint");
    if (row.is_null(0, 0)) {
        return std::nullopt;
    }
    return static_cast<ReplicaReads::Lsn>(row.int64(0, 0));
}

// The primary's WAL position now, or nothing when it cannot be read (never throws).
std::optional<ReplicaReads::Lsn> primary_position(Connection& c) {
    try {
        return lsn_of(c, "pg_current_wal_lsn");
    } catch (const Error&) {
        return std::nullopt;
    }
}

} // namespace

ReplicaReads::ReplicaReads(Pool& primary, Pool* replica, ReplicaReadOptions options)
    : primary_(primary), replica_(replica), options_(options) {
    statistics_.replica = replica_ != nullptr;
}

void ReplicaReads::committed(Connection& c, std::span<const std::string> citizens) {
    if (!citizens.empty()) {
        record_commit(c, citizens, false);
    }
}

void ReplicaReads::committed_for_everyone(Connection& c) {
    record_commit(c, {}, true);
}

void ReplicaReads::record_commit(Connection& c, std::span<const std::string> citizens,
                                 bool everyone) {
    if (replica_ == nullptr) {
        return;
    }
    // Its own statement after COMMIT: the WAL written so far includes the commit record.
    const std::optional<Lsn> lsn = primary_position(c);
    std::lock_guard lock(mutex_);
    if (!lsn) {
        floor_unknown_ = true;
        return;
    }
    remember(*lsn, citizens, everyone);
}

// Under the lock.
void ReplicaReads::remember(Lsn lsn, std::span<const std::string> citizens, bool everyone) {
    if (floor_unknown_) {
        // Read after the commit whose position was lost, so at or past it.
        floor_ = std::max(floor_, lsn);
        floor_unknown_ = false;
    }
    if (everyone) {
        floor_ = std::max(floor_, lsn);
    }
    for (const std::string& citizen : citizens) {
        remember_for_citizen(lsn, citizen);
    }
    const auto now = Clock::now();
    if (!recent_.empty() &&
        (now - recent_.back().at < commit_grain || recent_.size() >= recent_commits_max)) {
        recent_.back().lsn = std::max(recent_.back().lsn, lsn);
    } else {
        recent_.push_back({lsn, now});
    }
}

// Under the lock.
void ReplicaReads::remember_for_citizen(Lsn lsn, const std::string& citizen) {
    if (citizens_.size() >= options_.tracked_citizens && !citizens_.contains(citizen)) {
        // Full: every position remembered folds into the floor, and the map starts afresh.
        for (const auto& [ignored, position] : citizens_) {
            floor_ = std::max(floor_, position);
        }
        citizens_.clear();
    }
    Lsn& position = citizens_[citizen];
    position = std::max(position, lsn);
}

// Under the lock. The newest position committed at least max_lag ago: a replica that has
// replayed it lags no more than that. The entries before it are no longer needed.
ReplicaReads::Lsn ReplicaReads::required_for_agency_wide() {
    const auto old_enough = Clock::now() - options_.max_lag;
    while (recent_.size() >= 2 && recent_[1].at <= old_enough) {
        recent_.pop_front();
    }
    Lsn required = floor_unknown_ ? ~Lsn{0} : 0;
    if (!recent_.empty() && recent_.front().at <= old_enough) {
        required = std::max(required, recent_.front().lsn);
    }
    return required;
}

ReplicaReads::Lsn ReplicaReads::required_for(const std::string& pseudonym) const {
    std::lock_guard lock(mutex_);
    Lsn required = floor_unknown_ ? ~Lsn{0} : floor_;
    if (const auto known = citizens_.find(pseudonym); known != citizens_.end()) {
        required = std::max(required, known->second);
    }
    return required;
}

void ReplicaReads::for_citizen(const std::string& pseudonym, const Read& read) {
    if (replica_ == nullptr) {
        route(0, read, nullptr);
        return;
    }
    route(required_for(pseudonym), read, &pseudonym);
}

void ReplicaReads::agency_wide(const Read& read) {
    Lsn required = 0;
    if (replica_ != nullptr) {
        std::lock_guard lock(mutex_);
        required = required_for_agency_wide();
    }
    route(required, read, nullptr);
}

// After the primary served a citizen's read: it may have shown them entries that another
// server committed, which this process does not know of. Their position, read after the read
// and so at or past everything it saw, is remembered for the citizen as a commit's is, so that
// their next read here never comes from a replica that lacks what they have just seen.
void ReplicaReads::served_by_primary(Connection& c, const std::string& pseudonym) {
    const std::optional<Lsn> lsn = primary_position(c);
    std::lock_guard lock(mutex_);
    if (!lsn) {
        floor_unknown_ = true; // as for a commit whose position was lost
        return;
    }
    remember_for_citizen(*lsn, pseudonym);
}

// Counts the read as sent to the primary when the replica is not to be asked now.
bool ReplicaReads::replica_skipped(Lsn required) {
    std::lock_guard lock(mutex_);
    if (required == ~Lsn{0}) {
        ++statistics_.replica_behind;
        return true;
    }
    if (replica_down_ && Clock::now() < resting_until_) {
        ++statistics_.replica_failed;
        return true;
    }
    return false;
}

void ReplicaReads::replica_failed(const std::exception& error, bool connection) {
    std::lock_guard lock(mutex_);
    ++statistics_.replica_failed;
    if (!connection) {
        return; // the replica answers: a cancelled read (a conflict with replay) tries again
    }
    resting_until_ = Clock::now() + options_.retry_after;
    if (!replica_down_) {
        replica_down_ = true;
        std::clog << "einblick: warning: the read replica cannot be reached; reads go to the "
                     "primary (retried every "
                  << options_.retry_after.count() << " ms): " << error.what() << '\n';
    }
}

void ReplicaReads::route(Lsn required, const Read& read, const std::string* citizen) {
    if (replica_ != nullptr && !replica_skipped(required)) {
        bool connected = false;
        try {
            Pool::Lease lease = replica_->acquire();
            connected = true;
            // First, in a statement of its own: the read's snapshot, taken after it, includes
            // everything replayed up to here.
            const std::optional<Lsn> replayed = lsn_of(*lease, "pg_last_wal_replay_lsn");
            if (replayed && *replayed >= required) {
                read(*lease);
                std::lock_guard lock(mutex_);
                ++statistics_.replica_reads;
                if (replica_down_) {
                    replica_down_ = false;
                    std::clog << "einblick: the read replica answers again\n";
                }
                return;
            }
            std::lock_guard lock(mutex_);
            ++statistics_.replica_behind;
            if (!replayed && !told_not_standby_) {
                told_not_standby_ = true;
                std::clog << "einblick: warning: the read replica is no standby (it replays no "
                             "WAL): every read goes to the primary\n";
            }
        } catch (const Error& error) {
            // The read goes to the primary below. A connection that broke is closed by the
            // pool when its lease ended above.
            replica_failed(error,
                           !connected || error.is_connection_failure() || error.sqlstate().empty());
        }
    }
    {
        Pool::Lease lease = primary_.acquire();
        read(*lease);
        if (replica_ != nullptr && citizen != nullptr) {
            served_by_primary(*lease, *citizen);
        }
    }
    std::lock_guard lock(mutex_);
    ++statistics_.primary_reads;
}

ReplicaReadStatistics ReplicaReads::statistics() const {
    std::lock_guard lock(mutex_);
    return statistics_;
}

} // namespace einblick::server::pg
