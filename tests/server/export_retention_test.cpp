#include "einblick/server/service_error.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "test_backend.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

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

TEST_CASE(
    "the export holds the citizen's log, consents with history and objections, nobody else's") {
    TestBackend t;
    const auto kfz = t.add_agency("kfz", "Kfz-Zulassung");
    const RowId purpose = t.approved_purpose(kfz);
    const RowId consent_purpose = t.approved_purpose(kfz, sample_purpose("Einwilligung", "A6-1-a"));
    const std::string erika = valid_citizen_id("4567890123");
    const std::string other = valid_citizen_id("5678901234");
    const RowId account = t.add_citizen("erika", "pw", erika);
    auto& b = *t.backend;
    AccessRequest r{erika,
                    purpose,
                    std::nullopt,
                    "melderegister",
                    {"address"},
                    {},
                    std::string("=HYPERLINK(\"x\")"),
                    {}};
    b.access.record(kfz, r, {});
    r.citizen_id = other;
    b.access.record(kfz, r, {});
    const auto consent = b.consent_service.grant(Actor::citizen(account), t.pseudonym(erika),
                                                 consent_purpose, test_now + 10 * day);
    b.consent_service.withdraw(Actor::citizen(account), t.pseudonym(erika), consent.id);
    b.objection_service.file(Actor::citizen(account), t.pseudonym(erika),
                             {std::nullopt, purpose, "=HYPERLINK(\"y\") Warum?", false});

    const ExportSubject subject{"erika", "Erika", t.pseudonym(erika)};
    const auto json = nlohmann::json::parse(b.exports.as_json(subject));
    CHECK(json["access_log"].size() == 1);
    CHECK(json["consents"].size() == 1);
    CHECK(json["consents"][0]["state"] == "withdrawn");
    CHECK(json["objections"][0]["reason"] == "=HYPERLINK(\"y\") Warum?");
    CHECK(json.dump().find(erika) == std::string::npos);

    const std::string csv = b.exports.as_csv(subject);
    // The objection's reason is the citizen's own text, first in its cell: defused.
    CHECK(csv.find("\"'=HYPERLINK(\"\"y\"\")") != std::string::npos);
    CHECK(csv.find("Vorgangsnummer =HYPERLINK") != std::string::npos);
    CHECK(csv.find(";\"=") == std::string::npos);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 4); // header, access, consent, objection
}

namespace {

// RFC 4180 read back with ";" as the separator: quoted fields may hold ";", "" and line
// breaks; rows end with CRLF. Written here so the test does not trust the writer's idea.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ';') {
            rows.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.back().push_back(std::move(field));
            field.clear();
            rows.emplace_back();
            ++i;
        } else {
            field += c;
        }
    }
    if (rows.back().empty() && field.empty()) {
        rows.pop_back(); // the CRLF after the last row
    }
    return rows;
}

UnixMillis utc(int year, int month, int day, int hour, int minute) {
    return einblick::unix_millis_from_civil({year, month, day, hour, minute, 0, 0});
}

} // namespace

TEST_CASE("the CSV suits German spreadsheets: BOM, semicolons, German words, Berlin time") {
    TestBackend t;
    const auto amt = t.add_agency("buergeramt", "Bürgeramt Leipzig");
    const RowId purpose = t.approved_purpose(amt, sample_purpose("Anmeldung; „Wohnsitz“"));
    const std::string erika = valid_citizen_id("4567890123");
    const RowId account = t.add_citizen("erika", "pw", erika);
    auto& b = *t.backend;
    // 14:05 in Berlin in summer (CEST, +02:00) and in winter (CET, +01:00).
    // Each reported when it happened, the winter one three days late.
    for (const UnixMillis when : {utc(2026, 7, 15, 12, 5), utc(2026, 1, 15, 13, 5)}) {
        t.clock.set(when + (when == utc(2026, 1, 15, 13, 5) ? 3 * day : 0));
        b.access.record(
            amt, {erika, purpose, std::nullopt, "melderegister", {"address"}, {}, {}, when}, {});
    }
    t.clock.set(test_now);
    b.objection_service.file(Actor::citizen(account), t.pseudonym(erika),
                             {std::nullopt, purpose, "Erstens; \"zweitens\"\r\ndrittens", false});

    const std::string csv = b.exports.as_csv({"erika", "Erika", t.pseudonym(erika)});
    REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0); // the BOM: Excel reads UTF-8 only with it
    const auto rows = parse_csv(std::string_view(csv).substr(3));
    REQUIRE(rows.size() == 4); // header, two accesses, one objection
    const std::vector<std::string> header{"Eintrag",
                                          "Kennung",
                                          "Zeitpunkt",
                                          "Behörde",
                                          "Zweck",
                                          "Rechtsgrundlage",
                                          "Register",
                                          "Datenkategorien",
                                          "Art",
                                          "Ergebnis",
                                          "Grund der Ablehnung",
                                          "Stand",
                                          "Gültig bis / Antwort bis",
                                          "Bemerkung"};
    CHECK(rows[0] == header);
    for (const auto& row : rows) {
        REQUIRE(row.size() == header.size()); // the indexes below rely on it
    }
    // Newest first, as in the history.
    const auto& summer = rows[1];
    CHECK(summer[0] == "Protokolleintrag");
    CHECK(summer[2] == "2026-07-15T14:05:00+02:00");
    CHECK(summer[3] == "Bürgeramt Leipzig");
    CHECK(summer[4] == "Anmeldung; „Wohnsitz“");
    CHECK(summer[6] == "Melderegister");
    CHECK(summer[7] == einblick::data_category_label("address", einblick::Language::German));
    CHECK(summer[8] == "Zugriff");
    CHECK(summer[9] == "erlaubt");
    CHECK(summer[13].empty());
    CHECK(rows[2][2] == "2026-01-15T14:05:00+01:00");
    CHECK(rows[2][13] == "nachträglich gemeldet am 2026-01-18T14:05:00+01:00");

    const auto& objection = rows[3];
    CHECK(objection[0] == "Widerspruch");
    CHECK(objection[11] == "in Prüfung");
    CHECK(objection[13] == "Erstens; \"zweitens\"\r\ndrittens");
    CHECK(objection[2].size() == std::string("2026-11-28T13:00:00+01:00").size());
}

TEST_CASE("Berlin time in the export switches offset with summer time") {
    CHECK(ExportService::berlin_time(utc(2026, 3, 29, 0, 59)) == "2026-03-29T01:59:00+01:00");
    CHECK(ExportService::berlin_time(utc(2026, 3, 29, 1, 0)) == "2026-03-29T03:00:00+02:00");
    CHECK(ExportService::berlin_time(utc(2026, 10, 25, 0, 59)) == "2026-10-25T02:59:00+02:00");
    CHECK(ExportService::berlin_time(utc(2026, 10, 25, 1, 0)) == "2026-10-25T02:00:00+01:00");
}

TEST_CASE("retention deletes entries recorded longer ago than the period, oldest first, and "
          "records how many") {
    TestBackend t;
    const auto kfz = t.add_agency("kfz", "Kfz-Zulassung");
    const RowId purpose = t.approved_purpose(kfz);
    const std::string erika = valid_citizen_id("4567890123");
    auto& b = *t.backend;
    // Recorded 800, 731, 729 and 1 days ago; the last one reports an access of a week before.
    for (int age_days : {800, 731, 729, 1}) {
        t.clock.set(test_now - age_days * day);
        AccessRequest r{erika,       purpose, std::nullopt, "melderegister",
                        {"address"}, {},      {},           test_now - age_days * day};
        if (age_days == 1) {
            r.occurred_at = test_now - 8 * day;
        }
        b.access.record(kfz, r, {});
    }
    t.clock.set(test_now);
    CHECK(b.retention.run_once() == 2);
    CHECK(b.retention.run_once() == 0);
    CHECK(b.storage.log.count_for_citizen(t.pseudonym(erika)) == 2);
    const auto kept = b.access.history(t.pseudonym(erika), {}).items;
    REQUIRE(kept.size() == 2);
    CHECK(kept[0].seq == 4); // occurred 8 days ago, reported late, kept with its recording
    CHECK(kept[0].reported_late);
    CHECK(kept[1].seq == 3);
    const auto json = nlohmann::json::parse(
        b.exports.as_json({"erika", "Erika", t.pseudonym(erika)}))["access_log"];
    CHECK(json[0]["reported_late"] == true);
    CHECK(json[0]["recorded_at"] == "2026-11-27T12:00:00.000Z");
    CHECK(json[1]["reported_late"] == false);
    const auto audit =
        b.audit.page(Actor::dpo(t.add_dpo("dsb", "pw"), std::nullopt), std::nullopt, 10);
    REQUIRE_FALSE(audit.empty());
    CHECK(audit[0].action == "retention.deleted");
    CHECK(nlohmann::json::parse(audit[1].details_json)["deleted"] == 2);
}

TEST_CASE("monthly statistics count accesses and denied checks per Berlin month") {
    TestBackend t;
    const auto kfz = t.add_agency("kfz", "Kfz-Zulassung");
    const RowId purpose = t.approved_purpose(kfz);
    const std::string erika = valid_citizen_id("4567890123");
    auto& b = *t.backend;
    // 31.10.2026 23:30 UTC is already 1 November in Berlin (CET, +1).
    for (const char* when : {"2026-10-31T23:30:00Z", "2026-11-02T10:00:00Z", "2026-10-15T10:00:00Z",
                             "2024-01-01T10:00:00Z"}) {
        AccessRequest r{erika,       purpose, std::nullopt, "melderegister",
                        {"address"}, {},      {},           *einblick::parse_rfc3339(when)};
        t.clock.set(*r.occurred_at); // reported when it happened
        b.access.record(kfz, r, {});
    }
    t.clock.set(test_now);
    AccessRequest denied{erika, purpose, std::nullopt, "steuerdaten", {"address"}, {}, {}, {}};
    b.access.check(kfz, denied, false, {});
    const auto stats = b.statistics.monthly_for_citizen(t.pseudonym(erika));
    REQUIRE(stats.months.size() == einblick::api::limits::monthly_statistics_months);
    CHECK(stats.months.back().month == "2026-11");
    CHECK(stats.months.front().month == "2024-12");
    CHECK(stats.months.back().accesses == 2);
    CHECK(stats.months.back().checks_denied == 1);
    CHECK(stats.months[22].month == "2026-10");
    CHECK(stats.months[22].accesses == 1);
}

TEST_CASE("an agency accessing far more than usual this week is flagged for its DPO") {
    TestBackend t;
    const auto kfz = t.add_agency("kfz", "Kfz-Zulassung");
    const auto polizei = t.add_agency("polizei", "Polizei");
    const RowId kfz_purpose = t.approved_purpose(kfz);
    const RowId polizei_purpose = t.approved_purpose(polizei);
    auto& b = *t.backend;
    auto record = [&](const AgencyRecord& agency, RowId purpose, UnixMillis at) {
        AccessRequest r{valid_citizen_id("4567890123"),
                        purpose,
                        std::nullopt,
                        "melderegister",
                        {"address"},
                        {},
                        {},
                        at};
        t.clock.set(at); // reported when it happened
        b.access.record(agency, r, {});
        t.clock.set(test_now);
    };
    for (int week = 1; week <= 12; ++week) {
        for (int i = 0; i < 5; ++i) {
            record(kfz, kfz_purpose, test_now - week * 7 * day - i * 3600'000);
            record(polizei, polizei_purpose, test_now - week * 7 * day - i * 3600'000);
        }
    }
    for (int i = 0; i < 6; ++i) {
        record(kfz, kfz_purpose, test_now - i * 3600'000 - 1);
    }
    for (int i = 0; i < 30; ++i) {
        record(polizei, polizei_purpose, test_now - i * 3600'000 - 1);
    }
    const auto all = b.statistics.agency_volume(Actor::dpo(t.add_dpo("dsb", "pw"), std::nullopt));
    REQUIRE(all.agencies.size() == 2);
    CHECK(all.agencies[0].agency_code == "polizei");
    CHECK(all.agencies[0].unusual);
    CHECK(all.agencies[0].this_week == 30);
    CHECK(all.agencies[0].usual_weekly == doctest::Approx(5.0));
    CHECK_FALSE(all.agencies[1].unusual);
    const auto scoped =
        b.statistics.agency_volume(Actor::dpo(t.add_dpo("dsb-kfz", "pw", kfz.id), kfz.id));
    REQUIRE(scoped.agencies.size() == 1);
    CHECK(scoped.agencies[0].agency_code == "kfz");
    CHECK_THROWS_AS(b.statistics.agency_volume(Actor::agency_key(kfz.id)), ServiceError);
}
