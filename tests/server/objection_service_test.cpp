#include "einblick/server/service_error.hpp"
#include "test_backend.hpp"

#include <doctest/doctest.h>

using namespace einblick::testing;

namespace {

struct ObjectionFixture {
    ObjectionFixture() {
        kfz = backend.add_agency("kfz", "Kfz-Zulassung");
        polizei = backend.add_agency("polizei", "Polizei");
        purpose = backend.approved_purpose(kfz);
        citizen = backend.add_citizen("erika", "pw", erika);
        dsb = backend.add_dpo("dsb", "pw");
        dsb_polizei = backend.add_dpo("dsb-polizei", "pw", polizei.id);
    }
    ObjectionService& objections() { return backend.backend->objection_service; }
    std::string me() const { return backend.pseudonym(erika); }
    TestBackend backend;
    AgencyRecord kfz;
    AgencyRecord polizei;
    RowId purpose = 0;
    RowId citizen = 0;
    RowId dsb = 0;
    RowId dsb_polizei = 0;
    std::string erika = valid_citizen_id("4567890123");
};

} // namespace

TEST_CASE_FIXTURE(ObjectionFixture,
                  "an objection to an event gets a reference and a one-month deadline") {
    AccessRequest r{erika, purpose, std::nullopt, "melderegister", {"address"}, {}, {}, {}};
    const auto event = backend.backend->access.record(kfz, r, {}).event;
    const auto filed = objections().file(Actor::citizen(citizen), me(),
                                         {std::stoll(event.id), std::nullopt, "Warum?", false});
    CHECK(filed.reference == "W-2026-" + std::string(6 - std::to_string(filed.id).size(), '0') +
                                 std::to_string(filed.id));
    CHECK(filed.purpose_id == purpose);
    CHECK(filed.status == ObjectionStatus::Pending);
    // Received 28.11.2026 -> due 28.12.2026, 24:00 Berlin time.
    CHECK(format_rfc3339_utc(filed.due_at) == "2026-12-28T22:59:59.999Z");
    CHECK_FALSE(filed.remedies.empty());
    CHECK(objections().list_mine(me()).size() == 1);
}

TEST_CASE_FIXTURE(ObjectionFixture, "objections are refused where they do not fit") {
    const RowId consent_purpose =
        backend.approved_purpose(kfz, sample_purpose("Einwilligung", "A6-1-a"));
    CHECK(service_error_of([&] {
              objections().file(Actor::citizen(citizen), me(),
                                {std::nullopt, consent_purpose, "x", false});
          }) == ErrorKind::Validation);
    CHECK(
        service_error_of([&] {
            objections().file(Actor::citizen(citizen), me(), {std::nullopt, purpose, "   ", false});
        }) == ErrorKind::Validation);
    CHECK(service_error_of([&] {
              objections().file(Actor::citizen(citizen), me(),
                                {RowId{999}, std::nullopt, "x", false});
          }) == ErrorKind::NotFound);
    objections().file(Actor::citizen(citizen), me(), {std::nullopt, purpose, "x", false});
    CHECK(service_error_of([&] {
              objections().file(Actor::citizen(citizen), me(), {std::nullopt, purpose, "y", false});
          }) == ErrorKind::Conflict);
}

TEST_CASE_FIXTURE(ObjectionFixture, "the DPO queue is sorted by deadline and flags overdue items") {
    const std::string other = backend.pseudonym(valid_citizen_id("5678901234"));
    const RowId second = backend.approved_purpose(kfz, sample_purpose("Zweiter Zweck"));
    objections().file(Actor::citizen(citizen), me(), {std::nullopt, purpose, "früh", false});
    backend.clock.advance(3 * day);
    objections().file(Actor::anonymous(), other, {std::nullopt, second, "später", false});
    backend.clock.advance(30 * day);
    const auto queue = objections().queue(Actor::dpo(dsb, std::nullopt), ObjectionStatus::Pending);
    REQUIRE(queue.size() == 2);
    CHECK(queue[0].reason == "früh");
    CHECK(queue[0].overdue);
    CHECK_FALSE(queue[1].overdue);
    // A DPO of another agency sees none of them, and cannot open one.
    CHECK(
        objections().queue(Actor::dpo(dsb_polizei, polizei.id), ObjectionStatus::Pending).empty());
    CHECK(service_error_of([&] {
              objections().get_for_dpo(Actor::dpo(dsb_polizei, polizei.id), queue[0].id);
          }) == ErrorKind::NotFound);
}

TEST_CASE_FIXTURE(ObjectionFixture,
                  "decisions need the current revision: 428 without, 412 when stale") {
    const auto filed =
        objections().file(Actor::citizen(citizen), me(), {std::nullopt, purpose, "x", false});
    const Actor dpo = Actor::dpo(dsb, std::nullopt);
    CHECK(service_error_of([&] {
              objections().decide(dpo, filed.id, std::nullopt, ObjectionDecision::Uphold, "Ja.");
          }) == ErrorKind::PreconditionRequired);
    const auto extended =
        objections().extend(dpo, filed.id, filed.revision, 2, "Stellungnahme fehlt.");
    CHECK(extended.revision == filed.revision + 1);
    CHECK(format_rfc3339_utc(extended.due_at) == "2027-02-28T22:59:59.999Z");
    CHECK(extended.original_due_at == filed.due_at);
    CHECK(extended.extension_reason == "Stellungnahme fehlt.");
    CHECK(service_error_of([&] {
              objections().decide(dpo, filed.id, filed.revision, ObjectionDecision::Uphold, "Ja.");
          }) == ErrorKind::PreconditionFailed);
    CHECK(service_error_of([&] {
              objections().extend(dpo, filed.id, extended.revision, 1, "Nochmal.");
          }) == ErrorKind::Conflict);
    CHECK(service_error_of([&] {
              objections().extend(dpo, filed.id, extended.revision, 3, "Zu lang.");
          }) == ErrorKind::Validation);
    const auto decided = objections().decide(dpo, filed.id, extended.revision,
                                             ObjectionDecision::Reject, "Abgelehnt, weil …");
    CHECK(decided.status == ObjectionStatus::Rejected);
    CHECK(decided.decision_reason == "Abgelehnt, weil …");
    // The citizen sees the decision and its reason.
    CHECK(objections().mine(me(), filed.id).decision_reason == "Abgelehnt, weil …");
    CHECK(service_error_of([&] {
              objections().mine(backend.pseudonym(valid_citizen_id("5678901234")), filed.id);
          }) == ErrorKind::NotFound);
}
