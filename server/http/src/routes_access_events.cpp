#include "routes.hpp"

#include <nlohmann/json.hpp>

#include "json_body.hpp"
#include "problem_response.hpp"
#include "request_auth.hpp"

namespace einblick::server {
namespace {

AccessEventSubmission parse_submission(const nlohmann::json& body) {
    Violations violations;
    ObjectReader reader(body, "", violations);
    AccessEventSubmission submission;
    submission.citizen_id = reader.required_string("citizen_id");
    submission.purpose = reader.required_string("purpose");
    submission.legal_basis = reader.required_string("legal_basis");
    submission.data_categories = reader.required_string_array("data_categories");
    if (const auto occurred = reader.optional_string("occurred_at")) {
        submission.occurred_at = parse_rfc3339(*occurred);
        if (!submission.occurred_at) {
            violations.add("/occurred_at", "format",
                           "Muss ein Zeitpunkt nach RFC 3339 sein, z. B. 2026-11-28T09:30:00Z.");
        }
    }
    reader.reject_unknown_members();
    violations.throw_if_any();
    return submission;
}

HistoryQuery parse_history_query(const httplib::Request& request) {
    Violations violations;
    HistoryQuery query;
    if (const auto limit = parse_int_parameter(request, "limit", violations)) {
        query.limit = *limit;
    }
    if (request.has_param("cursor")) {
        query.cursor = request.get_param_value("cursor");
    }
    violations.throw_if_any();
    return query;
}

} // namespace

void register_access_event_routes(httplib::Server& server, ServiceContext services) {
    server.Post("/api/v1/access-events", [services](const httplib::Request& request,
                                                    httplib::Response& response) {
        const AgencyRecord agency = require_agency(request, services.auth);
        const AccessEventSubmission submission = parse_submission(parse_json_object(request));
        write_json(response, 201, services.access_log.record(agency, submission));
    });
    server.Get("/api/v1/me/access-events", [services](const httplib::Request& request,
                                                      httplib::Response& response) {
        const CitizenPrincipal citizen = require_citizen(request, services.auth);
        write_json(response, 200,
                   services.access_log.history(citizen.pseudonym, parse_history_query(request)));
    });
}

} // namespace einblick::server
