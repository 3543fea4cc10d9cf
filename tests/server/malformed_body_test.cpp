// Malformed request bodies on every endpoint that takes one: not JSON, not an object, sent
// with the wrong Content-Type, empty, with wrong types or unknown members, or values of the
// right type that break a rule. Every answer must be a problem+json (see malformed_input.hpp)
// and validation problems name each field (JSON Pointer) and the rule broken.

#include "einblick/shared/api_rules.hpp"
#include "malformed_input.hpp"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

using namespace einblick::testing;
using nlohmann::json;
namespace limits = einblick::api::limits;

TEST_CASE("malformed bodies: not JSON, not an object, wrong Content-Type") {
    MalformedHarness h;
    for (const auto& endpoint : body_endpoints) {
        INFO(endpoint.path);
        for (const char* text : {"{\"name\":", "nicht json", "", "{'single':'quotes'}"}) {
            INFO("body: " << std::string(text));
            const json problem = check_problem(h.post(endpoint, text), 400);
            CHECK(problem.value("type", "") == "urn:einblick:problem:malformed-request");
        }
        for (const char* text : {"[]", "[{\"reason\":\"x\"}]", "\"text\"", "42", "null", "true"}) {
            INFO("body: " << std::string(text));
            const json problem = check_problem(h.post(endpoint, text), 400);
            CHECK(problem.value("type", "") == "urn:einblick:problem:malformed-request");
        }
        for (const char* type :
             {"text/plain", "application/x-www-form-urlencoded", "application/xml", "text/json",
              "application/octet-stream", "multipart/form-data; boundary=einblick",
              "multipart/form-data", "Multipart/Form-Data; boundary=einblick"}) {
            INFO("Content-Type: " << std::string(type));
            const json problem = check_problem(h.post(endpoint, endpoint.valid, type), 415);
            CHECK(problem.value("type", "") == "urn:einblick:problem:unsupported-media-type");
        }
    }
}

TEST_CASE("malformed bodies: multipart/form-data is 415 too, read whole and never parsed") {
    // cpp-httplib parses multipart/form-data bodies itself before any route runs: a body it
    // cannot parse got its own 400, and without a boundary the body was left unread on the
    // connection, where it was taken for the next request.
    MalformedHarness h;
    h.client.set_keep_alive(true);
    const std::string well_formed = "--einblick\r\nContent-Disposition: form-data; name=\"x\"\r\n"
                                    "\r\n{}\r\n--einblick--\r\n";
    for (const auto& endpoint : body_endpoints) {
        INFO(endpoint.path);
        for (const std::string& body : {h.world.expand(endpoint.valid), well_formed}) {
            for (const char* type :
                 {"multipart/form-data; boundary=einblick", "multipart/form-data"}) {
                INFO("Content-Type: " << std::string(type) << ", body: " << body);
                const json problem = check_problem(h.post(endpoint, body, type), 415);
                CHECK(problem.value("type", "") == "urn:einblick:problem:unsupported-media-type");
                // The same connection goes on with the next request: nothing was left unread.
                const auto next = h.client.Get("/health/live");
                REQUIRE(next);
                CHECK(next->status == 200);
            }
        }
    }
}

TEST_CASE("malformed bodies: the media type must be application/json, parameters allowed") {
    MalformedHarness h;
    // Types that merely start like it, +json types (another format with another meaning) and
    // broken syntax are refused.
    const std::vector<std::string> refused{"application/jsonp",
                                           "application/json-seq",
                                           "application/json5",
                                           "application/jsonp; charset=utf-8",
                                           "application/json garbage",
                                           "application/json/x",
                                           "application/merge-patch+json",
                                           "application/problem+json",
                                           "application / json",
                                           "application/",
                                           "json"};
    // Type and subtype are case-insensitive; parameters follow ";" with optional whitespace.
    const std::vector<std::string> accepted{"application/json",
                                            "application/json; charset=utf-8",
                                            "application/json;charset=UTF-8",
                                            "Application/JSON",
                                            "APPLICATION/JSON",
                                            "APPLICATION/json ; charset=utf-8",
                                            "application/json\t;\tcharset=utf-8",
                                            "application/json;"};
    for (const auto& endpoint : body_endpoints) {
        INFO(endpoint.path);
        for (const std::string& type : refused) {
            INFO("Content-Type: " << type);
            const json problem = check_problem(h.post(endpoint, endpoint.valid, type), 415);
            CHECK(problem.value("type", "") == "urn:einblick:problem:unsupported-media-type");
        }
        // "[]" gets past the media type and is refused as no JSON object.
        for (const std::string& type : accepted) {
            INFO("Content-Type: " << type);
            const json problem = check_problem(h.post(endpoint, "[]", type), 400);
            CHECK(problem.value("type", "") == "urn:einblick:problem:malformed-request");
        }
    }
}

TEST_CASE("malformed bodies: an empty object names every required field") {
    MalformedHarness h;
    for (const auto& endpoint : body_endpoints) {
        INFO(endpoint.path);
        const json problem = check_problem(h.post(endpoint, "{}"), 400);
        CHECK(problem.value("type", "") == "urn:einblick:problem:validation");
        std::set<std::string> required;
        for (const auto& [field, rule] : violations_of(problem)) {
            CHECK(rule == "required");
            CHECK(field.rfind('/', 0) == 0); // a JSON Pointer
            required.insert(field);
        }
        CHECK(required ==
              std::set<std::string>(endpoint.required.begin(), endpoint.required.end()));
        // A member sent as null counts as absent.
        json nulls = json::object();
        for (const auto& field : endpoint.required) {
            nulls[field.substr(1)] = nullptr;
        }
        const json again = check_problem(h.post(endpoint, nulls.dump()), 400);
        for (const auto& field : endpoint.required) {
            CHECK_MESSAGE(has_violation(again, field, "required"), field);
        }
    }
}

TEST_CASE("malformed bodies: every member of the wrong JSON type is named with rule type") {
    MalformedHarness h;
    for (const auto& endpoint : body_endpoints) {
        INFO(endpoint.path << " " << endpoint.wrong_types);
        const json problem = check_problem(h.post(endpoint, endpoint.wrong_types), 400);
        CHECK(problem.value("type", "") == "urn:einblick:problem:validation");
        for (const auto& field : endpoint.typed_fields) {
            CHECK_MESSAGE(has_violation(problem, field, "type"), field << " in " << problem.dump());
        }
    }
}

TEST_CASE(
    "malformed bodies: an unknown member is refused, also where the body is otherwise valid") {
    MalformedHarness h;
    for (const auto& endpoint : body_endpoints) {
        INFO(endpoint.path);
        json body = json::parse(h.world.expand(endpoint.valid));
        body["agency"] = "polizei-leipzig";
        const auto response = h.post(endpoint, body.dump());
        REQUIRE(response);
        CHECK_MESSAGE(response->status == 400,
                      endpoint.path << " accepted an unknown member: " << response->status << " "
                                    << response->body);
        if (response->status == 400) {
            const json problem = check_problem(response, 400);
            CHECK(has_violation(problem, "/agency", "unknown_member"));
            CHECK(problem["errors"].size() == 1);
        }
    }
    // Inside a batch, each event is checked too.
    const auto nested =
        h.post(body_endpoint("/api/v1/access-events/batch"),
               R"({"events":[)" + world_access_body.substr(0, world_access_body.size() - 1) +
                   R"(,"agency":"x"}]})");
    CHECK(has_violation(check_problem(nested, 400), "/events/0/agency", "unknown_member"));
}

TEST_CASE("malformed bodies: a batch whose events member is not a list says type") {
    MalformedHarness h;
    const BodyEndpoint& batch = body_endpoint("/api/v1/access-events/batch");
    for (const char* body : {R"({"events":{}})", R"({"events":"x"})", R"({"events":1})"}) {
        INFO(std::string(body));
        const json problem = check_problem(h.post(batch, body), 400);
        CHECK(has_violation(problem, "/events", "type"));
    }
    CHECK(has_violation(check_problem(h.post(batch, R"({"events":null})"), 400), "/events",
                        "required"));
}

namespace {

// Bodies of the right JSON types that break one rule, and the violation they must cause.
struct RuleCase {
    std::string endpoint;
    std::string body;
    std::string field;
    std::string rule;
};
const std::vector<RuleCase> rule_cases{
    {"/api/v1/purposes",
     R"({"name":" ","description":"d","legal_basis":"l","gdpr_basis":"A6-1-e","data_categories":["address"],"source_registers":["melderegister"],"retention_days":365})",
     "/name", "required"},
    {"/api/v1/purposes",
     R"({"name":"n","description":"d","legal_basis":"l","gdpr_basis":"Art6","data_categories":["address"],"source_registers":["melderegister"],"retention_days":365})",
     "/gdpr_basis", "enum"},
    {"/api/v1/purposes",
     R"({"name":"n","description":"d","legal_basis":"l","gdpr_basis":"A6-1-e","data_categories":["dna"],"source_registers":["melderegister"],"retention_days":365})",
     "/data_categories/0", "enum"},
    {"/api/v1/purposes",
     R"({"name":"n","description":"d","legal_basis":"l","gdpr_basis":"A6-1-e","data_categories":["address","address"],"source_registers":["melderegister"],"retention_days":365})",
     "/data_categories/1", "unique"},
    {"/api/v1/purposes",
     R"({"name":"n","description":"d","legal_basis":"l","gdpr_basis":"A6-1-e","data_categories":["address"],"source_registers":[],"retention_days":365})",
     "/source_registers", "required"},
    {"/api/v1/purposes",
     R"({"name":"n","description":"d","legal_basis":"l","gdpr_basis":"A6-1-e","data_categories":["address"],"source_registers":["melderegister"],"retention_days":0})",
     "/retention_days", "range"},
    {"/api/v1/purposes",
     R"({"name":"n","description":"d","legal_basis":"l","gdpr_basis":"A6-1-e","data_categories":["address"],"source_registers":["melderegister"],"retention_days":)" +
         std::to_string(limits::purpose_retention_days_max + 1) + "}",
     "/retention_days", "range"},
    {"/api/v1/purposes/$QX/versions/1/decision", R"({"decision":"vielleicht","reason":"r"})",
     "/decision", "enum"},
    {"/api/v1/purposes/$QX/versions/1/decision", R"({"decision":"","reason":"r"})", "/decision",
     "enum"},
    {"/api/v1/purposes/$PX/retirement", R"({"reason":"   "})", "/reason", "required"},
    {"/api/v1/access-checks",
     R"({"citizen_id":"12345678901","purpose_id":$PX,"register":"melderegister","data_categories":["address"]})",
     "/citizen_id", "format"},
    {"/api/v1/access-checks",
     R"({"citizen_id":"$IDA","purpose_id":0,"register":"melderegister","data_categories":["address"]})",
     "/purpose_id", "required"},
    {"/api/v1/access-checks",
     R"({"citizen_id":"$IDA","purpose_id":$PX,"register":"","data_categories":[]})",
     "/data_categories", "required"},
    {"/api/v1/access-checks",
     R"({"citizen_id":"$IDA","purpose_id":$PX,"register":"melderegister","data_categories":["address"],"occurred_at":"2026-11-28T12:00:00Z"})",
     "/occurred_at", "not_allowed"},
    {"/api/v1/access-events",
     R"({"citizen_id":"$IDA","purpose_id":$PX,"register":"melderegister","data_categories":["address"],"occurred_at":"gestern"})",
     "/occurred_at", "format"},
    {"/api/v1/access-events",
     R"({"citizen_id":"$IDA","purpose_id":$PX,"register":"melderegister","data_categories":["address"],"occurred_at":"2030-01-01T00:00:00Z"})",
     "/occurred_at", "not_in_future"},
    {"/api/v1/access-events",
     R"({"citizen_id":"$IDA","purpose_id":$PX,"register":"melderegister","data_categories":["address"],"occurred_at":"0001-01-01T00:00:00Z"})",
     "/occurred_at", "too_old"},
    {"/api/v1/access-events/batch",
     R"({"events":[{"citizen_id":"$IDA","purpose_id":$PX,"register":"melderegister","data_categories":["address"]},{"citizen_id":"$IDA","purpose_id":$PX,"register":"melderegister","data_categories":["address"],"occurred_at":"2026-11-21T11:59:59.999Z"}]})",
     "/events/1/occurred_at", "too_old"},
    {"/api/v1/access-events",
     R"({"citizen_id":"$IDA","purpose_id":$PX,"register":"melderegister","data_categories":["address","address"]})",
     "/data_categories/1", "unique"},
    {"/api/v1/access-events",
     R"({"citizen_id":"$IDA","purpose_id":$PX,"register":"melderegister","data_categories":["address"],"official":""})",
     "/official", "length"},
    {"/api/v1/access-events",
     R"({"citizen_id":"$IDA","purpose_id":999999,"register":"melderegister","data_categories":["address"]})",
     "/purpose_id", "unknown"},
    {"/api/v1/access-events",
     R"({"citizen_id":"$IDA","purpose_id":$PX,"purpose_version":7,"register":"melderegister","data_categories":["address"]})",
     "/purpose_version", "stale"},
    {"/api/v1/access-events/batch", R"({"events":[]})", "/events", "size"},
    {"/api/v1/me/consents", R"({"purpose_id":$PCX,"expires_at":"2026-01-01T00:00:00Z"})",
     "/expires_at", "in_future"},
    {"/api/v1/me/consents", R"({"purpose_id":$PCX,"expires_at":"2040-01-01T00:00:00Z"})",
     "/expires_at", "max_duration"},
    {"/api/v1/me/consents", R"({"purpose_id":$PX,"expires_at":"2027-01-01T00:00:00Z"})",
     "/purpose_id", "not_consent_based"},
    {"/api/v1/me/consents", R"({"purpose_id":$PCX,"expires_at":"morgen"})", "/expires_at",
     "format"},
    {"/api/v1/me/objections", R"({"reason":"x"})", "/event_id", "one_of"},
    {"/api/v1/me/objections", R"({"event_id":$EA,"purpose_id":$PX,"reason":"x"})", "/event_id",
     "one_of"},
    {"/api/v1/me/objections", R"({"purpose_id":$PCX,"reason":"x"})", "/purpose_id",
     "consent_based"},
    {"/api/v1/me/objections", R"({"purpose_id":999999,"reason":"x"})", "/purpose_id", "unknown"},
    {"/api/v1/objections/$OA/decision", R"({"outcome":"upheld ","reason":"x"})", "/outcome",
     "enum"},
    {"/api/v1/objections/$OA/decision", R"({"outcome":"","reason":"x"})", "/outcome", "enum"},
    {"/api/v1/objections/$OA/extension", R"({"months":3,"reason":"x"})", "/months", "range"},
    {"/api/v1/objections/$OA/extension", R"({"months":0,"reason":"x"})", "/months", "range"},
    {"/api/v1/agency/api-keys",
     R"({"label":")" + std::string(limits::api_key_label_max + 1, 'x') + R"("})", "/label",
     "max_length"},
};

} // namespace

TEST_CASE("malformed bodies: values of the right type that break a rule name the rule") {
    MalformedHarness h;
    for (const auto& c : rule_cases) {
        const BodyEndpoint& endpoint = body_endpoint(c.endpoint);
        INFO(endpoint.path << " " << c.body);
        const json problem = check_problem(h.post(endpoint, c.body), 400);
        CHECK_MESSAGE(has_violation(problem, c.field, c.rule),
                      c.field << " " << c.rule << " in " << problem.dump());
    }
    // A header is named like a parameter.
    auto headers = h.headers(KeyX);
    headers.emplace("Idempotency-Key", std::string(limits::idempotency_key_max + 1, 'k'));
    const auto long_key = h.client.Post("/api/v1/access-events", headers,
                                        h.world.expand(world_access_body), "application/json");
    CHECK(has_violation(check_problem(long_key, 400), "Idempotency-Key", "length"));
}
