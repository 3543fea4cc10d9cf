// The repository contract (repository_contract.hpp) run against both backends: SQLite in
// memory, and PostgreSQL in a schema of its own on the run's throwaway cluster, reached
// through a pg::Pool of two connections (so that reads and writes of one check may use
// different connections, as the server's will).
#include "einblick/server/pg/access_log_repository.hpp"
#include "einblick/server/pg/consent_repository.hpp"
#include "einblick/server/pg/identity_repository.hpp"
#include "einblick/server/pg/log_partitions.hpp"
#include "einblick/server/pg/migrations.hpp"
#include "einblick/server/pg/objection_repository.hpp"
#include "einblick/server/pg/purpose_repository.hpp"
#include "einblick/server/sqlite/access_log_repository.hpp"
#include "einblick/server/sqlite/consent_repository.hpp"
#include "einblick/server/sqlite/identity_repository.hpp"
#include "einblick/server/sqlite/objection_repository.hpp"
#include "einblick/server/sqlite/purpose_repository.hpp"
#include "repository_contract.hpp"

#include <SQLiteCpp/Statement.h>
#include <span>
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
    SqliteAccessLogRepository access_log{db};
    contract::Repositories repositories{agencies, accounts, sessions,   audit,
                                        purposes, consents, objections, access_log};
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
    PgAccessLogRepository access_log{pool};
    contract::Repositories repositories{agencies, accounts, sessions,   audit,
                                        purposes, consents, objections, access_log};
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
EINBLICK_CONTRACT_CASE(access_log_chain_and_tree,
                       "access log: gapless seq, linked hashes, and the RFC 9162 tree over them")
EINBLICK_CONTRACT_CASE(access_log_entries_keep_every_field,
                       "access log: every field is read back as appended and hashes alike")
EINBLICK_CONTRACT_CASE(access_log_idempotency,
                       "access log: a key replays its entries and refuses another request or "
                       "endpoint")
EINBLICK_CONTRACT_CASE(access_log_pages_with_filters,
                       "access log: citizen and agency pages follow every filter and cursor")
EINBLICK_CONTRACT_CASE(access_log_retention_keeps_the_tree,
                       "access log: retention deletes a prefix, keeps numbering, tree and proofs")
// SQLite deletes rows; PostgreSQL drops the months that lie wholly before the cutoff, given
// partitions for the months of 2020 the check records in (made the way the server's
// maintenance makes them, rows already in DEFAULT moved into them).
TEST_CASE("SQLite: access log: retention over several months deletes a prefix, keeps tree and "
          "proofs") {
    SqliteBackend backend;
    contract::access_log_retention_drops_whole_months(backend.repositories, [] {});
}
TEST_CASE("PostgreSQL: access log: retention over several months drops whole months with the "
          "result of deleting rows") {
    PgBackend backend;
    contract::access_log_retention_drops_whole_months(backend.repositories, [&backend] {
        pg::PartitionMaintenanceOptions options;
        options.months_ahead = 4;
        pg::maintain_log_partitions(backend.setup, 1'577'836'800'000, options); // 2020-01
    });
    CHECK(pg::log_partitions(backend.setup).front().name == "access_log_2020_04");
}
EINBLICK_CONTRACT_CASE(access_log_proofs_verify,
                       "access log: inclusion and consistency proofs verify")
EINBLICK_CONTRACT_CASE(access_log_weekly_counts,
                       "access log: weekly access counts are the seven-day periods by definition")

namespace {

// Rows of one statement as text, for comparing the two backends' tables.
std::vector<std::string> sqlite_rows(SqliteDatabase& db, const std::string& sql) {
    return db.read([&](SQLite::Database& c) {
        std::vector<std::string> rows;
        SQLite::Statement query(c, sql);
        while (query.executeStep()) {
            rows.push_back(query.getColumn(0).getString() + " " + query.getColumn(1).getString());
        }
        return rows;
    });
}

std::vector<std::string> pg_rows(pg::Connection& c, const std::string& sql) {
    const pg::Result result = c.execute(sql);
    std::vector<std::string> rows;
    for (int row = 0; row < result.rows(); ++row) {
        rows.push_back(result.text(row, 0) + " " + result.text(row, 1));
    }
    return rows;
}

std::vector<NewLogEntry> numbered_entries(RowId agency, int count) {
    std::vector<NewLogEntry> entries;
    for (int i = 0; i < count; ++i) {
        NewLogEntry e;
        e.reason = "allowed";
        e.citizen_pseudonym = "p" + std::to_string(i % 4);
        e.agency_id = agency;
        e.register_code = "melderegister";
        e.data_categories = {"address"};
        e.legal_basis = "§ 34 BMG";
        e.occurred_at = e.recorded_at = 1000 + i;
        entries.push_back(e);
    }
    return entries;
}

} // namespace

TEST_CASE("PostgreSQL stores the log's chain and tree nodes exactly as SQLite does") {
    SqliteBackend sqlite;
    PgBackend postgres;
    const RowId agency = sqlite.agencies.create("a", "Agency");
    REQUIRE(postgres.agencies.create("a", "Agency") == agency);
    const std::vector<NewLogEntry> entries = numbered_entries(agency, 37);
    for (const auto& [from, count] : {std::pair{0, 1}, {1, 5}, {6, 31}}) {
        const auto part = std::span(entries).subspan(static_cast<std::size_t>(from),
                                                     static_cast<std::size_t>(count));
        const auto in_sqlite = sqlite.access_log.append(part);
        const auto in_postgres = postgres.access_log.append(part);
        REQUIRE(in_sqlite.size() == in_postgres.size());
        for (std::size_t i = 0; i < in_sqlite.size(); ++i) {
            CHECK(in_postgres[i].entry.seq == in_sqlite[i].entry.seq);
            CHECK(in_postgres[i].entry.hash == in_sqlite[i].entry.hash);
        }
    }
    CHECK(postgres.access_log.tree_head().root == sqlite.access_log.tree_head().root);
    const auto sqlite_nodes =
        sqlite_rows(sqlite.db, "SELECT node, lower(hex(hash)) FROM log_tree_nodes ORDER BY node");
    CHECK(sqlite_nodes.size() == 2 * 37 - 3); // every complete subtree once
    CHECK(pg_rows(postgres.setup,
                  "SELECT node, encode(hash, 'hex') FROM log_tree_nodes ORDER BY node") ==
          sqlite_nodes);
    CHECK(pg_rows(postgres.setup, "SELECT last_seq, encode(last_hash, 'hex') FROM "
                                  "access_log_head") ==
          sqlite_rows(sqlite.db, "SELECT last_seq, lower(hex(last_hash)) FROM access_log_head"));
}

TEST_CASE("PostgreSQL: a rewritten entry, a lost newest entry and a lost tree node are found") {
    PgBackend backend;
    const RowId agency = backend.agencies.create("a", "Agency");
    backend.access_log.append(numbered_entries(agency, 5));
    backend.setup.execute("UPDATE access_log SET data_categories = '[\"income\"]' WHERE seq = 2");
    ChainCheck check = backend.access_log.verify_chain();
    CHECK_FALSE(check.intact);
    CHECK(check.first_broken_seq == 2);
    CHECK(check.rows == 2);

    backend.setup.execute("UPDATE access_log SET data_categories = '[\"address\"]' WHERE seq = 2");
    CHECK(backend.access_log.verify_chain().intact);
    // Entry 4's hash was stored as entry 5's prev_hash, and the head names entry 5: gone.
    backend.setup.execute("DELETE FROM access_log WHERE seq = 5");
    check = backend.access_log.verify_chain();
    CHECK_FALSE(check.intact);
    CHECK(check.first_broken_seq == 4);

    // Leaf 4 (the fifth), node 4 * 64 + 0: the root of five entries needs it.
    backend.setup.execute("DELETE FROM log_tree_nodes WHERE node = 256");
    CHECK_THROWS_AS(backend.access_log.tree_head(), LogTreeBroken);
    CHECK_THROWS_AS(backend.access_log.inclusion_proof(3, 5), LogTreeBroken);
    CHECK_NOTHROW(backend.access_log.tree_root(4)); // the first four leaves' nodes are there
}

TEST_CASE("PostgreSQL: a key stored without its endpoint (before SQLite's migration 7) replays "
          "on any endpoint") {
    PgBackend backend;
    const RowId agency = backend.agencies.create("a", "Agency");
    const LogEntryRecord old = backend.access_log.append(numbered_entries(agency, 1)).at(0).entry;
    // As `einblick copy` would carry over a key of a SQLite log older than migration 7.
    backend.setup.execute("INSERT INTO access_log_idempotency (agency_id, idempotency_key, "
                          "idempotency_item, idempotency_scope, request_hash, citizen_pseudonym, "
                          "log_id, recorded_at) VALUES ($1, 'old', 0, NULL, $2, $3, $4, $5)",
                          {std::int64_t{agency}, Bytes(32, 0), old.citizen_pseudonym,
                           std::int64_t{old.id}, std::int64_t{old.recorded_at}});
    NewLogEntry again = numbered_entries(agency, 1).front();
    again.idempotency_key = "old";
    again.request_hash = Bytes(32, 0);
    for (const IdempotencyScope scope :
         {IdempotencyScope::AccessCheck, IdempotencyScope::AccessEvent,
          IdempotencyScope::AccessEventBatch}) {
        again.idempotency_scope = scope;
        const AppendResult replay = backend.access_log.append(std::span(&again, 1)).at(0);
        CHECK(replay.replayed);
        CHECK(replay.entry.id == old.id);
    }
    CHECK(backend.access_log.tree_head().size == 1);
}
