#pragma once
// Everything that goes wrong leaves the server as RFC 9457 problem+json.

#include <httplib.h>

#include "einblick/server/service_error.hpp"
#include "einblick/shared/api_types.hpp"

namespace einblick::server {

void write_json(httplib::Response& response, int status, const nlohmann::json& body);
void write_problem(httplib::Response& response, const api::Problem& problem);
void write_service_error(httplib::Response& response, const ServiceError& error);
// A problem for a bare status code (unknown route, body too large, …).
api::Problem problem_for_status(int status);

} // namespace einblick::server
