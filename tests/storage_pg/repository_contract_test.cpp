// The repository contract (repository_contract.hpp) run against both backends: SQLite in
// memory, and PostgreSQL in a schema of its own on the run's throwaway cluster, reached
// through a pg::Pool of two connections (so that reads and writes of one check may use
// different connections, as the server's will).
#include "einblick/server/pg/consent_repository.hpp"
#include "einblick/server/pg/identity_repository.hpp"
#include "einblick/server/pg/migrations.hpp"
#include "einblick/server/pg/objection_repository.hpp"
#include "einblick/server/pg/purpose_repository.hpp"
#include "einblick/server/sqlite/consent_repository.hpp"
#include "einblick/server/sqlite/identity_repository.hpp"
#include "einblick/server/sqlite/objection_repository.hpp"
#include "einblick/server/sqlite/purpose_repository.hpp"
#include "repository_contract.hpp"

#include <test_cluster.hpp>

using namespace einblick::server;
namespace contract = einblick::testing::contract;

namespace {

struct SqliteBackend {
    SqliteDatabase db{":memory:"};
    SqliteAgencyRepository agencies{db};
    SqliteAccountRepository accounts{db};
    SqliteSessionRepository sessions{db};
    SqliteAuditRepository audit{db};
    SqlitePurposeRepository purposes{db};
    SqliteConsentRepository consents{db};
    SqliteObjectionRepository objections{db};
    contract::Repositories repositories{agencies, accounts, sessions,  audit,
                                        purposes, consents, objections};
};

struct PgBackend {
    pg::Connection setup{einblick::testing::test_cluster_url()};
    einblick::testing::ScratchSchema schema{setup};
    pg::Pool pool{einblick::testing::test_cluster_url(), 2,
                  einblick::testing::migrated_schema(setup, schema)};
    PgAgencyRepository agencies{pool};
    PgAccountRepository accounts{pool};
    PgSessionRepository sessions{pool};
    PgAuditRepository audit{pool};
    PgPurposeRepository purposes{pool};
    PgConsentRepository consents{pool};
    PgObjectionRepository objections{pool};
    contract::Repositories repositories{agencies, accounts, sessions,  audit,
                                        purposes, consents, objections};
};

} // namespace

// One test case per check and backend, so that a failure names both.
#define EINBLICK_CONTRACT_CASE(check, description)                                                 \
    TEST_CASE("SQLite: " description) {                                                            \
        SqliteBackend backend;                                                                     \
        contract::check(backend.repositories);                                                     \
    }                                                                                              \
    TEST_CASE("PostgreSQL: " description) {                                                        \
        PgBackend backend;                                                                         \
        contract::check(backend.repositories);                                                     \
    }

EINBLICK_CONTRACT_CASE(agencies_and_api_keys,
                       "agencies are found by code and by an unrevoked API key hash")
EINBLICK_CONTRACT_CASE(accounts_and_sessions, "accounts and sessions are stored and expire")
EINBLICK_CONTRACT_CASE(audit_trail_pages, "the audit trail pages newest first")
EINBLICK_CONTRACT_CASE(purpose_versions_are_decided_and_retired,
                       "purpose versions are proposed, decided, superseded and retired")
EINBLICK_CONTRACT_CASE(purpose_lists_are_filtered,
                       "purposes are listed by agency and by a version in force")
EINBLICK_CONTRACT_CASE(a_failed_write_leaves_nothing,
                       "a write that fails leaves neither its rows nor its audit entry")
EINBLICK_CONTRACT_CASE(consents_are_granted_withdrawn_and_expire,
                       "consents are granted, withdrawn once and expire")
EINBLICK_CONTRACT_CASE(objections_are_extended_once_and_decided_at_their_revision,
                       "objections are extended once and decided at the revision last seen")
EINBLICK_CONTRACT_CASE(objection_queues_and_blocks,
                       "objection queues are filtered and ordered by due date, and blocks found")
