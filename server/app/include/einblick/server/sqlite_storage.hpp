#pragma once
// The SQLite StorageBackend: today's wiring of one database file.

#include "einblick/server/sqlite/access_log_repository.hpp"
#include "einblick/server/sqlite/checkpoint_repository.hpp"
#include "einblick/server/sqlite/consent_repository.hpp"
#include "einblick/server/sqlite/database.hpp"
#include "einblick/server/sqlite/identity_repository.hpp"
#include "einblick/server/sqlite/log_window.hpp"
#include "einblick/server/sqlite/objection_repository.hpp"
#include "einblick/server/sqlite/purpose_repository.hpp"
#include "einblick/server/storage_backend.hpp"

#include <string>

namespace einblick::server {

// Today's SQLite wiring: one database file, every repository on its writer and read pool. Its
// members stay public for what only SQLite has (durability switch, write statistics, raw reads
// in tests); reach them through Backend::sqlite().
class SqliteStorage final : public StorageBackend {
public:
    // Opens (and migrates) the database; ":memory:" for a private in-memory one.
    explicit SqliteStorage(const std::string& path) : database(path) {}

    Storage storage() override {
        return {database, agencies, accounts,   sessions,    audit_log, purposes,
                log,      consents, objections, checkpoints, log_window};
    }

    SqliteDatabase database;
    SqliteAgencyRepository agencies{database};
    SqliteAccountRepository accounts{database};
    SqliteSessionRepository sessions{database};
    SqliteAuditRepository audit_log{database};
    SqlitePurposeRepository purposes{database};
    SqliteAccessLogRepository log{database};
    SqliteConsentRepository consents{database};
    SqliteObjectionRepository objections{database};
    SqliteCheckpointRepository checkpoints{database};
    SqliteLogWindow log_window{database};
};

} // namespace einblick::server
