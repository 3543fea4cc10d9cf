// The prepared-statement cache of SqliteConnection: reuse, reset on release, nested uses, its
// bound, and statements that stay usable after a failed write job.
#include "einblick/server/sqlite/connection.hpp"
#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <stdexcept>
#include <vector>

using namespace einblick::server;
using einblick::testing::TempDir;

// The SQLite storage itself: left out of the PostgreSQL run (tests/server/CMakeLists.txt).
TEST_SUITE_BEGIN("sqlite");

namespace {

const int read_write = SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
const std::string select_all = "SELECT x FROM t ORDER BY x";

// The statements SQLite holds prepared on the connection, and how many of them are mid-way
// (stepped and not reset).
struct LiveStatements {
    int prepared = 0;
    int busy = 0;
};

LiveStatements live_statements(SQLite::Database& connection) {
    LiveStatements live;
    for (sqlite3_stmt* s = sqlite3_next_stmt(connection.getHandle(), nullptr); s != nullptr;
         s = sqlite3_next_stmt(connection.getHandle(), s)) {
        ++live.prepared;
        live.busy += sqlite3_stmt_busy(s) != 0 ? 1 : 0;
    }
    return live;
}

void fill(SQLite::Database& connection, int rows) {
    connection.exec("CREATE TABLE t (x INTEGER PRIMARY KEY)");
    for (int x = 1; x <= rows; ++x) {
        connection.exec("INSERT INTO t (x) VALUES (" + std::to_string(x) + ")");
    }
}

std::vector<int> all_rows(SqliteConnection& connection) {
    auto query = connection.cached(select_all);
    std::vector<int> rows;
    while (query->executeStep()) {
        rows.push_back(query->getColumn(0).getInt());
    }
    return rows;
}

} // namespace

TEST_CASE("a connection prepares a statement once and hands out the same one again") {
    SqliteConnection c(":memory:", read_write);
    fill(c, 3);
    CHECK(all_rows(c) == std::vector<int>{1, 2, 3});
    CHECK(c.statements_prepared() == 1);
    CHECK(c.cached_statements() == 1);
    CHECK(live_statements(c).prepared == 1); // kept prepared between uses
    CHECK(all_rows(c) == std::vector<int>{1, 2, 3});
    CHECK(all_rows(c) == std::vector<int>{1, 2, 3});
    CHECK(c.statements_prepared() == 1);
    CHECK(live_statements(c).prepared == 1);
    auto again = c.cached(select_all);
    CHECK(again.is_cached());
}

TEST_CASE("a cached statement released mid-way is reset: its read snapshot ends") {
    const TempDir dir;
    const std::string path = dir.file("snapshot.db");
    SQLite::Database writer(path, read_write);
    writer.exec("PRAGMA journal_mode = WAL");
    fill(writer, 3);
    SqliteConnection reader(path, SQLite::OPEN_READONLY);
    {
        auto query = reader.cached(select_all);
        REQUIRE(query->executeStep()); // one row of three: the read transaction is open
        CHECK(query->getColumn(0).getInt() == 1);
        CHECK(live_statements(reader).busy == 1);
    }
    CHECK(live_statements(reader).busy == 0);
    writer.exec("INSERT INTO t (x) VALUES (4)");
    // A statement left mid-way would keep the connection on its old snapshot (three rows).
    CHECK(reader.execAndGet("SELECT count(*) FROM t").getInt() == 4);
    CHECK(all_rows(reader) == std::vector<int>{1, 2, 3, 4});
    CHECK(reader.statements_prepared() == 1);
}

TEST_CASE("a nested use of the same SQL gets a statement of its own") {
    SqliteConnection c(":memory:", read_write);
    fill(c, 3);
    {
        auto outer = c.cached(select_all);
        REQUIRE(outer->executeStep());
        CHECK(outer->getColumn(0).getInt() == 1);
        {
            auto inner = c.cached(select_all);
            CHECK(&*inner != &*outer);
            CHECK_FALSE(inner.is_cached());
            std::vector<int> rows;
            while (inner->executeStep()) {
                rows.push_back(inner->getColumn(0).getInt());
            }
            CHECK(rows == std::vector<int>{1, 2, 3});
        }
        REQUIRE(outer->executeStep()); // undisturbed by the inner use
        CHECK(outer->getColumn(0).getInt() == 2);
    }
    CHECK(c.cached_statements() == 1);
    CHECK(live_statements(c).prepared == 1); // the nested one is finalized with its handle
    CHECK(all_rows(c) == std::vector<int>{1, 2, 3});
    CHECK(c.statements_prepared() == 2);
}

TEST_CASE("the statement cache keeps at most its capacity, dropping the least recently used") {
    SqliteConnection c(":memory:", read_write, 2);
    fill(c, 1);
    const std::string a = "SELECT x FROM t WHERE x = 1";
    const std::string b = "SELECT x FROM t WHERE x = 2";
    const std::string d = "SELECT x FROM t WHERE x = 3";
    const auto use = [&c](const std::string& sql) { c.cached(sql)->executeStep(); };
    use(a);
    use(b);
    use(a); // a is now the most recently used
    use(d); // makes way: b goes
    CHECK(c.cached_statements() == 2);
    CHECK(live_statements(c).prepared == 2);
    CHECK(c.statements_prepared() == 3);
    use(a);
    CHECK(c.statements_prepared() == 3); // kept
    use(b);
    CHECK(c.statements_prepared() == 4); // dropped before, prepared again
    CHECK(c.cached_statements() == 2);
    // With every cached statement checked out, a new SQL text is served but not cached.
    auto first = c.cached(a);
    auto second = c.cached(b);
    auto third = c.cached(d);
    CHECK_FALSE(third.is_cached());
    CHECK(c.cached_statements() == 2);
}

TEST_CASE("a failed write job leaves its cached statements usable for the next") {
    const TempDir dir;
    SqliteDatabase db(dir.file("failing.db"));
    const auto store = [&db](int x) {
        db.write([x](SqliteConnection& c) {
            auto statement = c.cached("INSERT INTO t (x) VALUES (?)");
            statement->bind(1, x);
            statement->exec();
        });
    };
    const auto prepared = [&db] {
        return db.write([](SqliteConnection& c) { return c.statements_prepared(); });
    };
    const auto round = [&](int x, const std::vector<int>& expected) {
        CHECK_THROWS_AS(store(1), SQLite::Exception); // the key exists: the step fails
        store(x);
        // A job that gives up half-way through the rows of a SELECT.
        CHECK_THROWS_AS(db.write([](SqliteConnection& c) {
            auto query = c.cached(select_all);
            REQUIRE(query->executeStep());
            throw std::runtime_error("the job gives up");
        }),
                        std::runtime_error);
        CHECK(db.write([](SqliteConnection& c) { return all_rows(c); }) == expected);
        CHECK(db.read([](SqliteConnection& c) { return all_rows(c); }) == expected);
    };
    db.write([](SqliteConnection& c) { c.exec("CREATE TABLE t (x INTEGER PRIMARY KEY)"); });
    store(1);
    round(2, {1, 2});
    const std::uint64_t after_first_round = prepared();
    round(3, {1, 2, 3});
    CHECK(prepared() == after_first_round); // the same statements again, none prepared anew
}

TEST_CASE("the writer's and the readers' connections take no SQLite mutex per call") {
    // Each is used by one thread at a time; SQLite's own mutex only cost every call a lock.
    const TempDir dir;
    SqliteDatabase db(dir.file("no-mutex.db"));
    CHECK(db.write([](SqliteConnection& c) { return sqlite3_db_mutex(c.getHandle()); }) == nullptr);
    CHECK(db.read([](SqliteConnection& c) { return sqlite3_db_mutex(c.getHandle()); }) == nullptr);
}

TEST_CASE("configure_sqlite_library turns SQLite's memory statistics and their lock off") {
    // CTest runs each case in a process of its own, and every earlier case of a whole-file run
    // closed its connections: SQLite may be shut down and set up again here.
    REQUIRE(sqlite3_shutdown() == SQLITE_OK);
    REQUIRE(configure_sqlite_library());
    sqlite3_int64 in_use = -1;
    sqlite3_int64 highest = -1;
    // The highest mark outlives a shutdown: start it again.
    REQUIRE(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &in_use, &highest, 1) == SQLITE_OK);
    SQLite::Database c(":memory:", read_write);
    c.exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES (zeroblob(100000))");
    REQUIRE(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &in_use, &highest, 0) == SQLITE_OK);
    CHECK(in_use == 0); // not counted
    CHECK(highest == 0);
}

TEST_CASE("appending to the access log prepares its statements once, not per entry") {
    SqliteDatabase db(":memory:");
    SqliteAgencyRepository agencies(db);
    SqliteAccessLogRepository log(db);
    const RowId agency = agencies.create("a", "Agency");
    const auto append = [&](int count) {
        for (int i = 0; i < count; ++i) {
            NewLogEntry e;
            e.kind = AccessKind::Access;
            e.outcome = AccessOutcome::Allowed;
            e.reason = to_text(einblick::api::AccessReason::Allowed);
            e.citizen_pseudonym = "citizen";
            e.agency_id = agency;
            e.register_code = "melderegister";
            e.data_categories = {"address"};
            e.legal_basis = "§ 34 BMG";
            e.occurred_at = 1000 + i;
            e.recorded_at = 1000 + i;
            e.idempotency_key = "key-" + std::to_string(i) + "-" + std::to_string(count);
            e.request_hash = Bytes(32, static_cast<unsigned char>(i));
            log.append(std::span(&e, 1));
        }
    };
    const auto prepared = [&db] {
        return db.write([](SqliteConnection& c) { return c.statements_prepared(); });
    };
    append(64);
    const std::uint64_t warm = prepared();
    append(63);
    // Only the tree's node reads of a node count not seen before may still be new (at most a
    // few); one prepare per statement per entry would be hundreds.
    CHECK(prepared() - warm <= 4);
    CHECK(log.verify_chain().intact);
    CHECK(log.verify_chain().rows == 127);
}

TEST_SUITE_END();
