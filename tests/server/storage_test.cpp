#include "einblick/server/schema_steps.hpp"
#include "einblick/server/sqlite/migrations.hpp"
#include "held_writer.hpp"
#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <future>
#include <thread>
#include <vector>

using namespace einblick::server;
using einblick::UnixMillis;
using einblick::testing::HeldWriter;
using einblick::testing::TempDir;

// The SQLite storage itself: left out of the PostgreSQL run (tests/server/CMakeLists.txt).
TEST_SUITE_BEGIN("sqlite");

namespace {

void insert_agency(SQLite::Database& connection, const std::string& code) {
    SQLite::Statement insert(connection, "INSERT INTO agencies (code, name) VALUES (?, 'x')");
    insert.bind(1, code);
    insert.exec();
}

// Holds the writer while `burst` threads each call write(i) for their i, releases it once all
// have queued (so that they share one batch) and waits for them; whether all queued.
template <typename Write> bool write_burst(SqliteDatabase& db, std::size_t burst, Write write) {
    HeldWriter held(db);
    std::vector<std::thread> writers;
    for (std::size_t i = 0; i < burst; ++i) {
        writers.emplace_back([&write, i] { write(i); });
    }
    const bool all_queued = held.release_when_queued(db, burst);
    for (auto& writer : writers) {
        writer.join();
    }
    return all_queued;
}

int agency_count(SqliteDatabase& db) {
    return db.read(
        [](SQLite::Database& c) { return c.execAndGet("SELECT count(*) FROM agencies").getInt(); });
}

} // namespace

TEST_CASE("a new database is migrated to the latest schema version") {
    SqliteDatabase db(":memory:");
    CHECK(db.schema_version() == sqlite::latest_schema_version());
    CHECK(db.ping());
}

TEST_CASE("the shared schema steps are numbered 1, 2, 3, … without gaps, and named") {
    int expected = 1;
    for (const SchemaStep& step : schema_steps()) {
        CHECK(step.version == expected++);
        CHECK_FALSE(step.description.empty());
    }
    CHECK(latest_schema_version() == expected - 1);
}

TEST_CASE("SQLite has its SQL for every shared schema step, from step 1") {
    std::vector<int> versions;
    for (const sqlite::Migration& migration : sqlite::all_migrations()) {
        versions.push_back(migration.version);
        CHECK_FALSE(migration.sql.empty());
    }
    REQUIRE(versions.size() == schema_steps().size());
    CHECK(versions.front() == 1);
    CHECK(versions.back() == latest_schema_version());
    CHECK(sqlite::latest_schema_version() == latest_schema_version());
}

TEST_CASE("a backend's steps must be a baseline and then every later shared step") {
    const int latest = latest_schema_version();
    std::vector<int> every;
    for (int version = 1; version <= latest; ++version) {
        every.push_back(version);
    }
    CHECK_NOTHROW(require_every_step("from step 1", every));
    CHECK_NOTHROW(require_every_step("a baseline at the latest", std::vector{latest}));
    CHECK_NOTHROW(require_every_step("a baseline and the rest", std::vector{latest - 1, latest}));

    // A step added to the list but not to the backend.
    const std::string lagging = "Lagging's schema steps (" + std::to_string(latest - 1) + ")";
    CHECK_THROWS_WITH_AS(require_every_step("Lagging", std::vector{latest - 1}),
                         doctest::Contains(lagging.c_str()), std::logic_error);
    // A gap, a step out of order, a step the list does not know, none at all.
    CHECK_THROWS_AS(require_every_step("gap", std::vector{latest - 2, latest}), std::logic_error);
    CHECK_THROWS_AS(require_every_step("order", std::vector{latest, latest - 1}), std::logic_error);
    CHECK_THROWS_AS(require_every_step("unknown", std::vector{latest, latest + 1}),
                    std::logic_error);
    CHECK_THROWS_AS(require_every_step("none", std::vector<int>{}), std::logic_error);
    CHECK_THROWS_AS(require_every_step("zero", std::vector{0, 1}), std::logic_error);
}

TEST_CASE("a database from a newer build is refused, not damaged") {
    const TempDir dir;
    const std::string path = dir.file("newer.db");
    {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("PRAGMA user_version = 999");
    }
    CHECK_THROWS_WITH_AS(SqliteDatabase{path}, doctest::Contains("newer than this build"),
                         std::runtime_error);
}

TEST_CASE("one writer per database file: a second is refused until the first is gone") {
    const TempDir dir;
    const std::string path = dir.file("one.db");
    {
        SqliteDatabase first(path);
        CHECK_THROWS_WITH_AS(SqliteDatabase{path}, doctest::Contains("already open for writing"),
                             std::runtime_error);
        CHECK(first.ping()); // untouched by the attempt
        // Readers (a backup, the sqlite3 shell) are not writers: WAL lets them in.
        SQLite::Database reader(path, SQLite::OPEN_READONLY);
        CHECK(reader.execAndGet("PRAGMA user_version").getInt() == sqlite::latest_schema_version());
    }
    SqliteDatabase again(path);
    CHECK(again.ping());
    CHECK(std::filesystem::exists(path + ".lock"));
    // In-memory databases are private to their object: no lock file, any number of them.
    SqliteDatabase a(":memory:");
    SqliteDatabase b(":memory:");
    CHECK(a.ping());
    CHECK(b.ping());
}

TEST_CASE("commits wait for the disk, except while a new database is seeded") {
    const TempDir dir;
    SqliteDatabase db(dir.file("seed.db"));
    const auto synchronous = [&db] {
        return db.write([](SQLite::Database& c) {
            return c.execAndGet("PRAGMA synchronous").getInt(); // 1 NORMAL, 2 FULL
        });
    };
    CHECK(synchronous() == 2);
    db.set_commits_durable(false);
    CHECK(synchronous() == 1);
    db.set_commits_durable(true);
    CHECK(synchronous() == 2);
}

TEST_CASE("the writer keeps a job's statement journal in memory, not in a temporary file") {
    // Every job runs in a savepoint; its statement journal spilled into a temporary file for
    // each batch of events (seen with strace: 138 files in a short benchmark run).
    const TempDir dir;
    SqliteDatabase db(dir.file("journal.db"));
    CHECK(db.write([](SQLite::Database& c) {
        return c.execAndGet("PRAGMA temp_store").getInt(); // 2: MEMORY
    }) == 2);
}

TEST_CASE("the WAL is copied back into the file beside the writer, not in its commits") {
    const TempDir dir;
    const std::string path = dir.file("wal.db");
    SqliteDatabase db(path);
    db.write([](SQLite::Database& c) { c.exec("CREATE TABLE filler (b BLOB)"); });
    // About 1,200 pages of 4 KiB: past the threshold of 1,000.
    int rows = 0;
    for (int batch = 0; batch < 60 && db.wal_checkpoints() == 0; ++batch) {
        db.write([&rows](SQLite::Database& c) {
            SQLite::Statement insert(c, "INSERT INTO filler (b) VALUES (zeroblob(4000))");
            for (int i = 0; i < 20; ++i, ++rows) {
                insert.exec();
                insert.reset();
            }
        });
    }
    // The thread runs only on a core nobody else wants: beside other tests, that can take long.
    for (int waited = 0; waited < 6000 && db.wal_checkpoints() == 0; ++waited) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(db.wal_checkpoints() >= 1);
    // The statistics (and /metrics) count the thread's copies and the writer's finishes.
    const StorageStatistics statistics = db.statistics();
    REQUIRE(statistics.wal.has_value());
    CHECK(statistics.wal->checkpoints + statistics.wal->finishes == db.wal_checkpoints());
    // The database file alone, without its log, now holds the rows: a copy of it opens.
    const std::string copy = dir.file("copy.db");
    std::filesystem::copy_file(path, copy);
    SQLite::Database file_only(copy, SQLite::OPEN_READONLY);
    // The checkpoint was due at 1,000 pages of log, about 900 rows; it copied all of them.
    CHECK(file_only.execAndGet("SELECT count(*) FROM filler").getInt() >= 800);
    CHECK(rows >= 800);
}

namespace {

// Writes `jobs` jobs of about 20 pages of log each, one after the other.
void write_filler(SqliteDatabase& db, int jobs) {
    for (int job = 0; job < jobs; ++job) {
        db.write([](SQLite::Database& c) {
            SQLite::Statement insert(c, "INSERT INTO filler (b) VALUES (zeroblob(4000))");
            for (int i = 0; i < 20; ++i) {
                insert.exec();
                insert.reset();
            }
        });
    }
}

} // namespace

TEST_CASE("under continuous writing the writer finishes a checkpoint, and the log starts over") {
    const TempDir dir;
    const std::string path = dir.file("long.db");
    // A copy every 100 pages: the writer finishes the log at 1,600 pages (16 thresholds).
    constexpr int threshold = 100;
    SqliteDatabase db(path, threshold);
    db.write([](SQLite::Database& c) { c.exec("CREATE TABLE filler (b BLOB)"); });
    // About 20,000 pages of log in 1,000 commits. Left to the checkpoints beside the writer,
    // which never catch up with a log being appended to, the log file would grow to that. The
    // writer finishes a checkpoint once the log holds 16 thresholds; when the thread's own
    // checkpoint still holds the log just then, the log goes on a little before it starts
    // over. At 24 thresholds the writer waits for the thread and copies all it finds: the log
    // stays below 25 thresholds (a frame is a page and its 24-byte header).
    write_filler(db, 1000);
    const auto log_bytes = std::filesystem::file_size(path + "-wal");
    CHECK(log_bytes < 25u * threshold * (4096u + 24u));
    // Every finish is timed for /metrics, and so is every try that found the log still held;
    // each finish started the log over.
    const StorageStatistics statistics = db.statistics();
    REQUIRE(statistics.wal.has_value());
    CHECK(statistics.wal->finishes >= 1);
    // The writer finished short rests only: the thread copied the rest while the writer went
    // on (it copied up to 1,000 pages itself, and waited for the thread's copy, before). Only
    // when the thread got no core for long, beside other tests, was every finish overdue.
    MESSAGE("finishes of an overdue log: " << db.wal_finished_overdue());
    CHECK(db.wal_largest_rest_copied_by_writer() <= 128);
    CHECK((db.wal_largest_rest_copied_by_writer() > 0 ||
           db.wal_finished_overdue() == statistics.wal->finishes));
    CHECK(statistics.wal->restarts >= statistics.wal->finishes);
    std::uint64_t timed = 0;
    for (const std::uint64_t n : statistics.wal->finish_seconds.counts) {
        timed += n;
    }
    CHECK(timed >= statistics.wal->finishes);
    CHECK_FALSE(SqliteDatabase(":memory:").statistics().wal.has_value());
    CHECK(db.write([](SQLite::Database& c) {
        return c.execAndGet("SELECT count(*) FROM filler").getInt();
    }) == 20000);
}

TEST_CASE("when the writer has no work, a copy beside it lets the log start over unfinished") {
    // A finish holds every write that comes meanwhile. Between bursts of writes the thread's
    // copy catches up with the log instead, and SQLite starts it over in the next transaction.
    const TempDir dir;
    const std::string path = dir.file("idle.db");
    SqliteDatabase db(path); // a copy every 1,000 pages, asked for by the commits
    db.write([](SQLite::Database& c) {
        c.exec("CREATE TABLE filler (b BLOB)");
        c.exec("CREATE TABLE tick (n INTEGER)");
        c.exec("INSERT INTO tick (n) VALUES (0)");
    });
    write_filler(db, 205); // about 4,100 pages: past 4 thresholds, below the finish at 16
    REQUIRE(db.statistics().wal->restarts == 0);
    // Pauses between writes of one page each: after each, with no work left, the writer asks
    // for a copy. Fewer than 800 of them stay below the commits' next request near 5,100 pages,
    // so only the writer's asking can make the log start over. The thread runs only on a core
    // nobody else wants: beside other tests that can take long, so the pauses grow.
    int pauses = 0;
    for (; pauses < 800 && db.statistics().wal->restarts == 0; ++pauses) {
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(20 + pauses, 100)));
        db.write([](SQLite::Database& c) { c.exec("UPDATE tick SET n = n + 1"); });
    }
    MESSAGE("writes until the log started over: " << pauses);
    const StorageStatistics statistics = db.statistics();
    CHECK(statistics.wal->restarts >= 1);
    CHECK(statistics.wal->finishes == 0); // nobody waited for the writer's finish
    CHECK(db.wal_largest_rest_copied_by_writer() == 0);
    CHECK(db.write([](SQLite::Database& c) {
        return c.execAndGet("SELECT count(*) FROM filler").getInt();
    }) == 4100);
}

TEST_CASE("agencies are found by code and by an unrevoked API key hash") {
    SqliteDatabase db(":memory:");
    SqliteAgencyRepository agencies(db);
    const RowId id = agencies.create("kfz", "Kfz-Zulassung");
    CHECK(agencies.find_by_code("kfz")->id == id);
    CHECK(agencies.find_by_id(id)->name == "Kfz-Zulassung");
    CHECK_FALSE(agencies.find_by_code("nope").has_value());
    const Bytes hash(32, 1);
    const AuditEntry audit{1, ActorRole::System, {}, "api_key.created", "api_key", {}, "{}"};
    const RowId key = agencies.add_api_key(id, hash, "test", audit);
    CHECK(agencies.find_by_api_key_hash(hash)->code == "kfz");
    CHECK_FALSE(agencies.find_by_api_key_hash(Bytes(32, 2)).has_value());
    agencies.revoke_api_key(id, key, audit);
    CHECK_FALSE(agencies.find_by_api_key_hash(hash).has_value());
    CHECK_THROWS_AS(agencies.revoke_api_key(id, key, audit), NotFoundError);
    CHECK(agencies.list_api_keys(id).at(0).revoked_at.has_value());
    CHECK_THROWS(agencies.create("kfz", "duplicate"));
}

TEST_CASE("accounts and sessions are stored and expire") {
    SqliteDatabase db(":memory:");
    SqliteAccountRepository accounts(db);
    SqliteSessionRepository sessions(db);
    const RowId id = accounts.create({"erika", "hash", "Erika", AccountRole::Citizen, "p1", {}}, 0);
    CHECK(accounts.find_by_username("erika")->citizen_pseudonym == "p1");
    CHECK(accounts.find_by_id(id)->username == "erika");
    CHECK_FALSE(accounts.find_by_username("ERIKA").has_value());
    // The schema refuses a citizen without pseudonym and agency staff without agency.
    CHECK_THROWS(accounts.create({"x", "hash", "X", AccountRole::Citizen, {}, {}}, 0));
    CHECK_THROWS(accounts.create({"y", "hash", "Y", AccountRole::Agency, {}, {}}, 0));

    sessions.create({Bytes(32, 9), id, 1000, 1000});
    CHECK(sessions.find(Bytes(32, 9))->account_id == id);
    sessions.touch(Bytes(32, 9), 5000);
    CHECK(sessions.find(Bytes(32, 9))->last_seen_at == 5000);
    CHECK(sessions.remove_expired(4000, 0) == 0);
    CHECK(sessions.remove_expired(6000, 0) == 1);
    CHECK_FALSE(sessions.find(Bytes(32, 9)).has_value());
}

TEST_CASE("writes that queue up while the writer is busy share one commit") {
    const TempDir dir;
    SqliteDatabase db(dir.file("group-commit.db"));
    constexpr std::size_t burst = 16;
    const WriteStatistics before = db.write_statistics();

    CHECK(write_burst(db, burst, [&db](std::size_t i) {
        db.write([i](SQLite::Database& c) { insert_agency(c, "a" + std::to_string(i)); });
    }));

    const WriteStatistics after = db.write_statistics();
    CHECK(after.writes - before.writes == burst + 1);
    // One commit for the held job, one for the whole burst: fewer commits than writes.
    CHECK(after.commits - before.commits == 2);
    CHECK(after.commits - before.commits < burst);
    CHECK(agency_count(db) == static_cast<int>(burst));
}

TEST_CASE("a write that fails inside a group commit is undone alone, the others are stored") {
    const TempDir dir;
    SqliteDatabase db(dir.file("group-commit-failure.db"));
    db.write([](SQLite::Database& c) { insert_agency(c, "dup"); });
    constexpr std::size_t burst = 20;
    const WriteStatistics before = db.write_statistics();

    std::atomic<int> failures{0};
    CHECK(write_burst(db, burst, [&](std::size_t i) {
        try {
            // Every fifth write breaks the UNIQUE constraint on code.
            const std::string code = i % 5 == 0 ? "dup" : "a" + std::to_string(i);
            db.write([&code](SQLite::Database& c) { insert_agency(c, code); });
        } catch (const SQLite::Exception&) {
            ++failures;
        }
    }));

    CHECK(db.write_statistics().commits - before.commits == 2); // the failures were in the batch
    CHECK(failures == 4);
    CHECK(agency_count(db) == 1 + 16);
}

TEST_CASE("a write that fails after changing rows is undone alone, and the others' results hold") {
    // Writes run without savepoints until one fails after it changed rows: then the batch is
    // rolled back and run again, each write in a savepoint. The writes before the failing one
    // run twice, and what their callers get must be what was stored the second time.
    const TempDir dir;
    SqliteDatabase db(dir.file("group-commit-rerun.db"));
    constexpr std::size_t burst = 12;
    const WriteStatistics before = db.write_statistics();

    std::vector<RowId> ids(burst, 0);
    std::vector<int> runs(burst, 0); // each only touched by the writer thread
    std::atomic<int> failures{0};
    CHECK(write_burst(db, burst, [&](std::size_t i) {
        try {
            ids[i] = db.write([&, i](SQLite::Database& c) {
                ++runs[i];
                insert_agency(c, "r" + std::to_string(i));
                if (i == burst / 2) {
                    throw std::runtime_error("after the insert");
                }
                return c.getLastInsertRowid();
            });
        } catch (const std::runtime_error&) {
            ++failures;
        }
    }));

    CHECK(db.write_statistics().commits - before.commits == 2); // one batch for the burst
    CHECK(failures == 1);
    CHECK(agency_count(db) == static_cast<int>(burst) - 1);
    CHECK(db.read([](SQLite::Database& c) {
        SQLite::Statement failed(c, "SELECT count(*) FROM agencies WHERE code = ?");
        failed.bind(1, "r" + std::to_string(burst / 2));
        failed.executeStep();
        return failed.getColumn(0).getInt();
    }) == 0);
    CHECK(runs[burst / 2] == 2); // it failed, undone with the batch, and failed again alone
    for (std::size_t i = 0; i < burst; ++i) {
        // Those queued before it ran twice, those after it once.
        CHECK((runs[i] == 1 || runs[i] == 2));
        if (i == burst / 2) {
            continue;
        }
        const std::string stored_code = db.read([&](SQLite::Database& c) {
            SQLite::Statement query(c, "SELECT code FROM agencies WHERE id = ?");
            query.bind(1, ids[i]);
            return query.executeStep() ? query.getColumn(0).getString() : std::string();
        });
        CHECK(stored_code == "r" + std::to_string(i)); // the id the caller got is its row's
    }
}

TEST_CASE("a write that fails before changing anything costs the others no second run") {
    const TempDir dir;
    SqliteDatabase db(dir.file("group-commit-no-rerun.db"));
    constexpr std::size_t burst = 10;

    std::vector<int> runs(burst, 0);
    std::atomic<int> failures{0};
    CHECK(write_burst(db, burst, [&](std::size_t i) {
        try {
            db.write([&, i](SQLite::Database& c) {
                ++runs[i];
                if (i % 3 == 0) {
                    // a precondition that does not hold, found by reading
                    c.execAndGet("SELECT count(*) FROM agencies");
                    throw std::runtime_error("precondition");
                }
                insert_agency(c, "n" + std::to_string(i));
            });
        } catch (const std::runtime_error&) {
            ++failures;
        }
    }));

    CHECK(failures == 4);
    CHECK(agency_count(db) == static_cast<int>(burst) - 4);
    for (std::size_t i = 0; i < burst; ++i) {
        CHECK(runs[i] == 1);
    }
}

TEST_SUITE_END();
