#pragma once
// The PostgreSQL StorageBackend: every repository on one pg::Pool of the URL's database,
// migrated when it is opened, as a SQLite file is. With a read URL (`serve --read-db`), a second
// pool to a streaming replica of it, from which the access log reads what it safely can
// (pg/replica_reads.hpp); the replica is never migrated or written to.

#include "einblick/server/pg/access_log_repository.hpp"
#include "einblick/server/pg/checkpoint_repository.hpp"
#include "einblick/server/pg/consent_repository.hpp"
#include "einblick/server/pg/identity_repository.hpp"
#include "einblick/server/pg/log_partitions.hpp"
#include "einblick/server/pg/log_window.hpp"
#include "einblick/server/pg/objection_repository.hpp"
#include "einblick/server/pg/pool.hpp"
#include "einblick/server/pg/purpose_repository.hpp"
#include "einblick/server/pg/replica_reads.hpp"
#include "einblick/server/pg/serve_lock.hpp"
#include "einblick/server/storage_backend.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace einblick::server {

// The readiness check on PostgreSQL: whether the server still holds its schema's lock
// (pg/serve_lock.hpp; taken again when its connection was lost and no one else took it), the
// access log's writer is not failing (after a batch failed as a whole, not until a batch or a
// probe write commits, as SQLite's writer after a write that failed for want of storage), and
// a pooled connection answers a query now; a call of any repository that failed because
// PostgreSQL could not serve (pg::Error::is_unavailable: a lost connection, a full disk, a
// read-only server) is an outage() too, and makes readiness wait for a write that commits (the
// writer's probe), as a failed batch does; and, for /metrics, the group commits of the access
// log's writer (the only queued writes here) and where the log's reads went. The replica does
// not count for readiness: its reads fall back to the primary.
class PgStorageHealth final : public StorageHealth {
public:
    PgStorageHealth(pg::Pool& pool, pg::AppendWriter& log_writer, pg::ServeLock& lock,
                    const pg::ReplicaReads& reads)
        : pool_(pool), log_writer_(log_writer), lock_(lock), reads_(reads) {}
    bool ping() override;
    bool outage(const std::exception& error) override;
    StorageStatistics statistics() const override;

private:
    pg::Pool& pool_;
    std::atomic<bool> outage_seen_{false}; // since the last write that committed
    pg::AppendWriter& log_writer_;
    pg::ServeLock& lock_;
    const pg::ReplicaReads& reads_;
};

class PgStorage final : public StorageBackend {
public:
    static constexpr std::size_t default_pool_size = default_pg_pool_size;

    // How long a read waits for a free connection to the replica before the primary serves it.
    static constexpr std::chrono::milliseconds replica_acquire_timeout{1000};

    // Takes the schema's serve lock first (throws pg::ServeLockHeld when another server holds
    // it), migrates the URL's schema (throws pg::Error when it cannot), then opens the pool.
    // With `read_url`, the replica's pool (as large; connections opened on demand, so a
    // replica that is down does not keep the server from starting).
    explicit PgStorage(const std::string& url, std::size_t pool_size = default_pool_size,
                       const std::string& read_url = {});

    Storage storage() override {
        return {health, agencies, accounts,   sessions,    audit_log, purposes,
                log,    consents, objections, checkpoints, log_window};
    }

    // One server per database and schema, for the storage's lifetime; before anything else.
    pg::ServeLock lock;
    pg::Pool pool;
    std::unique_ptr<pg::Pool> replica_pool; // none without a read URL
    pg::ReplicaReads reads{pool, replica_pool.get()};
    // The log's monthly partitions: the current month and three ahead made sure of when the
    // storage opens, then every six hours, on a thread of its own (pg/log_partitions.hpp).
    pg::LogPartitionMaintenance partitions{pool, {}};
    PgAgencyRepository agencies{pool};
    PgAccountRepository accounts{pool};
    PgSessionRepository sessions{pool};
    PgAuditRepository audit_log{pool};
    PgPurposeRepository purposes{pool};
    // Its writer thread holds a connection of the pool for the appends' group commit.
    PgAccessLogRepository log{pool, reads};
    // After the log: it reports the log's writer.
    PgStorageHealth health{pool, log.append_writer(), lock, reads};
    PgConsentRepository consents{pool};
    PgObjectionRepository objections{pool};
    PgCheckpointRepository checkpoints{pool};
    PgLogWindow log_window{pool};
};

} // namespace einblick::server
