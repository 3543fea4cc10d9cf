#include "einblick/server/sqlite/migrations.hpp"
#include "test_backend.hpp"

#include <SQLiteCpp/Statement.h>
#include <atomic>
#include <doctest/doctest.h>
#include <thread>

using namespace einblick::server;
using einblick::UnixMillis;

TEST_CASE("a new database is migrated to the latest schema version") {
    SqliteDatabase db(":memory:");
    CHECK(db.schema_version() == sqlite::latest_schema_version());
    CHECK(db.ping());
}

TEST_CASE("migrations are numbered 1, 2, 3, … without gaps") {
    int expected = 1;
    for (const sqlite::Migration& migration : sqlite::all_migrations()) {
        CHECK(migration.version == expected++);
        CHECK_FALSE(migration.description.empty());
    }
}

TEST_CASE("a database from a newer build is refused, not damaged") {
    const std::string path = "/tmp/einblick-newer-schema-test.db";
    std::remove(path.c_str());
    {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("PRAGMA user_version = 999");
    }
    CHECK_THROWS_WITH_AS(SqliteDatabase{path}, doctest::Contains("newer than this build"),
                         std::runtime_error);
    std::remove(path.c_str());
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

TEST_CASE("a write that fails inside a group commit leaves the others stored") {
    const std::string path = "/tmp/einblick-group-commit-test.db";
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::remove((path + suffix).c_str());
    }
    SqliteDatabase db(path);
    db.write([](SQLite::Database& c) { c.exec("DELETE FROM agencies"); });
    std::vector<std::thread> writers;
    std::atomic<int> failures{0};
    for (int i = 0; i < 40; ++i) {
        writers.emplace_back([&, i] {
            try {
                db.write([i](SQLite::Database& c) {
                    // Every fifth write breaks the UNIQUE constraint on code.
                    const std::string code = i % 5 == 0 ? "dup" : "a" + std::to_string(i);
                    SQLite::Statement insert(c,
                                             "INSERT INTO agencies (code, name) VALUES (?, 'x')");
                    insert.bind(1, code);
                    insert.exec();
                });
            } catch (const SQLite::Exception&) {
                ++failures;
            }
        });
    }
    for (auto& w : writers) {
        w.join();
    }
    CHECK(failures == 7); // 8 writes want "dup"; the first wins
    CHECK(db.read([](SQLite::Database& c) {
        return c.execAndGet("SELECT count(*) FROM agencies").getInt();
    }) == 33);
    const auto stats = db.write_statistics();
    CHECK(stats.writes >= 41);
    CHECK(stats.commits <= stats.writes);
}
