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
