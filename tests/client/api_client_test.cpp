// The API client's mapping from HTTP answers to typed results, over a fake transport.
#include "einblick/client/api_client.hpp"
#include "fake_transport.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <optional>

using namespace einblick;
using namespace einblick::client;
using einblick::client::testing::FakeTransport;

namespace {

template <class T> struct Capture {
    std::optional<Result<T>> result;
    ApiCallback<T> callback() {
        return [this](Result<T> r) { result.emplace(std::move(r)); };
    }
};

} // namespace

TEST_CASE("login sends the credentials as JSON and returns the session") {
    FakeTransport transport;
    ApiClient api(transport);
    Capture<api::SessionInfo> got;
    api.login({"erika", "Einblick-Demo-2026"}, got.callback());

    REQUIRE(transport.pending() == 1);
    CHECK(transport.request().method == "POST");
    CHECK(transport.request().path == "/api/v1/session");
    CHECK(transport.request().body == R"({"password":"Einblick-Demo-2026","username":"erika"})");
    CHECK_FALSE(got.result.has_value()); // nothing happens before the answer

    transport.respond(201, testing::session_json());
    REQUIRE(got.result.has_value());
    REQUIRE(got.result->ok());
    CHECK(got.result->value().display_name == "Erika Mustermann");
    CHECK(got.result->value().role == api::Role::Citizen);
    CHECK(got.result->error().empty());
}

TEST_CASE("wrong credentials become Unauthorized with the server's German sentence") {
    FakeTransport transport;
    ApiClient api(transport);
    Capture<api::SessionInfo> got;
    api.login({"erika", "falsch"}, got.callback());
    transport.respond(401,
                      testing::problem_json(401, "Anmeldung fehlgeschlagen",
                                            "Benutzername oder Passwort ist falsch."),
                      "application/problem+json");
    REQUIRE(got.result.has_value());
    CHECK(got.result->status() == ApiStatus::Unauthorized);
    CHECK(got.result->error() == "Benutzername oder Passwort ist falsch.");
}

TEST_CASE("a 401 without a readable body still gets a German sentence") {
    const auto result = decode_session_response({401, "text/plain", "nope"}, true);
    CHECK(result.status() == ApiStatus::Unauthorized);
    CHECK(result.error() == "Benutzername oder Passwort ist falsch.");
}

TEST_CASE("problem+json errors keep the server's text, the title stands in for a missing detail") {
    const auto limited = decode_session_response(
        {429, "application/problem+json",
         testing::problem_json(429, "Zu viele Anmeldeversuche", "Bitte warten Sie 60 Sekunden.")},
        true);
    CHECK(limited.status() == ApiStatus::RateLimited);
    CHECK(limited.error() == "Bitte warten Sie 60 Sekunden.");

    const auto rejected = decode_session_response(
        {422, "application/problem+json",
         R"({"title":"Ungültige Anfrage","status":422,"errors":[{"field":"/username","rule":"required"}]})"},
        true);
    CHECK(rejected.status() == ApiStatus::Rejected);
    CHECK(rejected.error() == "Ungültige Anfrage");

    const auto broken = decode_access_events_response({503, "application/problem+json", "{"});
    CHECK(broken.status() == ApiStatus::ServerError);
    CHECK(broken.error().find("Fehler") != std::string::npos);
}

TEST_CASE("an expired session on the history is explained in the client's own words") {
    const auto result = decode_access_events_response(
        {401, "application/problem+json",
         testing::problem_json(401, "Nicht angemeldet", "Kein gültiges Sitzungs-Cookie.")});
    CHECK(result.status() == ApiStatus::Unauthorized);
    CHECK(result.error() == "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.");
}

TEST_CASE("malformed JSON and wrong shapes become MalformedResponse, never an exception") {
    const char* bodies[] = {
        "",
        "not json",
        "[]",
        R"({"items":"no"})",
        R"({"items":[{"id":"1"}]})",
        R"({"items":[],"next_cursor":7})",
        R"({"items":[{"id":"1","occurred_at":"gestern","agency":{"code":"BA","name":"BA"},)"
        R"("purpose":"p","legal_basis":"l","data_categories":[]}]})",
        R"({"items":[{"id":"1","occurred_at":"2026-11-28T18:07:00Z","agency":{"code":"BA"},)"
        R"("purpose":"p","legal_basis":"l","data_categories":[]}]})",
        R"({"items":[{"id":"1","occurred_at":"2026-11-28T18:07:00Z","agency":{"code":"BA","name":"B"},)"
        R"("purpose":"p","legal_basis":"l","data_categories":[1]}]})",
    };
    for (const char* body : bodies) {
        CAPTURE(body);
        std::optional<Result<api::AccessEventPage>> result;
        CHECK_NOTHROW(
            result.emplace(decode_access_events_response({200, "application/json", body})));
        REQUIRE(result.has_value());
        CHECK(result->status() == ApiStatus::MalformedResponse);
        CHECK_FALSE(result->error().empty());
    }
    const char* sessions[] = {R"({"username":"erika"})",
                              R"({"username":"erika","display_name":"E","role":"admin"})",
                              R"({"username":1,"display_name":"E","role":"citizen"})"};
    for (const char* body : sessions) {
        CAPTURE(body);
        std::optional<Result<api::SessionInfo>> result;
        CHECK_NOTHROW(
            result.emplace(decode_session_response({200, "application/json", body}, false)));
        CHECK(result->status() == ApiStatus::MalformedResponse);
    }
    // A problem body of the wrong shape falls back to the client's text instead of throwing.
    std::optional<Result<api::SessionInfo>> odd;
    CHECK_NOTHROW(odd.emplace(decode_session_response(
        {500, "application/problem+json", R"({"title":5,"status":"x","errors":[{"field":1}]})"},
        false)));
    CHECK(odd->status() == ApiStatus::ServerError);
    CHECK(odd->error().find("Server") != std::string::npos);
}

TEST_CASE("network failure becomes NetworkError with a German sentence") {
    FakeTransport transport;
    ApiClient api(transport);
    Capture<api::AccessEventPage> got;
    api.fetch_access_events(std::nullopt, 50, got.callback());
    transport.fail_network();
    REQUIRE(got.result.has_value());
    CHECK(got.result->status() == ApiStatus::NetworkError);
    CHECK(got.result->error().find("nicht erreichbar") != std::string::npos);
}

TEST_CASE("access events: first page, cursor in the query, next_cursor absent on the last page") {
    FakeTransport transport;
    ApiClient api(transport);
    Capture<api::AccessEventPage> first;
    api.fetch_access_events(std::nullopt, 50, first.callback());
    CHECK(transport.request().method == "GET");
    CHECK(transport.request().path == "/api/v1/me/access-events?limit=50");
    transport.respond(
        200, testing::page_json({testing::event_json("e1", "2026-11-28T18:07:00Z")}, "abc+/="));
    REQUIRE(first.result->ok());
    const auto& page = first.result->value();
    REQUIRE(page.items.size() == 1);
    CHECK(page.items[0].agency_name == "Bundesagentur für Arbeit");
    CHECK(page.items[0].data_categories == std::vector<std::string>{"address", "income"});
    CHECK(page.next_cursor == std::optional<std::string>("abc+/="));

    Capture<api::AccessEventPage> second;
    api.fetch_access_events(page.next_cursor, 50, second.callback());
    CHECK(transport.request().path == "/api/v1/me/access-events?limit=50&cursor=abc%2B%2F%3D");
    transport.respond(200, testing::page_json({}));
    REQUIRE(second.result->ok());
    CHECK(second.result->value().items.empty());
    CHECK_FALSE(second.result->value().next_cursor.has_value());
}

TEST_CASE("logout: 204 and an already expired session both count as done") {
    CHECK(decode_logout_response({204, "", ""}).ok());
    CHECK(decode_logout_response({401, "application/problem+json", "{}"}).ok());
    CHECK(decode_logout_response({0, "", ""}).status() == ApiStatus::NetworkError);

    FakeTransport transport;
    ApiClient api(transport);
    Capture<Done> got;
    api.logout(got.callback());
    CHECK(transport.request().method == "DELETE");
    CHECK(transport.request().path == "/api/v1/session");
    transport.respond(204, "", "");
    CHECK(got.result->ok());
}

TEST_CASE("restore_session asks GET /api/v1/session, 401 is plain Unauthorized") {
    FakeTransport transport;
    ApiClient api(transport);
    Capture<api::SessionInfo> got;
    api.restore_session(got.callback());
    CHECK(transport.request().method == "GET");
    CHECK(transport.request().path == "/api/v1/session");
    transport.respond(401, testing::problem_json(401, "Nicht angemeldet", "x"));
    CHECK(got.result->status() == ApiStatus::Unauthorized);
}

TEST_CASE("percent_encode leaves unreserved characters and encodes the rest") {
    CHECK(percent_encode("aZ09-._~") == "aZ09-._~");
    CHECK(percent_encode("a b&c=d/ä") == "a%20b%26c%3Dd%2F%C3%A4");
}

TEST_CASE("invalid UTF-8 in the credentials does not throw") {
    FakeTransport transport;
    ApiClient api(transport);
    Capture<api::SessionInfo> got;
    CHECK_NOTHROW(api.login({"erika\xff", "x"}, got.callback()));
    CHECK(transport.pending() == 1);
}

TEST_CASE("404, 409 and 412 have their own statuses, a 412 is explained in the client's words") {
    const auto missing = decode_response<einblick::api::Objection>(
        {404, "application/problem+json",
         testing::problem_json(404, "Nicht gefunden", "Gibt es nicht.")});
    CHECK(missing.status() == ApiStatus::NotFound);
    CHECK(missing.error() == "Gibt es nicht.");
    const auto conflict = decode_response<einblick::api::Objection>(
        {409, "application/problem+json",
         testing::problem_json(409, "Konflikt", "Bereits entschieden.")});
    CHECK(conflict.status() == ApiStatus::Conflict);
    CHECK(conflict.error() == "Bereits entschieden.");
    const auto stale = decode_response<einblick::api::Objection>(
        {412, "application/problem+json",
         testing::problem_json(412, "Veraltet", "ETag passt nicht.")});
    CHECK(stale.status() == ApiStatus::Stale);
    CHECK(stale.error().find("inzwischen geändert") != std::string::npos);
    CHECK(std::string(to_string(ApiStatus::Stale)) == "stale");
}

TEST_CASE("a 400 carries the field violations for the form") {
    const auto result = decode_response<einblick::api::Purpose>(
        {400, "application/problem+json",
         testing::validation_json(
             {{"/name", "Darf nicht leer sein."}, {"/data_categories/1", "Doppelt."}})});
    CHECK(result.status() == ApiStatus::Rejected);
    CHECK(result.error() == "Die Anfrage enthält ungültige Angaben.");
    REQUIRE(result.violations().size() == 2);
    CHECK(result.violations()[1].field == "/data_categories/1");
    const auto fields = field_errors_from(result.violations());
    CHECK(error_for(fields, "/data_categories") == std::optional<std::string>("Doppelt."));
    CHECK_FALSE(error_for(fields, "/data").has_value()); // a prefix of a name is no match
}

TEST_CASE("DPO requests: If-Match with the revision as a strong entity tag, JSON bodies") {
    FakeTransport transport;
    ApiClient api(transport);
    Capture<einblick::api::Objection> decided;
    api.decide_objection(5, 7, {einblick::api::ObjectionDecision::Reject, "Gründe"},
                         decided.callback());
    CHECK(transport.request().method == "POST");
    CHECK(transport.request().path == "/api/v1/objections/5/decision");
    CHECK(transport.request().header("If-Match") == "\"7\"");
    // Request bodies and query strings are compared as literal text: they pin the wire format.
    CHECK(transport.request().body == R"({"outcome":"rejected","reason":"Gründe"})");
    transport.respond(200, testing::objection_json(5, einblick::api::ObjectionStatus::Rejected, 8));
    REQUIRE(decided.result->ok());
    CHECK(decided.result->value().revision == 8);
    CHECK(decided.result->value().decision_reason == std::optional<std::string>("Begründet."));

    Capture<einblick::api::Objection> extended;
    api.extend_objection(5, 8, {1, "Prüfung"}, extended.callback());
    CHECK(transport.request().path == "/api/v1/objections/5/extension");
    CHECK(transport.request().header("If-Match") == "\"8\"");
    CHECK(transport.request().body == R"({"months":1,"reason":"Prüfung"})");
    transport.respond(200, R"({"id":5})"); // not the promised shape
    CHECK(extended.result->status() == ApiStatus::MalformedResponse);
}

TEST_CASE("every other request: method, path and body") {
    FakeTransport net;
    ApiClient api(net);
    const auto ignore = [](auto) {};
    api.fetch_purposes(ignore);
    api.fetch_purpose(6, ignore);
    api.fetch_vocabulary(ignore);
    api.fetch_consents(ignore);
    api.grant_consent({9, 1'795'867'200'000}, ignore);
    api.withdraw_consent(3, ignore);
    api.fetch_my_objections(ignore);
    api.file_objection({std::nullopt, 6, "r", false}, ignore);
    api.fetch_monthly_statistics(ignore);
    api.fetch_objection_queue(QueueFilter::Pending, ignore);
    api.fetch_objection(5, ignore);
    api.decide_purpose_version(6, 2, {einblick::api::PurposeDecision::Reject, "nein"}, ignore);
    api.fetch_agency_volume(ignore);
    api.propose_purpose({}, ignore);
    api.revise_purpose(6, {}, ignore);
    api.fetch_api_keys(ignore);
    api.create_api_key({"x"}, ignore);
    api.revoke_api_key(4, ignore);
    // The paths with their query strings as literal text: they pin the wire format.
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"GET", "/api/v1/purposes"},
        {"GET", "/api/v1/purposes/6"},
        {"GET", "/api/v1/vocabulary"},
        {"GET", "/api/v1/me/consents"},
        {"POST", "/api/v1/me/consents"},
        {"POST", "/api/v1/me/consents/3/withdrawal"},
        {"GET", "/api/v1/me/objections"},
        {"POST", "/api/v1/me/objections"},
        {"GET", "/api/v1/me/statistics/monthly"},
        {"GET", "/api/v1/objections?status=pending"},
        {"GET", "/api/v1/objections/5"},
        {"POST", "/api/v1/purposes/6/versions/2/decision"},
        {"GET", "/api/v1/statistics/agency-weekly"},
        {"POST", "/api/v1/purposes"},
        {"POST", "/api/v1/purposes/6/versions"},
        {"GET", "/api/v1/agency/api-keys"},
        {"POST", "/api/v1/agency/api-keys"},
        {"DELETE", "/api/v1/agency/api-keys/4"},
    };
    REQUIRE(net.pending() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CAPTURE(i);
        CHECK(net.request(i).method == expected[i].first);
        CHECK(net.request(i).path == expected[i].second);
        // German answers always: the app translates the server's messages itself.
        REQUIRE(net.request(i).headers.size() == 1);
        CHECK(net.request(i).header("Accept-Language") == "de");
    }
    CHECK(net.request(4).body == R"({"expires_at":"2026-11-28T12:00:00.000Z","purpose_id":9})");
    CHECK(net.request(5).body.empty());
    CHECK(net.request(7).body == R"({"purpose_id":6,"reason":"r","restrict_processing":false})");
    CHECK(net.request(11).body == R"({"decision":"reject","reason":"nein"})");
    CHECK(nlohmann::json::parse(net.request(13).body).contains("retention_days"));
    CHECK(net.request(16).body == R"({"label":"x"})");
    CHECK(export_url(einblick::api::ExportFormat::Csv) == "/api/v1/me/export?format=csv");
}

TEST_CASE("decoding each answer type, wrong shapes are MalformedResponse") {
    using namespace einblick;
    const auto ok = [](const std::string& body) {
        return HttpResponse{200, "application/json", body};
    };
    CHECK(decode_response<api::ItemList<api::Consent>>(
              ok(testing::items_json(
                  {testing::consent_json(1, api::ConsentState::Given, "2027-01-01T00:00:00Z")})))
              .ok());
    CHECK(decode_response<api::ItemList<api::Objection>>(
              ok(testing::items_json({testing::objection_json(1)})))
              .ok());
    CHECK(decode_response<api::ItemList<api::Purpose>>(
              ok(testing::items_json({testing::purpose_json(1, "A6-1-a", true)})))
              .ok());
    CHECK(decode_response<api::MonthlyStatistics>(
              ok(R"({"months":[{"month":"2026-11","accesses":1,"checks_denied":0}]})"))
              .ok());
    CHECK(decode_response<api::AgencyVolumeStatistics>(ok(R"({"agencies":[]})")).ok());
    CHECK(decode_done_response({204, "", ""}).ok());
    CHECK(decode_done_response({404, "application/problem+json", "{}"}).status() ==
          ApiStatus::NotFound);
    const char* wrong[] = {"", "[]", R"({"items":[{"id":1}]})", R"({"months":[{"month":1}]})"};
    for (const char* body : wrong) {
        CAPTURE(body);
        CHECK(decode_response<api::ItemList<api::Consent>>(ok(body)).status() ==
              ApiStatus::MalformedResponse);
        CHECK(decode_response<api::ItemList<api::Objection>>(ok(body)).status() ==
              ApiStatus::MalformedResponse);
        CHECK(decode_response<api::MonthlyStatistics>(ok(body)).status() ==
              ApiStatus::MalformedResponse);
        CHECK(decode_response<api::ApiKeyCreated>(ok(body)).status() ==
              ApiStatus::MalformedResponse);
        CHECK(decode_response<api::Vocabulary>(ok(body)).status() == ApiStatus::MalformedResponse);
    }
}
