#pragma once
// The demo scenario of docs: a family in Leipzig over two years (moving house, buying a car,
// a new baby) plus background noise and other citizens, created through the services.

#include <string>
#include <vector>

#include "einblick/server/access_log_service.hpp"
#include "einblick/server/agency_store.hpp"
#include "einblick/server/auth_service.hpp"
#include "einblick/server/account_store.hpp"

namespace einblick::server {

struct DemoLogin {
    std::string role;
    std::string name;
    std::string secret; // password or API key
};

struct DemoServices {
    AgencyStore& agencies;
    AccountStore& accounts;
    AuthService& auth;
    AccessLogService& access_log;
    const Pseudonymizer& pseudonymizer;
    const Clock& clock;
};

struct DemoOptions {
    int other_citizens = 2000;
    PasswordHashing password_hashing{};
};

// Seeds an empty database; does nothing if agencies exist already. Returns whether it seeded.
bool seed_demo_data(const DemoServices& services, const DemoOptions& options = {});
// The logins the demo creates (the same on every start).
std::vector<DemoLogin> demo_logins();

inline constexpr const char* demo_citizen_username = "erika";
inline constexpr const char* demo_citizen_password = "Einblick-Demo-2026";

} // namespace einblick::server
