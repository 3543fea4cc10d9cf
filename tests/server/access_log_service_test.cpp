#include <doctest/doctest.h>

#include <algorithm>

#include "einblick/server/service_error.hpp"
#include "test_backend.hpp"

using namespace einblick::testing;

namespace {

AccessEventSubmission valid_submission(const std::string& citizen_id) {
    return {citizen_id, "Zulassung eines Fahrzeugs", "Art. 6 Abs. 1 lit. e DSGVO, § 6 FZV",
            {"address", "vehicle"}, std::nullopt};
}

std::vector<einblick::api::FieldViolation> violations_of(TestBackend& backend,
                                                         const AgencyRecord& agency,
                                                         const AccessEventSubmission& submission) {
    try {
        backend.access_log.record(agency, submission);
    } catch (const ServiceError& error) {
        CHECK(error.kind() == ErrorKind::Validation);
        return error.violations();
    }
    FAIL("record accepted an invalid submission");
    return {};
}

bool names(const std::vector<einblick::api::FieldViolation>& list, const std::string& field,
           const std::string& rule) {
    return std::any_of(list.begin(), list.end(),
                       [&](const auto& v) { return v.field == field && v.rule == rule; });
}

} // namespace

TEST_CASE("an event is stored under the pseudonym, never the identifier") {
    TestBackend backend;
    const AgencyRecord kfz = backend.add_agency("kfz", "Kfz-Zulassung");
    const std::string id = valid_citizen_id("4567890123");
    const auto event = backend.access_log.record(kfz, valid_submission(id));
    CHECK(event.agency_code == "kfz");
    CHECK(event.occurred_at == test_now); // defaults to receipt time
    auto guard = backend.database.lock();
    auto& db = backend.database.connection();
    CHECK(db.execAndGet("SELECT count(*) FROM access_events WHERE citizen_pseudonym LIKE '%" + id +
                        "%'")
              .getInt() == 0);
    CHECK(db.execAndGet("SELECT citizen_pseudonym FROM access_events").getString() ==
          backend.pseudonymizer.pseudonym(id));
}

TEST_CASE("each invalid field is named with its rule") {
    TestBackend backend;
    const AgencyRecord kfz = backend.add_agency("kfz", "Kfz-Zulassung");
    AccessEventSubmission bad{"12345678901", " ", std::string(301, 'x'),
                              {"address", "address", "gold_reserves"}, test_now + 3'600'000};
    const auto list = violations_of(backend, kfz, bad);
    CHECK(names(list, "/citizen_id", "format"));
    CHECK(names(list, "/purpose", "required"));
    CHECK(names(list, "/legal_basis", "max_length"));
    CHECK(names(list, "/data_categories/1", "unique"));
    CHECK(names(list, "/data_categories/2", "enum"));
    CHECK(names(list, "/occurred_at", "not_in_future"));
    CHECK(names(violations_of(backend, kfz, {valid_citizen_id("4567890123"), "p", "l", {}, {}}),
                "/data_categories", "required"));
    auto guard = backend.database.lock();
    CHECK(backend.database.connection().execAndGet("SELECT count(*) FROM access_events").getInt() == 0);
}

TEST_CASE("a batch is validated whole and stored whole") {
    TestBackend backend;
    const AgencyRecord kfz = backend.add_agency("kfz", "Kfz-Zulassung");
    const std::string id = valid_citizen_id("4567890123");
    std::vector<AccessEventSubmission> batch{valid_submission(id), valid_submission("1")};
    try {
        backend.access_log.record_all(kfz, batch);
        FAIL("batch with an invalid item accepted");
    } catch (const ServiceError& error) {
        CHECK(names(error.violations(), "/1/citizen_id", "format"));
    }
    CHECK(backend.events.count_for_citizen(backend.pseudonymizer.pseudonym(id)) == 0);
    batch[1] = valid_submission(id);
    CHECK(backend.access_log.record_all(kfz, batch).size() == 2);
    CHECK(backend.events.count_for_citizen(backend.pseudonymizer.pseudonym(id)) == 2);
}

TEST_CASE("history pages through all of one citizen's events and nobody else's") {
    TestBackend backend;
    const AgencyRecord kfz = backend.add_agency("kfz", "Kfz-Zulassung");
    const std::string me = valid_citizen_id("4567890123");
    const std::string other = valid_citizen_id("5678901234");
    for (int i = 0; i < 12; ++i) {
        auto mine = valid_submission(me);
        mine.occurred_at = test_now - i * 1000;
        backend.access_log.record(kfz, mine);
        backend.access_log.record(kfz, valid_submission(other));
    }
    const std::string pseudonym = backend.pseudonymizer.pseudonym(me);
    std::vector<std::string> ids;
    HistoryQuery query{std::nullopt, 5};
    int pages = 0;
    do {
        const auto page = backend.access_log.history(pseudonym, query);
        for (const auto& item : page.items) {
            ids.push_back(item.id);
        }
        query.cursor = page.next_cursor;
        ++pages;
    } while (query.cursor && pages < 10);
    CHECK(pages == 3);
    CHECK(ids.size() == 12);
    std::vector<std::string> unique = ids;
    std::sort(unique.begin(), unique.end());
    CHECK(std::unique(unique.begin(), unique.end()) == unique.end());
}

TEST_CASE("the last page has no cursor, also when it is exactly full") {
    TestBackend backend;
    const AgencyRecord kfz = backend.add_agency("kfz", "Kfz-Zulassung");
    const std::string me = valid_citizen_id("4567890123");
    for (int i = 0; i < 4; ++i) {
        backend.access_log.record(kfz, valid_submission(me));
    }
    const auto page = backend.access_log.history(backend.pseudonymizer.pseudonym(me), {std::nullopt, 4});
    CHECK(page.items.size() == 4);
    CHECK_FALSE(page.next_cursor.has_value());
}

TEST_CASE("bad limits and cursors are rejected by name") {
    TestBackend backend;
    for (int limit : {0, -1, 201}) {
        CHECK_THROWS_AS(backend.access_log.history("p", {std::nullopt, limit}), ServiceError);
    }
    for (const char* cursor : {"", "abc", "1.", ".1", "1.0", "1.x", "99999999999999999999.1"}) {
        CAPTURE(cursor);
        CHECK_THROWS_AS(backend.access_log.history("p", {std::string(cursor), 10}), ServiceError);
    }
    CHECK(AccessLogService::decode_cursor(AccessLogService::encode_cursor({-5, 7})) ==
          HistoryCursor{-5, 7});
}
