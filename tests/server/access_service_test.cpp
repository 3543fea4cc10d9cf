#include "einblick/server/service_error.hpp"
#include "einblick/server/sqlite_storage.hpp"
#include "einblick/shared/civil_time.hpp"
#include "problem_language.hpp"
#include "test_backend.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <stdexcept>

using namespace einblick::testing;
using einblick::api::AccessDecision;
using einblick::api::AccessReason;

namespace {

struct AccessFixture {
    AccessFixture() {
        kfz = backend.add_agency("kfz", "Kfz-Zulassung");
        polizei = backend.add_agency("polizei", "Polizei");
        purpose = backend.approved_purpose(kfz);
        citizen = backend.add_citizen("erika", "pw", erika);
    }

    AccessRequest request(RowId purpose_id) const {
        AccessRequest r;
        r.citizen_id = erika;
        r.purpose_id = purpose_id;
        r.register_code = "melderegister";
        r.data_categories = {"address"};
        r.official = "SB-17";
        r.correlation_id = "AZ-1";
        return r;
    }

    api::AccessCheckResult check(const AccessRequest& r, const AgencyRecord& as) {
        return access().check(as, r, false, {});
    }
    AccessService& access() { return backend.backend->access; }
    Actor me() const { return Actor::citizen(citizen); }

    TestBackend backend;
    AgencyRecord kfz;
    AgencyRecord polizei;
    RowId purpose = 0;
    RowId citizen = 0;
    std::string erika = valid_citizen_id("4567890123");
};

std::vector<einblick::api::FieldViolation> violations_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const ServiceError& error) {
        CHECK(error.kind() == ErrorKind::Validation);
        einblick::testing::check_has_english(error);
        return error.violations();
    }
    FAIL("accepted an invalid request");
    return {};
}

bool names(const std::vector<einblick::api::FieldViolation>& list, const std::string& field,
           const std::string& rule) {
    return std::any_of(list.begin(), list.end(),
                       [&](const auto& v) { return v.field == field && v.rule == rule; });
}

} // namespace

TEST_CASE_FIXTURE(AccessFixture, "an allowed check names its purpose version and is logged") {
    const auto result = check(request(purpose), kfz);
    CHECK(result.decision == AccessDecision::Allow);
    CHECK(result.reason == to_text(AccessReason::Allowed));
    CHECK(result.purpose_version == 1);
    CHECK_FALSE(result.access_event.has_value());
    const auto history = access().history(backend.pseudonym(erika), {});
    REQUIRE(history.items.size() == 1);
    CHECK(history.items[0].kind == AccessKind::Check);
    CHECK(history.items[0].outcome == AccessOutcome::Allowed);
}

TEST_CASE_FIXTURE(AccessFixture, "every deny reason of the access check") {
    SUBCASE("purpose_unknown") {
        CHECK(check(request(9999), kfz).reason == to_text(AccessReason::PurposeUnknown));
    }
    SUBCASE("purpose_other_agency") {
        CHECK(check(request(purpose), polizei).reason == to_text(AccessReason::PurposeOtherAgency));
    }
    SUBCASE("purpose_not_approved: proposed, rejected, retired") {
        const RowId proposed = backend.backend->purpose_service
                                   .propose(Actor::agency_key(kfz.id), sample_purpose("neu"))
                                   .id;
        CHECK(check(request(proposed), kfz).reason == to_text(AccessReason::PurposeNotApproved));
        backend.backend->purpose_service.decide(Actor::dpo(backend.approver, std::nullopt),
                                                proposed, 1, PurposeDecision::Reject, "nein");
        CHECK(check(request(proposed), kfz).reason == to_text(AccessReason::PurposeNotApproved));
        backend.backend->purpose_service.retire(Actor::agency_key(kfz.id), purpose, "ersetzt");
        CHECK(check(request(purpose), kfz).reason == to_text(AccessReason::PurposeNotApproved));
    }
    SUBCASE("register_not_covered") {
        auto r = request(purpose);
        r.register_code = "steuerdaten";
        CHECK(check(r, kfz).reason == to_text(AccessReason::RegisterNotCovered));
    }
    SUBCASE("category_not_covered, also for codes nobody knows") {
        auto r = request(purpose);
        r.data_categories = {"address", "income"};
        CHECK(check(r, kfz).reason == to_text(AccessReason::CategoryNotCovered));
        r.data_categories = {"gold_reserves"};
        CHECK(check(r, kfz).reason == to_text(AccessReason::CategoryNotCovered));
    }
    SUBCASE("consent_missing") {
        const RowId consent_purpose =
            backend.approved_purpose(kfz, sample_purpose("Mit Einwilligung", "A6-1-a"));
        CHECK(check(request(consent_purpose), kfz).reason == to_text(AccessReason::ConsentMissing));
    }
    SUBCASE("restricted_pending_objection and objection_upheld") {
        auto& objections = backend.backend->objection_service;
        const auto filed = objections.file(me(), backend.pseudonym(erika),
                                           {std::nullopt, purpose, "Bitte nicht.", true});
        CHECK(check(request(purpose), kfz).reason ==
              to_text(AccessReason::RestrictedPendingObjection));
        objections.decide(Actor::dpo(backend.approver, std::nullopt), filed.id, filed.revision,
                          ObjectionDecision::Uphold, "Stattgegeben.");
        CHECK(check(request(purpose), kfz).reason == to_text(AccessReason::ObjectionUpheld));
    }
    const auto history = access().history(backend.pseudonym(erika), {});
    REQUIRE_FALSE(history.items.empty());
    CHECK(history.items[0].outcome ==
          AccessOutcome::Denied); // the denial is in the citizen's history
}

TEST_CASE_FIXTURE(AccessFixture, "a pending objection without restriction does not deny") {
    backend.backend->objection_service.file(me(), backend.pseudonym(erika),
                                            {std::nullopt, purpose, "Bitte prüfen.", false});
    CHECK(check(request(purpose), kfz).decision == AccessDecision::Allow);
}

TEST_CASE_FIXTURE(AccessFixture,
                  "granting, withdrawing and expiry of consent take effect on the next check") {
    const RowId consent_purpose =
        backend.approved_purpose(kfz, sample_purpose("Mit Einwilligung", "A6-1-a"));
    auto& consents = backend.backend->consent_service;
    const auto given =
        consents.grant(me(), backend.pseudonym(erika), consent_purpose, test_now + 30 * day);
    const auto allowed = check(request(consent_purpose), kfz);
    CHECK(allowed.decision == AccessDecision::Allow);
    CHECK(allowed.consent_id == given.id);
    consents.withdraw(me(), backend.pseudonym(erika), given.id);
    CHECK(check(request(consent_purpose), kfz).reason == to_text(AccessReason::ConsentMissing));

    const auto again =
        consents.grant(me(), backend.pseudonym(erika), consent_purpose, test_now + day);
    CHECK(check(request(consent_purpose), kfz).decision == AccessDecision::Allow);
    backend.clock.advance(day);
    CHECK(check(request(consent_purpose), kfz).reason == to_text(AccessReason::ConsentMissing));
    const auto history = consents.list(backend.pseudonym(erika));
    REQUIRE(history.size() == 2);
    CHECK(history[0].id == again.id);
    CHECK(history[0].state == ConsentState::Expired);
    CHECK(history[1].state == ConsentState::Withdrawn);
}

TEST_CASE_FIXTURE(AccessFixture, "an allowed check can become the access in the same call") {
    const auto result = access().check(kfz, request(purpose), true, {});
    REQUIRE(result.access_event.has_value());
    CHECK(result.access_event->kind == AccessKind::Access);
    CHECK(result.access_event->id == result.check_id);
    auto denied = request(purpose);
    denied.register_code = "steuerdaten";
    CHECK_FALSE(access().check(kfz, denied, true, {}).access_event.has_value());
}

TEST_CASE_FIXTURE(AccessFixture, "retries with the same idempotency key return the same event") {
    const Idempotency key{"retry-1", Bytes(32, 5)};
    const auto first = access().record(kfz, request(purpose), key);
    const auto second = access().record(kfz, request(purpose), key);
    CHECK_FALSE(first.replayed);
    CHECK(second.replayed);
    CHECK(first.event.id == second.event.id);
    CHECK(first.event.seq == second.event.seq);
    CHECK(backend.backend->storage.log.count_for_citizen(backend.pseudonym(erika)) == 1);
    // Another agency may use the same key for its own request.
    const RowId polizei_purpose = backend.approved_purpose(polizei);
    CHECK_FALSE(access().record(polizei, request(polizei_purpose), key).replayed);
    // The same key for a different request is refused.
    try {
        access().record(kfz, request(purpose), {"retry-1", Bytes(32, 6)});
        FAIL("reused key accepted");
    } catch (const ServiceError& error) {
        CHECK(error.kind() == ErrorKind::Conflict);
    }
}

// Reads the stored row raw, through SQLite.
TEST_CASE_FIXTURE(AccessFixture,
                  "an access is stored under the pseudonym and never the identifier" *
                      doctest::test_suite("sqlite")) {
    access().record(kfz, request(purpose), {});
    const int raw = backend.backend->sqlite()->database.read([&](SQLite::Database& c) {
        return c
            .execAndGet("SELECT count(*) FROM access_log l JOIN log_citizens c "
                        "ON c.id = l.citizen_id WHERE c.pseudonym LIKE '%" +
                        erika + "%' OR c.pseudonym = '" + erika + "'")
            .getInt();
    });
    CHECK(raw == 0);
    CHECK(backend.backend->storage.log.count_for_citizen(backend.pseudonym(erika)) == 1);
}

TEST_CASE_FIXTURE(AccessFixture,
                  "an access the rules would deny is logged as denied, not dropped") {
    auto r = request(purpose);
    r.data_categories = {"income"};
    const auto recorded = access().record(kfz, r, {});
    CHECK(recorded.event.outcome == AccessOutcome::Denied);
    CHECK(recorded.event.reason == to_text(AccessReason::CategoryNotCovered));
}

TEST_CASE_FIXTURE(AccessFixture, "each invalid field of an access is named with its rule") {
    AccessRequest bad;
    bad.citizen_id = "12345678901";
    bad.purpose_id = 0;
    bad.data_categories = {"address", "address"};
    bad.occurred_at = test_now + day;
    bad.official = "";
    const auto list = violations_of([&] { access().record(kfz, bad, {}); });
    CHECK(names(list, "/citizen_id", "format"));
    CHECK(names(list, "/purpose_id", "required"));
    CHECK(names(list, "/register", "required"));
    CHECK(names(list, "/data_categories/1", "unique"));
    CHECK(names(list, "/occurred_at", "not_in_future"));
    CHECK(names(list, "/official", "length"));
    CHECK(names(violations_of([&] { access().record(polizei, request(purpose), {}); }),
                "/purpose_id", "unknown"));
    auto stale = request(purpose);
    stale.purpose_version = 7;
    CHECK(names(violations_of([&] { access().record(kfz, stale, {}); }), "/purpose_version",
                "stale"));
}

TEST_CASE_FIXTURE(AccessFixture, "a batch is validated whole and stored whole") {
    std::vector<AccessRequest> batch{request(purpose), request(purpose)};
    batch[1].citizen_id = "1";
    const auto list = violations_of([&] { access().record_batch(kfz, batch, {}); });
    CHECK(names(list, "/events/1/citizen_id", "format"));
    CHECK(backend.backend->storage.log.count_for_citizen(backend.pseudonym(erika)) == 0);
    batch[1] = request(purpose);
    CHECK(access().record_batch(kfz, batch, {}).size() == 2);
    CHECK(backend.backend->storage.log.count_for_citizen(backend.pseudonym(erika)) == 2);
}

TEST_CASE_FIXTURE(AccessFixture, "history pages through one citizen's entries and nobody else's") {
    const std::string other = valid_citizen_id("5678901234");
    for (int i = 0; i < 12; ++i) {
        auto mine = request(purpose);
        mine.occurred_at = test_now - i * 1000;
        access().record(kfz, mine, {});
        auto theirs = request(purpose);
        theirs.citizen_id = other;
        access().record(kfz, theirs, {});
    }
    std::vector<std::string> ids;
    HistoryQuery query;
    query.limit = 5;
    int pages = 0;
    do {
        const auto page = access().history(backend.pseudonym(erika), query);
        for (const auto& item : page.items) {
            ids.push_back(item.id);
        }
        query.cursor = page.next_cursor;
        ++pages;
    } while (query.cursor && pages < 10);
    CHECK(pages == 3);
    CHECK(ids.size() == 12);
    CHECK_FALSE(access().entry_of(backend.pseudonym(other), std::stoll(ids[0])).has_value());
    CHECK(access().entry_of(backend.pseudonym(erika), std::stoll(ids[0])).has_value());
}

TEST_CASE_FIXTURE(AccessFixture, "bad limits, cursors and periods are rejected by name") {
    for (int limit : {0, -1, einblick::api::limits::history_page_size_max + 1}) {
        HistoryQuery q;
        q.limit = limit;
        CHECK(names(violations_of([&] { access().history("p", q); }), "limit", "range"));
    }
    for (const char* cursor : {"", "abc", "1.", ".1", "1.0", "1.x", "99999999999999999999.1"}) {
        CAPTURE(cursor);
        HistoryQuery q;
        q.cursor = cursor;
        CHECK(names(violations_of([&] { access().history("p", q); }), "cursor", "format"));
    }
    HistoryQuery q;
    q.filter.from = 10;
    q.filter.to = 5;
    CHECK(names(violations_of([&] { access().history("p", q); }), "to", "range"));
    CHECK(AccessService::decode_cursor(AccessService::encode_cursor({-5, 7})) ==
          HistoryCursor{-5, 7});
}

TEST_CASE_FIXTURE(AccessFixture, "an access may lie in the past only within the backdating "
                                 "window, to the millisecond") {
    const auto at = [&](UnixMillis when) {
        auto r = request(purpose);
        r.occurred_at = when;
        return r;
    };
    const UnixMillis window = 7 * day; // the default
    CHECK(access().backdating_window_days() == 7);
    CHECK(access().record(kfz, at(test_now - window), {}).event.occurred_at == test_now - window);
    const auto list = violations_of([&] { access().record(kfz, at(test_now - window - 1), {}); });
    REQUIRE(list.size() == 1);
    CHECK(names(list, "/occurred_at", "too_old"));
    CHECK(list[0].detail.find("spätestens 7 Tag(e) nach seinem Zeitpunkt") != std::string::npos);
    // The old escape: an access "of year 0001", deleted by retention at once, is refused.
    const UnixMillis year_one = einblick::unix_millis_from_civil({1, 1, 1, 0, 0, 0, 0});
    CHECK(names(violations_of([&] { access().record(kfz, at(year_one), {}); }), "/occurred_at",
                "too_old"));
    CHECK(backend.backend->storage.log.count_for_citizen(backend.pseudonym(erika)) == 1);

    // Another window, as `serve --backdating-window-days 2` sets it.
    auto& b = *backend.backend;
    AccessService two_days(b.storage.log, b.purposes, b.storage.consents, b.objections,
                           b.pseudonymizer, backend.clock, 2);
    CHECK(two_days.record(kfz, at(test_now - 2 * day), {}).event.occurred_at == test_now - 2 * day);
    const auto refused =
        violations_of([&] { two_days.record(kfz, at(test_now - 2 * day - 1), {}); });
    CHECK(names(refused, "/occurred_at", "too_old"));
    CHECK(refused.at(0).detail.find("spätestens 2 Tag(e)") != std::string::npos);
    CHECK_THROWS_AS(AccessService(b.storage.log, b.purposes, b.storage.consents, b.objections,
                                  b.pseudonymizer, backend.clock, 0),
                    std::invalid_argument);
}

TEST_CASE_FIXTURE(AccessFixture, "a batch with one access older than the window is refused "
                                 "whole, naming the item") {
    std::vector<AccessRequest> batch{request(purpose), request(purpose), request(purpose)};
    batch[0].occurred_at = test_now - day;
    batch[1].occurred_at = test_now - 8 * day;
    const auto list = violations_of([&] { access().record_batch(kfz, batch, {}); });
    REQUIRE(list.size() == 1);
    CHECK(names(list, "/events/1/occurred_at", "too_old"));
    CHECK(backend.backend->storage.log.count_for_citizen(backend.pseudonym(erika)) == 0);
}

TEST_CASE_FIXTURE(AccessFixture, "an entry recorded more than 24 hours after its time is marked "
                                 "as reported late, for the citizen and in JSON") {
    auto on_time = request(purpose);
    on_time.occurred_at = test_now - day; // exactly 24 hours: ordinary delay
    auto late = request(purpose);
    late.occurred_at = test_now - day - 1;
    const auto first = access().record(kfz, on_time, {}).event;
    const auto second = access().record(kfz, late, {}).event;
    CHECK_FALSE(first.reported_late);
    CHECK(second.reported_late);
    CHECK(second.recorded_at == test_now);
    const auto history = access().history(backend.pseudonym(erika), {});
    REQUIRE(history.items.size() == 2);
    for (const auto& item : history.items) {
        CHECK(item.recorded_at == test_now);
        CHECK(item.reported_late == (item.id == second.id));
        const nlohmann::json j = item;
        CHECK(j.at("reported_late") == item.reported_late);
        CHECK(j.at("recorded_at") == "2026-11-28T12:00:00.000Z");
        einblick::api::AccessEvent back;
        REQUIRE(einblick::api::read(j, back));
        CHECK(back.reported_late == item.reported_late);
        CHECK(back.recorded_at == test_now);
    }
}
