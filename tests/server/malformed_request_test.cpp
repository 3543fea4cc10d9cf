// Malformed requests besides bodies: query parameters that are not numbers, enums or dates;
// path ids that are not positive numbers; problems the HTTP layer raises itself. Every
// problem must be a problem+json (see malformed_input.hpp); validation problems name the
// parameter.

#include "malformed_input.hpp"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace einblick::testing;
using nlohmann::json;

namespace {

struct QueryCase {
    std::string path;
    Caller as;
    std::string parameter;
    std::string rule;
};

const std::vector<QueryCase> query_cases{
    {"/api/v1/me/access-events?limit=zehn", CitA, "limit", "type"},
    {"/api/v1/me/access-events?limit=", CitA, "limit", "type"},
    {"/api/v1/me/access-events?limit=5x", CitA, "limit", "type"},
    {"/api/v1/me/access-events?limit=1.5", CitA, "limit", "type"},
    {"/api/v1/me/access-events?limit=99999999999", CitA, "limit", "type"},
    {"/api/v1/me/access-events?limit=0", CitA, "limit", "range"},
    {"/api/v1/me/access-events?limit=-3", CitA, "limit", "range"},
    {"/api/v1/me/access-events?limit=201", CitA, "limit", "range"},
    {"/api/v1/me/access-events?purpose=abc", CitA, "purpose", "type"},
    {"/api/v1/me/access-events?from=gestern", CitA, "from", "format"},
    {"/api/v1/me/access-events?from=2026-13-01T00:00:00Z", CitA, "from", "format"},
    {"/api/v1/me/access-events?to=2026-11-28", CitA, "to", "format"},
    {"/api/v1/me/access-events?from=2026-11-28T00:00:00Z&to=2026-11-01T00:00:00Z", CitA, "to",
     "range"},
    {"/api/v1/me/access-events?outcome=maybe", CitA, "outcome", "enum"},
    {"/api/v1/me/access-events?cursor=nonsense", CitA, "cursor", "format"},
    {"/api/v1/me/access-events?cursor=1.-5", CitA, "cursor", "format"},
    {"/api/v1/me/export?format=xml", CitA, "format", "enum"},
    {"/api/v1/objections?status=offen", DpoAll, "status", "enum"},
    {"/api/v1/audit?limit=viele", DpoAll, "limit", "type"},
    {"/api/v1/audit?limit=0", DpoAll, "limit", "range"},
    {"/api/v1/audit?limit=501", DpoAll, "limit", "range"},
    {"/api/v1/audit?before=gestern", DpoAll, "before", "type"},
};
struct PathIdRoute {
    std::string method;
    std::string pattern; // "#" is replaced by each bad id; other ids are valid
    Caller as;
    std::string body;
};

const std::vector<PathIdRoute> path_id_routes{
    {"GET", "/api/v1/purposes/#", Anon, ""},
    {"POST", "/api/v1/purposes/#/versions", KeyX, world_purpose_body},
    {"POST", "/api/v1/purposes/#/versions/1/decision", DpoAll,
     R"({"decision":"approve","reason":"r"})"},
    {"POST", "/api/v1/purposes/$QX/versions/#/decision", DpoAll,
     R"({"decision":"approve","reason":"r"})"},
    {"POST", "/api/v1/purposes/#/retirement", KeyX, R"({"reason":"r"})"},
    {"GET", "/api/v1/me/access-events/#", CitA, ""},
    {"POST", "/api/v1/me/consents/#/withdrawal", CitA, "{}"},
    {"GET", "/api/v1/me/objections/#", CitA, ""},
    {"GET", "/api/v1/objections/#", DpoAll, ""},
    {"POST", "/api/v1/objections/#/decision", DpoAll, R"({"outcome":"rejected","reason":"r"})"},
    {"POST", "/api/v1/objections/#/extension", DpoAll, R"({"months":1,"reason":"r"})"},
    {"DELETE", "/api/v1/agency/api-keys/#", StaffX, ""},
};
} // namespace

TEST_CASE("malformed query parameters name the parameter") {
    MalformedHarness h;
    for (const auto& c : query_cases) {
        INFO(c.path);
        const json problem = check_problem(h.get(c.path, c.as), 400);
        CHECK(problem["type"] == "urn:einblick:problem:validation");
        CHECK_MESSAGE(has_violation(problem, c.parameter, c.rule),
                      c.parameter << " " << c.rule << " in " << problem.dump());
    }
    // Several bad parameters are reported together.
    const json several =
        check_problem(h.get("/api/v1/me/access-events?limit=x&outcome=y&from=z", CitA), 400);
    CHECK(has_violation(several, "limit", "type"));
    CHECK(has_violation(several, "outcome", "enum"));
    CHECK(has_violation(several, "from", "format"));
}

TEST_CASE("path ids that are not positive numbers answer 404 problem+json") {
    MalformedHarness h;
    for (const auto& route : path_id_routes) {
        for (const char* id :
             {"abc", "0", "-1", "1.5", "1e3", "+1", "0x10", "%20", "99999999999999999999"}) {
            std::string path = route.pattern;
            path.replace(path.find('#'), 1, id);
            INFO(route.method << " " << path);
            const auto response = send(h.client, route.method, h.world.expand(path),
                                       h.headers(route.as), h.world.expand(route.body));
            const json problem = check_problem(response, 404);
            CHECK(problem["type"] == "urn:einblick:problem:not-found");
        }
    }
}

TEST_CASE("problems raised by the HTTP layer itself are problem+json too") {
    MalformedHarness h;
    check_problem(h.client.Get("/api/v1/does-not-exist"), 404);
    check_problem(h.client.Get("/api/v1/purposes/1/unknown"), 404);
    // A route that exists, with a method it does not take.
    const auto wrong_method = h.client.Delete("/api/v1/purposes");
    REQUIRE(wrong_method);
    CHECK((wrong_method->status == 404 || wrong_method->status == 405));
    check_problem(wrong_method, wrong_method->status);
    const std::string huge(1024 * 1024 + 1, ' ');
    check_problem(h.client.Post("/api/v1/access-events", h.headers(KeyX), huge, "application/json"),
                  413);
}
