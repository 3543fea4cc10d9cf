// `einblick copy --from sqlite:PATH --to postgresql://…` as an operator runs it: the real
// executable copies a SQLite file filled through the real repositories into a schema of the
// throwaway cluster; the PostgreSQL repositories then read what the SQLite ones read. And the
// bulk path einblick_bench's pre-load copies with (storage_copy::BulkLoad).
#include "einblick/server/log_chain.hpp"
#include "einblick/server/sqlite/access_log_repository.hpp"
#include "einblick/server/sqlite/checkpoint_repository.hpp"
#include "einblick/server/sqlite/consent_repository.hpp"
#include "einblick/server/sqlite/database.hpp"
#include "einblick/server/sqlite/identity_repository.hpp"
#include "einblick/server/sqlite/objection_repository.hpp"
#include "einblick/server/sqlite/purpose_repository.hpp"

#include <SQLiteCpp/Database.h>
#include <child_process.hpp>
#include <doctest/doctest.h>
#include <einblick/server/pg/access_log_repository.hpp>
#include <einblick/server/pg/checkpoint_repository.hpp>
#include <einblick/server/pg/consent_repository.hpp>
#include <einblick/server/pg/identity_repository.hpp>
#include <einblick/server/pg/migrations.hpp>
#include <einblick/server/pg/objection_repository.hpp>
#include <einblick/server/pg/pool.hpp>
#include <einblick/server/pg/purpose_repository.hpp>
#include <einblick/server/pg/transaction.hpp>
#include <einblick/server/storage_copy/sqlite_to_pg.hpp>
#include <filesystem>
#include <sstream>
#include <string>
#include <test_cluster.hpp>
#include <unistd.h>

namespace pg = einblick::server::pg;
using namespace einblick;
using namespace einblick::server;
using einblick::testing::count_rows;
using einblick::testing::pg_error_of;
using einblick::testing::run;
using einblick::testing::ScratchSchema;
using einblick::testing::test_cluster_url;

namespace {

std::string url_in_schema(const std::string& schema) {
    return test_cluster_url() + "?options=-csearch_path%3D" + schema;
}

struct TempFile {
    std::string path =
        (std::filesystem::temp_directory_path() /
         ("einblick-copy-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db"))
            .string();
    static inline int counter = 0;
    ~TempFile() {
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::error_code ignored;
            std::filesystem::remove(path + suffix, ignored);
        }
    }
};

// A scratch schema of the cluster as `einblick copy`'s target, and what the last copy printed.
struct CopyTarget {
    pg::Connection connection{test_cluster_url()};
    ScratchSchema schema{connection};
    std::string url = url_in_schema(schema.name());
    std::string out;
    std::string err;

    // Runs the real executable; its exit code.
    int copy_from(const std::string& path) {
        return run({"copy", "--from", "sqlite:" + path, "--to", url}, &out, &err);
    }
};

AuditEntry audit_at(UnixMillis when, std::string action) {
    return {when, ActorRole::System, {}, std::move(action), "x", {}, "{}"};
}

PurposeContent content_named(std::string name) {
    return {std::move(name),       "Prüfung", "§ 6 FZV", "A6-1-e",
            {"name", "anschrift"}, {"ZFZR"},  {"Kfz"},   30};
}

const std::vector<std::string> citizens = {"p-erika", "p-max", "p-lena"};

// Fills a SQLite file through the real repositories: agencies, purposes, consents, objections,
// 300 log entries (some with idempotency keys), retention of a prefix, checkpoints.
void fill(const std::string& path) {
    SqliteDatabase db(path);
    SqliteAgencyRepository agencies(db);
    SqliteAccountRepository accounts(db);
    SqlitePurposeRepository purposes(db);
    SqliteConsentRepository consents(db);
    SqliteObjectionRepository objections(db);
    SqliteAccessLogRepository log(db);
    SqliteCheckpointRepository checkpoints(db);

    const UnixMillis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    const RowId kfz = agencies.create("kfz", "Kfz-Zulassung");
    const RowId amt = agencies.create("amt", "Bürgeramt");
    agencies.add_api_key(kfz, Bytes(32, 7), "key", audit_at(now, "api_key.created"));
    const RowId dpo = accounts.create({"dsb", "hash", "DSB", AccountRole::Dpo, {}, {}}, now);
    const RowId purpose = purposes.create(kfz, content_named("Halter"), audit_at(now, "p"));
    const RowId version = purposes.find(purpose)->versions.front().id;
    purposes.decide(version, PurposeStatus::Approved, dpo, "ok", audit_at(now, "d"));
    purposes.create(amt, content_named("Melde"), audit_at(now, "p"));
    const ConsentRecord granted =
        consents.grant("p-erika", purpose, version, now + 86'400'000, audit_at(now, "g"));
    consents.withdraw("p-erika", granted.id, audit_at(now + 1, "w"));
    consents.grant("p-max", purpose, version, now + 86'400'000, audit_at(now, "g"));
    objections.create(
        {"p-lena", kfz, purpose, std::nullopt, "Nein.", true, now, now + 30 * 86'400'000LL},
        audit_at(now, "o"));

    for (int i = 0; i < 300; ++i) {
        NewLogEntry e;
        e.kind = i % 3 == 0 ? AccessKind::Check : AccessKind::Access;
        e.outcome = i % 7 == 0 ? AccessOutcome::Denied : AccessOutcome::Allowed;
        e.reason = i % 7 == 0 ? "no_consent" : "allowed";
        e.citizen_pseudonym = citizens[static_cast<std::size_t>(i) % citizens.size()];
        e.agency_id = i % 2 == 0 ? kfz : amt;
        e.purpose_id = purpose;
        e.register_code = "melderegister";
        e.data_categories = {"address"};
        e.legal_basis = "§ 34 BMG";
        e.occurred_at = now - 1000 + i;
        e.recorded_at = now - 1000 + i;
        if (i % 5 == 0) {
            e.idempotency_key = "key-" + std::to_string(i);
            e.request_hash = Bytes(32, static_cast<std::uint8_t>(i));
        }
        log.append(std::span<const NewLogEntry>(&e, 1));
        if (i == 99 || i == 199) {
            const LogTreeHead head = log.tree_head();
            checkpoints.store({head.size, head.root, "note " + std::to_string(head.size), now});
            checkpoints.store_cosignature({head.size, "witness-a", "— witness-a sig\n", now});
        }
    }
    log.delete_recorded_before(now - 1000 + 50, audit_at(now, "retention.deleted"));
}

std::string history_text(AccessLogRepository& log) {
    std::ostringstream text;
    for (const std::string& citizen : citizens) {
        for (const LogEntryRecord& e : log.history_page(citizen, {}, std::nullopt, 1000)) {
            text << e.id << ' ' << e.seq << ' '
                 << canonical_log_encoding(static_cast<const NewLogEntry&>(e), e.seq, e.prev_hash)
                 << '\n';
        }
    }
    return text.str();
}

std::string purposes_text(PurposeRepository& purposes) {
    std::ostringstream text;
    for (const PurposeRecord& p : purposes.list({})) {
        for (const PurposeVersionRecord& v : p.versions) {
            text << p.id << ' ' << p.agency.code << ' ' << v.id << ' ' << v.version << ' '
                 << v.content.name << ' ' << static_cast<int>(v.status) << ' '
                 << v.decided_by.value_or(0) << '\n';
        }
    }
    return text.str();
}

std::string consents_and_objections_text(ConsentRepository& consents,
                                         ObjectionRepository& objections) {
    std::ostringstream text;
    for (const std::string& citizen : citizens) {
        for (const ConsentRecord& c : consents.list_for_citizen(citizen)) {
            text << "c " << c.id << ' ' << c.citizen_pseudonym << ' ' << c.purpose_version_id << ' '
                 << c.granted_at << ' ' << c.expires_at << ' ' << c.withdrawn_at.value_or(0)
                 << '\n';
        }
        for (const ObjectionRecord& o : objections.list_for_citizen(citizen)) {
            text << "o " << o.id << ' ' << o.citizen_pseudonym << ' ' << o.reason << ' ' << o.due_at
                 << ' ' << o.restriction_requested << ' ' << o.revision << '\n';
        }
    }
    return text.str();
}

} // namespace

TEST_CASE("einblick copy moves a SQLite database into an empty schema, every table equal") {
    TempFile file;
    fill(file.path);
    CopyTarget target;
    pg::Connection& connection = target.connection;
    const std::string& url = target.url;
    const std::string& out = target.out;
    const std::string& err = target.err;

    CHECK(target.copy_from(file.path) == 0);
    INFO(err);
    CHECK(err.empty());
    CHECK(out.find("copied 2 agencies, ") == 0);
    CHECK(out.find(", 250 access_log, 50 access_log_idempotency") != std::string::npos);
    CHECK(out.find(pg::url_without_password(url)) != std::string::npos);
    CHECK(out.find(" equal\n") != std::string::npos);
    CHECK(out.find(", 2 log_checkpoints, 2 log_cosignatures (sessions not copied)") !=
          std::string::npos);
    const std::string password = url.substr(url.find(':', url.find("://") + 3) + 1,
                                            url.find('@') - url.find(':', url.find("://") + 3) - 1);
    CHECK(out.find(password) == std::string::npos);
    CHECK(count_rows(connection, "access_log_default") == 0); // every month has its partition

    SqliteDatabase sqlite(file.path);
    SqliteAccessLogRepository sqlite_log(sqlite);
    SqlitePurposeRepository sqlite_purposes(sqlite);
    SqliteConsentRepository sqlite_consents(sqlite);
    SqliteObjectionRepository sqlite_objections(sqlite);
    SqliteCheckpointRepository sqlite_checkpoints(sqlite);
    pg::Pool pool(url, 2);
    PgAccessLogRepository pg_log(pool);
    PgPurposeRepository pg_purposes(pool);
    PgConsentRepository pg_consents(pool);
    PgObjectionRepository pg_objections(pool);
    PgCheckpointRepository pg_checkpoints(pool);

    CHECK(history_text(pg_log) == history_text(sqlite_log));
    CHECK(history_text(pg_log).size() > 1000);
    CHECK(purposes_text(pg_purposes) == purposes_text(sqlite_purposes));
    CHECK(consents_and_objections_text(pg_consents, pg_objections) ==
          consents_and_objections_text(sqlite_consents, sqlite_objections));
    CHECK(pg_log.tree_head().size == 300);
    CHECK(pg_log.tree_head().root == sqlite_log.tree_head().root);
    CHECK(pg_log.verify_chain().intact);
    REQUIRE(pg_checkpoints.latest().has_value());
    CHECK(pg_checkpoints.latest()->size == 200);
    CHECK(pg_checkpoints.latest()->root == sqlite_checkpoints.latest()->root);
    CHECK(pg_checkpoints.cosignatures(100).size() == 1);

    // The sequences are past the copied ids: the next writes get new ones.
    PgAgencyRepository pg_agencies(pool);
    CHECK(pg_agencies.create("neu", "Neu") == 3);
    NewLogEntry next;
    next.kind = AccessKind::Access;
    next.outcome = AccessOutcome::Allowed;
    next.reason = "allowed";
    next.citizen_pseudonym = "p-max";
    next.agency_id = 1;
    next.register_code = "melderegister";
    next.data_categories = {"address"};
    next.legal_basis = "§ 34 BMG";
    next.occurred_at = next.recorded_at = 1;
    next.idempotency_key = "key-100"; // a copied key replays
    next.request_hash = Bytes(32, 100);
    CHECK(pg_log.append(std::span<const NewLogEntry>(&next, 1)).front().replayed);
    next.idempotency_key = "new";
    const AppendResult appended = pg_log.append(std::span<const NewLogEntry>(&next, 1)).front();
    CHECK(appended.entry.seq == 301);
    CHECK(appended.entry.id == 301);
    CHECK(pg_log.verify_chain().intact);
}

TEST_CASE("einblick copy carries what COPY's text format escapes unchanged") {
    // Backslashes, tabs, newlines and carriage returns in text, also where they would read as
    // COPY's own markers (\N for NULL, \. for the end), and bytes of the same values in bytea.
    const std::string awkward = "Zeile 1\nZeile 2\r\n\tEingerückt \\ Rück\\strich \\N \\. "
                                "\\t\\n\\r Ende\\";
    const Bytes key_hash = {0x00, '\\', '\t', '\n', '\r', 'N', '.', 0xFF, '\\', 'x', 0x00};
    TempFile file;
    RowId purpose = 0;
    {
        SqliteDatabase db(file.path);
        SqliteAgencyRepository agencies(db);
        SqlitePurposeRepository purposes(db);
        SqliteObjectionRepository objections(db);
        SqliteAccessLogRepository log(db);
        const RowId kfz = agencies.create("kfz", "Kfz\tZulassung\\");
        agencies.add_api_key(kfz, key_hash, awkward, audit_at(1000, "api_key.created"));
        purpose = purposes.create(kfz, content_named(awkward), audit_at(1000, awkward));
        objections.create({"p-lena", kfz, purpose, std::nullopt, awkward, true, 1000, 2000},
                          audit_at(1000, "o"));
        NewLogEntry e;
        e.kind = AccessKind::Access;
        e.outcome = AccessOutcome::Allowed;
        e.reason = "allowed";
        e.citizen_pseudonym = "p-lena\\\t";
        e.agency_id = kfz;
        e.purpose_id = purpose;
        e.register_code = "melderegister";
        e.data_categories = {"address", awkward};
        e.legal_basis = awkward;
        e.correlation_id = awkward;
        e.occurred_at = e.recorded_at = 1'700'000'000'000;
        e.idempotency_key = awkward;
        e.request_hash = key_hash;
        log.append(std::span<const NewLogEntry>(&e, 1));
    }
    CopyTarget target;

    CHECK(target.copy_from(file.path) == 0);
    INFO(target.err);
    CHECK(target.out.find("copied 1 agencies, 1 api_keys, ") == 0);

    SqliteDatabase sqlite(file.path);
    SqliteAccessLogRepository sqlite_log(sqlite);
    pg::Pool pool(target.url, 2);
    PgAgencyRepository pg_agencies(pool);
    PgPurposeRepository pg_purposes(pool);
    PgObjectionRepository pg_objections(pool);
    PgAccessLogRepository pg_log(pool);
    REQUIRE(pg_agencies.find_by_code("kfz").has_value());
    CHECK(pg_agencies.find_by_code("kfz")->name == "Kfz\tZulassung\\");
    REQUIRE(pg_purposes.find(purpose).has_value());
    CHECK(pg_purposes.find(purpose)->versions.front().content.name == awkward);
    REQUIRE(pg_objections.list_for_citizen("p-lena").size() == 1);
    CHECK(pg_objections.list_for_citizen("p-lena").front().reason == awkward);
    const std::vector<LogEntryRecord> history =
        pg_log.history_page("p-lena\\\t", {}, std::nullopt, 10);
    REQUIRE(history.size() == 1);
    CHECK(history.front().legal_basis == awkward);
    CHECK(history.front().correlation_id == awkward);
    CHECK(history.front().data_categories == std::vector<std::string>{"address", awkward});
    CHECK(pg_log.tree_head().root == sqlite_log.tree_head().root);
    CHECK(pg_log.verify_chain().intact);

    pg::Connection& connection = target.connection;
    connection.execute_script("SET search_path TO " + target.schema.name());
    const pg::Result key = connection.execute("SELECT key_hash, label FROM api_keys");
    CHECK(key.bytes(0, 0) == key_hash);
    CHECK(key.text(0, 1) == awkward);
    const pg::Result idempotency =
        connection.execute("SELECT idempotency_key, request_hash FROM access_log_idempotency");
    CHECK(idempotency.text(0, 0) == awkward);
    CHECK(idempotency.bytes(0, 1) == key_hash);
    const pg::Result audit =
        connection.execute("SELECT count(*) FROM audit_log WHERE action = $1", {awkward});
    CHECK(audit.int64(0, 0) == 1);
}

TEST_CASE("einblick copy refuses a non-empty target and leaves it unchanged") {
    TempFile file;
    fill(file.path);
    pg::Connection connection(test_cluster_url());
    ScratchSchema schema(connection);
    const std::string url = url_in_schema(schema.name());
    REQUIRE(run({"copy", "--from", "sqlite:" + file.path, "--to", url}) == 0);
    std::string out;
    std::string err;

    CHECK(run({"copy", "--from", "sqlite:" + file.path, "--to", url}, &out, &err) == 1);
    CHECK(out.empty());
    CHECK(err.find("einblick: error: ") == 0);
    CHECK(err.find("is not empty (agencies has 2 rows): einblick copy does not merge") !=
          std::string::npos);
    connection.execute_script("SET search_path TO " + schema.name());
    CHECK(count_rows(connection, "access_log") == 250);
    CHECK(count_rows(connection, "agencies") == 2);
}

TEST_CASE("einblick copy refuses a tampered SQLite file: nothing is committed") {
    TempFile file;
    fill(file.path);
    {
        SQLite::Database db(file.path, SQLite::OPEN_READWRITE);
        db.exec("UPDATE access_log SET register = 'grundbuch' WHERE seq = 120");
    }
    CopyTarget target;

    CHECK(target.copy_from(file.path) == 1);
    CHECK(target.out.empty());
    CHECK(target.err ==
          "einblick: error: the source's chain is broken at seq 120: nothing copied\n");
    target.connection.execute_script("SET search_path TO " + target.schema.name());
    CHECK(pg::schema_version(target.connection) == 0);
}

TEST_CASE("einblick copy: a source at an older schema and a missing --to") {
    TempFile file;
    {
        SQLite::Database db(file.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA user_version = 12");
    }
    std::string out;
    std::string err;
    CHECK(run({"copy", "--from", "sqlite:" + file.path, "--to", test_cluster_url()}, &out, &err) ==
          1);
    CHECK(err.find("is at schema 12, not 13: run einblick migrate --db ") != std::string::npos);
    CHECK(run({"copy", "--from", "sqlite:" + file.path}, &out, &err) == 2);
}

namespace {

// The log's indexes of the connection's schema, the partitions' included: their definitions,
// and their OIDs (new ones when an index was dropped and built again).
std::string log_index_definitions(pg::Connection& c) {
    const pg::Result rows = c.execute("SELECT indexname || ': ' || indexdef FROM pg_indexes "
                                      "WHERE schemaname = current_schema() "
                                      "AND tablename LIKE 'access_log%' ORDER BY 1");
    std::string text;
    for (int row = 0; row < rows.rows(); ++row) {
        text += rows.text(row, 0) + "\n";
    }
    return text;
}

std::string log_index_oids(pg::Connection& c) {
    const pg::Result rows =
        c.execute("SELECT indexrelid::bigint FROM pg_index "
                  "WHERE indrelid = 'access_log'::regclass AND NOT indisprimary "
                  "ORDER BY 1");
    std::string text;
    for (int row = 0; row < rows.rows(); ++row) {
        text += std::to_string(rows.int64(row, 0)) + " ";
    }
    return text;
}

} // namespace

TEST_CASE("the pre-load's bulk copy leaves the same log, its indexes built again and its "
          "triggers and durable commits on") {
    TempFile file;
    fill(file.path);
    pg::Connection c(test_cluster_url());
    ScratchSchema schema(c);
    einblick::testing::migrated_schema(c, schema);
    const std::string indexes_before = log_index_definitions(c);
    const std::string oids_before = log_index_oids(c);
    REQUIRE(indexes_before.find("access_log_by_citizen") != std::string::npos);

    storage_copy::BulkLoad bulk;
    bulk.rebuild_log_indexes = true;
    bulk.triggers_off = true;
    bulk.commit_without_waiting = true;
    bulk.maintenance_work_mem = "64MB";
    storage_copy::CopyOutcome copied;
    {
        SQLite::Database source(file.path, SQLite::OPEN_READONLY);
        source.exec("BEGIN");
        pg::Transaction tx(c);
        copied = storage_copy::copy_sqlite_to_pg(source, tx, "the test's schema", bulk);
        tx.commit();
    }
    CHECK(copied.rows_of("access_log") == 250);
    CHECK(copied.triggers_off); // the cluster's role may set session_replication_role

    // Every index is back as the migration made it, each built anew.
    CHECK(log_index_definitions(c) == indexes_before);
    const std::string oids_after = log_index_oids(c);
    CHECK(oids_after != oids_before);
    for (std::size_t at = 0; at < oids_before.size();) {
        const std::size_t end = oids_before.find(' ', at);
        CHECK(oids_after.find(oids_before.substr(at, end - at + 1)) == std::string::npos);
        at = end + 1;
    }
    // The settings lasted for the copy's transaction only.
    CHECK(c.execute("SHOW session_replication_role").text(0, 0) == "origin");
    CHECK(c.execute("SHOW synchronous_commit").text(0, 0) == "on");
    // The foreign keys are checked again: an entry of an agency that does not exist is refused.
    const pg::Error refused = pg_error_of([&] {
        c.execute("INSERT INTO access_log (seq, kind, outcome, reason, citizen_pseudonym, "
                  "agency_id, register, data_categories, legal_basis, occurred_at, recorded_at, "
                  "prev_hash) SELECT 1000, 1, 0, min(code), 'p', 999, 'r', '[]', 'b', 1, 1, "
                  "decode(repeat('00', 32), 'hex') FROM log_reasons");
    });
    CHECK(refused.sqlstate() == "23503"); // foreign_key_violation

    // What the repositories read is the SQLite file's log.
    SqliteDatabase sqlite(file.path);
    SqliteAccessLogRepository sqlite_log(sqlite);
    CHECK(storage_copy::difference_from_source(url_in_schema(schema.name()), sqlite_log.tree_head(),
                                               250) == "");
    pg::Pool pool(url_in_schema(schema.name()), 1);
    PgAccessLogRepository pg_log(pool);
    CHECK(history_text(pg_log) == history_text(sqlite_log));
}
