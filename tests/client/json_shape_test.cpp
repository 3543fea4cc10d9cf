// The client checks JSON shapes before calling the shared from_json, because in the browser a
// throw cannot be caught (see client/CMakeLists.txt). This test keeps the two in step: for
// many mutations of a valid answer, the client accepts exactly what from_json reads without
// throwing. When shared/api_types.cpp reads a new field, this test says so.
#include "einblick/client/api_client.hpp"
#include "einblick/shared/api_types.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using nlohmann::json;
using namespace einblick;

namespace {

json full_event() {
    return json::parse(R"({
        "id": "e1", "seq": 7, "kind": "check", "outcome": "denied", "reason": "no_purpose",
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

bool shared_reads(const json& page) {
    try {
        (void)page.get<api::AccessEventPage>();
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace

TEST_CASE("the client accepts an access event exactly when from_json can read it") {
    int accepted = 0;
    const auto variants = mutations(full_event());
    for (const json& event : variants) {
        const json page = {{"items", json::array({event})}};
        CAPTURE(event.dump());
        const auto result =
            client::decode_access_events_response({200, "application/json", page.dump()});
        CHECK(result.ok() == shared_reads(page));
        accepted += result.ok() ? 1 : 0;
    }
    CHECK(accepted > 0);
    CHECK(accepted < static_cast<int>(variants.size()));
}

TEST_CASE("the client accepts a session exactly when from_json can read it") {
    const json base = {{"username", "erika"}, {"display_name", "Erika"}, {"role", "citizen"}};
    for (const json& session : mutations(base)) {
        CAPTURE(session.dump());
        bool readable = true;
        try {
            (void)session.get<api::SessionInfo>();
        } catch (const std::exception&) {
            readable = false;
        }
        CHECK(client::decode_session_response({200, "application/json", session.dump()}, false)
                  .ok() == readable);
    }
}
