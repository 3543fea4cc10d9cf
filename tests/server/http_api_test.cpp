#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "test_backend.hpp"

using namespace einblick::testing;
using nlohmann::json;

namespace {

struct Fixture {
    Fixture()
        : erika_id(valid_citizen_id("4567890123")), max_id(valid_citizen_id("5678901234")),
          server(backend), client("127.0.0.1", server.port()) {
        backend.add_citizen("erika", "pw-erika", erika_id);
        backend.add_citizen("max", "pw-max", max_id);
        backend.add_dpo("dsb", "pw-dsb");
        const AgencyRecord kfz = backend.add_agency("kfz", "Kfz-Zulassungsbehörde Leipzig");
        kfz_key = backend.auth.create_api_key(kfz.id, "test");
    }

    std::string login(const std::string& user, const std::string& password) {
        const auto response = client.Post("/api/v1/session",
                                          json{{"username", user}, {"password", password}}.dump(),
                                          "application/json");
        REQUIRE(response);
        REQUIRE(response->status == 201);
        const std::string cookie = response->get_header_value("Set-Cookie");
        return cookie.substr(0, cookie.find(';'));
    }

    httplib::Result post_event(const json& body, const std::string& key) {
        return client.Post("/api/v1/access-events", {{"Authorization", "Bearer " + key}},
                           body.dump(), "application/json");
    }

    httplib::Result history(const std::string& cookie, const std::string& query = "") {
        return client.Get(("/api/v1/me/access-events" + query).c_str(), {{"Cookie", cookie}});
    }

    json event_for(const std::string& citizen_id) const {
        return {{"citizen_id", citizen_id},
                {"purpose", "Zulassung eines Fahrzeugs"},
                {"legal_basis", "Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 6 FZV"},
                {"data_categories", {"address", "vehicle"}},
                {"occurred_at", "2026-11-28T09:30:00Z"}};
    }

    TestBackend backend;
    std::string erika_id;
    std::string max_id;
    std::string kfz_key;
    RunningServer server;
    httplib::Client client;
};

void check_problem(const httplib::Result& response, int status) {
    REQUIRE(response);
    CHECK(response->status == status);
    CHECK(response->get_header_value("Content-Type").rfind("application/problem+json", 0) == 0);
    const json body = json::parse(response->body);
    CHECK(body["status"] == status);
    CHECK(body["title"].get<std::string>().size() > 0);
    CHECK(body["detail"].get<std::string>().size() > 0);
    CHECK(body["type"].get<std::string>().rfind("urn:einblick:problem:", 0) == 0);
}

} // namespace

TEST_CASE_FIXTURE(Fixture, "an agency logs an access and the citizen sees it in the history") {
    const auto created = post_event(event_for(erika_id), kfz_key);
    REQUIRE(created);
    CHECK(created->status == 201);
    CHECK(json::parse(created->body)["agency"]["code"] == "kfz");

    const std::string cookie = login("erika", "pw-erika");
    const auto response = history(cookie);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->get_header_value("Cache-Control") == "no-store");
    const json page = json::parse(response->body);
    REQUIRE(page["items"].size() == 1);
    CHECK(page["items"][0]["agency"]["name"] == "Kfz-Zulassungsbehörde Leipzig");
    CHECK(page["items"][0]["occurred_at"] == "2026-11-28T09:30:00.000Z");
    CHECK_FALSE(page.contains("next_cursor"));
    CHECK(response->body.find(erika_id) == std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "the agency comes from the key, never from the body") {
    json body = event_for(erika_id);
    body["agency"] = "polizei";
    const auto response = post_event(body, kfz_key);
    check_problem(response, 400);
    CHECK(json::parse(response->body)["errors"][0]["field"] == "/agency");
}

TEST_CASE_FIXTURE(Fixture, "a citizen sees only their own events") {
    REQUIRE(post_event(event_for(erika_id), kfz_key)->status == 201);
    const auto response = history(login("max", "pw-max"));
    REQUIRE(response);
    CHECK(json::parse(response->body)["items"].empty());
}

TEST_CASE_FIXTURE(Fixture, "roles are enforced on the access log") {
    check_problem(history(""), 401);
    check_problem(history("einblick_session=forged"), 401);
    check_problem(history(login("dsb", "pw-dsb")), 403);
    check_problem(client.Get("/api/v1/me/access-events", {{"Authorization", "Bearer " + kfz_key}}),
                  401);
    check_problem(post_event(event_for(erika_id), "ebk_wrong"), 401);
    check_problem(client.Post("/api/v1/access-events", {{"Cookie", login("erika", "pw-erika")}},
                              event_for(erika_id).dump(), "application/json"),
                  401);
}

TEST_CASE_FIXTURE(Fixture, "login sets a hardened session cookie; logout revokes it") {
    const auto response = client.Post("/api/v1/session",
                                      R"({"username":"erika","password":"pw-erika"})",
                                      "application/json");
    REQUIRE(response);
    const std::string cookie = response->get_header_value("Set-Cookie");
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    CHECK(cookie.find("SameSite=Strict") != std::string::npos);
    CHECK(cookie.find("Path=/") != std::string::npos);
    const std::string session = cookie.substr(0, cookie.find(';'));
    const auto who = client.Get("/api/v1/session", {{"Cookie", session}});
    REQUIRE(who);
    CHECK(json::parse(who->body)["display_name"] == "erika");
    CHECK(client.Delete("/api/v1/session", {{"Cookie", session}})->status == 204);
    check_problem(client.Get("/api/v1/session", {{"Cookie", session}}), 401);
}

TEST_CASE_FIXTURE(Fixture, "wrong credentials answer 401 in German") {
    const auto response = client.Post("/api/v1/session",
                                      R"({"username":"erika","password":"falsch"})",
                                      "application/json");
    check_problem(response, 401);
    CHECK(json::parse(response->body)["detail"] == "Benutzername oder Passwort ist falsch.");
}

TEST_CASE_FIXTURE(Fixture, "malformed input gets problem+json on every endpoint") {
    const httplib::Headers agency{{"Authorization", "Bearer " + kfz_key}};
    for (const char* path : {"/api/v1/session", "/api/v1/access-events"}) {
        CAPTURE(path);
        check_problem(client.Post(path, agency, "{not json", "application/json"), 400);
        check_problem(client.Post(path, agency, "[1, 2]", "application/json"), 400);
        check_problem(client.Post(path, agency, "{}", "text/plain"), 415);
        const auto missing = client.Post(path, agency, "{}", "application/json");
        check_problem(missing, 400);
        CHECK(json::parse(missing->body)["errors"].size() >= 2);
    }
    const std::string cookie = login("erika", "pw-erika");
    check_problem(history(cookie, "?limit=abc"), 400);
    check_problem(history(cookie, "?limit=0"), 400);
    check_problem(history(cookie, "?cursor=nonsense"), 400);
    json wrong_types = event_for(erika_id);
    wrong_types["data_categories"] = "address";
    wrong_types["purpose"] = 7;
    wrong_types["occurred_at"] = "yesterday";
    const auto typed = post_event(wrong_types, kfz_key);
    check_problem(typed, 400);
    CHECK(typed->body.find("/data_categories") != std::string::npos);
    CHECK(typed->body.find("/occurred_at") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "unknown routes and oversized bodies are problems too") {
    check_problem(client.Get("/api/v1/nothing-here"), 404);
    const std::string huge(2 * 1024 * 1024, 'x');
    check_problem(client.Post("/api/v1/session", huge, "application/json"), 413);
}

TEST_CASE_FIXTURE(Fixture, "paging over HTTP follows next_cursor to the end") {
    for (int i = 0; i < 7; ++i) {
        REQUIRE(post_event(event_for(erika_id), kfz_key)->status == 201);
    }
    const std::string cookie = login("erika", "pw-erika");
    std::string query = "?limit=3";
    std::size_t total = 0;
    for (int pages = 0; pages < 5; ++pages) {
        const json page = json::parse(history(cookie, query)->body);
        total += page["items"].size();
        if (!page.contains("next_cursor")) {
            break;
        }
        query = "?limit=3&cursor=" + page["next_cursor"].get<std::string>();
    }
    CHECK(total == 7);
}

TEST_CASE_FIXTURE(Fixture, "health checks and the OpenAPI document are served") {
    CHECK(client.Get("/health/live")->status == 200);
    const auto ready = client.Get("/health/ready");
    CHECK(ready->status == 200);
    CHECK(json::parse(ready->body)["status"] == "ready");
    const auto spec = client.Get("/api/openapi.yaml");
    CHECK(spec->status == 200);
    CHECK(spec->body.rfind("openapi: 3.1", 0) == 0);
    CHECK(spec->body.find("/api/v1/me/access-events:") != std::string::npos);
}

TEST_CASE("the browser client's files are served with correct types and security headers") {
    const auto root = std::filesystem::temp_directory_path() / "einblick-web-root-test";
    std::filesystem::create_directories(root);
    for (const char* name : {"index.html", "einblick.js", "einblick.wasm", "einblick.data"}) {
        std::ofstream(root / name) << "content of " << name;
    }
    TestBackend backend;
    HttpOptions options;
    options.web_root = root.string();
    RunningServer server(backend, options);
    httplib::Client client("127.0.0.1", server.port());

    const auto index = client.Get("/");
    REQUIRE(index);
    CHECK(index->status == 200);
    CHECK(index->body == "content of index.html");
    CHECK(index->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    CHECK(index->get_header_value("Content-Security-Policy").find("'wasm-unsafe-eval'") !=
          std::string::npos);
    CHECK(index->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(client.Get("/einblick.wasm")->get_header_value("Content-Type") == "application/wasm");
    CHECK(client.Get("/einblick.js")->get_header_value("Content-Type").rfind("text/javascript", 0) == 0);
    CHECK(client.Get("/einblick.data")->get_header_value("Content-Type") == "application/octet-stream");
    check_problem(client.Get("/missing.js"), 404);
    check_problem(client.Get("/../../etc/passwd"), 404);
    std::filesystem::remove_all(root);
}
