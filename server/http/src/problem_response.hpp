#pragma once
// Everything that goes wrong leaves the server as RFC 9457 problem+json.

#include "einblick/server/service_error.hpp"
#include "einblick/shared/api_types.hpp"

#include <httplib.h>

namespace einblick::server {

void write_json(httplib::Response& response, int status, const nlohmann::json& body);
// A page of access events, written as text without building a JSON tree (api::to_json_text).
void write_json_page(httplib::Response& response, int status, const api::AccessEventPage& page);
// JSON written as text already (api::to_json_text and its kin).
void write_json_text(httplib::Response& response, int status, std::string text);
// The problem's texts are German; a request whose Accept-Language prefers English gets them in
// English (title, detail and field errors, where the message catalogue knows them). Either way
// the answer names its language (Content-Language) and varies by Accept-Language.
void write_problem(const httplib::Request& request, httplib::Response& response,
                   api::Problem problem);
void write_service_error(const httplib::Request& request, httplib::Response& response,
                         const ServiceError& error);
// A problem for a bare status code (unknown route, body too large, …).
api::Problem problem_for_status(int status);

} // namespace einblick::server
