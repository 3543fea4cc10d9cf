#include "malformed_input.hpp"

#include "problem_language.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <map>
#include <regex>

namespace einblick::testing {
namespace {

using nlohmann::json;

// Crude, but it catches English texts leaking into answers: German never uses these words.
bool looks_english(const std::string& text) {
    static const std::regex english(R"(\b(the|is|are|and|of|only|once|already|must|not found)\b)",
                                    std::regex::icase);
    return std::regex_search(text, english);
}

} // namespace

const std::vector<BodyEndpoint> body_endpoints{
    {"/api/v1/session",
     Anon,
     world_login_body,
     {"/username", "/password"},
     R"({"username":1,"password":true})",
     {"/username", "/password"}},
    {"/api/v1/purposes",
     KeyX,
     world_purpose_body,
     {"/name", "/description", "/legal_basis", "/gdpr_basis", "/data_categories",
      "/source_registers", "/retention_days"},
     R"({"name":1,"description":2,"legal_basis":[],"gdpr_basis":{},"data_categories":"address",)"
     R"("source_registers":[7],"recipients":"Zoll","retention_days":"365"})",
     {"/name", "/description", "/legal_basis", "/gdpr_basis", "/data_categories",
      "/source_registers/0", "/recipients", "/retention_days"}},
    {"/api/v1/purposes/$PX/versions",
     StaffX,
     world_purpose_body,
     {"/name", "/description", "/legal_basis", "/gdpr_basis", "/data_categories",
      "/source_registers", "/retention_days"},
     R"({"name":1,"description":2,"legal_basis":3,"gdpr_basis":4,"data_categories":{},)"
     R"("source_registers":"melderegister","retention_days":365.5})",
     {"/name", "/description", "/legal_basis", "/gdpr_basis", "/data_categories",
      "/source_registers", "/retention_days"}},
    {"/api/v1/purposes/$QX/versions/1/decision",
     DpoAll,
     R"({"decision":"approve","reason":"geprüft"})",
     {"/decision", "/reason"},
     R"({"decision":true,"reason":["geprüft"]})",
     {"/decision", "/reason"}},
    {"/api/v1/purposes/$PX/retirement",
     KeyX,
     R"({"reason":"Aufgabe entfallen."})",
     {"/reason"},
     R"({"reason":42})",
     {"/reason"}},
    {"/api/v1/access-checks",
     KeyX,
     world_access_body,
     {"/citizen_id", "/purpose_id", "/register", "/data_categories"},
     R"({"citizen_id":45678901239,"purpose_id":"1","purpose_version":"1","register":1,)"
     R"("data_categories":"address","official":1,"correlation_id":2,"record_access":"ja"})",
     {"/citizen_id", "/purpose_id", "/purpose_version", "/register", "/data_categories",
      "/official", "/correlation_id", "/record_access"}},
    {"/api/v1/access-events",
     KeyX,
     world_access_body,
     {"/citizen_id", "/purpose_id", "/register", "/data_categories"},
     R"({"citizen_id":45678901239,"purpose_id":1.0,"purpose_version":false,"register":[],)"
     R"("data_categories":[1],"official":{},"correlation_id":[],"occurred_at":1795867200})",
     {"/citizen_id", "/purpose_id", "/purpose_version", "/register", "/data_categories/0",
      "/official", "/correlation_id", "/occurred_at"}},
    {"/api/v1/access-events/batch",
     KeyX,
     R"({"events":[)" + world_access_body + "]}",
     {"/events"},
     R"({"events":[1,"x"]})",
     {"/events/0", "/events/1"}},
    {"/api/v1/consent-checks",
     KeyX,
     R"({"citizen_id":"$IDA","purpose_id":$PCX})",
     {"/citizen_id", "/purpose_id"},
     R"({"citizen_id":1,"purpose_id":"1"})",
     {"/citizen_id", "/purpose_id"}},
    {"/api/v1/me/consents",
     CitA,
     R"({"purpose_id":$PCX,"expires_at":"2027-06-01T00:00:00Z"})",
     {"/purpose_id", "/expires_at"},
     R"({"purpose_id":"1","expires_at":20270601})",
     {"/purpose_id", "/expires_at"}},
    {"/api/v1/me/objections",
     CitA,
     R"({"purpose_id":$PY2,"reason":"Ich widerspreche."})",
     {"/reason"},
     R"({"event_id":"1","purpose_id":true,"reason":1,"restrict_processing":"ja"})",
     {"/event_id", "/purpose_id", "/reason", "/restrict_processing"}},
    {"/api/v1/objections/$OA/decision",
     DpoAll,
     R"({"outcome":"rejected","reason":"Erforderlich."})",
     {"/outcome", "/reason"},
     R"({"outcome":0,"reason":{}})",
     {"/outcome", "/reason"}},
    {"/api/v1/objections/$OA/extension",
     DpoAll,
     R"({"months":1,"reason":"Stellungnahme fehlt."})",
     {"/months", "/reason"},
     R"({"months":"1","reason":false})",
     {"/months", "/reason"}},
    {"/api/v1/agency/api-keys",
     StaffX,
     R"({"label":"Fachverfahren"})",
     {"/label"},
     R"({"label":7})",
     {"/label"}},
};

nlohmann::json check_problem(const httplib::Result& response, int status) {
    REQUIRE(response);
    CHECK(response->status == status);
    CHECK(response->get_header_value("Content-Type").rfind("application/problem+json", 0) == 0);
    json problem = json::parse(response->body, nullptr, false);
    REQUIRE(problem.is_object());
    CHECK(problem.value("status", 0) == response->status);
    CHECK(problem.value("type", "").rfind("urn:einblick:problem:", 0) == 0);
    CHECK_FALSE(problem.value("title", "").empty());
    CHECK_FALSE(problem.value("detail", "").empty());
    CHECK_FALSE(looks_english(problem.value("title", "")));
    CHECK_FALSE(looks_english(problem.value("detail", "")));
    for (const auto& error : problem.value("errors", json::array())) {
        CHECK_FALSE(error.value("field", "").empty());
        CHECK_FALSE(error.value("rule", "").empty());
        CHECK_FALSE(error.value("detail", "").empty());
        CHECK_FALSE(looks_english(error.value("detail", "")));
    }
    einblick::testing::check_has_english(problem);
    return problem;
}

// field -> rule, for the violations of a validation problem.
std::multimap<std::string, std::string> violations_of(const nlohmann::json& problem) {
    std::multimap<std::string, std::string> out;
    for (const auto& error : problem.value("errors", json::array())) {
        out.emplace(error.value("field", ""), error.value("rule", ""));
    }
    return out;
}

bool has_violation(const nlohmann::json& problem, const std::string& field,
                   const std::string& rule) {
    const auto all = violations_of(problem);
    const auto [begin, end] = all.equal_range(field);
    return std::any_of(begin, end, [&](const auto& entry) { return entry.second == rule; });
}

const BodyEndpoint& body_endpoint(const std::string& path) {
    const auto found = std::find_if(body_endpoints.begin(), body_endpoints.end(),
                                    [&](const BodyEndpoint& e) { return e.path == path; });
    REQUIRE_MESSAGE(found != body_endpoints.end(), "no body endpoint ", path);
    return *found;
}

httplib::Headers MalformedHarness::headers(Caller as) {
    httplib::Headers headers = world.credentials(as);
    headers.emplace("If-Match", "\"1\"");
    return headers;
}

httplib::Result MalformedHarness::post(const BodyEndpoint& endpoint, const std::string& body,
                                       const std::string& content_type) {
    return client.Post(world.expand(endpoint.path).c_str(), headers(endpoint.as),
                       world.expand(body), content_type.c_str());
}

httplib::Result MalformedHarness::get(const std::string& path, Caller as) {
    return client.Get(world.expand(path).c_str(), headers(as));
}

} // namespace einblick::testing
