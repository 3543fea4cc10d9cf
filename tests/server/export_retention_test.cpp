#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "test_backend.hpp"

using namespace einblick::testing;

TEST_CASE("CSV fields are quoted and formulas defused") {
    CHECK(ExportService::csv_field("Anschrift") == "\"Anschrift\"");
    CHECK(ExportService::csv_field("a \"b\", c") == "\"a \"\"b\"\", c\"");
    for (const char* formula : {"=1+1", "+49", "-2", "@SUM(A1)", "\tx", "\rx"}) {
        CAPTURE(formula);
        CHECK(ExportService::csv_field(formula).rfind("\"'", 0) == 0);
    }
    CHECK(ExportService::csv_field("") == "\"\"");
}

TEST_CASE("the export holds the citizen's log, consents with history and objections, nobody else's") {
    TestBackend t;
    const auto kfz = t.add_agency("kfz", "Kfz-Zulassung");
    const RowId purpose = t.approved_purpose(kfz);
    const RowId consent_purpose = t.approved_purpose(kfz, sample_purpose("Einwilligung", "A6-1-a"));
    const std::string erika = valid_citizen_id("4567890123");
    const std::string other = valid_citizen_id("5678901234");
    const RowId account = t.add_citizen("erika", "pw", erika);
    auto& b = *t.backend;
    AccessRequest r{erika, purpose, std::nullopt, "melderegister", {"address"}, {}, std::string("=HYPERLINK(\"x\")"), {}};
    b.access.record(kfz, r, {});
    r.citizen_id = other;
    b.access.record(kfz, r, {});
    const auto consent = b.consent_service.grant(Actor::citizen(account), t.pseudonym(erika), consent_purpose,
                                                 test_now + 10 * day);
    b.consent_service.withdraw(Actor::citizen(account), t.pseudonym(erika), consent.id);
    b.objection_service.file(Actor::citizen(account), t.pseudonym(erika), {std::nullopt, purpose, "Warum?", false});

    const ExportSubject subject{"erika", "Erika", t.pseudonym(erika)};
    const auto json = nlohmann::json::parse(b.exports.as_json(subject));
    CHECK(json["access_log"].size() == 1);
    CHECK(json["consents"].size() == 1);
    CHECK(json["consents"][0]["state"] == "withdrawn");
    CHECK(json["objections"][0]["reason"] == "Warum?");
    CHECK(json.dump().find(erika) == std::string::npos);

    const std::string csv = b.exports.as_csv(subject);
    CHECK(csv.rfind("\"record_type\",", 0) == 0);
    CHECK(csv.find("\"'=HYPERLINK") != std::string::npos);
    CHECK(csv.find(",\"=") == std::string::npos);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 4); // header, access, consent, objection
}

TEST_CASE("retention deletes entries older than the period and records how many") {
    TestBackend t;
    const auto kfz = t.add_agency("kfz", "Kfz-Zulassung");
    const RowId purpose = t.approved_purpose(kfz);
    const std::string erika = valid_citizen_id("4567890123");
    auto& b = *t.backend;
    for (int age_days : {800, 731, 729, 1}) {
        AccessRequest r{erika, purpose, std::nullopt, "melderegister", {"address"}, {}, {}, test_now - age_days * day};
        b.access.record(kfz, r, {});
    }
    CHECK(b.retention.run_once() == 2);
    CHECK(b.retention.run_once() == 0);
    CHECK(b.log.count_for_citizen(t.pseudonym(erika)) == 2);
    const auto audit = b.audit.page(Actor::dpo(t.add_dpo("dsb", "pw"), std::nullopt), std::nullopt, 10);
    REQUIRE_FALSE(audit.empty());
    CHECK(audit[0].action == "retention.deleted");
    CHECK(nlohmann::json::parse(audit[1].details_json)["deleted"] == 2);
}
