// Idempotency keys over HTTP: a key belongs to the agency that sent it and to the endpoint it
// was first used on. The same key and body again replays the first answer; the same key with
// another body, or on another endpoint, is a 409 that names the endpoint; a key never makes
// one endpoint answer with what another stored (a check replayed as an access would leave the
// access unlogged, and the citizen would never see it).

#include "einblick/shared/messages.hpp"
#include "malformed_input.hpp"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <string>

using namespace einblick::testing;
using nlohmann::json;

namespace {

struct Agencies {
    Agencies() : server(world.t), client("127.0.0.1", server.port()) {}

    httplib::Result post(const std::string& path, const std::string& key, const std::string& body,
                         const std::string& api_key) {
        httplib::Headers headers{{"Authorization", "Bearer " + api_key}};
        headers.emplace("Idempotency-Key", key);
        return client.Post(path.c_str(), headers, body, "application/json");
    }
    httplib::Result as_x(const std::string& path, const std::string& key, const std::string& body) {
        return post(path, key, body, world.key_x);
    }
    // Citizen A's log entries, checks and accesses, newest first.
    json log_of_a() {
        const auto response =
            client.Get("/api/v1/me/access-events?limit=100", world.credentials(CitA));
        REQUIRE(response);
        REQUIRE(response->status == 200);
        return json::parse(response->body)["items"];
    }

    TestWorld world;
    RunningServer server;
    httplib::Client client;
    const std::string access = world.expand(world_access_body);
    const std::string batch = R"({"events":[)" + access + "," + access + "]}";
};

// Whether `text` names the endpoint "POST <path>", and not one below it.
bool names_endpoint(const std::string& text, const std::string& path) {
    const std::string name = "POST " + path;
    const auto at = text.find(name);
    return at != std::string::npos &&
           (at + name.size() == text.size() || text[at + name.size()] != '/');
}

// The 409 for a key first used on `first_used_on`, with its detail in German and English.
void check_other_endpoint(const httplib::Result& response, const std::string& first_used_on) {
    const json problem = check_problem(response, 409);
    CHECK(problem.value("type", "") == "urn:einblick:problem:conflict");
    const std::string detail = problem.value("detail", "");
    CHECK_MESSAGE(names_endpoint(detail, first_used_on), detail);
    const auto english = einblick::english_message(detail);
    REQUIRE(english);
    CHECK_MESSAGE(names_endpoint(*english, first_used_on), *english);
}

} // namespace

TEST_CASE("idempotency: a key first used for a check is refused on access-events") {
    Agencies h;
    const auto before = h.log_of_a().size();
    const auto check = h.as_x("/api/v1/access-checks", "shared-1", h.access);
    REQUIRE(check->status == 200);
    CHECK(h.log_of_a().size() == before + 1);

    // The same key and the very same body on the other endpoint: no replay of the check.
    check_other_endpoint(h.as_x("/api/v1/access-events", "shared-1", h.access),
                         "/api/v1/access-checks");
    check_other_endpoint(h.as_x("/api/v1/access-events/batch", "shared-1", h.batch),
                         "/api/v1/access-checks");
    const json log = h.log_of_a();
    CHECK(log.size() == before + 1);
    CHECK(log[0]["kind"] == "check");

    // The check itself still replays, and a fresh key logs the access.
    const auto again = h.as_x("/api/v1/access-checks", "shared-1", h.access);
    CHECK(again->status == 200);
    CHECK(json::parse(again->body)["check_id"] == json::parse(check->body)["check_id"]);
    const auto stored = h.as_x("/api/v1/access-events", "shared-2", h.access);
    CHECK(stored->status == 201);
    CHECK(json::parse(stored->body)["kind"] == "access");
}

TEST_CASE("idempotency: a key first used for an access is refused on access-checks") {
    Agencies h;
    const auto stored = h.as_x("/api/v1/access-events", "shared-3", h.access);
    REQUIRE(stored->status == 201);
    const auto before = h.log_of_a().size();
    check_other_endpoint(h.as_x("/api/v1/access-checks", "shared-3", h.access),
                         "/api/v1/access-events");
    check_other_endpoint(h.as_x("/api/v1/access-events/batch", "shared-3", h.batch),
                         "/api/v1/access-events");
    CHECK(h.log_of_a().size() == before); // the refused check is not logged either
    const auto replay = h.as_x("/api/v1/access-events", "shared-3", h.access);
    CHECK(replay->status == 200);
    CHECK(json::parse(replay->body)["id"] == json::parse(stored->body)["id"]);
}

TEST_CASE("idempotency: a batch's key stands for the whole batch and for nothing else") {
    Agencies h;
    const auto stored = h.as_x("/api/v1/access-events/batch", "batch-1", h.batch);
    REQUIRE(stored->status == 201);
    const auto before = h.log_of_a().size();

    // The same batch again: every event replayed, in order.
    const auto replay = h.as_x("/api/v1/access-events/batch", "batch-1", h.batch);
    CHECK(replay->status == 200);
    CHECK(json::parse(replay->body) == json::parse(stored->body));
    // Another batch under the same key, even one that only adds an event: 409.
    const std::string longer = R"({"events":[)" + h.access + "," + h.access + "," + h.access + "]}";
    check_problem(h.as_x("/api/v1/access-events/batch", "batch-1", longer), 409);
    // The key on the single endpoints: 409, not a replay of one of the batch's events.
    check_other_endpoint(h.as_x("/api/v1/access-events", "batch-1", h.access),
                         "/api/v1/access-events/batch");
    check_other_endpoint(h.as_x("/api/v1/access-checks", "batch-1", h.access),
                         "/api/v1/access-events/batch");
    // "K#0" is an ordinary key of its own (events of a batch were once stored under K#i, so
    // this replayed the batch's first event).
    const auto own = h.as_x("/api/v1/access-events", "batch-1#0", h.access);
    CHECK(own->status == 201);
    CHECK(json::parse(own->body)["id"] != json::parse(stored->body)["events"][0]["id"]);
    CHECK(h.log_of_a().size() == before + 1);
}

TEST_CASE("idempotency: keys are the agency's own") {
    Agencies h;
    const std::string body_y = h.world.expand(
        R"({"citizen_id":"$IDA","purpose_id":$PY,"register":"melderegister","data_categories":["address"]})");
    const auto x = h.as_x("/api/v1/access-events", "same-key", h.access);
    const auto y = h.post("/api/v1/access-events", "same-key", body_y, h.world.key_y);
    CHECK(x->status == 201);
    CHECK(y->status == 201);
    CHECK(json::parse(x->body)["id"] != json::parse(y->body)["id"]);
    // A key another agency used on another endpoint is no conflict either.
    CHECK(h.as_x("/api/v1/access-checks", "x-check", h.access)->status == 200);
    CHECK(h.post("/api/v1/access-events", "x-check", body_y, h.world.key_y)->status == 201);
}

// An empty Idempotency-Key is a key the caller meant to send: refused, never taken as no key
// (its retry would be stored twice). httplib 0.11 drops empty fields; the edge passes them on
// as wire::empty_field_marker, which the route reads.
TEST_CASE("idempotency: an empty key is refused with 400, on every endpoint that takes keys") {
    Agencies h;
    const auto before = h.log_of_a().size();
    for (const std::string path : {"/api/v1/access-events", "/api/v1/access-checks"}) {
        CAPTURE(path);
        CHECK(has_violation(check_problem(h.as_x(path, "", h.access), 400), "Idempotency-Key",
                            "length"));
    }
    CHECK(has_violation(check_problem(h.as_x("/api/v1/access-events/batch", "", h.batch), 400),
                        "Idempotency-Key", "length"));
    CHECK(h.log_of_a().size() == before); // nothing stored
}
