// The browser client cannot catch exceptions, so it reads API answers with the non-throwing
// `decode`. These tests try hundreds of wrong shapes of real answers: decoding must never
// throw, must reject what lacks a required member or has a wrong type, and must accept what
// only lacks optional members.
#include "einblick/shared/api_registry.hpp"
#include "einblick/shared/api_rights.hpp"
#include "einblick/shared/api_types.hpp"
#include "einblick/shared/json_reader.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using nlohmann::json;
using namespace einblick;

namespace {

json full_event() {
    return json::parse(R"({
        "id": "e1", "seq": 7, "kind": "check", "outcome": "denied", "reason": "consent_missing",
        "occurred_at": "2026-11-28T18:07:00Z",
        "agency": {"code": "BA", "name": "Bundesagentur für Arbeit"},
        "purpose": "Prüfung", "legal_basis": "§ 67a SGB X", "register": "melderegister",
        "data_categories": ["address"],
        "purpose_ref": {"id": 3, "version": 2},
        "official": "Sachbearbeitung 4", "correlation_id": "c-1", "consent_id": 9
    })");
}

std::vector<json> replacement_values() {
    return {json(nullptr),    json(1),        json(-2.5),
            json(true),       json("x"),      json::array(),
            json::array({1}), json::object(), json("2026-11-28T18:07:00Z")};
}

// Every variant of `base`: each key (also one level down) removed or replaced by each value.
std::vector<json> mutations(const json& base) {
    std::vector<json> out;
    for (const auto& [key, value] : base.items()) {
        json removed = base;
        removed.erase(key);
        out.push_back(removed);
        for (const json& replacement : replacement_values()) {
            json changed = base;
            changed[key] = replacement;
            out.push_back(changed);
        }
        if (value.is_object()) {
            for (const json& inner : mutations(value)) {
                json changed = base;
                changed[key] = inner;
                out.push_back(changed);
            }
        }
    }
    return out;
}

template <typename T> void check_mutations(const json& full, int& accepted, int& rejected) {
    REQUIRE(api::decode<T>(full).has_value());
    for (const json& variant : mutations(full)) {
        CAPTURE(variant.dump());
        std::optional<T> decoded;
        CHECK_NOTHROW(decoded = api::decode<T>(variant));
        (decoded ? accepted : rejected) += 1;
    }
}

} // namespace

TEST_CASE("decoding never throws, and tells good shapes from bad ones") {
    int accepted = 0;
    int rejected = 0;
    check_mutations<api::AccessEvent>(full_event(), accepted, rejected);
    check_mutations<api::AccessEventPage>({{"items", {full_event()}}, {"next_cursor", "1.2"}},
                                          accepted, rejected);
    CHECK(accepted > 0);
    CHECK(rejected > accepted);
}

TEST_CASE("required members and types are enforced, optional ones may be absent") {
    json event = full_event();
    CHECK(api::decode<api::AccessEvent>(event)->purpose_version == 2);
    for (const char* optional : {"seq", "kind", "outcome", "reason", "register", "purpose_ref",
                                 "official", "correlation_id", "consent_id"}) {
        json without = event;
        without.erase(optional);
        CAPTURE(optional);
        CHECK(api::decode<api::AccessEvent>(without).has_value());
    }
    for (const char* required :
         {"id", "occurred_at", "agency", "purpose", "legal_basis", "data_categories"}) {
        json without = event;
        without.erase(required);
        CAPTURE(required);
        CHECK_FALSE(api::decode<api::AccessEvent>(without).has_value());
    }
    event["occurred_at"] = "gestern";
    CHECK_FALSE(api::decode<api::AccessEvent>(event).has_value());
    CHECK_FALSE(api::decode<api::AccessEvent>(json::array()).has_value());
    CHECK_FALSE(api::decode<api::SessionInfo>(
        json{{"username", "x"}, {"display_name", "y"}, {"role", "admin"}}));
}

TEST_CASE("from_json throws where decode says no, and agrees where it says yes") {
    const json good = full_event();
    CHECK(good.get<api::AccessEvent>().consent_id ==
          api::decode<api::AccessEvent>(good)->consent_id);
    json bad = good;
    bad["data_categories"] = "address";
    CHECK_THROWS_AS(bad.get<api::AccessEvent>(), std::invalid_argument);
}

TEST_CASE("purposes, check results, consents and objections round-trip through decode") {
    api::Purpose purpose;
    purpose.id = 4;
    purpose.agency_code = "kfz";
    purpose.agency_name = "Kfz";
    purpose.status = api::PurposeStatus::Approved;
    api::PurposeVersion version;
    version.id = 9;
    version.version = 1;
    version.status = api::PurposeStatus::Approved;
    version.content = {"Zulassung", "Beschreibung",    "§ 6 FZV", "A6-1-e",
                       {"address"}, {"melderegister"}, {},        730};
    version.proposed_at = 1000;
    version.decision_reason = "ok";
    purpose.in_force = version;
    purpose.versions = {version};
    const auto back = api::decode<api::Purpose>(json(purpose));
    REQUIRE(back.has_value());
    CHECK(back->in_force->content.retention_days == 730);
    CHECK(back->versions.at(0).decision_reason == "ok");

    api::Objection objection;
    objection.id = 3;
    objection.reference = "W-2026-000003";
    objection.purpose_id = 4;
    objection.purpose_name = "Zulassung";
    objection.agency_code = "kfz";
    objection.agency_name = "Kfz";
    objection.reason = "Warum?";
    objection.status = api::ObjectionStatus::Pending;
    objection.received_at = 1000;
    objection.original_due_at = 2000;
    objection.due_at = 3000;
    objection.remedies = "Art. 77";
    objection.event_id = 12;
    const auto objection_back = api::decode<api::Objection>(json(objection));
    REQUIRE(objection_back.has_value());
    CHECK(objection_back->event_id == 12);
    CHECK(objection_back->due_at == 3000);

    api::Consent consent;
    consent.id = 1;
    consent.purpose_id = 4;
    consent.purpose_version = 1;
    consent.purpose_name = "Zulassung";
    consent.agency_code = "kfz";
    consent.agency_name = "Kfz";
    consent.state = api::ConsentState::Withdrawn;
    consent.granted_at = 1000;
    consent.expires_at = 5000;
    consent.withdrawn_at = 2000;
    CHECK(api::decode<api::Consent>(json(consent))->withdrawn_at == 2000);
    json broken = json(consent);
    broken["purpose"].erase("name");
    CHECK_FALSE(api::decode<api::Consent>(broken).has_value());

    api::AccessCheckResult check{api::AccessDecision::Deny,
                                 "consent_missing",
                                 "Keine gültige Einwilligung",
                                 "17",
                                 2,
                                 std::nullopt,
                                 std::nullopt};
    CHECK(api::decode<api::AccessCheckResult>(json(check))->purpose_version == 2);
}

TEST_CASE("a status the client does not know fails the read, an unknown reason does not") {
    // Statuses are enums the client acts on: a text that is none of the enumeration's wire
    // texts makes the whole answer unreadable (decode says no, from_json throws), never a
    // guessed value. The reason of an access is only labelled: a new one passes as its code.
    json event = full_event();
    event["reason"] = "a_reason_from_a_newer_server";
    REQUIRE(api::decode<api::AccessEvent>(event).has_value());
    CHECK(api::decode<api::AccessEvent>(event)->reason == "a_reason_from_a_newer_server");
    CHECK(api::decode<api::AccessEvent>(event)->kind == api::AccessKind::Check);
    CHECK(api::decode<api::AccessEvent>(event)->outcome == api::AccessOutcome::Denied);
    for (const char* member : {"kind", "outcome"}) {
        json unknown = full_event();
        unknown[member] = "Denied"; // case matters
        CAPTURE(member);
        CHECK_FALSE(api::decode<api::AccessEvent>(unknown).has_value());
        CHECK_FALSE(api::decode<api::AccessEventPage>(json{{"items", {full_event(), unknown}}}));
        CHECK_THROWS_AS(unknown.get<api::AccessEvent>(), std::invalid_argument);
    }

    api::Objection objection;
    objection.status = api::ObjectionStatus::Upheld;
    json objection_json = objection;
    CHECK(objection_json["status"] == "upheld");
    CHECK(api::decode<api::Objection>(objection_json)->status == api::ObjectionStatus::Upheld);
    objection_json["status"] = "withdrawn";
    CHECK_FALSE(api::decode<api::Objection>(objection_json).has_value());

    api::Consent consent;
    consent.state = api::ConsentState::Expired;
    json consent_json = consent;
    CHECK(consent_json["state"] == "expired");
    consent_json["state"] = "paused";
    CHECK_FALSE(api::decode<api::Consent>(consent_json).has_value());

    api::PurposeVersion version;
    version.status = api::PurposeStatus::Superseded;
    json version_json = version;
    CHECK(version_json["status"] == "superseded");
    CHECK(api::decode<api::PurposeVersion>(version_json)->status == api::PurposeStatus::Superseded);
    version_json["status"] = "archived";
    CHECK_FALSE(api::decode<api::PurposeVersion>(version_json).has_value());
}
