#include "einblick/server/sqlite/log_snapshot.hpp"
#include "einblick/server/sqlite/log_window.hpp"
#include "einblick/server/sqlite/migrations.hpp"
#include "einblick/shared/civil_time.hpp"
#include "held_writer.hpp"
#include "older_schema.hpp"
#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <SQLiteCpp/Statement.h>
#include <chrono>
#include <doctest/doctest.h>
#include <map>

using namespace einblick::server;
using einblick::UnixMillis;

// The SQLite storage itself: left out of the PostgreSQL run (tests/server/CMakeLists.txt).
TEST_SUITE_BEGIN("sqlite");

namespace {

struct LogFixture {
    LogFixture() { agency = agencies.create("a", "Agency"); }

    NewLogEntry entry(const std::string& pseudonym, UnixMillis at) const {
        NewLogEntry e;
        e.kind = AccessKind::Access;
        e.outcome = AccessOutcome::Allowed;
        e.reason = to_text(einblick::api::AccessReason::Allowed);
        e.citizen_pseudonym = pseudonym;
        e.agency_id = agency;
        e.register_code = "melderegister";
        e.data_categories = {"address"};
        e.legal_basis = "§ 34 BMG";
        e.occurred_at = at;
        e.recorded_at = at;
        return e;
    }

    std::string plan(const std::string& sql) {
        return db.read([&](SQLite::Database& c) {
            SQLite::Statement query(c, "EXPLAIN QUERY PLAN " + sql);
            std::string text;
            while (query.executeStep()) {
                text += query.getColumn(3).getString() + "\n";
            }
            return text;
        });
    }

    SqliteDatabase db{":memory:"};
    SqliteAgencyRepository agencies{db};
    SqliteAccessLogRepository log{db};
    RowId agency = 0;
};

const AuditEntry system_audit{1,   ActorRole::System, {}, "retention.deleted", "retention_run", {},
                              "{}"};

// All 64 combinations of the history filters: agency, purpose, outcome, from, to, category.
std::vector<HistoryFilter> every_filter_combination() {
    std::vector<HistoryFilter> filters;
    for (int bits = 0; bits < 64; ++bits) {
        HistoryFilter f;
        if (bits & 1) {
            f.agency_code = "a";
        }
        if (bits & 2) {
            f.purpose_id = 1;
        }
        if (bits & 4) {
            f.outcome = AccessOutcome::Denied;
        }
        if (bits & 8) {
            f.from = 1;
        }
        if (bits & 16) {
            f.to = 2;
        }
        if (bits & 32) {
            f.data_category = "address";
        }
        filters.push_back(f);
    }
    return filters;
}

} // namespace

TEST_CASE_FIXTURE(
    LogFixture, "history pages are newest first, stable on equal times, without gaps or repeats") {
    std::vector<NewLogEntry> batch;
    for (int i = 0; i < 25; ++i) {
        batch.push_back(entry("me", 1000 + (i / 3) * 10)); // ties in threes
        batch.push_back(entry("someone-else", 1000 + i));
    }
    log.append(batch);
    CHECK(log.count_for_citizen("me") == 25);

    std::vector<RowId> seen;
    std::optional<HistoryCursor> cursor;
    for (int page = 0; page < 10; ++page) {
        const auto rows = log.history_page("me", {}, cursor, 7);
        if (rows.empty()) {
            break;
        }
        for (const auto& row : rows) {
            seen.push_back(row.id);
        }
        cursor = HistoryCursor{rows.back().occurred_at, rows.back().id};
    }
    REQUIRE(seen.size() == 25);
    const auto all = log.history_page("me", {}, std::nullopt, 100);
    REQUIRE(all.size() == seen.size());
    CHECK(all[0].id == seen[0]);
    for (std::size_t i = 1; i < all.size(); ++i) {
        const bool ordered =
            all[i - 1].occurred_at > all[i].occurred_at ||
            (all[i - 1].occurred_at == all[i].occurred_at && all[i - 1].id > all[i].id);
        CHECK(ordered);
        CHECK(all[i].id == seen[i]);
    }
    CHECK(all.front().agency.name == "Agency");
}

TEST_CASE_FIXTURE(LogFixture, "filters narrow the history by outcome, period and category") {
    auto denied = entry("me", 500);
    denied.outcome = AccessOutcome::Denied;
    denied.kind = AccessKind::Check;
    auto vehicle = entry("me", 700);
    vehicle.data_categories = {"vehicle", "identity"};
    log.append(std::vector{entry("me", 100), denied, vehicle});
    HistoryFilter f;
    f.outcome = AccessOutcome::Denied;
    CHECK(log.history_page("me", f, std::nullopt, 10).size() == 1);
    f = {};
    f.from = 200;
    f.to = 700;
    CHECK(log.history_page("me", f, std::nullopt, 10).size() == 1);
    f = {};
    f.data_category = "identity";
    CHECK(log.history_page("me", f, std::nullopt, 10).at(0).occurred_at == 700);
    f = {};
    f.agency_code = "other";
    CHECK(log.history_page("me", f, std::nullopt, 10).empty());
}

TEST_CASE_FIXTURE(LogFixture,
                  "sequence numbers are gapless and every hash links to the previous one") {
    const auto first = log.append(std::vector{entry("a", 1), entry("b", 2)});
    const auto second = log.append(std::vector{entry("c", 3)});
    const auto rows = log.history_page("c", {}, std::nullopt, 1);
    CHECK(rows.at(0).seq == 3);
    const ChainCheck check = log.verify_chain();
    CHECK(check.intact);
    CHECK(check.rows == 3);
    CHECK(rows.at(0).prev_hash == first.at(1).entry.hash);
    CHECK(log.history_page("b", {}, std::nullopt, 1).at(0).prev_hash == first.at(0).entry.hash);
    // The newest entry's hash is the head's.
    CHECK(db.read([](SQLite::Database& c) {
        SQLite::Statement head(c, "SELECT last_hash FROM access_log_head");
        head.executeStep();
        const auto* bytes = static_cast<const std::uint8_t*>(head.getColumn(0).getBlob());
        return Bytes(bytes, bytes + head.getColumn(0).getBytes());
    }) == second.at(0).entry.hash);
}

TEST_CASE_FIXTURE(LogFixture, "rewriting a logged row breaks the chain at that row") {
    log.append(std::vector{entry("a", 1), entry("b", 2), entry("c", 3)});
    db.write([](SQLite::Database& c) {
        c.exec("UPDATE access_log SET data_categories = '[\"income\"]' WHERE seq = 2");
    });
    const ChainCheck check = log.verify_chain();
    CHECK_FALSE(check.intact);
    CHECK(check.first_broken_seq == 2);
}

TEST_CASE_FIXTURE(LogFixture,
                  "an idempotency key replays the same row, and refuses a different request") {
    auto first = entry("me", 1);
    first.idempotency_key = "k1";
    first.request_hash = Bytes(32, 1);
    const auto stored = log.append(std::span(&first, 1)).at(0);
    CHECK_FALSE(stored.replayed);
    const auto again = log.append(std::span(&first, 1)).at(0);
    CHECK(again.replayed);
    CHECK(again.entry.id == stored.entry.id);
    CHECK(log.count_for_citizen("me") == 1);
    auto different = first;
    different.request_hash = Bytes(32, 2);
    CHECK_THROWS_AS(log.append(std::span(&different, 1)), ConflictError);
}

namespace {

// The endpoint an append() refused a key for, or nothing (refused for another request, or
// not refused at all: then the test fails).
std::optional<IdempotencyScope> refused_for(SqliteAccessLogRepository& log,
                                            std::span<const NewLogEntry> entries) {
    try {
        log.append(entries);
    } catch (const IdempotencyConflict& conflict) {
        return conflict.other_endpoint();
    }
    FAIL("the key was not refused");
    return std::nullopt;
}

} // namespace

TEST_CASE_FIXTURE(LogFixture, "an idempotency key belongs to the endpoint it was first used on") {
    auto check = entry("me", 1);
    check.kind = AccessKind::Check;
    check.idempotency_key = "k";
    check.idempotency_scope = IdempotencyScope::AccessCheck;
    check.request_hash = Bytes(32, 1);
    log.append(std::span(&check, 1));
    auto access = check;
    access.kind = AccessKind::Access;
    access.idempotency_scope = IdempotencyScope::AccessEvent;
    CHECK(refused_for(log, std::span(&access, 1)) == IdempotencyScope::AccessCheck);

    // A batch's entries share key and request hash; the batch replays whole.
    std::vector<NewLogEntry> batch(3, entry("me", 2));
    for (int i = 0; i < 3; ++i) {
        batch[i].idempotency_key = "b";
        batch[i].idempotency_scope = IdempotencyScope::AccessEventBatch;
        batch[i].idempotency_item = i;
        batch[i].request_hash = Bytes(32, 2);
    }
    const auto stored = log.append(batch);
    const auto again = log.append(batch);
    for (int i = 0; i < 3; ++i) {
        CHECK_FALSE(stored[i].replayed);
        CHECK(again[i].replayed);
        CHECK(again[i].entry.id == stored[i].entry.id);
    }
    CHECK(log.count_for_citizen("me") == 4);
    access.idempotency_key = "b";
    access.request_hash = Bytes(32, 2);
    CHECK(refused_for(log, std::span(&access, 1)) == IdempotencyScope::AccessEventBatch);
    auto changed = batch;
    changed[2].request_hash = changed[1].request_hash = changed[0].request_hash = Bytes(32, 3);
    CHECK(refused_for(log, changed) == std::nullopt); // same endpoint, another request
}

TEST_CASE("migration 7 keeps the idempotency keys stored before it") {
    const einblick::testing::TempDir dir;
    const std::string path = dir.file("schema6.db");
    {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        for (const sqlite::Migration& migration : sqlite::all_migrations()) {
            if (migration.version <= 6) {
                raw.exec(std::string(migration.sql));
            }
        }
        raw.exec("PRAGMA user_version = 6");
        raw.exec("INSERT INTO agencies (id, code, name) VALUES (1, 'a', 'Agency')");
        // A check and an access with keys, as schema 6 stored them (a batch's event 0 under
        // "<key>#0").
        int seq = 0;
        for (const char* row :
             {"'check', 'old-check'", "'access', 'old-access'", "'access', 'old-batch#0'"}) {
            raw.exec("INSERT INTO access_log (seq, kind, idempotency_key, outcome, reason, "
                     "citizen_pseudonym, agency_id, register, data_categories, legal_basis, "
                     "occurred_at, recorded_at, request_hash, prev_hash, hash) VALUES (" +
                     std::to_string(++seq) + ", " + row +
                     ", 'allowed', 'allowed', 'me', 1, 'melderegister', '[\"address\"]', "
                     "'x', 1, 1, zeroblob(32), zeroblob(32), zeroblob(32))");
        }
    }
    SqliteDatabase db(path);
    REQUIRE(db.schema_version() == sqlite::latest_schema_version());
    SqliteAccessLogRepository log(db);
    NewLogEntry e;
    e.reason = "allowed";
    e.citizen_pseudonym = "me";
    e.agency_id = 1;
    e.register_code = "melderegister";
    e.data_categories = {"address"};
    e.legal_basis = "x";
    e.request_hash = Bytes(32, 0);
    // The check's key belongs to /access-checks from now on.
    e.idempotency_key = "old-check";
    e.idempotency_scope = IdempotencyScope::AccessEvent;
    CHECK(refused_for(log, std::span(&e, 1)) == IdempotencyScope::AccessCheck);
    // An access's endpoint is unknown: it still replays where it did.
    e.idempotency_key = "old-access";
    CHECK(log.append(std::span(&e, 1)).at(0).replayed);
    e.idempotency_scope = IdempotencyScope::AccessCheck;
    CHECK(log.append(std::span(&e, 1)).at(0).replayed);
    e.idempotency_key = "old-batch#0";
    e.idempotency_scope = IdempotencyScope::AccessEventBatch;
    CHECK(log.append(std::span(&e, 1)).at(0).replayed);
}

TEST_CASE_FIXTURE(LogFixture,
                  "retention deletes old rows, records the count, and keeps numbering") {
    log.append(std::vector{entry("me", 100), entry("me", 200), entry("me", 300)});
    CHECK(log.delete_recorded_before(250, system_audit) == 2);
    CHECK(log.count_for_citizen("me") == 1);
    log.append(std::vector{entry("me", 400)});
    CHECK(log.history_page("me", {}, std::nullopt, 1).at(0).seq == 4);
    CHECK(log.verify_chain().intact); // anchored at the oldest remaining row
    CHECK(db.read([](SQLite::Database& c) {
        return c.execAndGet("SELECT deleted_count FROM retention_runs").getInt();
    }) == 2);
}

TEST_CASE_FIXTURE(LogFixture, "the log stores each citizen's pseudonym once, and retention "
                              "deletes it with the citizen's last entry") {
    const auto citizens = [this] {
        return db.read([](SQLite::Database& c) {
            std::vector<std::string> pseudonyms;
            SQLite::Statement query(c, "SELECT pseudonym FROM log_citizens ORDER BY pseudonym");
            while (query.executeStep()) {
                pseudonyms.push_back(query.getColumn(0).getString());
            }
            return pseudonyms;
        });
    };
    // In one job and across jobs, a pseudonym is numbered once.
    log.append(std::vector{entry("gone", 100), entry("stays", 150), entry("gone", 200)});
    log.append(std::vector{entry("stays", 300), entry("later", 400)});
    CHECK(citizens() == std::vector<std::string>{"gone", "later", "stays"});
    CHECK(log.count_for_citizen("stays") == 2);
    CHECK(log.count_for_citizen("nobody") == 0);

    CHECK(log.delete_recorded_before(250, system_audit) == 3);
    CHECK(citizens() == std::vector<std::string>{"later", "stays"});
    CHECK(log.count_for_citizen("gone") == 0);
    CHECK(log.history_page("stays", {}, std::nullopt, 10).size() == 1);
    // A citizen who returns after retention gets a number again.
    log.append(std::vector{entry("gone", 500)});
    CHECK(citizens() == std::vector<std::string>{"gone", "later", "stays"});
    CHECK(log.history_page("gone", {}, std::nullopt, 10).at(0).seq == 6);
    CHECK(log.verify_chain().intact);
}

TEST_CASE_FIXTURE(LogFixture, "an append that shares its commit with retention reads the log "
                              "again after it") {
    // Retention runs between two appends of one commit and deletes the citizen's number the
    // first append used: the second must number the citizen again, and the chain go on.
    log.append(std::vector{entry("p", 100)});
    const WriteStatistics before = db.write_statistics();
    std::vector<AppendResult> second;
    std::int64_t deleted = -1;
    std::exception_ptr failed;
    const auto job = [&failed](auto work) {
        return std::thread([&failed, work] {
            try {
                work();
            } catch (...) {
                failed = std::current_exception();
            }
        });
    };
    einblick::testing::HeldWriter held(db);
    std::thread one = job([this] { log.append(std::vector{entry("p", 200)}); });
    CHECK(held.wait_until_queued(db, 1));
    std::thread two = job([&] { deleted = log.delete_recorded_before(250, system_audit); });
    CHECK(held.wait_until_queued(db, 2));
    std::thread three = job([&] { second = log.append(std::vector{entry("p", 300)}); });
    CHECK(held.release_when_queued(db, 3));
    one.join();
    two.join();
    three.join();

    CHECK_FALSE(failed);
    CHECK(db.write_statistics().commits - before.commits == 2); // the held job's, and one
    CHECK(deleted == 2);
    REQUIRE(second.size() == 1);
    CHECK(second[0].entry.seq == 3);
    const auto history = log.history_page("p", {}, std::nullopt, 10);
    REQUIRE(history.size() == 1);
    CHECK(history[0].seq == 3);
    CHECK(log.verify_chain().intact);
}

TEST_CASE("migration 12 numbers the citizens and reasons of a log stored before it, codes kind "
          "and outcome, and keeps every entry") {
    const einblick::testing::TempDir dir;
    const std::string path = dir.file("schema11.db");
    std::vector<LogEntryRecord> before;
    std::map<std::int64_t, Bytes> appended_hashes; // by seq, as append() returned them
    LogTreeHead head_before;
    {
        SqliteDatabase db(path);
        SqliteAgencyRepository agencies(db);
        SqliteAccessLogRepository log(db);
        LogFixture f;
        f.agency = agencies.create("a", "Agency");
        std::vector<NewLogEntry> entries;
        for (int i = 0; i < 40; ++i) {
            NewLogEntry e = f.entry("citizen-" + std::to_string(i % 7), 1000 + i);
            if (i % 3 == 0) {
                e.kind = AccessKind::Check;
            }
            if (i % 5 == 0) {
                e.outcome = AccessOutcome::Denied;
                e.reason = to_text(einblick::api::AccessReason::ConsentMissing);
            }
            entries.push_back(e);
        }
        for (const AppendResult& stored : log.append(entries)) {
            appended_hashes[stored.entry.seq] = stored.entry.hash;
        }
        for (RowId id = 1; id <= 40; ++id) {
            before.push_back(log.find(id).value());
        }
        head_before = log.tree_head();
    }
    {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE);
        einblick::testing::undo_tree_by_last_leaf(raw);
        einblick::testing::undo_log_numbers(raw);
        raw.exec("PRAGMA user_version = 11");
        CHECK(raw.execAndGet("SELECT count(*) FROM access_log WHERE citizen_pseudonym = "
                             "'citizen-3'")
                  .getInt() == 6);
    }
    SqliteDatabase db(path);
    CHECK(db.schema_version() == sqlite::latest_schema_version());
    SqliteAccessLogRepository log(db);
    for (const LogEntryRecord& old : before) {
        CAPTURE(old.id);
        const auto now = log.find(old.id);
        REQUIRE(now.has_value());
        CHECK(now->citizen_pseudonym == old.citizen_pseudonym);
        CHECK(now->kind == old.kind);
        CHECK(now->outcome == old.outcome);
        CHECK(now->reason == old.reason);
        CHECK(now->seq == old.seq);
        CHECK(now->prev_hash == old.prev_hash);
        CHECK(now->occurred_at == old.occurred_at);
    }
    // Each entry's hash, now no longer in its own row, reads as append() returned it.
    std::map<std::int64_t, Bytes> migrated_hashes;
    SqliteLogSnapshot(path).each_entry([&](const SnapshotEntry& entry) {
        migrated_hashes[entry.seq] = entry.hash;
        return true;
    });
    CHECK(appended_hashes.size() == 40);
    CHECK(migrated_hashes == appended_hashes);
    CHECK(log.count_for_citizen("citizen-3") == 6);
    CHECK(log.history_page("citizen-3", {}, std::nullopt, 50).size() == 6);
    CHECK(db.read([](SQLite::Database& c) {
        return c.execAndGet("SELECT count(*) FROM log_citizens").getInt();
    }) == 7);
    CHECK(db.read([](SQLite::Database& c) {
        return c.execAndGet("SELECT group_concat(reason, ' ') FROM log_reasons").getString();
    }) == "allowed consent_missing");
    HistoryFilter denied;
    denied.outcome = AccessOutcome::Denied;
    CHECK(log.history_page("citizen-0", denied, std::nullopt, 50).size() == 2); // 0 and 35
    CHECK(log.verify_chain().intact);
    CHECK(log.tree_head().root == head_before.root);
}

TEST_CASE_FIXTURE(LogFixture, "retention deletes a prefix by the time of recording, whatever "
                              "the entries' occurred_at") {
    // seq 2 was reported after seq 1 but happened long before it; seq 3 claims year 0001.
    const UnixMillis year_one = einblick::unix_millis_from_civil({1, 1, 1, 0, 0, 0, 0});
    std::vector batch{entry("me", 1000), entry("me", 100), entry("me", year_one),
                      entry("me", 1300)};
    batch[1].recorded_at = 1100;
    batch[2].recorded_at = 1200;
    log.append(batch);
    // Nothing was recorded before 500: the backdated entries stay, no hole opens.
    CHECK(log.delete_recorded_before(500, system_audit) == 0);
    CHECK(log.count_for_citizen("me") == 4);
    // Recorded before 1150: seq 1 and 2, a prefix.
    CHECK(log.delete_recorded_before(1150, system_audit) == 2);
    const auto rows = log.history_page("me", {}, std::nullopt, 10);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].seq == 4);
    CHECK(rows[1].seq == 3); // year 0001, kept: it was recorded at 1200
    CHECK(log.verify_chain().intact);
    CHECK(db.read([](SQLite::Database& c) {
        return c.execAndGet("SELECT details FROM audit_log ORDER BY id DESC LIMIT 1").getString();
    }) == R"({"cutoff":1150,"deleted":2,"kept_from_seq":3})");
    // Everything recorded before the cutoff: all gone, the numbering goes on.
    CHECK(log.delete_recorded_before(5000, system_audit) == 2);
    CHECK(log.count_for_citizen("me") == 0);
    CHECK(log.append(std::vector{entry("me", 6000)}).at(0).entry.seq == 5);
}

TEST_CASE_FIXTURE(LogFixture, "retention never deletes from the middle, also when the clock of "
                              "recording stepped back") {
    std::vector batch{entry("a", 100), entry("b", 300), entry("c", 200), entry("d", 400)};
    log.append(batch);
    // seq 3 was recorded at 200, before the cutoff, but after seq 2 (300), which stays: so
    // seq 3 stays too, and only seq 1 goes.
    CHECK(log.delete_recorded_before(250, system_audit) == 1);
    CHECK(log.count_for_citizen("c") == 1);
    CHECK(log.verify_chain().intact);
}

TEST_CASE_FIXTURE(LogFixture, "retention finds the first entry it keeps along the seq index") {
    const std::string p = plan(SqliteAccessLogRepository::first_kept_sql);
    CAPTURE(p);
    CHECK(p.find("USING INDEX sqlite_autoindex_access_log_1") != std::string::npos);
    CHECK(p.find("TEMP B-TREE") == std::string::npos);
}

TEST_CASE_FIXTURE(LogFixture, "known gap: a row removed at the chain's start, without a "
                              "retention run, leaves it intact; one removed at its end does not") {
    log.append(std::vector{entry("a", 1), entry("b", 2), entry("c", 3), entry("d", 4)});
    db.write([](SQLite::Database& c) { c.exec("DELETE FROM access_log WHERE seq = 1"); });
    const ChainCheck check = log.verify_chain();
    // The oldest remaining row is taken as the anchor: a false "intact", although the
    // retention runs account for no deleted row (the check at start and `einblick verify`
    // compare with the head, the tree and the checkpoints).
    CHECK(check.intact);
    CHECK(check.rows == 3);

    db.write([](SQLite::Database& c) { c.exec("DELETE FROM access_log WHERE seq = 4"); });
    // Entry 3's hash was stored as entry 4's prev_hash, and the head names entry 4: gone.
    const ChainCheck tail = log.verify_chain();
    CHECK_FALSE(tail.intact);
    CHECK(tail.first_broken_seq == 3);
    CHECK(db.read([](SQLite::Database& c) {
        return c.execAndGet("SELECT count(*) FROM retention_runs").getInt();
    }) == 0);
}

TEST_CASE_FIXTURE(LogFixture,
                  "the citizen history query uses its index and needs no sort, with any filter") {
    // Every combination of the filters GET /me/access-events allows, first page and later.
    for (const HistoryFilter& filter : every_filter_combination()) {
        for (bool with_cursor : {false, true}) {
            const std::string p =
                plan(SqliteAccessLogRepository::history_page_sql(filter, with_cursor));
            CAPTURE(p);
            CHECK(p.find("USING INDEX access_log_by_citizen") != std::string::npos);
            CHECK(p.find("TEMP B-TREE") == std::string::npos);
            CHECK(p.find("SCAN l") == std::string::npos);
        }
    }
}

TEST_CASE_FIXTURE(LogFixture,
                  "an agency's log for its DPO uses the agency index and needs no sort") {
    for (const HistoryFilter& filter : every_filter_combination()) {
        for (bool with_cursor : {false, true}) {
            const std::string p =
                plan(SqliteAccessLogRepository::agency_page_sql(filter, with_cursor));
            CAPTURE(p);
            CHECK(p.find("USING INDEX access_log_by_agency_time") != std::string::npos);
            CHECK(p.find("TEMP B-TREE") == std::string::npos);
            CHECK(p.find("SCAN l") == std::string::npos);
        }
    }
}

TEST_CASE_FIXTURE(LogFixture,
                  "tree nodes are read by the primary key, never by scanning the whole tree") {
    // Every append, root and proof reads its nodes with this statement; a scan made each of
    // them as slow as the log is long (265 appends/s at 100,000 entries).
    for (std::size_t count : {1U, 2U, 24U}) {
        const std::string p = plan(SqliteAccessLogRepository::tree_nodes_sql(count));
        CAPTURE(p);
        CHECK(p.find("SEARCH n USING INTEGER PRIMARY KEY (rowid=?)") != std::string::npos);
        CHECK(p.find("SCAN n") == std::string::npos);
        CHECK(p.find("SCAN log_tree_nodes") == std::string::npos);
    }
}

TEST_CASE_FIXTURE(LogFixture, "the integrity check's window reads its tree nodes by key range") {
    // The check at start and then periodically reads the nodes above the newest entries; a
    // scan of the tree would make it, and the start, as slow as the log is long.
    const std::string p = plan(SqliteLogWindow::parents_sql());
    CAPTURE(p);
    CHECK(p.find("SEARCH p USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)") != std::string::npos);
    CHECK(p.find("SEARCH l USING INTEGER PRIMARY KEY (rowid=?)") != std::string::npos);
    CHECK(p.find("SEARCH r USING INTEGER PRIMARY KEY (rowid=?)") != std::string::npos);
    CHECK(p.find("SCAN") == std::string::npos);
}

TEST_CASE_FIXTURE(LogFixture,
                  "access-check lookups and the DPO queue use indexes without sorting") {
    const std::string consent = plan(SqliteConsentRepository::valid_consent_sql());
    CAPTURE(consent);
    CHECK(consent.find("USING INDEX consents_by_citizen") != std::string::npos);
    CHECK(consent.find("TEMP B-TREE") == std::string::npos);
    const std::string block = plan(SqliteObjectionRepository::block_sql());
    CAPTURE(block);
    CHECK(block.find("USING INDEX objections_by_citizen") != std::string::npos);
    const std::string blocking = plan(SqliteObjectionRepository::blocking_sql());
    CAPTURE(blocking);
    CHECK(blocking.find("USING INDEX objections_queue (status=?)") != std::string::npos);
    for (const auto& filter : {ObjectionQueueFilter{std::nullopt, ObjectionStatus::Pending},
                               ObjectionQueueFilter{RowId{1}, ObjectionStatus::Pending}}) {
        const std::string queue = plan(SqliteObjectionRepository::queue_sql(filter));
        CAPTURE(queue);
        CHECK(queue.find("USING INDEX objections_queue") != std::string::npos);
        CHECK(queue.find("TEMP B-TREE") == std::string::npos);
    }
}

TEST_CASE_FIXTURE(LogFixture,
                  "the API-key look-up of every agency request searches the key index") {
    const std::string key = plan(SqliteAgencyRepository::find_by_api_key_hash_sql());
    CAPTURE(key);
    CHECK(key.find("SEARCH k USING INDEX") != std::string::npos);
    CHECK(key.find("SCAN") == std::string::npos);
}

namespace {

constexpr UnixMillis hour_ms = 3'600'000;

constexpr UnixMillis week_ms = 7 * 24 * hour_ms;

// weekly_access_counts by its definition, over the entries themselves: period k holds
// (now - (k + 1) weeks, now - k weeks].
std::map<std::pair<RowId, int>, std::int64_t>
weekly_by_definition(const std::vector<NewLogEntry>& entries, UnixMillis now, int weeks) {
    std::map<std::pair<RowId, int>, std::int64_t> counts;
    for (const NewLogEntry& e : entries) {
        if (e.kind == AccessKind::Access && e.occurred_at <= now &&
            e.occurred_at > now - weeks * week_ms) {
            ++counts[{e.agency_id, static_cast<int>((now - e.occurred_at) / week_ms)}];
        }
    }
    return counts;
}

std::map<std::pair<RowId, int>, std::int64_t> weekly_stored(AccessLogRepository& log,
                                                            UnixMillis now, int weeks) {
    std::map<std::pair<RowId, int>, std::int64_t> counts;
    for (const AgencyWeekCount& c : log.weekly_access_counts(now, weeks)) {
        CHECK(counts.emplace(std::pair{c.agency_id, c.weeks_ago}, c.accesses).second);
    }
    return counts;
}

// Accesses and checks of two agencies spread over the 15 weeks before `now`, some reported late.
std::vector<NewLogEntry> spread_entries(const LogFixture& f, RowId other, UnixMillis now) {
    std::vector<NewLogEntry> entries;
    std::uint64_t state = 42;
    for (int i = 0; i < 600; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const auto back = static_cast<UnixMillis>((state >> 17) % (15ULL * 7 * 24 * hour_ms));
        // Every fifth on the hour, to try the hours' edges.
        const UnixMillis at = i % 5 == 0 ? (now - back) - (now - back) % hour_ms : now - back;
        NewLogEntry e = f.entry("c" + std::to_string(i % 7), at);
        e.recorded_at = now;
        e.agency_id = i % 3 == 0 ? other : f.agency;
        e.kind = i % 4 == 0 ? AccessKind::Check : AccessKind::Access;
        entries.push_back(e);
    }
    return entries;
}

} // namespace

TEST_CASE_FIXTURE(LogFixture, "weekly access counts: the writer's hourly counts, and the log for "
                              "the periods' edges and the hours before the counts begin, give "
                              "the seven-day periods by definition") {
    const RowId other = agencies.create("b", "Other");
    const UnixMillis now = 1'795'867'200'000 + 1'234'567; // not on the hour
    // As if migration 11 had run five weeks ago: earlier hours are counted from the log.
    const std::int64_t counts_from = now / hour_ms - 5 * 168 + 3;
    db.write([&](SQLite::Database& c) {
        c.exec("UPDATE access_log_head SET counts_from_hour = " + std::to_string(counts_from));
    });
    std::vector<NewLogEntry> entries = spread_entries(*this, other, now);
    // And on, just before and just after the edges of the periods before `now` (20 minutes into
    // its hour), before a `later` 45 minutes into the same hour, and before the hour itself; and
    // on the edges of the hours those lie in.
    const UnixMillis on_the_hour = now - now % hour_ms;
    const UnixMillis later = on_the_hour + 45 * 60'000 + 7;
    for (int k = 0; k <= 14; ++k) {
        for (const UnixMillis edge :
             {now - k * week_ms, later - k * week_ms, on_the_hour - k * week_ms}) {
            for (const UnixMillis at : {edge - 1, edge, edge + 1, edge - edge % hour_ms,
                                        edge - edge % hour_ms + hour_ms}) {
                NewLogEntry e = entry("edge", at);
                e.recorded_at = now;
                entries.push_back(e);
            }
        }
    }
    // Reported late, with a time of access after the clock's `now`: counted by no period yet.
    NewLogEntry ahead = entry("ahead", now + 1);
    ahead.recorded_at = now;
    entries.push_back(ahead);
    for (std::size_t at = 0; at < entries.size(); at += 97) {
        log.append(std::span(entries).subspan(at, std::min<std::size_t>(97, entries.size() - at)));
    }
    const auto check_all = [&] {
        for (const UnixMillis when : {now, later, on_the_hour, on_the_hour + 1, on_the_hour - 1,
                                      now - 9 * 24 * hour_ms, later - 3 * week_ms}) {
            CAPTURE(when);
            for (const int weeks : {1, 6, 13}) {
                CAPTURE(weeks);
                CHECK(weekly_stored(log, when, weeks) ==
                      weekly_by_definition(entries, when, weeks));
            }
        }
    };
    check_all();
    // The counts beginning on an edge's hour, in the newest hour, and after `now`.
    for (const std::int64_t begin : {now / hour_ms - 2 * 168, now / hour_ms, now / hour_ms + 5}) {
        CAPTURE(begin);
        db.write([&](SQLite::Database& c) {
            c.exec("UPDATE access_log_head SET counts_from_hour = " + std::to_string(begin));
        });
        check_all();
    }
    const std::int64_t counted = db.read([&](SQLite::Database& c) {
        return c.execAndGet("SELECT coalesce(sum(accesses), 0) FROM access_counts_hourly")
            .getInt64();
    });
    CHECK(counted > 0);
    CHECK(counted < static_cast<std::int64_t>(entries.size()));
    const std::string counts_plan = plan(SqliteAccessLogRepository::weekly_counts_sql());
    CAPTURE(counts_plan);
    CHECK(counts_plan.find("SEARCH access_counts_hourly USING PRIMARY KEY (hour>? AND hour<?)") !=
          std::string::npos);
    const std::string hour_plan = plan(SqliteAccessLogRepository::hour_counts_sql());
    CAPTURE(hour_plan);
    CHECK(hour_plan.find("SEARCH access_counts_hourly USING PRIMARY KEY (hour=?)") !=
          std::string::npos);
    for (const char* sql : {SqliteAccessLogRepository::weekly_counts_from_log_sql(),
                            SqliteAccessLogRepository::log_counts_sql()}) {
        const std::string log_plan = plan(sql);
        CAPTURE(log_plan);
        CHECK(log_plan.find("USING INDEX access_log_by_time (occurred_at>? AND occurred_at<?)") !=
              std::string::npos);
    }
}

TEST_CASE("migration 11 counts the last 14 weeks of a log stored before it") {
    const einblick::testing::TempDir dir;
    const std::string path = dir.file("schema10.db");
    const UnixMillis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    std::vector<NewLogEntry> entries;
    {
        SqliteDatabase db(path);
        SqliteAgencyRepository agencies(db);
        SqliteAccessLogRepository log(db);
        LogFixture f;
        f.agency = agencies.create("a", "Agency");
        entries = spread_entries(f, agencies.create("b", "Other"), now);
        log.append(entries);
    }
    {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE);
        einblick::testing::undo_tree_by_last_leaf(raw);
        einblick::testing::undo_log_numbers(raw);
        raw.exec("DROP TABLE access_counts_hourly");
        raw.exec("ALTER TABLE access_log_head DROP COLUMN counts_from_hour");
        raw.exec("PRAGMA user_version = 10");
    }
    SqliteDatabase db(path);
    CHECK(db.schema_version() == sqlite::latest_schema_version());
    SqliteAccessLogRepository log(db);
    CHECK(weekly_stored(log, now, 13) == weekly_by_definition(entries, now, 13));
    // Hours from 14 weeks back are counted; the log's 15th week is not.
    const std::int64_t counted = db.read([&](SQLite::Database& c) {
        return c.execAndGet("SELECT sum(accesses) FROM access_counts_hourly").getInt64();
    });
    std::int64_t accesses_in_14_weeks = 0;
    for (const NewLogEntry& e : entries) {
        accesses_in_14_weeks += e.kind == AccessKind::Access &&
                                (e.occurred_at - 1) / hour_ms >= now / 3'600'000 - 14 * 168;
    }
    CHECK(counted <= accesses_in_14_weeks);
    CHECK(counted >= accesses_in_14_weeks - 10); // the hour the migration's clock turned over
}

TEST_SUITE_END();
