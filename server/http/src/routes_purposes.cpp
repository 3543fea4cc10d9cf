#include "json_body.hpp"
#include "problem_response.hpp"
#include "request_auth.hpp"
#include "routes.hpp"

#include <nlohmann/json.hpp>

namespace einblick::server {
namespace {

api::PurposeContent read_content(const httplib::Request& request) {
    const nlohmann::json body = parse_json_object(request);
    Violations v;
    ObjectReader reader(body, "", v);
    api::PurposeContent content;
    content.name = reader.required_string("name");
    content.description = reader.required_string("description");
    content.legal_basis = reader.required_string("legal_basis");
    content.gdpr_basis = reader.required_string("gdpr_basis");
    content.data_categories = reader.required_string_array("data_categories");
    content.source_registers = reader.required_string_array("source_registers");
    content.recipients =
        reader.optional_string_array("recipients").value_or(std::vector<std::string>{});
    content.retention_days = static_cast<int>(reader.required_int("retention_days"));
    reader.reject_unknown_members();
    v.throw_if_any();
    return content;
}

std::string read_reason(const httplib::Request& request,
                        std::optional<PurposeDecision>* decision = nullptr) {
    const nlohmann::json body = parse_json_object(request);
    Violations v;
    ObjectReader reader(body, "", v);
    if (decision != nullptr) {
        *decision = reader.required_enum<PurposeDecision>("decision");
    }
    std::string reason = reader.required_string("reason");
    reader.reject_unknown_members();
    v.throw_if_any();
    return reason;
}

} // namespace

void register_purpose_routes(RouteTable& routes, ServiceContext services) {
    routes.get("/api/v1/purposes", [services](const httplib::Request& request,
                                              httplib::Response& response) {
        write_json(response, 200,
                   {{"items", services.purposes.list(optional_viewer(request, services.auth))}});
    });
    routes.get("/api/v1/purposes/{id}",
               [services](const httplib::Request& request, httplib::Response& response) {
                   write_json(response, 200,
                              services.purposes.get(optional_viewer(request, services.auth),
                                                    path_id(request, 1)));
               });
    routes.post("/api/v1/purposes", [services](const httplib::Request& request,
                                               httplib::Response& response) {
        const AgencyCaller caller = require_agency(request, services.auth, true);
        write_json(response, 201, services.purposes.propose(caller.actor, read_content(request)));
    });
    routes.post("/api/v1/purposes/{id}/versions",
                [services](const httplib::Request& request, httplib::Response& response) {
                    const AgencyCaller caller = require_agency(request, services.auth, true);
                    const auto id = path_id(request, 1);
                    write_json(response, 201,
                               services.purposes.revise(caller.actor, id, read_content(request)));
                });
    routes.post("/api/v1/purposes/{id}/versions/{version}/decision",
                [services](const httplib::Request& request, httplib::Response& response) {
                    const Actor dpo = require_dpo(request, services.auth);
                    const auto id = path_id(request, 1);
                    const auto version = static_cast<int>(path_id(request, 2));
                    std::optional<PurposeDecision> decision;
                    const std::string reason = read_reason(request, &decision);
                    write_json(response, 200,
                               services.purposes.decide(dpo, id, version, *decision, reason));
                });
    routes.post("/api/v1/purposes/{id}/retirement", [services](const httplib::Request& request,
                                                               httplib::Response& response) {
        const Actor actor = optional_viewer(request, services.auth);
        if (actor.role != ActorRole::Dpo && actor.role != ActorRole::Agency) {
            require_dpo(request, services.auth); // answers 401 or 403 as fits
        }
        const auto id = path_id(request, 1);
        write_json(response, 200, services.purposes.retire(actor, id, read_reason(request)));
    });
}

} // namespace einblick::server
