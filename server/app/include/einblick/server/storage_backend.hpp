#pragma once
// The storage a Backend runs on, as the backend-neutral interfaces of server/storage. A
// StorageBackend owns one backend's database and repositories; Storage is the bundle of
// references the services are built on, so the object graph above it is the same for every
// backend. Only the factories (open_storage, SqliteStorage) know which classes stand behind the
// interfaces.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/checkpoint_repository.hpp"
#include "einblick/server/consent_repository.hpp"
#include "einblick/server/identity_repository.hpp"
#include "einblick/server/log_window.hpp"
#include "einblick/server/objection_repository.hpp"
#include "einblick/server/purpose_repository.hpp"
#include "einblick/server/storage_health.hpp"

#include <cstddef>
#include <memory>
#include <string>

namespace einblick::server {

// One backend's repositories, uncached: the Backend puts its caches in front of them.
struct Storage {
    StorageHealth& health;
    AgencyRepository& agencies;
    AccountRepository& accounts;
    SessionRepository& sessions;
    AuditRepository& audit_log;
    PurposeRepository& purposes;
    AccessLogRepository& log;
    ConsentRepository& consents;
    ObjectionRepository& objections;
    CheckpointRepository& checkpoints;
    LogWindowReader& log_window;
};

class StorageBackend {
public:
    virtual ~StorageBackend() = default;
    // References into this object: valid as long as it lives.
    virtual Storage storage() = 0;
};

// Connections in PostgreSQL's pool unless `serve --db-pool-size` says otherwise: far below
// PostgreSQL's default max_connections of 100, so that `einblick migrate`, psql and a second
// server still get in; requests beyond it wait in pg::Pool::acquire.
inline constexpr std::size_t default_pg_pool_size = 16;

// The storage the database argument names (database_choice.hpp): PgStorage for a
// postgresql:// URL (with a pool of `pg_pool_size` connections), else SqliteStorage on the
// file (which has no such pool: `pg_pool_size` is not looked at). Both migrate the schema on
// opening. `read_database`: a postgresql:// URL of a streaming replica for the access log's
// reads, only with a postgresql:// database (else std::invalid_argument); empty for none.
std::unique_ptr<StorageBackend> open_storage(const std::string& database,
                                             std::size_t pg_pool_size = default_pg_pool_size,
                                             const std::string& read_database = {});

} // namespace einblick::server
