#pragma once
// The whole server below HTTP, wired once: storage, caches, services. Used by the executable and
// by the tests, so both run the same object graph. It sees the storage only as the neutral
// bundle of storage_backend.hpp: which backend stands behind it is decided by open_storage (or
// by the caller), and no cache or service changes with it.

#include "einblick/server/access_service.hpp"
#include "einblick/server/api_server.hpp"
#include "einblick/server/audit_service.hpp"
#include "einblick/server/auth_service.hpp"
#include "einblick/server/caching_agency_repository.hpp"
#include "einblick/server/caching_objection_repository.hpp"
#include "einblick/server/caching_purpose_repository.hpp"
#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/consent_service.hpp"
#include "einblick/server/demo_data.hpp"
#include "einblick/server/export_service.hpp"
#include "einblick/server/log_integrity_service.hpp"
#include "einblick/server/log_proof_service.hpp"
#include "einblick/server/objection_service.hpp"
#include "einblick/server/purpose_service.hpp"
#include "einblick/server/retention_service.hpp"
#include "einblick/server/storage_backend.hpp"

#include <memory>
#include <string>

namespace einblick::server {

class SqliteStorage;

struct BackendOptions {
    // A SQLite file (":memory:" for a private one) or a postgresql:// URL (database_choice.hpp).
    std::string database_path = ":memory:";
    // PostgreSQL's connection pool (PgStorage); not looked at for SQLite.
    std::size_t pg_pool_size = default_pg_pool_size;
    // A postgresql:// URL of a streaming replica of database_path for the access log's history
    // and statistics reads (`serve --read-db`); empty for none.
    std::string read_database;
    Bytes pseudonym_key;
    std::string pseudonym_sector = "einblick:datenschutzcockpit";
    SessionPolicy sessions{};
    ThrottleLimits throttle{};
    int retention_days = RetentionService::default_retention_days;
    // How far an access event's occurred_at may lie in the past (AccessService).
    int backdating_window_days = api::limits::backdating_window_days_default;
    // The checkpoints' origin (their signing key's name) and the key's 32-byte seed; without a
    // seed (tests), a random key for this process.
    std::string log_origin = "einblick.localhost/log";
    Bytes checkpoint_key;
    // False when no checkpoint key is configured: nothing is signed, no key is published, and
    // the log's endpoints answer 503 (a random key per process would be worthless to verifiers).
    bool sign_checkpoints = true;
    // The verifier keys (C2SP signed-note form) of the witnesses whose cosignatures the log
    // accepts and serves.
    std::vector<std::string> witness_keys;
    // Newest entries the log integrity check looks at each time (LogIntegrityService).
    std::int64_t log_check_window = 1000;
    // Where the integrity check's ALARM lines go; stderr when unset.
    LogIntegrityService::AlarmSink log_alarm;
};

class Backend {
public:
    // On the storage options.database_path names.
    Backend(const BackendOptions& options, const Clock& clock);
    // On storage the caller opened; options.database_path is not looked at.
    Backend(std::unique_ptr<StorageBackend> storage, const BackendOptions& options,
            const Clock& clock);

    ServiceContext services();
    DemoRepositories demo_repositories();
    // The SQLite storage with what only it has (durability switch, write statistics, the
    // database for raw reads), or nullptr on another backend.
    SqliteStorage* sqlite();

private:
    // First, so that it outlives everything built on it.
    std::unique_ptr<StorageBackend> owned_storage_;

public:
    const Clock& clock;
    // The repositories as the backend gives them, uncached.
    const Storage storage;
    Pseudonymizer pseudonymizer;
    // Every service reaches agencies and keys through the cache, so every change invalidates it.
    CachingAgencyRepository agencies{storage.agencies};
    // Every service reaches purposes through the cache, so every change invalidates it.
    CachingPurposeRepository purposes{storage.purposes};
    // Every service reaches objections through the cache, so every change invalidates it.
    CachingObjectionRepository objections{storage.objections};
    PasswordLoginProvider login_provider{storage.accounts};
    AuthService auth;
    PurposeService purpose_service{purposes, clock};
    AccessService access;
    ConsentService consent_service{storage.consents, purposes, pseudonymizer, clock};
    ObjectionService objection_service{objections, purposes, access, clock};
    CheckpointService checkpoints;
    LogProofService log_proofs;
    ExportService exports{access, consent_service, objection_service, log_proofs, clock};
    AuditService audit{storage.audit_log};
    StatisticsService statistics{storage.log, agencies, clock};
    SupervisionService supervision{storage.log, agencies};
    RetentionService retention;
    LogIntegrityService log_integrity;
};

} // namespace einblick::server
