// The dashboards' request bodies, API keys, vocabulary and list envelopes.
#include "einblick/shared/api_dashboard.hpp"
#include "einblick/shared/api_rights.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace einblick;
using nlohmann::json;

TEST_CASE("request bodies have exactly the documented members") {
    CHECK(json(api::ConsentRequest{7, 1'795'867'200'000}).dump() ==
          R"({"expires_at":"2026-11-28T12:00:00.000Z","purpose_id":7})");
    api::ObjectionRequest objection;
    objection.event_id = 42;
    objection.reason = "Warum?";
    CHECK(json(objection).dump() ==
          R"({"event_id":42,"reason":"Warum?","restrict_processing":false})");
    objection.event_id.reset();
    objection.purpose_id = 3;
    objection.restrict_processing = true;
    CHECK(json(objection).dump() ==
          R"({"purpose_id":3,"reason":"Warum?","restrict_processing":true})");
    CHECK(json(api::ObjectionDecisionRequest{api::ObjectionDecision::Uphold, "Grund"}).dump() ==
          R"({"outcome":"upheld","reason":"Grund"})");
    CHECK(json(api::ObjectionExtensionRequest{2, "Prüfung"}).dump() ==
          R"({"months":2,"reason":"Prüfung"})");
    CHECK(json(api::PurposeDecisionRequest{api::PurposeDecision::Approve, "ok"}).dump() ==
          R"({"decision":"approve","reason":"ok"})");
    CHECK(json(api::ApiKeyRequest{"Fachverfahren"}).dump() == R"({"label":"Fachverfahren"})");
}

TEST_CASE("request bodies read back, an objection needs exactly one target") {
    CHECK(api::decode<api::ObjectionRequest>(json::parse(R"({"event_id":1,"reason":"r"})")));
    CHECK_FALSE(api::decode<api::ObjectionRequest>(json::parse(R"({"reason":"r"})")));
    CHECK_FALSE(api::decode<api::ObjectionRequest>(
        json::parse(R"({"event_id":1,"purpose_id":2,"reason":"r"})")));
    const auto consent = api::decode<api::ConsentRequest>(
        json::parse(R"({"purpose_id":7,"expires_at":"2026-11-28T12:00:00Z"})"));
    REQUIRE(consent);
    CHECK(consent->expires_at == 1'795'867'200'000);
    // Decisions read as their enums; the wire text of upholding is the status it leads to.
    CHECK(api::decode<api::ObjectionDecisionRequest>(
              json::parse(R"({"outcome":"rejected","reason":"r"})"))
              ->outcome == api::ObjectionDecision::Reject);
    CHECK_FALSE(api::decode<api::ObjectionDecisionRequest>(
        json::parse(R"({"outcome":"uphold","reason":"r"})")));
    CHECK(api::decode<api::PurposeDecisionRequest>(
              json::parse(R"({"decision":"reject","reason":"r"})"))
              ->decision == api::PurposeDecision::Reject);
    CHECK_FALSE(api::decode<api::PurposeDecisionRequest>(
        json::parse(R"({"decision":"rejected","reason":"r"})")));
}

TEST_CASE("API keys: listed without, created with the key") {
    const auto listed = api::decode<api::ItemList<api::ApiKey>>(json::parse(
        R"({"items":[{"id":1,"label":"A","created_at":"2026-01-01T00:00:00.000Z","active":true},
                     {"id":2,"label":"B","created_at":"2026-01-01T00:00:00.000Z","active":false,
                      "revoked_at":"2026-02-01T00:00:00.000Z"}]})"));
    REQUIRE(listed);
    REQUIRE(listed->items.size() == 2);
    CHECK(listed->items[1].revoked_at.has_value());
    CHECK_FALSE(listed->items[1].active);
    const auto created = api::decode<api::ApiKeyCreated>(json::parse(
        R"({"id":3,"label":"C","created_at":"2026-01-01T00:00:00.000Z","active":true,"key":"ebk_x"})"));
    REQUIRE(created);
    CHECK(created->key == "ebk_x");
    CHECK(created->info.id == 3);
    CHECK_FALSE(api::decode<api::ApiKeyCreated>(json::parse(
        R"({"id":3,"label":"C","created_at":"2026-01-01T00:00:00.000Z","active":true})")));
    CHECK_FALSE(api::decode<api::ItemList<api::ApiKey>>(json::parse(R"({"items":[{"id":"1"}]})")));
}

TEST_CASE("the vocabulary reads with German and English labels") {
    const auto vocabulary = api::decode<api::Vocabulary>(json::parse(
        R"({"data_categories":[{"code":"address","de":"Anschrift","en":"Address"}],
            "registers":[],"gdpr_bases":[],"access_decision_reasons":[]})"));
    REQUIRE(vocabulary);
    CHECK(vocabulary->data_categories[0].de == "Anschrift");
    CHECK_FALSE(api::decode<api::Vocabulary>(json::parse(R"({"data_categories":[]})")));
}

TEST_CASE("list envelopes of consents read each item or nothing") {
    const auto empty = api::decode<api::ItemList<api::Consent>>(json::parse(R"({"items":[]})"));
    REQUIRE(empty);
    CHECK(empty->items.empty());
    CHECK_FALSE(api::decode<api::ItemList<api::Consent>>(json::parse(R"([])")));
}
