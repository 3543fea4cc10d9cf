// Readiness that tells the truth: a write the disk refuses (full, I/O error) is answered 503
// with Retry-After and stores nothing, /health/ready says 503 from then on, and both recover
// once a write succeeds again. The faults are real SQLite I/O errors, from a VFS that wraps the
// system's and fails every write and sync while told to.

#include "einblick/server/sqlite/database.hpp"
#include "einblick/server/sqlite_storage.hpp"
#include "malformed_input.hpp"
#include "temp_dir.hpp"

#include <atomic>
#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

using namespace einblick::testing;
using nlohmann::json;

// The SQLite storage itself: left out of the PostgreSQL run (tests/server/CMakeLists.txt).
TEST_SUITE_BEGIN("sqlite");

namespace {

std::atomic<bool> disk_failing{false};
sqlite3_vfs* system_vfs = nullptr;

struct FaultFile {
    sqlite3_file base;
    sqlite3_file* real; // the system VFS's file, right behind this struct
};

sqlite3_file* real(sqlite3_file* file) {
    return reinterpret_cast<FaultFile*>(file)->real;
}
const sqlite3_io_methods& real_io(sqlite3_file* file) {
    return *real(file)->pMethods;
}

int fault_write(sqlite3_file* f, const void* data, int n, sqlite3_int64 offset) {
    return disk_failing ? SQLITE_FULL : real_io(f).xWrite(real(f), data, n, offset);
}
int fault_sync(sqlite3_file* f, int flags) {
    return disk_failing ? SQLITE_IOERR_FSYNC : real_io(f).xSync(real(f), flags);
}

// Everything else goes to the system's file as it is.
const sqlite3_io_methods fault_io{
    3,
    [](sqlite3_file* f) { return real_io(f).xClose(real(f)); },
    [](sqlite3_file* f, void* data, int n, sqlite3_int64 offset) {
        return real_io(f).xRead(real(f), data, n, offset);
    },
    fault_write,
    [](sqlite3_file* f, sqlite3_int64 size) { return real_io(f).xTruncate(real(f), size); },
    fault_sync,
    [](sqlite3_file* f, sqlite3_int64* size) { return real_io(f).xFileSize(real(f), size); },
    [](sqlite3_file* f, int level) { return real_io(f).xLock(real(f), level); },
    [](sqlite3_file* f, int level) { return real_io(f).xUnlock(real(f), level); },
    [](sqlite3_file* f, int* out) { return real_io(f).xCheckReservedLock(real(f), out); },
    [](sqlite3_file* f, int op, void* arg) { return real_io(f).xFileControl(real(f), op, arg); },
    [](sqlite3_file* f) { return real_io(f).xSectorSize(real(f)); },
    [](sqlite3_file* f) { return real_io(f).xDeviceCharacteristics(real(f)); },
    [](sqlite3_file* f, int page, int size, int extend, void volatile** out) {
        return real_io(f).xShmMap(real(f), page, size, extend, out);
    },
    [](sqlite3_file* f, int offset, int n, int flags) {
        return real_io(f).xShmLock(real(f), offset, n, flags);
    },
    [](sqlite3_file* f) { real_io(f).xShmBarrier(real(f)); },
    [](sqlite3_file* f, int remove) { return real_io(f).xShmUnmap(real(f), remove); },
    [](sqlite3_file* f, sqlite3_int64 offset, int n, void** out) {
        return real_io(f).xFetch(real(f), offset, n, out);
    },
    [](sqlite3_file* f, sqlite3_int64 offset, void* page) {
        return real_io(f).xUnfetch(real(f), offset, page);
    },
};

int fault_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out) {
    auto* wrapper = reinterpret_cast<FaultFile*>(file);
    wrapper->real = reinterpret_cast<sqlite3_file*>(wrapper + 1);
    const int rc = system_vfs->xOpen(system_vfs, name, wrapper->real, flags, out);
    wrapper->base.pMethods = wrapper->real->pMethods != nullptr ? &fault_io : nullptr;
    return rc;
}

// The default VFS while it lives: every database opened meanwhile can be made to fail. Made
// before and gone after the databases that use it.
class FaultyDisk {
public:
    FaultyDisk() {
        system_vfs = sqlite3_vfs_find(nullptr);
        REQUIRE(system_vfs->iVersion >= 1);
        vfs_ = *system_vfs; // the system's own methods for names, randomness, time
        vfs_.zName = "einblick-faulty-disk";
        vfs_.szOsFile = static_cast<int>(sizeof(FaultFile)) + system_vfs->szOsFile;
        vfs_.xOpen = fault_open;
        REQUIRE(sqlite3_vfs_register(&vfs_, 1) == SQLITE_OK);
    }
    ~FaultyDisk() {
        disk_failing = false;
        sqlite3_vfs_unregister(&vfs_);
    }
    FaultyDisk(const FaultyDisk&) = delete;
    FaultyDisk& operator=(const FaultyDisk&) = delete;

    void fail(bool failing) { disk_failing = failing; }

private:
    sqlite3_vfs vfs_{};
};

std::int64_t rows_of(SqliteDatabase& db) {
    return db.read(
        [](SQLite::Database& c) { return c.execAndGet("SELECT count(*) FROM t").getInt64(); });
}

} // namespace

TEST_CASE("storage faults: a refused write is StorageUnavailable and ping fails until a write "
          "succeeds") {
    FaultyDisk disk;
    const TempDir dir;
    SqliteDatabase db(dir.file("fault.db"));
    db.write([](SQLite::Database& c) { c.exec("CREATE TABLE t (x INTEGER)"); });
    CHECK(db.ping());

    disk.fail(true);
    CHECK_THROWS_AS(db.write([](SQLite::Database& c) { c.exec("INSERT INTO t VALUES (1)"); }),
                    StorageUnavailable);
    CHECK_FALSE(db.ping());
    CHECK_FALSE(db.ping()); // its own probe write fails as well
    // A failure of the request's own (here: SQL) is no storage failure and no recovery either.
    CHECK_THROWS_AS(db.write([](SQLite::Database& c) { c.exec("INSERT INTO nowhere VALUES (1)"); }),
                    SQLite::Exception);
    CHECK_FALSE(db.ping());

    disk.fail(false);
    db.write([](SQLite::Database& c) { c.exec("INSERT INTO t VALUES (2)"); });
    CHECK(db.ping());
    CHECK(rows_of(db) == 1); // only the write that was acknowledged
}

TEST_CASE("storage faults: readiness comes back by its own probe write, without traffic") {
    FaultyDisk disk;
    const TempDir dir;
    SqliteDatabase db(dir.file("probe.db"));
    disk.fail(true);
    CHECK_THROWS_AS(db.write([](SQLite::Database& c) { c.exec("CREATE TABLE t (x INTEGER)"); }),
                    StorageUnavailable);
    CHECK_FALSE(db.ping());
    disk.fail(false);
    CHECK(db.ping());
}

TEST_CASE("storage faults: over HTTP a refused write is 503 with Retry-After, nothing stored, "
          "and ready is 503 until a write succeeds") {
    FaultyDisk disk;
    const TempDir dir;
    TestBackend t({}, dir.file("http.db"));
    const AgencyRecord agency = t.add_agency("kfz-x", "Kfz-Zulassungsbehörde X");
    const std::string key = t.add_api_key(agency);
    const RowId purpose = t.approved_purpose(agency);
    RunningServer server(t);
    httplib::Client client("127.0.0.1", server.port());
    const httplib::Headers auth{{"Authorization", "Bearer " + key}};
    const std::string body = R"({"citizen_id":")" + valid_citizen_id("4567890123") +
                             R"(","purpose_id":)" + std::to_string(purpose) +
                             R"(,"register":"melderegister","data_categories":["address"]})";
    const auto stored_events = [&] {
        return t.backend->sqlite()->database.read([](SQLite::Database& c) {
            return c.execAndGet("SELECT count(*) FROM access_log").getInt64();
        });
    };
    REQUIRE(client.Get("/health/ready")->status == 200);
    const auto before = stored_events();

    disk.fail(true);
    const auto refused = client.Post("/api/v1/access-events", auth, body, "application/json");
    const json problem = check_problem(refused, 503);
    CHECK(problem.value("type", "") == "urn:einblick:problem:unavailable");
    CHECK(refused->get_header_value("Retry-After") == "30");
    check_problem(client.Get("/health/ready"), 503);
    // A check that would be logged is refused the same way: no answer without its record.
    check_problem(client.Post("/api/v1/access-checks", auth, body, "application/json"), 503);

    disk.fail(false);
    CHECK(stored_events() == before); // nothing acknowledged, nothing stored
    CHECK(client.Post("/api/v1/access-events", auth, body, "application/json")->status == 201);
    CHECK(client.Get("/health/ready")->status == 200);
    CHECK(stored_events() == before + 1);
}

TEST_SUITE_END();
