#include "einblick/server/demo_data.hpp"
#include "test_backend.hpp"

#include <SQLiteCpp/Database.h>
#include <algorithm>
#include <doctest/doctest.h>
#include <set>

using namespace einblick::testing;

// Counts the seeded rows raw, through SQLite (tests/storage_pg/demo_serve_test.cpp runs the
// demo on PostgreSQL).
TEST_CASE("the demo seeds the family's two years once, through the services" *
          doctest::test_suite("sqlite")) {
    TestBackend t;
    auto& b = *t.backend;
    const DemoOptions options{50, fast_hashing};
    CHECK(seed_demo_data(b.demo_repositories(), options));
    CHECK_FALSE(seed_demo_data(b.demo_repositories(), options)); // second start: untouched

    const auto login = b.auth.login(demo_citizen_username, demo_citizen_password, "a");
    const auto session = b.auth.session(login.session_token);
    REQUIRE(session.has_value());
    const std::string pseudonym = std::get<CitizenPrincipal>(session->principal).pseudonym;
    CHECK(b.storage.log.count_for_citizen(pseudonym) >= 250);

    // Everything lies within the last two years and not in the future.
    const auto newest = b.access.history(pseudonym, {}).items.at(0);
    CHECK(newest.occurred_at <= test_now);
    HistoryQuery denied;
    denied.filter.outcome = AccessOutcome::Denied;
    CHECK(b.access.history(pseudonym, denied).items.size() >= 3);
    CHECK(b.storage.log.verify_chain().intact);

    // Two of Erika's accesses were reported late (days, within the window), and no other
    // entry of the log; recording times grow with seq.
    const auto all_entries = b.access.entries_of(pseudonym);
    const auto late = std::count_if(all_entries.begin(), all_entries.end(), [](const auto& e) {
        return AccessService::to_api(e).reported_late;
    });
    CHECK(late == 2);
    CHECK(b.sqlite()->database.read([](SQLite::Database& c) {
        return c
            .execAndGet("SELECT count(*) FROM access_log a JOIN access_log n ON n.seq = a.seq + 1 "
                        "WHERE n.recorded_at < a.recorded_at")
            .getInt();
    }) == 0);
    CHECK(b.sqlite()->database.read([](SQLite::Database& c) {
        return c
            .execAndGet("SELECT count(*) FROM access_log WHERE recorded_at - occurred_at > "
                        "86400000")
            .getInt();
    }) == 2);

    // Consents with history, objections open, overdue and decided, purposes in every state.
    const auto consents = b.consent_service.list(pseudonym);
    CHECK(consents.size() == 2);
    const auto objections = b.objection_service.list_mine(pseudonym);
    CHECK(
        std::any_of(objections.begin(), objections.end(), [](const auto& o) { return o.overdue; }));
    CHECK(std::any_of(objections.begin(), objections.end(),
                      [](const auto& o) { return o.status == ObjectionStatus::Rejected; }));
    CHECK(std::any_of(objections.begin(), objections.end(),
                      [](const auto& o) { return o.restriction_requested; }));
    const auto all = b.purpose_service.list(Actor::dpo(0, std::nullopt));
    std::set<std::string> states;
    for (const auto& p : all) {
        for (const auto& v : p.versions) {
            states.insert(std::string(to_text(v.status)));
        }
    }
    // Every status of a purpose version occurs.
    const auto every = einblick::api::wire_texts<PurposeStatus>();
    CHECK(states == std::set<std::string>(every.begin(), every.end()));
    const auto queue =
        b.objection_service.queue(Actor::dpo(0, std::nullopt), ObjectionStatus::Pending);
    CHECK(queue.size() >= 8);

    for (const auto& entry : demo_logins()) {
        if (entry.name == "Bearer") {
            CHECK(b.auth.agency_for_api_key(entry.secret).has_value());
        } else {
            CHECK_NOTHROW(b.auth.login(entry.name, entry.secret, "b"));
        }
    }
}
