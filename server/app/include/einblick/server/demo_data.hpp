#pragma once
// The demo scenario of ../shared/DOMAIN.md: a family in Leipzig over two years (moving house,
// buying a car, a new baby), purposes in every state, consents, objections open, overdue and
// decided, and thousands of other citizens. Everything is created through the services, on a
// clock that walks through the two years, so each record carries a realistic time.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/auth_service.hpp"
#include "einblick/server/consent_repository.hpp"
#include "einblick/server/identity_repository.hpp"
#include "einblick/server/objection_repository.hpp"
#include "einblick/server/purpose_repository.hpp"

#include <string>
#include <vector>

namespace einblick::server {

struct DemoLogin {
    std::string role;
    std::string name;
    std::string secret; // password or API key
};

struct DemoRepositories {
    AgencyRepository& agencies;
    AccountRepository& accounts;
    PurposeRepository& purposes;
    AccessLogRepository& log;
    ConsentRepository& consents;
    ObjectionRepository& objections;
    AuthService& auth;
    const Pseudonymizer& pseudonymizer;
    const Clock& clock;
};

struct DemoOptions {
    int other_citizens = 2000;
    PasswordHashing password_hashing{};
};

// Seeds an empty database; does nothing if agencies exist already. Returns whether it seeded.
bool seed_demo_data(const DemoRepositories& repositories, const DemoOptions& options = {});
// The logins the demo creates (the same on every start).
std::vector<DemoLogin> demo_logins();

inline constexpr const char* demo_citizen_username = "erika";
inline constexpr const char* demo_citizen_password = "Einblick-Demo-2026";

} // namespace einblick::server
