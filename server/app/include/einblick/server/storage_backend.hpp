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

// The storage the database argument names (database_choice.hpp): PgStorage for a
// postgresql:// URL, else SqliteStorage on the file. Both migrate the schema on opening.
std::unique_ptr<StorageBackend> open_storage(const std::string& database);

} // namespace einblick::server
