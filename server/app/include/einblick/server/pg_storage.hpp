#pragma once
// The PostgreSQL StorageBackend: every repository on one pg::Pool of the URL's database,
// migrated when it is opened, as a SQLite file is.

#include "einblick/server/pg/access_log_repository.hpp"
#include "einblick/server/pg/checkpoint_repository.hpp"
#include "einblick/server/pg/consent_repository.hpp"
#include "einblick/server/pg/identity_repository.hpp"
#include "einblick/server/pg/log_partitions.hpp"
#include "einblick/server/pg/log_window.hpp"
#include "einblick/server/pg/objection_repository.hpp"
#include "einblick/server/pg/pool.hpp"
#include "einblick/server/pg/purpose_repository.hpp"
#include "einblick/server/storage_backend.hpp"

#include <cstddef>
#include <string>

namespace einblick::server {

// The readiness check on PostgreSQL: whether a pooled connection answers a query now; and, for
// /metrics, the group commits of the access log's writer (the only queued writes here).
class PgStorageHealth final : public StorageHealth {
public:
    PgStorageHealth(pg::Pool& pool, pg::AppendWriter& log_writer)
        : pool_(pool), log_writer_(log_writer) {}
    bool ping() override;
    StorageStatistics statistics() const override;

private:
    pg::Pool& pool_;
    pg::AppendWriter& log_writer_;
};

class PgStorage final : public StorageBackend {
public:
    // Far below PostgreSQL's default max_connections of 100, so that `einblick migrate`, psql
    // and a second server still get in; requests beyond it wait in pg::Pool::acquire.
    static constexpr std::size_t default_pool_size = 16;

    // Migrates the URL's schema first (throws pg::Error when it cannot), then opens the pool.
    explicit PgStorage(const std::string& url, std::size_t pool_size = default_pool_size);

    Storage storage() override {
        return {health, agencies, accounts,   sessions,    audit_log, purposes,
                log,    consents, objections, checkpoints, log_window};
    }

    pg::Pool pool;
    // The log's monthly partitions: the current month and three ahead made sure of when the
    // storage opens, then every six hours, on a thread of its own (pg/log_partitions.hpp).
    pg::LogPartitionMaintenance partitions{pool, {}};
    PgAgencyRepository agencies{pool};
    PgAccountRepository accounts{pool};
    PgSessionRepository sessions{pool};
    PgAuditRepository audit_log{pool};
    PgPurposeRepository purposes{pool};
    // Its writer thread holds a connection of the pool for the appends' group commit.
    PgAccessLogRepository log{pool};
    // After the log: it reports the log's writer.
    PgStorageHealth health{pool, log.append_writer()};
    PgConsentRepository consents{pool};
    PgObjectionRepository objections{pool};
    PgCheckpointRepository checkpoints{pool};
    PgLogWindow log_window{pool};
};

} // namespace einblick::server
