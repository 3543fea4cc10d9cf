// The objection cache in front of the store (issue 12): access checks learn from memory whether
// a citizen's objections block a purpose, and every change is seen by the next check.
#include "test_backend.hpp"

#include <doctest/doctest.h>

using namespace einblick::testing;

namespace {

struct ObjectionCacheFixture {
    ObjectionCacheFixture() {
        kfz = backend.add_agency("kfz", "Kfz-Zulassung");
        purpose = backend.approved_purpose(kfz);
        citizen = backend.add_citizen("erika", "pw", erika);
        dsb = backend.add_dpo("dsb", "pw");
    }
    Backend& b() { return *backend.backend; }
    AccessRequest request(const std::string& citizen_id) const {
        return {citizen_id, purpose, std::nullopt, "melderegister", {"address"}, {}, {}, {}};
    }
    std::string reason_for(const std::string& citizen_id) {
        return b().access.check(kfz, request(citizen_id), false, {}).reason;
    }
    api::Objection file(bool restriction) {
        return b().objection_service.file(Actor::citizen(citizen), backend.pseudonym(erika),
                                          {std::nullopt, purpose, "Nein.", restriction});
    }
    TestBackend backend;
    AgencyRecord kfz;
    RowId purpose = 0;
    RowId citizen = 0;
    RowId dsb = 0;
    std::string erika = valid_citizen_id("4567890123");
    std::string max = valid_citizen_id("5678901234");
};

} // namespace

TEST_CASE_FIXTURE(ObjectionCacheFixture, "objection cache: checks are answered from memory") {
    CHECK(reason_for(erika) == "allowed");
    const auto loads = b().objections.loads();
    const auto hits = b().objections.hits();
    for (int i = 0; i < 4; ++i) {
        CHECK(reason_for(i % 2 == 0 ? erika : max) == "allowed");
    }
    CHECK(b().objections.loads() == loads);
    CHECK(b().objections.hits() == hits + 4);
}

TEST_CASE_FIXTURE(ObjectionCacheFixture,
                  "objection cache: filing, extending and deciding are seen by the next check") {
    CHECK(reason_for(erika) == "allowed");
    const Actor dpo = Actor::dpo(dsb, std::nullopt);
    // Pending without restriction does not block; with restriction it does, until decided.
    const auto plain = file(false);
    CHECK(reason_for(erika) == "allowed");
    b().objection_service.decide(dpo, plain.id, plain.revision, ObjectionDecision::Reject, "Nein.");
    const auto restricted = file(true);
    CHECK(reason_for(erika) == "restricted_pending_objection");
    CHECK(reason_for(max) == "allowed");
    const auto extended = b().objection_service.extend(dpo, restricted.id, restricted.revision, 1,
                                                       "Stellungnahme fehlt.");
    CHECK(reason_for(erika) == "restricted_pending_objection");
    b().objection_service.decide(dpo, restricted.id, extended.revision, ObjectionDecision::Uphold,
                                 "Ja.");
    CHECK(reason_for(erika) == "objection_upheld");
    CHECK(reason_for(max) == "allowed");
}

TEST_CASE_FIXTURE(ObjectionCacheFixture, "objection cache: a refused change still empties it") {
    const auto restricted = file(true);
    CHECK(reason_for(erika) == "restricted_pending_objection");
    const auto loads = b().objections.loads();
    // A stale revision is refused by the store; the cache is emptied all the same.
    CHECK_THROWS(b().objections.decide(restricted.id, restricted.revision + 7,
                                       ObjectionStatus::Upheld, dsb, "Ja.", {}));
    CHECK(reason_for(erika) == "restricted_pending_objection");
    CHECK(b().objections.loads() == loads + 1);
}

TEST_CASE_FIXTURE(ObjectionCacheFixture,
                  "objection cache: with more blocked pairs than it holds, it asks the store") {
    CachingObjectionRepository small(b().storage.objections, 1);
    const std::string other = backend.pseudonym(max);
    for (const std::string& pseudonym : {backend.pseudonym(erika), other}) {
        NewObjection o;
        o.citizen_pseudonym = pseudonym;
        o.agency_id = kfz.id;
        o.purpose_id = purpose;
        o.reason = "Nein.";
        o.restriction_requested = true;
        small.create(o, {});
    }
    CHECK(small.block_for(other, purpose).restricted_pending);
    CHECK(small.block_for(backend.pseudonym(erika), purpose).restricted_pending);
    CHECK_FALSE(small.block_for(other, purpose + 1).restricted_pending);
    CHECK(small.hits() == 0);
    CHECK(small.loads() == 1);
}
