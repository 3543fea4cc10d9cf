#pragma once
// The whole server stack on an in-memory database with a manual clock, for service and HTTP
// tests, plus helpers to set up agencies, accounts and approved purposes.

#include "einblick/server/backend.hpp"
#include "einblick/server/service_error.hpp"
// The tests run on SQLite and reach its classes (and Backend::sqlite()) through here.
#include "einblick/server/sqlite_storage.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace einblick::testing {

using namespace einblick::server;
using einblick::format_rfc3339_utc;
using einblick::UnixMillis;
namespace api = einblick::api;

// 2026-11-28T12:00:00Z: a fixed "now" for tests.
inline constexpr UnixMillis test_now = 1'795'867'200'000;
inline constexpr UnixMillis day = 86'400'000;

// Cheap password hashing for tests (production keeps the OWASP floor).
inline const PasswordHashing fast_hashing{1, 8 * 1024};

std::string valid_citizen_id(std::string_view first_ten);

// The kind of the ServiceError `call` throws; fails the test when it throws none.
ErrorKind service_error_of(const std::function<void()>& call);

// A purpose as the tests usually want it: public task, address from the population register.
api::PurposeContent sample_purpose(std::string name = "Zulassung eines Fahrzeugs",
                                   std::string gdpr_basis = "A6-1-e");

// The throwaway cluster's postgresql:// URL when this run tests on PostgreSQL: the CTest entries
// registered for it name the file holding it in EINBLICK_TEST_PG_URL_FILE. Nothing: on SQLite.
std::optional<std::string> postgres_url_for_tests();

// The database a test of the real executable gives `--db`: on SQLite the file `sqlite_path`
// (not created here); on PostgreSQL (postgres_url_for_tests) an empty schema of its own in the
// cluster, named in the URL's options (options=-csearch_path=...), so that ctest -j runs cases
// side by side, and dropped with everything in it at the end.
class TestDatabase {
public:
    explicit TestDatabase(std::string sqlite_path);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    bool postgresql() const { return !schema_.empty(); }
    // What `--db` gets: the file's path or the schema's URL.
    const std::string& db() const { return db_; }
    // Runs `sql` (statements separated by ';') in the schema, on PostgreSQL only: as an
    // operator's psql session or an attacker with the database's credentials would.
    void execute(const std::string& sql) const;

private:
    std::string cluster_url_;
    std::string schema_;
    std::string db_;
};

struct TestBackend {
    // In memory unless a test needs a file (what touches the disk: WAL, I/O faults), or a
    // TestDatabase's postgresql:// URL (the database a real executable is to work on after).
    // `configure` may change the options before the backend is built (keys, witnesses).
    explicit TestBackend(ThrottleLimits throttle = {}, std::string database_path = ":memory:",
                         const std::function<void(BackendOptions&)>& configure = {});

    // A citizen account with this password, pseudonym derived from the identifier.
    RowId add_citizen(const std::string& username, const std::string& password,
                      const std::string& citizen_id);
    RowId add_dpo(const std::string& username, const std::string& password,
                  std::optional<RowId> agency = std::nullopt);
    RowId add_agency_staff(const std::string& username, const std::string& password, RowId agency);
    AgencyRecord add_agency(const std::string& code, const std::string& name);
    std::string add_api_key(const AgencyRecord& agency);
    // Proposed by the agency and approved by an all-agencies DPO created on first use.
    RowId approved_purpose(const AgencyRecord& agency,
                           const api::PurposeContent& content = sample_purpose());
    std::string pseudonym(const std::string& citizen_id) const {
        return backend->pseudonymizer.pseudonym(citizen_id);
    }

    ManualClock clock{test_now};
    std::unique_ptr<Backend> backend;
    RowId approver = 0;
};

// An ApiServer on 127.0.0.1 and a free port, serving in a background thread.
class RunningServer {
public:
    explicit RunningServer(TestBackend& backend, HttpOptions options = {});
    ~RunningServer();
    int port() const { return port_; }
    ApiServer& server() { return server_; }

private:
    ApiServer server_;
    int port_ = -1;
    std::thread thread_;
    std::atomic<bool> returned_{false};
};

} // namespace einblick::testing
