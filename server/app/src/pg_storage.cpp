#include "einblick/server/pg_storage.hpp"

#include <einblick/server/pg/connection.hpp>
#include <einblick/server/pg/migrations.hpp>

namespace einblick::server {
namespace {

// The schema steps run on a connection of their own, closed before the pool opens any.
std::string migrated(const std::string& url) {
    pg::Connection connection(url);
    pg::migrate(connection);
    return url;
}

} // namespace

bool PgStorageHealth::ping() {
    if (!lock_.held()) {
        return false;
    }
    // Taken, not read: an outage seen while the probe runs is kept for the next check.
    const bool outage_seen = outage_seen_.exchange(false);
    if ((log_writer_.writes_failing() || outage_seen) && !log_writer_.probe_write()) {
        if (outage_seen) {
            outage_seen_ = true;
        }
        return false;
    }
    try {
        pool_.acquire()->execute("SELECT 1");
        return true;
    } catch (...) {
        // The contract: false, never an exception, when the storage does not answer.
        return false;
    }
}

bool PgStorageHealth::outage(const std::exception& error) {
    const auto* failure = dynamic_cast<const pg::Error*>(&error);
    if (failure == nullptr || !failure->is_unavailable()) {
        return false;
    }
    outage_seen_ = true;
    return true;
}

StorageStatistics PgStorageHealth::statistics() const {
    const pg::AppendStatistics appends = log_writer_.statistics();
    StorageStatistics result;
    result.batches = appends.commits;
    result.writes = appends.calls;
    result.queued_writes = log_writer_.queued_calls();
    result.batch_sizes = appends.batch_sizes;
    result.commit_seconds = appends.commit_seconds;
    const pg::ReplicaReadStatistics reads = reads_.statistics();
    if (reads.replica) {
        result.reads = StorageReadStatistics{reads.primary_reads, reads.replica_reads,
                                             reads.replica_behind, reads.replica_failed};
    }
    return result;
}

PgStorage::PgStorage(const std::string& url, std::size_t pool_size, const std::string& read_url)
    : lock(url), pool(migrated(url), pool_size),
      replica_pool(read_url.empty() ? nullptr
                                    : std::make_unique<pg::Pool>(read_url, pool_size, std::nullopt,
                                                                 replica_acquire_timeout)) {}

} // namespace einblick::server
