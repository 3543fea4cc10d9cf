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

struct TestBackend {
    // In memory unless a test needs a file (what touches the disk: WAL, I/O faults).
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
