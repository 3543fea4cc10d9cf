#include <doctest/doctest.h>

#include "einblick/server/demo_data.hpp"
#include "test_backend.hpp"

using namespace einblick::testing;

TEST_CASE("the demo seeds the family's history once, through the services") {
    TestBackend backend;
    const DemoServices services{backend.agencies, backend.accounts,    backend.auth,
                                backend.access_log, backend.pseudonymizer, backend.clock};
    const DemoOptions options{50, fast_hashing};
    CHECK(seed_demo_data(services, options));
    CHECK_FALSE(seed_demo_data(services, options)); // second start: untouched

    const auto login = backend.auth.login(demo_citizen_username, demo_citizen_password, "a");
    const auto session = backend.auth.session(login.session_token);
    REQUIRE(session.has_value());
    const std::string pseudonym = std::get<CitizenPrincipal>(session->principal).pseudonym;
    const auto total = backend.events.count_for_citizen(pseudonym);
    CHECK(total >= 250);

    // Everything lies within the last two years and not in the future.
    const auto newest = backend.access_log.history(pseudonym, {std::nullopt, 1}).items.at(0);
    CHECK(newest.occurred_at <= test_now);
    CHECK(newest.occurred_at > test_now - 40LL * 86'400'000);
    for (const auto& login_entry : demo_logins()) {
        if (login_entry.role == "agency") {
            CHECK(backend.auth.agency_for_api_key(login_entry.secret).has_value());
        }
    }
    CHECK_NOTHROW(backend.auth.login("dsb", demo_citizen_password, "b"));
}
