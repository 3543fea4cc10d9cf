#pragma once
// The whole server stack on an in-memory database, for service and HTTP tests.

#include <memory>
#include <string>
#include <thread>

#include "einblick/server/access_event_store.hpp"
#include "einblick/server/access_log_service.hpp"
#include "einblick/server/account_store.hpp"
#include "einblick/server/agency_store.hpp"
#include "einblick/server/api_server.hpp"
#include "einblick/server/auth_service.hpp"
#include "einblick/server/session_store.hpp"

namespace einblick::testing {

using namespace einblick::server;
using einblick::UnixMillis;

// 2026-11-28T12:00:00Z: a fixed "now" for tests.
inline constexpr UnixMillis test_now = 1'795'867'200'000;

// Cheap password hashing for tests (production keeps the OWASP floor).
inline const PasswordHashing fast_hashing{1, 8 * 1024};

std::string valid_citizen_id(std::string_view first_ten);

struct TestBackend {
    explicit TestBackend(ThrottleLimits throttle = {});

    // A citizen account with this password, pseudonym derived from the identifier.
    RowId add_citizen(const std::string& username, const std::string& password,
                      const std::string& citizen_id);
    RowId add_dpo(const std::string& username, const std::string& password);
    AgencyRecord add_agency(const std::string& code, const std::string& name);

    ManualClock clock{test_now};
    Database database{":memory:"};
    Pseudonymizer pseudonymizer{Bytes(32, 7), "test-sector"};
    AgencyStore agencies{database};
    AccountStore accounts{database};
    SessionStore sessions{database};
    AccessEventStore events{database};
    PasswordLoginProvider login_provider{accounts};
    AuthService auth;
    AccessLogService access_log{events, pseudonymizer, clock};
};

// An ApiServer on 127.0.0.1 and a free port, serving in a background thread.
class RunningServer {
public:
    explicit RunningServer(TestBackend& backend, HttpOptions options = {});
    ~RunningServer();
    int port() const { return port_; }

private:
    ApiServer server_;
    int port_ = -1;
    std::thread thread_;
};

} // namespace einblick::testing
