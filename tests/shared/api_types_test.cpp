#include "einblick/shared/api_types.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace einblick;
using nlohmann::json;

TEST_CASE("an access event round-trips through the documented JSON shape") {
    api::AccessEvent event;
    event.id = "42";
    event.occurred_at = 1'795'867'200'000;
    event.agency_code = "kfz";
    event.agency_name = "Kfz-Zulassungsbehörde Leipzig";
    event.purpose = "Zulassung";
    event.legal_basis = "§ 6 FZV";
    event.data_categories = {"address", "vehicle"};
    event.purpose_id = 3;
    event.purpose_version = 2;
    event.kind = api::AccessKind::Check;
    event.outcome = api::AccessOutcome::Denied;
    event.reason = "consent_missing";
    const json j = event;
    CHECK(j["id"] == "42");
    CHECK(j["occurred_at"] == "2026-11-28T12:00:00.000Z");
    CHECK(j["kind"] == "check"); // the wire texts, pinned
    CHECK(j["outcome"] == "denied");
    CHECK(j["reason"] == "consent_missing");
    CHECK(j["agency"]["name"] == "Kfz-Zulassungsbehörde Leipzig");
    CHECK(j["data_categories"] == json::array({"address", "vehicle"}));
    const auto back = j.get<api::AccessEvent>();
    CHECK(back.occurred_at == event.occurred_at);
    CHECK(back.agency_code == "kfz");
    CHECK(back.data_categories == event.data_categories);
    CHECK(back.purpose_version == 2);
    CHECK(back.kind == api::AccessKind::Check);
    CHECK(back.outcome == api::AccessOutcome::Denied);
    CHECK(back.reason == "consent_missing");
    CHECK(j["purpose_ref"]["id"] == 3);
}

TEST_CASE("a page has next_cursor only when there is a next page") {
    api::AccessEventPage page;
    CHECK_FALSE(json(page).contains("next_cursor"));
    page.next_cursor = "abc";
    CHECK(json(page)["next_cursor"] == "abc");
    const auto back = json::parse(R"({"items": []})").get<api::AccessEventPage>();
    CHECK_FALSE(back.next_cursor.has_value());
}

TEST_CASE("malformed event JSON throws rather than producing half an event") {
    CHECK_THROWS(json::parse(R"({"id": "1"})").get<api::AccessEvent>());
    CHECK_THROWS(json::parse(R"({"id":"1","occurred_at":"gestern","agency":{"code":"a","name":"b"},
        "purpose":"p","legal_basis":"l","data_categories":[]})")
                     .get<api::AccessEvent>());
}

TEST_CASE("problem details carry field violations") {
    api::Problem problem{"urn:einblick:problem:validation",
                         "Ungültige Anfrage",
                         400,
                         "…",
                         {{"/purpose", "required", "Pflichtangabe fehlt."}}};
    const json j = problem;
    CHECK(j["errors"][0]["field"] == "/purpose");
    const auto back = j.get<api::Problem>();
    CHECK(back.status == 400);
    REQUIRE(back.errors.size() == 1);
    CHECK(back.errors[0].rule == "required");
}

TEST_CASE("session info maps roles both ways") {
    const json j = api::SessionInfo{"erika", "Erika Mustermann", api::Role::Citizen};
    CHECK(j["role"] == "citizen");
    CHECK(j.get<api::SessionInfo>().role == api::Role::Citizen);
    CHECK_THROWS(json::parse(R"({"username":"x","display_name":"y","role":"admin"})")
                     .get<api::SessionInfo>());
}

TEST_CASE("a page, an event and a batch's answer written as text are exactly the text of their "
          "JSON trees") {
    // Every optional member present and absent, texts that need escaping (quotes, backslash,
    // control characters, non-ASCII), empty lists, an empty page and a page with a cursor.
    api::AccessEventPage page;
    CHECK(api::to_json_text(page) == json(page).dump());
    for (int i = 0; i < 64; ++i) {
        api::AccessEvent e;
        e.id = std::to_string(1000 + i);
        e.seq = 1000 + i;
        e.occurred_at = 1'795'867'200'000 + i * 3'600'123;
        e.agency_code = i % 2 ? "kfz" : "a\"b\\c";
        e.agency_name = "Kfz-Zulassungsbehörde Leipzig \t\n\x01 €";
        e.purpose = i % 3 ? "Zulassung" : "";
        e.legal_basis = "§ 6 FZV";
        if (i % 4 != 0) {
            e.data_categories = {"address", "vehicle \"x\""};
        }
        e.kind = i % 2 ? api::AccessKind::Check : api::AccessKind::Access;
        e.outcome = i % 5 ? api::AccessOutcome::Allowed : api::AccessOutcome::Denied;
        e.reason = i % 5 ? "allowed" : "consent_missing";
        e.register_code = "melderegister";
        e.reported_late = i % 7 == 0;
        if (i & 1) {
            e.purpose_id = i;
            e.purpose_version = i % 3 ? std::optional(2) : std::nullopt;
        }
        if (i & 2) {
            e.official = "Sachbearbeiterin \u00e4 / 7";
        }
        if (i & 4) {
            e.correlation_id = "corr-" + std::to_string(i);
        }
        if (i & 8) {
            e.consent_id = -i;
        }
        if (i & 16) {
            e.recorded_at = e.occurred_at + 5;
        }
        if (i & 32) {
            e.citizen_ref = "c-" + std::to_string(i);
        }
        page.items.push_back(e);
        CAPTURE(i);
        CHECK(api::to_json_text(page) == json(page).dump());
        CHECK(api::to_json_text(e) == json(e).dump());
        CHECK(api::batch_answer_json_text(page.items) == json{{"events", page.items}}.dump());
    }
    CHECK(api::batch_answer_json_text({}) == json{{"events", json::array()}}.dump());
    page.next_cursor = "eyJ0IjoxfQ==";
    CHECK(api::to_json_text(page) == json(page).dump());
    CHECK(json::parse(api::to_json_text(page)) == json(page));
}

TEST_CASE(
    "pages, events and batch answers written as text reject invalid UTF-8 as their JSON trees do") {
    api::AccessEventPage page;
    page.items.emplace_back();
    page.items.back().purpose = "\xff\xfe";
    CHECK_THROWS_AS(json(page).dump(), json::type_error);
    CHECK_THROWS_AS(api::to_json_text(page), json::type_error);
    CHECK_THROWS_AS(api::to_json_text(page.items.back()), json::type_error);
    CHECK_THROWS_AS(api::batch_answer_json_text(page.items), json::type_error);
}
