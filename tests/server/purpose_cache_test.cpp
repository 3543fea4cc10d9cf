// The purpose cache in front of the registry (issue 12): look-ups come from memory, and every
// change through any service is seen by the next access check.
#include "test_backend.hpp"

#include <doctest/doctest.h>

using namespace einblick::testing;

namespace {

struct CacheFixture {
    CacheFixture() {
        agency = backend.add_agency("kfz", "Kfz-Zulassung");
        dpo = backend.add_dpo("dsb", "pw");
    }
    Backend& b() { return *backend.backend; }
    AccessRequest request(RowId purpose) const {
        AccessRequest r;
        r.citizen_id = valid_citizen_id("1234567890");
        r.purpose_id = purpose;
        r.register_code = "melderegister";
        r.data_categories = {"address"};
        return r;
    }
    api::AccessDecision decide(RowId purpose) {
        return b().access.check(agency, request(purpose), false, {}).decision;
    }
    TestBackend backend;
    AgencyRecord agency;
    RowId dpo = 0;
};

} // namespace

TEST_CASE_FIXTURE(CacheFixture, "purpose cache: repeated look-ups are answered from memory") {
    const RowId purpose = backend.approved_purpose(agency);
    CHECK(decide(purpose) == api::AccessDecision::Allow);
    const auto misses = b().purposes.misses();
    const auto hits = b().purposes.hits();
    for (int i = 0; i < 4; ++i) {
        CHECK(decide(purpose) == api::AccessDecision::Allow);
    }
    CHECK(b().purposes.misses() == misses);
    CHECK(b().purposes.hits() == hits + 4);
    // A purpose that does not exist is remembered as absent too, until one is created.
    CHECK_FALSE(b().purposes.find(purpose + 100).has_value());
    CHECK_FALSE(b().purposes.find(purpose + 100).has_value());
    CHECK(b().purposes.misses() == misses + 1);
}

TEST_CASE_FIXTURE(CacheFixture, "purpose cache: every change is seen by the next check") {
    const RowId purpose =
        b().purpose_service.propose(Actor::agency_key(agency.id), sample_purpose()).id;
    CHECK(decide(purpose) == api::AccessDecision::Deny); // proposed, not approved: cached
    b().purpose_service.decide(Actor::dpo(dpo, std::nullopt), purpose, 1, PurposeDecision::Approve,
                               "ok");
    CHECK(decide(purpose) == api::AccessDecision::Allow);

    // A revision that drops the register: the version in force stays until it is approved.
    api::PurposeContent narrower = sample_purpose();
    narrower.source_registers = {"fahrzeugregister"};
    b().purpose_service.revise(Actor::agency_key(agency.id), purpose, narrower);
    CHECK(decide(purpose) == api::AccessDecision::Allow);
    b().purpose_service.decide(Actor::dpo(dpo, std::nullopt), purpose, 2, PurposeDecision::Approve,
                               "ok");
    CHECK(decide(purpose) == api::AccessDecision::Deny);

    b().purpose_service.retire(Actor::dpo(dpo, std::nullopt), purpose, "eingestellt");
    const auto result = b().access.check(agency, request(purpose), false, {});
    CHECK(result.decision == api::AccessDecision::Deny);
}

TEST_CASE_FIXTURE(CacheFixture, "purpose cache: a failed change still empties it") {
    const RowId purpose = backend.approved_purpose(agency);
    CHECK(decide(purpose) == api::AccessDecision::Allow);
    const auto misses = b().purposes.misses();
    // Deciding a version that is no longer proposed is refused by the registry.
    CHECK_THROWS(b().purposes.decide(b().purposes.find(purpose)->versions.front().id,
                                     PurposeStatus::Approved, dpo, "again", {}));
    CHECK(decide(purpose) == api::AccessDecision::Allow);
    CHECK(b().purposes.misses() == misses + 1);
}
