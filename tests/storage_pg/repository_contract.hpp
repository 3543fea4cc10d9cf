#pragma once
// The behaviour every storage backend owes the services, written once against the interfaces
// of einblick_storage and run against each backend (repository_contract_test.cpp): the same
// assertions prove SQLite and PostgreSQL alike. Each check starts from an empty, migrated
// database and uses only the repositories it is given.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/checkpoint_repository.hpp"
#include "einblick/server/consent_repository.hpp"
#include "einblick/server/identity_repository.hpp"
#include "einblick/server/log_snapshot.hpp"
#include "einblick/server/log_window.hpp"
#include "einblick/server/objection_repository.hpp"
#include "einblick/server/purpose_repository.hpp"

#include <functional>
#include <memory>

namespace einblick::testing::contract {

struct Repositories {
    server::AgencyRepository& agencies;
    server::AccountRepository& accounts;
    server::SessionRepository& sessions;
    server::AuditRepository& audit;
    server::PurposeRepository& purposes;
    server::ConsentRepository& consents;
    server::ObjectionRepository& objections;
    server::AccessLogRepository& access_log;
};

void agencies_and_api_keys(Repositories& r);
void accounts_and_sessions(Repositories& r);
void audit_trail_pages(Repositories& r);
void purpose_versions_are_decided_and_retired(Repositories& r);
void purpose_lists_are_filtered(Repositories& r);
void a_failed_write_leaves_nothing(Repositories& r);
void consents_are_granted_withdrawn_and_expire(Repositories& r);
void objections_are_extended_once_and_decided_at_their_revision(Repositories& r);
void objection_queues_and_blocks(Repositories& r);

// The access log (access_log_contract.cpp).
void access_log_chain_and_tree(Repositories& r);
void access_log_entries_keep_every_field(Repositories& r);
void access_log_idempotency(Repositories& r);
void access_log_pages_with_filters(Repositories& r);
void access_log_retention_keeps_the_tree(Repositories& r);
// Retention over entries recorded in several months (2020): the same result whether a backend
// deletes rows or drops whole months. `make_months` is called before and after appending: what
// a backend needs to give those months storage of their own (PostgreSQL: their partitions).
void access_log_retention_drops_whole_months(Repositories& r,
                                             const std::function<void()>& make_months);
void access_log_proofs_verify(Repositories& r);
void access_log_weekly_counts(Repositories& r);

// What reads the stored log as it is (log_readers_contract.cpp): the signed checkpoints and
// their cosignatures, the integrity check's window of newest entries, and `einblick verify`'s
// snapshot. The log is written through `access_log`; `open_snapshot` opens a snapshot of the
// database as it is at that moment.
struct LogReaders {
    server::AgencyRepository& agencies;
    server::AuditRepository& audit;
    server::AccessLogRepository& access_log;
    server::CheckpointRepository& checkpoints;
    server::LogWindowReader& window;
    std::function<std::unique_ptr<server::LogSnapshot>()> open_snapshot;
};

void checkpoints_are_stored_once_and_cosigned(LogReaders& r);
void log_window_holds_the_newest_entries_and_their_nodes(LogReaders& r);
void log_window_after_retention(LogReaders& r);
void log_snapshot_reads_every_stored_fact(LogReaders& r);
void log_snapshot_streams_a_log_longer_than_a_page(LogReaders& r);
// The services on top: checkpoints signed and cosigned (CheckpointService), the running
// server's integrity check (LogIntegrityService) over the window, and `einblick verify`'s
// checks (verify_log) over the snapshot find the log intact.
void the_services_find_a_signed_log_intact(LogReaders& r);

} // namespace einblick::testing::contract
