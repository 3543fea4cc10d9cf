#include "einblick/server/service_error.hpp"
#include "problem_language.hpp"
#include "test_backend.hpp"

#include <doctest/doctest.h>

using namespace einblick::testing;

namespace {

struct PurposeFixture {
    PurposeFixture() {
        kfz = backend.add_agency("kfz", "Kfz-Zulassung");
        polizei = backend.add_agency("polizei", "Polizei");
        dsb = backend.add_dpo("dsb", "pw");
        dsb_polizei = backend.add_dpo("dsb-polizei", "pw", polizei.id);
    }
    PurposeService& purposes() { return backend.backend->purpose_service; }
    TestBackend backend;
    AgencyRecord kfz;
    AgencyRecord polizei;
    RowId dsb = 0;
    RowId dsb_polizei = 0;
};

} // namespace

TEST_CASE_FIXTURE(PurposeFixture,
                  "proposed, approved with a reason, revised, superseded, retired") {
    const auto proposed = purposes().propose(Actor::agency_key(kfz.id), sample_purpose());
    CHECK(proposed.status == PurposeStatus::Proposed);
    CHECK_FALSE(proposed.in_force.has_value());
    // Not public yet.
    CHECK(service_error_of([&] { purposes().get(Actor::anonymous(), proposed.id); }) ==
          ErrorKind::NotFound);
    CHECK(purposes().list(Actor::anonymous()).empty());

    const auto approved = purposes().decide(Actor::dpo(dsb, std::nullopt), proposed.id, 1,
                                            PurposeDecision::Approve, "Erforderlich.");
    CHECK(approved.status == PurposeStatus::Approved);
    CHECK(approved.in_force->decision_reason == "Erforderlich.");
    CHECK(purposes().get(Actor::anonymous(), proposed.id).versions.size() == 1);

    auto changed = sample_purpose();
    changed.data_categories.push_back("identity");
    const auto revised = purposes().revise(Actor::agency_key(kfz.id), proposed.id, changed);
    REQUIRE(revised.versions.size() == 2);
    CHECK(revised.versions[1].status == PurposeStatus::Proposed);
    CHECK(revised.in_force->version == 1); // still version 1 until decided
    purposes().decide(Actor::dpo(dsb, std::nullopt), proposed.id, 2, PurposeDecision::Approve,
                      "Ok.");
    const auto after = purposes().get(Actor::agency_key(kfz.id), proposed.id);
    CHECK(after.versions[0].status == PurposeStatus::Superseded);
    CHECK(after.in_force->version == 2);

    const auto retired = purposes().retire(Actor::agency_key(kfz.id), proposed.id, "Entfällt.");
    CHECK(retired.status == PurposeStatus::Retired);
    CHECK(service_error_of([&] { purposes().get(Actor::anonymous(), proposed.id); }) ==
          ErrorKind::NotFound);
    CHECK(service_error_of([&] {
              purposes().revise(Actor::agency_key(kfz.id), proposed.id, changed);
          }) == ErrorKind::Conflict);
}

TEST_CASE_FIXTURE(PurposeFixture, "only covering DPOs decide, with a reason, once") {
    const auto p = purposes().propose(Actor::agency_key(kfz.id), sample_purpose());
    CHECK(service_error_of([&] {
              purposes().decide(Actor::dpo(dsb_polizei, polizei.id), p.id, 1,
                                PurposeDecision::Approve, "x");
          }) == ErrorKind::NotFound); // another agency's purpose is as absent as a missing one
    CHECK(service_error_of([&] {
              purposes().decide(Actor::dpo(dsb, std::nullopt), p.id, 1, PurposeDecision::Approve,
                                " ");
          }) == ErrorKind::Validation);
    CHECK(service_error_of([&] {
              purposes().decide(Actor::dpo(dsb, std::nullopt), p.id, 9, PurposeDecision::Approve,
                                "x");
          }) == ErrorKind::NotFound);
    purposes().decide(Actor::dpo(dsb, std::nullopt), p.id, 1, PurposeDecision::Reject, "Zu weit.");
    CHECK(service_error_of([&] {
              purposes().decide(Actor::dpo(dsb, std::nullopt), p.id, 1, PurposeDecision::Approve,
                                "x");
          }) == ErrorKind::Conflict);
    CHECK(purposes().get(Actor::agency_key(kfz.id), p.id).status == PurposeStatus::Rejected);
}

TEST_CASE_FIXTURE(PurposeFixture, "another agency's purpose is absent for an agency") {
    const auto p = purposes().propose(Actor::agency_key(kfz.id), sample_purpose());
    CHECK(service_error_of([&] {
              purposes().revise(Actor::agency_key(polizei.id), p.id, sample_purpose());
          }) == ErrorKind::NotFound);
    CHECK(service_error_of([&] { purposes().get(Actor::agency_key(polizei.id), p.id); }) ==
          ErrorKind::NotFound);
    CHECK(purposes().list(Actor::agency_key(polizei.id)).empty());
    CHECK(purposes().list(Actor::agency_key(kfz.id)).size() == 1);
    CHECK(purposes().list(Actor::dpo(dsb, std::nullopt)).size() == 1);
    CHECK(purposes().list(Actor::dpo(dsb_polizei, polizei.id)).empty());
}

TEST_CASE("purpose content is validated field by field") {
    einblick::api::PurposeContent bad{
        "",
        std::string(einblick::api::limits::purpose_description_max + 1, 'x'),
        "L",
        "A6-1-z",
        {"address", "address"},
        {"nowhere"},
        {""},
        0};
    Violations v;
    PurposeService::validate(bad, v);
    try {
        v.throw_if_any();
        FAIL("invalid content accepted");
    } catch (const ServiceError& e) {
        einblick::testing::check_has_english(e);
        std::string fields;
        for (const auto& violation : e.violations()) {
            fields += violation.field + ":" + violation.rule + " ";
        }
        CHECK(fields.find("/name:required") != std::string::npos);
        CHECK(fields.find("/description:max_length") != std::string::npos);
        CHECK(fields.find("/gdpr_basis:enum") != std::string::npos);
        CHECK(fields.find("/data_categories/1:unique") != std::string::npos);
        CHECK(fields.find("/source_registers/0:enum") != std::string::npos);
        CHECK(fields.find("/recipients/0:required") != std::string::npos);
        CHECK(fields.find("/retention_days:range") != std::string::npos);
    }
}
