#include "einblick/server/crypto.hpp"
#include "problem_language.hpp"
#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <httplib.h>
#include <nlohmann/json.hpp>

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
        kfz = backend.add_agency("kfz", "Kfz-Zulassungsbehörde Leipzig");
        kfz_key = backend.add_api_key(kfz);
        backend.add_agency_staff("kfz-staff", "pw-staff", kfz.id);
    }

    std::string login(const std::string& user, const std::string& password) {
        const auto response =
            client.Post("/api/v1/session", json{{"username", user}, {"password", password}}.dump(),
                        "application/json");
        REQUIRE(response);
        REQUIRE(response->status == 201);
        const std::string cookie = response->get_header_value("Set-Cookie");
        return cookie.substr(0, cookie.find(';'));
    }

    httplib::Result post(const std::string& path, const json& body, httplib::Headers headers) {
        return client.Post(path.c_str(), headers, body.dump(), "application/json");
    }
    httplib::Headers agency() const { return {{"Authorization", "Bearer " + kfz_key}}; }
    static httplib::Headers as(const std::string& cookie) { return {{"Cookie", cookie}}; }

    json purpose_body(const std::string& basis = "A6-1-e") const {
        return {{"name", "Zulassung eines Fahrzeugs"},
                {"description", "Prüfung der Halterdaten."},
                {"legal_basis", "Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 6 FZV"},
                {"gdpr_basis", basis},
                {"data_categories", {"address", "vehicle"}},
                {"source_registers", {"melderegister"}},
                {"recipients", {"Hauptzollamt"}},
                {"retention_days", 730}};
    }

    json access_body(std::int64_t purpose) const {
        return {{"citizen_id", erika_id},      {"purpose_id", purpose},
                {"register", "melderegister"}, {"data_categories", {"address"}},
                {"official", "SB-17"},         {"correlation_id", "AZ-2026-1"}};
    }

    // Proposed by the agency over HTTP and approved by the DPO over HTTP.
    std::int64_t approved_purpose(const std::string& basis = "A6-1-e") {
        const auto proposed = post("/api/v1/purposes", purpose_body(basis), agency());
        REQUIRE(proposed->status == 201);
        const auto id = json::parse(proposed->body)["id"].get<std::int64_t>();
        const auto decided = post("/api/v1/purposes/" + std::to_string(id) + "/versions/1/decision",
                                  {{"decision", "approve"}, {"reason", "Erforderlich."}},
                                  as(login("dsb", "pw-dsb")));
        REQUIRE(decided->status == 200);
        return id;
    }

    TestBackend backend;
    std::string erika_id;
    std::string max_id;
    AgencyRecord kfz;
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
    // German by default (these requests ask for no language); English only when asked for.
    const std::string language = response->get_header_value("Content-Language");
    CHECK((language == "de" || language == "en"));
    if (language == "de") {
        einblick::testing::check_has_english(body);
    }
}

} // namespace

TEST_CASE_FIXTURE(
    Fixture, "the whole flow over HTTP: purpose, check, access, consent, objection, decision") {
    // An agency proposes a purpose, a DPO approves it.
    const auto purpose = approved_purpose();
    CHECK(client.Get(("/api/v1/purposes/" + std::to_string(purpose)).c_str())->status == 200);

    // The agency checks and logs an access in one call.
    json check = access_body(purpose);
    check["record_access"] = true;
    const auto checked = post("/api/v1/access-checks", check, agency());
    REQUIRE(checked->status == 200);
    const json decision = json::parse(checked->body);
    CHECK(decision["decision"] == "allow");
    const std::string event_id = decision["access_event"]["id"];

    // The citizen sees it.
    const std::string erika = login("erika", "pw-erika");
    const auto history = client.Get("/api/v1/me/access-events", as(erika));
    REQUIRE(history->status == 200);
    const json page = json::parse(history->body);
    REQUIRE(page["items"].size() == 1);
    CHECK(page["items"][0]["agency"]["name"] == "Kfz-Zulassungsbehörde Leipzig");
    CHECK(history->body.find(erika_id) == std::string::npos);

    // Consent: granted, withdrawn, and the next check is denied.
    const auto consent_purpose = approved_purpose("A6-1-a");
    const auto granted =
        post("/api/v1/me/consents",
             {{"purpose_id", consent_purpose}, {"expires_at", "2027-11-28T00:00:00Z"}}, as(erika));
    REQUIRE(granted->status == 201);
    CHECK(json::parse(post("/api/v1/access-checks", access_body(consent_purpose), agency())
                          ->body)["decision"] == "allow");
    const auto consent_id = json::parse(granted->body)["id"].get<std::int64_t>();
    const auto withdrawn = post("/api/v1/me/consents/" + std::to_string(consent_id) + "/withdrawal",
                                json::object(), as(erika));
    REQUIRE(withdrawn->status == 200);
    CHECK(json::parse(withdrawn->body)["state"] == "withdrawn");
    const json denied =
        json::parse(post("/api/v1/access-checks", access_body(consent_purpose), agency())->body);
    CHECK(denied["decision"] == "deny");
    CHECK(denied["reason"] == "consent_missing");
    const auto valid = post("/api/v1/consent-checks",
                            {{"citizen_id", erika_id}, {"purpose_id", consent_purpose}}, agency());
    CHECK(json::parse(valid->body) == json{{"valid_consent", false}});

    // The citizen objects to the event; the DPO decides; the citizen sees the reason.
    const auto filed = post(
        "/api/v1/me/objections",
        {{"event_id", std::stoll(event_id)}, {"reason", "Warum wurde meine Anschrift abgerufen?"}},
        as(erika));
    REQUIRE(filed->status == 201);
    const auto objection = json::parse(filed->body);
    const std::string path =
        "/api/v1/objections/" + std::to_string(objection["id"].get<std::int64_t>());
    const std::string dsb = login("dsb", "pw-dsb");
    const auto queue = client.Get("/api/v1/objections", as(dsb));
    CHECK(json::parse(queue->body)["items"].size() == 1);
    const auto opened = client.Get(path.c_str(), as(dsb));
    const std::string etag = opened->get_header_value("ETag");
    CHECK_FALSE(etag.empty());
    const json verdict{{"outcome", "upheld"}, {"reason", "Der Abruf war nicht erforderlich."}};
    check_problem(post(path + "/decision", verdict, as(dsb)), 428);
    check_problem(post(path + "/decision", verdict, {{"Cookie", dsb}, {"If-Match", "\"99\""}}),
                  412);
    const auto decided = post(path + "/decision", verdict, {{"Cookie", dsb}, {"If-Match", etag}});
    REQUIRE(decided->status == 200);
    CHECK(decided->get_header_value("ETag") != etag);
    const auto seen = client.Get(
        ("/api/v1/me/objections/" + std::to_string(objection["id"].get<std::int64_t>())).c_str(),
        as(erika));
    CHECK(json::parse(seen->body)["status"] == "upheld");
    CHECK(json::parse(seen->body)["decision_reason"] == "Der Abruf war nicht erforderlich.");
    // Upheld: the purpose is blocked for Erika.
    CHECK(json::parse(
              post("/api/v1/access-checks", access_body(purpose), agency())->body)["reason"] ==
          "objection_upheld");
}

TEST_CASE_FIXTURE(Fixture, "the agency comes from the key, never from the body") {
    const auto purpose = approved_purpose();
    json body = access_body(purpose);
    body["agency"] = "polizei";
    const auto response = post("/api/v1/access-events", body, agency());
    check_problem(response, 400);
    CHECK(json::parse(response->body)["errors"][0]["field"] == "/agency");
}

TEST_CASE_FIXTURE(Fixture, "an idempotency key makes a retried access safe") {
    const auto purpose = approved_purpose();
    httplib::Headers headers = agency();
    headers.emplace("Idempotency-Key", "abc-1");
    const auto first = post("/api/v1/access-events", access_body(purpose), headers);
    const auto second = post("/api/v1/access-events", access_body(purpose), headers);
    CHECK(first->status == 201);
    CHECK(second->status == 200);
    CHECK(json::parse(first->body)["id"] == json::parse(second->body)["id"]);
    json other = access_body(purpose);
    other["official"] = "SB-99";
    check_problem(post("/api/v1/access-events", other, headers), 409);
}

TEST_CASE_FIXTURE(Fixture, "a batch stores all events or none") {
    const auto purpose = approved_purpose();
    json batch{{"events", {access_body(purpose), access_body(purpose)}}};
    batch["events"][1]["citizen_id"] = "123";
    const auto refused = post("/api/v1/access-events/batch", batch, agency());
    check_problem(refused, 400);
    CHECK(refused->body.find("/events/1/citizen_id") != std::string::npos);
    batch["events"][1]["citizen_id"] = erika_id;
    const auto stored = post("/api/v1/access-events/batch", batch, agency());
    CHECK(stored->status == 201);
    CHECK(json::parse(stored->body)["events"].size() == 2);
}

TEST_CASE_FIXTURE(Fixture, "history filters and paging over HTTP") {
    const auto purpose = approved_purpose();
    for (int i = 0; i < 7; ++i) {
        REQUIRE(post("/api/v1/access-events", access_body(purpose), agency())->status == 201);
    }
    json denied = access_body(purpose);
    denied["register"] = "steuerdaten";
    post("/api/v1/access-checks", denied, agency());
    const std::string cookie = login("erika", "pw-erika");
    std::string query = "?limit=3";
    std::size_t total = 0;
    int pages = 0;
    bool more = true;
    while (more && pages < 10) {
        const json page =
            json::parse(client.Get(("/api/v1/me/access-events" + query).c_str(), as(cookie))->body);
        total += page["items"].size();
        ++pages;
        more = page.contains("next_cursor");
        if (more) {
            query = "?limit=3&cursor=" + page["next_cursor"].get<std::string>();
        }
    }
    CHECK(pages == 3); // 3 + 3 + 2, and the last page offers no further cursor
    CHECK(total == 8);
    const json only_denied =
        json::parse(client.Get("/api/v1/me/access-events?outcome=denied", as(cookie))->body);
    CHECK(only_denied["items"].size() == 1);
    const json by_agency = json::parse(
        client.Get("/api/v1/me/access-events?agency=kfz&category=address", as(cookie))->body);
    CHECK(by_agency["items"].size() == 8);
    check_problem(client.Get("/api/v1/me/access-events?outcome=maybe", as(cookie)), 400);
    check_problem(client.Get("/api/v1/me/access-events?from=yesterday", as(cookie)), 400);
}

TEST_CASE_FIXTURE(Fixture, "login sets a hardened session cookie; logout revokes it") {
    const auto response = client.Post(
        "/api/v1/session", R"({"username":"erika","password":"pw-erika"})", "application/json");
    REQUIRE(response);
    const std::string cookie = response->get_header_value("Set-Cookie");
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    CHECK(cookie.find("SameSite=Strict") != std::string::npos);
    const std::string session = cookie.substr(0, cookie.find(';'));
    const auto who = client.Get("/api/v1/session", as(session));
    CHECK(json::parse(who->body)["role"] == "citizen");
    CHECK(client.Delete("/api/v1/session", as(session))->status == 204);
    check_problem(client.Get("/api/v1/session", as(session)), 401);
}

TEST_CASE_FIXTURE(Fixture, "agency staff create a key that is shown once and revoke it") {
    const std::string staff = login("kfz-staff", "pw-staff");
    const auto created = post("/api/v1/agency/api-keys", {{"label", "Fachverfahren"}}, as(staff));
    REQUIRE(created->status == 201);
    const json key = json::parse(created->body);
    const std::string secret = key["key"];
    CHECK(client.Get("/api/v1/purposes", {{"Authorization", "Bearer " + secret}})->status == 200);
    const auto listed = json::parse(client.Get("/api/v1/agency/api-keys", as(staff))->body);
    CHECK(listed["items"].dump().find(secret) == std::string::npos);
    CHECK(client
              .Delete(("/api/v1/agency/api-keys/" + std::to_string(key["id"].get<int>())).c_str(),
                      as(staff))
              ->status == 204);
    check_problem(
        post("/api/v1/access-events", access_body(1), {{"Authorization", "Bearer " + secret}}),
        401);
}

TEST_CASE_FIXTURE(Fixture, "export downloads as JSON and CSV") {
    const auto purpose = approved_purpose();
    post("/api/v1/access-events", access_body(purpose), agency());
    const std::string cookie = login("erika", "pw-erika");
    const auto as_json = client.Get("/api/v1/me/export?format=json", as(cookie));
    CHECK(as_json->status == 200);
    CHECK(json::parse(as_json->body)["access_log"].size() == 1);
    const auto as_csv = client.Get("/api/v1/me/export?format=csv", as(cookie));
    CHECK(as_csv->get_header_value("Content-Type").rfind("text/csv", 0) == 0);
    CHECK(as_csv->get_header_value("Content-Disposition").find("attachment") != std::string::npos);
    check_problem(client.Get("/api/v1/me/export?format=xml", as(cookie)), 400);
}

TEST_CASE_FIXTURE(Fixture, "a caller who prefers English gets the problem in English") {
    json bad = purpose_body();
    bad["name"] = "";
    bad["retention_days"] = 0;
    const auto german = post("/api/v1/purposes", bad, agency());
    check_problem(german, 400);
    CHECK(german->get_header_value("Content-Language") == "de");
    CHECK(german->get_header_value("Vary") == "Accept-Language");

    httplib::Headers headers = agency();
    headers.emplace("Accept-Language", "en-GB,en;q=0.9,de;q=0.5");
    const auto english = post("/api/v1/purposes", bad, headers);
    check_problem(english, 400);
    CHECK(english->get_header_value("Content-Language") == "en");
    const json de = json::parse(german->body);
    const json en = json::parse(english->body);
    CHECK(en["type"] == de["type"]);
    CHECK(en["title"] == einblick::english_message(de["title"].get<std::string>()).value());
    CHECK(en["detail"] == einblick::english_message(de["detail"].get<std::string>()).value());
    REQUIRE(en["errors"].size() == de["errors"].size());
    for (std::size_t i = 0; i < en["errors"].size(); ++i) {
        CHECK(en["errors"][i]["field"] == de["errors"][i]["field"]);
        CHECK(en["errors"][i]["rule"] == de["errors"][i]["rule"]);
        CHECK(en["errors"][i]["detail"] != de["errors"][i]["detail"]);
    }
    // Problems httplib raises itself, and missing credentials, too.
    const auto unknown = client.Get("/api/v1/nothing-here", {{"Accept-Language", "en"}});
    check_problem(unknown, 404);
    CHECK(json::parse(unknown->body)["title"] == "Not found");
    const auto anonymous = client.Get("/api/v1/session", {{"Accept-Language", "en"}});
    check_problem(anonymous, 401);
    CHECK(anonymous->get_header_value("Content-Language") == "en");
}

TEST_CASE_FIXTURE(Fixture, "unknown routes and oversized bodies are problems too") {
    check_problem(client.Get("/api/v1/nothing-here"), 404);
    check_problem(client.Get("/api/v1/purposes/abc"), 404);
    const std::string huge(2 * 1024 * 1024, 'x');
    check_problem(client.Post("/api/v1/session", huge, "application/json"), 413);
}

TEST_CASE_FIXTURE(Fixture, "health checks, vocabulary and the OpenAPI document are served") {
    CHECK(client.Get("/health/live")->status == 200);
    CHECK(json::parse(client.Get("/health/ready")->body)["status"] == "ready");
    const auto spec = client.Get("/api/openapi.yaml");
    CHECK(spec->body.rfind("openapi: 3.1", 0) == 0);
    const auto vocabulary = json::parse(client.Get("/api/v1/vocabulary")->body);
    CHECK(vocabulary["registers"].size() >= 10);
    CHECK(vocabulary["access_decision_reasons"].size() >= 9);
}

TEST_CASE("the browser client's files are served with correct types and security headers") {
    const TempDir temp("einblick-web-root");
    const std::filesystem::path& root = temp.path();
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
    CHECK(index->body == "content of index.html");
    CHECK(index->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    CHECK(index->get_header_value("Content-Security-Policy").find("'wasm-unsafe-eval'") !=
          std::string::npos);
    CHECK(index->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(client.Get("/einblick.wasm")->get_header_value("Content-Type") == "application/wasm");
    CHECK(
        client.Get("/einblick.js")->get_header_value("Content-Type").rfind("text/javascript", 0) ==
        0);
    CHECK(client.Get("/einblick.data")->get_header_value("Content-Type") ==
          "application/octet-stream");
    check_problem(client.Get("/missing.js"), 404);
    check_problem(client.Get("/../../etc/passwd"), 404);
}

TEST_CASE("compressed copies are sent as they are to browsers that accept them") {
    namespace fs = std::filesystem;
    const TempDir temp("einblick-web-root-compressed");
    const fs::path& root = temp.path();
    fs::create_directories(root / "sub");
    // As the build leaves them: copies and the hash of the content they were made from.
    std::ofstream(root / "einblick.js") << "plain script";
    std::ofstream(root / "einblick.js.gz") << "gzip bytes";
    std::ofstream(root / "einblick.js.br") << "brotli bytes";
    std::ofstream(root / "einblick.js.sha256")
        << to_hex(sha256("plain script")) << "  einblick.js\n";
    // The css changed after its copies were made, and the copies are the newer files (copied
    // or unpacked later): they must never be served, their content says so.
    std::ofstream(root / "einblick.css") << "plain css, changed";
    std::ofstream(root / "einblick.css.br") << "stale brotli";
    std::ofstream(root / "einblick.css.gz") << "stale gzip";
    std::ofstream(root / "einblick.css.sha256")
        << to_hex(sha256("plain css")) << "  einblick.css\n";
    for (const char* copy : {"einblick.css.br", "einblick.css.gz"}) {
        fs::last_write_time(root / copy,
                            fs::last_write_time(root / "einblick.css") + std::chrono::hours(1));
    }
    // Copies without a recorded hash are not trusted either.
    std::ofstream(root / "boot.js") << "boot";
    std::ofstream(root / "boot.js.br") << "unverified brotli";
    std::ofstream(root / ".secret") << "hidden";
    std::ofstream(root / "sub" / "page.html") << "nested";
    TestBackend backend;
    HttpOptions options;
    options.web_root = root.string();
    RunningServer server(backend, options);
    httplib::Client client("127.0.0.1", server.port());
    client.set_decompress(false);

    const auto get = [&client](const std::string& path, const std::string& accept) {
        return client.Get(path, httplib::Headers{{"Accept-Encoding", accept}});
    };
    const auto brotli = get("/einblick.js", "gzip, deflate, br");
    REQUIRE(brotli);
    CHECK(brotli->body == "brotli bytes");
    CHECK(brotli->get_header_value("Content-Encoding") == "br");
    CHECK(brotli->get_header_value("Content-Type").rfind("text/javascript", 0) == 0);
    CHECK(brotli->get_header_value("Vary") == "Accept-Encoding");
    CHECK(get("/einblick.js", "gzip")->body == "gzip bytes");
    CHECK(get("/einblick.js", "br;q=0, gzip;q=0.5")->body == "gzip bytes");
    const auto plain = get("/einblick.js", "identity");
    CHECK(plain->body == "plain script");
    CHECK_FALSE(plain->has_header("Content-Encoding"));
    for (const char* accept : {"br", "gzip", "br, gzip"}) {
        const auto css = get("/einblick.css", accept);
        CHECK(css->body == "plain css, changed");
        CHECK_FALSE(css->has_header("Content-Encoding"));
    }
    CHECK(get("/boot.js", "br")->body == "boot");
    CHECK(get("/sub/page.html", "")->body == "nested");

    // Revalidation: the same ETag answers 304 without a body.
    const std::string tag = brotli->get_header_value("ETag");
    REQUIRE_FALSE(tag.empty());
    const auto again = client.Get(
        "/einblick.js", httplib::Headers{{"Accept-Encoding", "br"}, {"If-None-Match", tag}});
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    CHECK(get("/einblick.js", "gzip")->get_header_value("ETag") != tag);

    for (const char* path : {"/.secret", "/sub", "/sub/../../etc/passwd", "/%2e%2e/x",
                             "/api/v1/nothing", "/einblick.js%00.png"}) {
        INFO(path);
        check_problem(get(path, "br"), 404);
    }
    const auto head = client.Head("/einblick.js");
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->body.empty());
}
