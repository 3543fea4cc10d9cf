#pragma once
// The whole server below HTTP, wired once: database, repositories, services. Used by the
// executable and by the tests, so both run the same object graph. The one place that knows the
// storage backend is SQLite; another backend gets its own wiring, and no service changes.

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
#include "einblick/server/sqlite/access_log_repository.hpp"
#include "einblick/server/sqlite/checkpoint_repository.hpp"
#include "einblick/server/sqlite/consent_repository.hpp"
#include "einblick/server/sqlite/database.hpp"
#include "einblick/server/sqlite/identity_repository.hpp"
#include "einblick/server/sqlite/log_window.hpp"
#include "einblick/server/sqlite/objection_repository.hpp"
#include "einblick/server/sqlite/purpose_repository.hpp"

#include <memory>
#include <string>

namespace einblick::server {

struct BackendOptions {
    std::string database_path = ":memory:";
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
    Backend(const BackendOptions& options, const Clock& clock);

    ServiceContext services();
    DemoRepositories demo_repositories();

    const Clock& clock;
    SqliteDatabase database;
    Pseudonymizer pseudonymizer;
    SqliteAgencyRepository agency_store{database};
    // Every service reaches agencies and keys through the cache, so every change invalidates it.
    CachingAgencyRepository agencies{agency_store};
    SqliteAccountRepository accounts{database};
    SqliteSessionRepository sessions{database};
    SqliteAuditRepository audit_log{database};
    SqlitePurposeRepository purpose_store{database};
    // Every service reaches purposes through the cache, so every change invalidates it.
    CachingPurposeRepository purposes{purpose_store};
    SqliteAccessLogRepository log{database};
    SqliteConsentRepository consents{database};
    SqliteObjectionRepository objection_store{database};
    // Every service reaches objections through the cache, so every change invalidates it.
    CachingObjectionRepository objections{objection_store};
    SqliteCheckpointRepository checkpoint_store{database};
    SqliteLogWindow log_window{database};
    PasswordLoginProvider login_provider{accounts};
    AuthService auth;
    PurposeService purpose_service{purposes, clock};
    AccessService access;
    ConsentService consent_service{consents, purposes, pseudonymizer, clock};
    ObjectionService objection_service{objections, purposes, access, clock};
    CheckpointService checkpoints;
    LogProofService log_proofs;
    ExportService exports{access, consent_service, objection_service, log_proofs, clock};
    AuditService audit{audit_log};
    StatisticsService statistics{log, agencies, clock};
    SupervisionService supervision{log, agencies};
    RetentionService retention;
    LogIntegrityService log_integrity;
};

} // namespace einblick::server
