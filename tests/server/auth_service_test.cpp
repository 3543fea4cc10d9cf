#include "einblick/server/service_error.hpp"
#include "einblick/server/sqlite_storage.hpp"
#include "problem_language.hpp"
#include "test_backend.hpp"

#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

using namespace einblick::testing;

namespace {

ErrorKind login_error(TestBackend& backend, const std::string& user, const std::string& password,
                      const std::string& address = "10.0.0.1") {
    try {
        backend.backend->auth.login(user, password, address);
    } catch (const ServiceError& error) {
        check_has_english(error);
        return error.kind();
    }
    FAIL("login succeeded unexpectedly");
    return ErrorKind::Validation;
}

} // namespace

TEST_CASE("a citizen logs in and the session identifies them") {
    TestBackend backend;
    backend.add_citizen("erika", "richtig", valid_citizen_id("4567890123"));
    const LoginResult result = backend.backend->auth.login("erika", "richtig", "10.0.0.1");
    CHECK(result.info.role == einblick::api::Role::Citizen);
    CHECK(result.session_token.size() >= 22); // at least 128 bits in base64url
    const auto session = backend.backend->auth.session(result.session_token);
    REQUIRE(session.has_value());
    const auto* citizen = std::get_if<CitizenPrincipal>(&session->principal);
    REQUIRE(citizen != nullptr);
    CHECK(citizen->pseudonym == backend.pseudonym(valid_citizen_id("4567890123")));
}

TEST_CASE("wrong passwords and unknown users fail alike") {
    TestBackend backend;
    backend.add_citizen("erika", "richtig", valid_citizen_id("4567890123"));
    CHECK(login_error(backend, "erika", "falsch") == ErrorKind::Unauthenticated);
    CHECK(login_error(backend, "niemand", "falsch") == ErrorKind::Unauthenticated);
}

TEST_CASE("failed logins are throttled per account, and per address") {
    TestBackend backend(ThrottleLimits{3, 5, 60'000});
    backend.add_citizen("erika", "richtig", valid_citizen_id("4567890123"));
    for (int i = 0; i < 3; ++i) {
        CHECK(login_error(backend, "erika", "falsch") == ErrorKind::Unauthenticated);
    }
    // Even the right password waits now.
    CHECK(login_error(backend, "erika", "richtig") == ErrorKind::RateLimited);
    backend.clock.advance(60'000);
    CHECK_NOTHROW(backend.backend->auth.login("erika", "richtig", "10.0.0.1"));

    // One address guessing many accounts.
    for (int i = 0; i < 5; ++i) {
        CHECK(login_error(backend, "user" + std::to_string(i), "x", "10.9.9.9") ==
              ErrorKind::Unauthenticated);
    }
    CHECK(login_error(backend, "erika", "richtig", "10.9.9.9") == ErrorKind::RateLimited);
    CHECK_NOTHROW(backend.backend->auth.login("erika", "richtig", "10.0.0.2"));
}

TEST_CASE("sessions end after idle and absolute timeouts and on logout") {
    TestBackend backend;
    backend.add_citizen("erika", "richtig", valid_citizen_id("4567890123"));
    const SessionPolicy policy;

    SUBCASE("idle") {
        const auto token = backend.backend->auth.login("erika", "richtig", "a").session_token;
        backend.clock.advance(policy.idle_timeout - 1);
        CHECK(backend.backend->auth.session(token).has_value()); // refreshes the idle timer
        backend.clock.advance(policy.idle_timeout - 1);
        CHECK(backend.backend->auth.session(token).has_value());
        backend.clock.advance(policy.idle_timeout);
        CHECK_FALSE(backend.backend->auth.session(token).has_value());
    }
    SUBCASE("absolute") {
        const auto token = backend.backend->auth.login("erika", "richtig", "a").session_token;
        for (UnixMillis t = 0; t < policy.absolute_timeout; t += policy.idle_timeout / 2) {
            REQUIRE(backend.backend->auth.session(token).has_value());
            backend.clock.advance(policy.idle_timeout / 2);
        }
        CHECK_FALSE(backend.backend->auth.session(token).has_value());
    }
    SUBCASE("logout") {
        const auto token = backend.backend->auth.login("erika", "richtig", "a").session_token;
        backend.backend->auth.logout(token);
        CHECK_FALSE(backend.backend->auth.session(token).has_value());
    }
    SUBCASE("made-up token") {
        CHECK_FALSE(backend.backend->auth.session("").has_value());
        CHECK_FALSE(backend.backend->auth.session("forged").has_value());
    }
}

// Reads the key table raw, through SQLite.
TEST_CASE("API keys identify their agency and are stored only as hashes" *
          doctest::test_suite("sqlite")) {
    TestBackend backend;
    const AgencyRecord kfz = backend.add_agency("kfz", "Kfz-Zulassung");
    const std::string key = backend.add_api_key(kfz);
    CHECK(key.rfind("ebk_", 0) == 0);
    CHECK(backend.backend->auth.agency_for_api_key(key)->code == "kfz");
    CHECK_FALSE(backend.backend->auth.agency_for_api_key(key + "x").has_value());
    CHECK_FALSE(backend.backend->auth.agency_for_api_key("").has_value());
    CHECK(backend.backend->sqlite()->database.read([&](SQLite::Database& c) {
        SQLite::Statement q(c, "SELECT count(*) FROM api_keys WHERE key_hash = ?");
        q.bind(1, key);
        q.executeStep();
        return q.getColumn(0).getInt();
    }) == 0);
    const auto keys = backend.backend->auth.api_keys(kfz.id);
    REQUIRE(keys.size() == 1);
    backend.backend->auth.revoke_api_key(
        kfz.id, keys[0].id, Actor::system().audit(test_now, "api_key.revoked", "api_key"));
    CHECK_FALSE(backend.backend->auth.agency_for_api_key(key).has_value());
}
