// The access policy of every endpoint as one table: endpoint × caller → the HTTP status.
//
// Each cell that changes state (a withdrawal, a decision, a revoked key) runs against a fresh
// in-process server with the same data (TestWorld, tests/support/test_world.hpp), so it cannot
// influence another cell. A test below fails when a route the server registers has no row.
//
// Rules the table shows: a citizen only ever sees their own data, and "absent" and "not
// yours" answer alike (404); agencies act only on their own purposes; DPOs decide only for
// the agencies they cover; no or a wrong kind of credential is 401, a valid session of the
// wrong role 403; public endpoints are open to everybody.

#include "route_coverage.hpp"
#include "test_world.hpp"

#include <algorithm>
#include <array>
#include <doctest/doctest.h>
#include <httplib.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

using namespace einblick::testing;
using nlohmann::json;

namespace {

struct Row {
    const char* method;
    const char* path;
    std::string body; // empty: no body
    std::array<int, caller_count> expected;
};

// clang-format off
const std::vector<Row> policy{
//   method    path                                           body                                                           anon  citA  citB  dpoX  dpoY  dpoAll keyX  keyY  staffX
    // Public
    {"GET",    "/health/live",                                "",                                                           {200,  200,  200,  200,  200,  200,  200,  200,  200}},
    {"GET",    "/health/ready",                               "",                                                           {200,  200,  200,  200,  200,  200,  200,  200,  200}},
    {"GET",    "/api/openapi.yaml",                           "",                                                           {200,  200,  200,  200,  200,  200,  200,  200,  200}},
    {"GET",    "/metrics",                                    "",                                                           {200,  200,  200,  200,  200,  200,  200,  200,  200}},
    {"GET",    "/api/v1/vocabulary",                          "",                                                           {200,  200,  200,  200,  200,  200,  200,  200,  200}},
    // The verifiable log: anyone may verify it, so anyone may read its checkpoints and proofs
    {"GET",    "/api/v1/log/checkpoint",                      "",                                                           {200,  200,  200,  200,  200,  200,  200,  200,  200}},
    {"GET",    "/api/v1/log/checkpoints/$LS",                 "",                                                           {200,  200,  200,  200,  200,  200,  200,  200,  200}},
    {"GET",    "/api/v1/log/consistency?first=1&second=$LS",  "",                                                           {200,  200,  200,  200,  200,  200,  200,  200,  200}},
    {"GET",    "/api/v1/log/public-key",                      "",                                                           {200,  200,  200,  200,  200,  200,  200,  200,  200}},
    {"GET",    "/api/v1/log/cosigned-checkpoint",             "",                                                           {404,  404,  404,  404,  404,  404,  404,  404,  404}},
    // A witness's cosignature counts by its signature alone, never by who sends it
    {"POST",   "/api/v1/log/checkpoints/$LS/cosignatures",    "not a signature line",                                       {400,  400,  400,  400,  400,  400,  400,  400,  400}},
    // Session: login depends on the body's credentials only; logout always succeeds
    {"POST",   "/api/v1/session",                             world_login_body,                                             {201,  201,  201,  201,  201,  201,  201,  201,  201}},
    {"GET",    "/api/v1/session",                             "",                                                           {401,  200,  200,  200,  200,  200,  401,  401,  200}},
    {"DELETE", "/api/v1/session",                             "",                                                           {204,  204,  204,  204,  204,  204,  204,  204,  204}},
    // Purpose registry: approved purposes are public; drafts only for their agency and covering DPOs
    {"GET",    "/api/v1/purposes",                            "",                                                           {200,  200,  200,  200,  200,  200,  200,  200,  200}},
    {"GET",    "/api/v1/purposes/$PX",                        "",                                                           {200,  200,  200,  200,  200,  200,  200,  200,  200}},
    {"GET",    "/api/v1/purposes/$QX",                        "",                                                           {404,  404,  404,  200,  404,  200,  200,  404,  200}},
    {"POST",   "/api/v1/purposes",                            world_purpose_body,                                           {401,  403,  403,  403,  403,  403,  201,  201,  201}},
    {"POST",   "/api/v1/purposes/$PX/versions",               world_purpose_body,                                           {401,  403,  403,  403,  403,  403,  201,  404,  201}},
    {"POST",   "/api/v1/purposes/$QX/versions/1/decision",    R"({"decision":"approve","reason":"geprüft"})",               {401,  403,  403,  200,  404,  200,  401,  401,  403}},
    {"POST",   "/api/v1/purposes/999999/versions/1/decision", R"({"decision":"approve","reason":"geprüft"})",               {401,  403,  403,  404,  404,  404,  401,  401,  403}},
    {"POST",   "/api/v1/purposes/$PX/retirement",             R"({"reason":"Aufgabe entfallen."})",                         {401,  403,  403,  200,  404,  200,  200,  404,  200}},
    // Agency systems (API key only; a session is no credential here)
    {"POST",   "/api/v1/access-checks",                       world_access_body,                                            {401,  401,  401,  401,  401,  401,  200,  200,  401}},
    {"POST",   "/api/v1/access-events",                       world_access_body,                                            {401,  401,  401,  401,  401,  401,  201,  400,  401}},
    {"POST",   "/api/v1/access-events/batch",                 R"({"events":[)" + world_access_body + "]}",                  {401,  401,  401,  401,  401,  401,  201,  400,  401}},
    {"POST",   "/api/v1/consent-checks",                      R"({"citizen_id":"$IDA","purpose_id":$PCX})",                 {401,  401,  401,  401,  401,  401,  200,  400,  401}},
    // Citizens: their own data only; "not yours" answers like "absent"
    {"GET",    "/api/v1/me/access-events",                    "",                                                           {401,  200,  200,  403,  403,  403,  401,  401,  403}},
    {"GET",    "/api/v1/me/access-events/$EA",                "",                                                           {401,  200,  404,  403,  403,  403,  401,  401,  403}},
    {"GET",    "/api/v1/me/access-proofs?ids=$EA",            "",                                                           {401,  200,  404,  403,  403,  403,  401,  401,  403}},
    {"GET",    "/api/v1/me/consents",                         "",                                                           {401,  200,  200,  403,  403,  403,  401,  401,  403}},
    {"POST",   "/api/v1/me/consents",                         R"({"purpose_id":$PCY,"expires_at":"2027-06-01T00:00:00Z"})", {401,  201,  201,  403,  403,  403,  401,  401,  403}},
    {"POST",   "/api/v1/me/consents/$CA/withdrawal",          "",                                                           {401,  200,  404,  403,  403,  403,  401,  401,  403}},
    {"GET",    "/api/v1/me/objections",                       "",                                                           {401,  200,  200,  403,  403,  403,  401,  401,  403}},
    {"POST",   "/api/v1/me/objections",                       R"({"purpose_id":$PY2,"reason":"Ich widerspreche."})",        {401,  201,  201,  403,  403,  403,  401,  401,  403}},
    {"POST",   "/api/v1/me/objections",                       R"({"event_id":$EB,"reason":"Warum?"})",                      {401,  404,  201,  403,  403,  403,  401,  401,  403}},
    {"GET",    "/api/v1/me/objections/$OA",                   "",                                                           {401,  200,  404,  403,  403,  403,  401,  401,  403}},
    {"GET",    "/api/v1/me/export",                           "",                                                           {401,  200,  200,  403,  403,  403,  401,  401,  403}},
    // DPOs: only the agencies they cover; "not covered" answers like "absent"
    {"GET",    "/api/v1/objections",                          "",                                                           {401,  403,  403,  200,  200,  200,  401,  401,  403}},
    {"GET",    "/api/v1/objections/$OA",                      "",                                                           {401,  403,  403,  200,  404,  200,  401,  401,  403}},
    {"GET",    "/api/v1/objections/$OB",                      "",                                                           {401,  403,  403,  404,  200,  200,  401,  401,  403}},
    {"POST",   "/api/v1/objections/$OA/decision",             R"({"outcome":"rejected","reason":"Erforderlich."})",         {401,  403,  403,  200,  404,  200,  401,  401,  403}},
    {"POST",   "/api/v1/objections/$OA/extension",            R"({"months":1,"reason":"Stellungnahme fehlt."})",            {401,  403,  403,  200,  404,  200,  401,  401,  403}},
    {"GET",    "/api/v1/audit",                               "",                                                           {401,  403,  403,  403,  403,  200,  401,  401,  403}},
    // Statistics: a citizen's own months; agency volume for DPOs (scoped DPOs see their agency)
    {"GET",    "/api/v1/me/statistics/monthly",               "",                                                           {401,  200,  200,  403,  403,  403,  401,  401,  403}},
    {"GET",    "/api/v1/statistics/agency-weekly",            "",                                                           {401,  403,  403,  200,  200,  200,  401,  401,  403}},
    // An agency's log for the DPOs who supervise it ("not yours" answers like "absent")
    {"GET",    "/api/v1/agencies/kfz-x/access-events",        "",                                                           {401,  403,  403,  200,  404,  200,  401,  401,  403}},
    {"GET",    "/api/v1/agencies/nowhere/access-events",      "",                                                           {401,  403,  403,  404,  404,  404,  401,  401,  403}},
    // Agency staff manage their agency's keys (a key cannot manage keys)
    {"GET",    "/api/v1/agency/api-keys",                     "",                                                           {401,  403,  403,  403,  403,  403,  401,  401,  200}},
    {"POST",   "/api/v1/agency/api-keys",                     R"({"label":"Fachverfahren"})",                               {401,  403,  403,  403,  403,  403,  401,  401,  201}},
    {"DELETE", "/api/v1/agency/api-keys/$KX",                 "",                                                           {401,  403,  403,  403,  403,  403,  401,  401,  204}},
    {"DELETE", "/api/v1/agency/api-keys/$KY",                 "",                                                           {401,  403,  403,  403,  403,  403,  401,  401,  404}},
};
// clang-format on

void check_problem_shape(const httplib::Response& response) {
    CHECK(response.get_header_value("Content-Type").rfind("application/problem+json", 0) == 0);
    const json problem = json::parse(response.body, nullptr, false);
    REQUIRE(problem.is_object());
    CHECK(problem.value("status", 0) == response.status);
    CHECK(problem.value("type", "").rfind("urn:einblick:problem:", 0) == 0);
    CHECK_FALSE(problem.value("title", "").empty());
    CHECK_FALSE(problem.value("detail", "").empty());
}

// Reads (and logging in or out, which touches only the caller's own session) change nothing
// another cell could notice, and neither does a write the table expects to be refused (4xx): if
// one were let through instead, its own cell fails. Those share one world; every write that
// is to succeed gets a fresh one.
bool needs_own_world(const Row& row, std::size_t caller) {
    const std::string method = row.method;
    return method != "GET" && std::string(row.path) != "/api/v1/session" &&
           row.expected[caller] < 400;
}

// One request by one caller; returns the response.
httplib::Result run_cell(TestWorld& world, int port, const Row& row, Caller caller) {
    httplib::Client client("127.0.0.1", port);
    httplib::Headers headers = world.credentials(caller);
    headers.emplace("If-Match", "\"1\""); // fresh objections are at revision 1; ignored elsewhere
    return send(client, row.method, world.expand(row.path), headers, world.expand(row.body));
}

} // namespace

TEST_CASE("role matrix: every endpoint answers every kind of caller as the policy table says") {
    TestWorld shared;
    RunningServer shared_server(shared.t);
    for (const Row& row : policy) {
        for (int c = 0; c < caller_count; ++c) {
            const auto caller = static_cast<Caller>(c);
            std::unique_ptr<TestWorld> fresh;
            std::unique_ptr<RunningServer> fresh_server;
            if (needs_own_world(row, static_cast<std::size_t>(c))) {
                fresh = std::make_unique<TestWorld>();
                fresh_server = std::make_unique<RunningServer>(fresh->t);
            }
            TestWorld& world = fresh ? *fresh : shared;
            const auto response = run_cell(
                world, fresh_server ? fresh_server->port() : shared_server.port(), row, caller);
            const std::string cell = std::string(row.method) + " " + world.expand(row.path) +
                                     " as " + caller_names[static_cast<std::size_t>(c)];
            INFO(cell);
            REQUIRE(response);
            CHECK_MESSAGE(response->status == row.expected[static_cast<std::size_t>(c)],
                          cell << ": expected " << row.expected[static_cast<std::size_t>(c)]
                               << ", got " << response->status << " " << response->body);
            if (response->status >= 400) {
                check_problem_shape(*response);
            }
            if (response->status == 401) {
                CHECK(response->get_header_value("WWW-Authenticate") ==
                      "Bearer realm=\"einblick\"");
            }
        }
    }
}

TEST_CASE("role matrix: the table covers every route the server registers") {
    TestWorld world;
    std::vector<SentRequest> requests;
    for (const Row& row : policy) {
        requests.push_back({row.method, world.expand(row.path)});
    }
    check_every_route_is_reached(
        production_routes(), requests,
        {{std::string("GET ") + static_files_path,
          "the browser client's files: the same for every caller, no personal data (their "
          "serving is tested in http_api_test.cpp)"}});
}

TEST_CASE("role matrix: a citizen only ever sees their own data") {
    TestWorld world;
    RunningServer server(world.t);
    httplib::Client client("127.0.0.1", server.port());
    const auto a = world.credentials(CitA);
    const auto b = world.credentials(CitB);

    const std::string history_a = client.Get("/api/v1/me/access-events", a)->body;
    const std::string history_b = client.Get("/api/v1/me/access-events", b)->body;
    CHECK(history_a.find("\"id\":\"" + world.event_a + "\"") != std::string::npos);
    CHECK(history_a.find("\"id\":\"" + world.event_b + "\"") == std::string::npos);
    CHECK(history_b.find("\"id\":\"" + world.event_b + "\"") != std::string::npos);
    CHECK(history_b.find("\"id\":\"" + world.event_a + "\"") == std::string::npos);
    CHECK(json::parse(client.Get("/api/v1/me/consents", a)->body)["items"].size() == 1);
    CHECK(json::parse(client.Get("/api/v1/me/consents", b)->body)["items"].empty());
    const json objections_a = json::parse(client.Get("/api/v1/me/objections", a)->body)["items"];
    REQUIRE(objections_a.size() == 1);
    CHECK(objections_a[0]["id"] == world.objection_a);
    const json export_b = json::parse(client.Get("/api/v1/me/export", b)->body);
    CHECK(export_b["access_log"].size() == 1);
    CHECK(export_b["consents"].empty());
    CHECK(export_b["objections"].size() == 1);
    CHECK(export_b.dump().find(world.id_a) == std::string::npos);
    // Accesses per month count the caller's own accesses only (one each; two would be all).
    auto accesses = [&](const httplib::Headers& who) {
        std::int64_t sum = 0;
        const json stats = json::parse(client.Get("/api/v1/me/statistics/monthly", who)->body);
        for (const auto& month : stats["months"]) {
            sum += month["accesses"].get<std::int64_t>();
        }
        return sum;
    };
    CHECK(accesses(a) == 1);
    CHECK(accesses(b) == 1);
}

TEST_CASE("role matrix: \"absent\" and \"not yours\" answer identically") {
    TestWorld world;
    RunningServer server(world.t);
    httplib::Client client("127.0.0.1", server.port());
    const auto b = world.credentials(CitB);
    const std::vector<std::pair<std::string, std::string>> pairs{
        {"/api/v1/me/access-events/" + world.event_a, "/api/v1/me/access-events/999999"},
        {"/api/v1/me/objections/" + std::to_string(world.objection_a),
         "/api/v1/me/objections/999999"}};
    for (const auto& [theirs, absent] : pairs) {
        INFO(theirs);
        const auto r1 = client.Get(theirs.c_str(), b);
        const auto r2 = client.Get(absent.c_str(), b);
        REQUIRE(r1);
        REQUIRE(r2);
        CHECK(r1->status == 404);
        CHECK(r1->status == r2->status);
        CHECK(r1->body == r2->body);
    }
    const auto withdraw_theirs = client.Post(
        ("/api/v1/me/consents/" + std::to_string(world.consent_a) + "/withdrawal").c_str(), b, "",
        "application/json");
    const auto withdraw_absent =
        client.Post("/api/v1/me/consents/999999/withdrawal", b, "", "application/json");
    CHECK(withdraw_theirs->status == 404);
    CHECK(withdraw_theirs->body == withdraw_absent->body);

    // A DPO of Y on X's objection, and agency Y on X's purpose: like absent, too.
    const auto dpo_y = world.credentials(DpoY);
    CHECK(client.Get(("/api/v1/objections/" + std::to_string(world.objection_a)).c_str(), dpo_y)
              ->body == client.Get("/api/v1/objections/999999", dpo_y)->body);
    const auto key_y = world.credentials(KeyY);
    const std::string retire = R"({"reason":"Aufgabe entfallen."})";
    CHECK(
        client
            .Post(("/api/v1/purposes/" + std::to_string(world.px) + "/retirement").c_str(), key_y,
                  retire, "application/json")
            ->body ==
        client.Post("/api/v1/purposes/999999/retirement", key_y, retire, "application/json")->body);
}

TEST_CASE(
    "role matrix: another agency's purpose is a deny with a reason, not an error, for checks") {
    TestWorld world;
    RunningServer server(world.t);
    httplib::Client client("127.0.0.1", server.port());
    const auto checked = client.Post("/api/v1/access-checks", world.credentials(KeyY),
                                     world.expand(world_access_body), "application/json");
    REQUIRE(checked);
    REQUIRE(checked->status == 200);
    const json decision = json::parse(checked->body);
    CHECK(decision["decision"] == "deny");
    CHECK(decision["reason"] == "purpose_other_agency");
    CHECK_FALSE(decision.contains("access_event"));
    // The recorded access of Y on X's purpose is refused, naming the field.
    const auto recorded = client.Post("/api/v1/access-events", world.credentials(KeyY),
                                      world.expand(world_access_body), "application/json");
    REQUIRE(recorded->status == 400);
    CHECK(json::parse(recorded->body)["errors"][0]["field"] == "/purpose_id");
}

TEST_CASE("role matrix: lists are scoped to the caller") {
    TestWorld world;
    RunningServer server(world.t);
    httplib::Client client("127.0.0.1", server.port());
    auto ids = [&](const std::string& path, Caller caller) {
        std::vector<std::int64_t> out;
        const json page = json::parse(client.Get(path.c_str(), world.credentials(caller))->body);
        for (const auto& item : page["items"]) {
            out.push_back(item["id"].get<std::int64_t>());
        }
        return out;
    };
    auto has = [](const std::vector<std::int64_t>& list, std::int64_t id) {
        return std::find(list.begin(), list.end(), id) != list.end();
    };
    // Objection queues: each scoped DPO sees only their agency's objections.
    const auto queue_x = ids("/api/v1/objections", DpoX);
    const auto queue_y = ids("/api/v1/objections", DpoY);
    const auto queue_all = ids("/api/v1/objections", DpoAll);
    CHECK((has(queue_x, world.objection_a) && !has(queue_x, world.objection_b)));
    CHECK((has(queue_y, world.objection_b) && !has(queue_y, world.objection_a)));
    CHECK((has(queue_all, world.objection_a) && has(queue_all, world.objection_b)));
    // Purposes: the public sees approved purposes only; an agency and its DPO also its drafts;
    // an agency never sees another agency's draft.
    CHECK_FALSE(has(ids("/api/v1/purposes", Anon), world.qx));
    CHECK_FALSE(has(ids("/api/v1/purposes", CitA), world.qx));
    CHECK(has(ids("/api/v1/purposes", Anon), world.px));
    CHECK(has(ids("/api/v1/purposes", KeyX), world.qx));
    CHECK(has(ids("/api/v1/purposes", StaffX), world.qx));
    CHECK(has(ids("/api/v1/purposes", DpoX), world.qx));
    CHECK(has(ids("/api/v1/purposes", DpoAll), world.qx));
    CHECK_FALSE(has(ids("/api/v1/purposes", KeyY), world.qx));
    CHECK_FALSE(has(ids("/api/v1/purposes", DpoY), world.qx));
    // Access volume: a scoped DPO sees only their agency, a DPO for all every agency.
    auto volume_of = [&](Caller caller) {
        std::set<std::string> codes;
        const json stats = json::parse(
            client.Get("/api/v1/statistics/agency-weekly", world.credentials(caller))->body);
        for (const auto& agency : stats["agencies"]) {
            codes.insert(agency["agency"]["code"].get<std::string>());
        }
        return codes;
    };
    CHECK(volume_of(DpoX) == std::set<std::string>{"kfz-x"});
    CHECK(volume_of(DpoY) == std::set<std::string>{"polizei-y"});
    CHECK(volume_of(DpoAll) == std::set<std::string>{"kfz-x", "polizei-y"});
    // Agency staff list only their agency's keys.
    const json keys =
        json::parse(client.Get("/api/v1/agency/api-keys", world.credentials(StaffX))->body);
    std::set<std::int64_t> key_ids;
    for (const auto& key : keys["items"]) {
        key_ids.insert(key["id"].get<std::int64_t>());
    }
    CHECK(key_ids.count(world.spare_key_x) == 1); // the list is not empty by accident
    CHECK(key_ids.count(world.key_y_id) == 0);
}
