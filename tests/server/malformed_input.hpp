#pragma once
// Shared by the malformed-input tests (malformed_body_test.cpp, malformed_request_test.cpp):
// the endpoints that take a JSON body, a server on a TestWorld, and the check that an answer
// is a proper problem+json (RFC 9457) with a `urn:einblick:problem:` type, German title and
// detail, English in the catalogue, and the HTTP status in `status`.

#include "test_world.hpp"

#include <httplib.h>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace einblick::testing {

// An endpoint that takes a JSON body: who may call it, a valid body, the fields `{}` lacks,
// and a body with every member of the wrong JSON type.
struct BodyEndpoint {
    std::string path;
    Caller as;
    std::string valid;
    std::vector<std::string> required;
    std::string wrong_types;
    std::vector<std::string> typed_fields;
};

extern const std::vector<BodyEndpoint> body_endpoints;
// The entry for this (unexpanded) path; fails the test when there is none.
const BodyEndpoint& body_endpoint(const std::string& path);

// Checks the problem+json shape and language; returns the parsed problem.
nlohmann::json check_problem(const httplib::Result& response, int status);
bool has_violation(const nlohmann::json& problem, const std::string& field,
                   const std::string& rule);
// field -> rule, for the violations of a validation problem.
std::multimap<std::string, std::string> violations_of(const nlohmann::json& problem);

// A TestWorld behind a running server. Every request carries `If-Match: "1"` (a fresh
// objection's revision; ignored elsewhere), so decisions get past the precondition.
struct MalformedHarness {
    MalformedHarness() : server(world.t), client("127.0.0.1", server.port()) {}

    httplib::Result post(const BodyEndpoint& endpoint, const std::string& body,
                         const std::string& content_type = "application/json");
    httplib::Result get(const std::string& path, Caller as);
    httplib::Headers headers(Caller as);

    TestWorld world;
    RunningServer server;
    httplib::Client client;
};

} // namespace einblick::testing
