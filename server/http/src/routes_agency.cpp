#include "einblick/shared/text.hpp"
#include "json_body.hpp"
#include "problem_response.hpp"
#include "request_auth.hpp"
#include "routes.hpp"

#include <nlohmann/json.hpp>

namespace einblick::server {
namespace {

nlohmann::json key_json(const ApiKeyRecord& key) {
    nlohmann::json j = {{"id", key.id},
                        {"label", key.label},
                        {"created_at", format_rfc3339_utc(key.created_at)},
                        {"active", !key.revoked_at.has_value()}};
    if (key.revoked_at) {
        j["revoked_at"] = format_rfc3339_utc(*key.revoked_at);
    }
    return j;
}

} // namespace

void register_agency_routes(RouteTable& routes, ServiceContext services) {
    routes.get("/api/v1/agency/api-keys",
               [services](const httplib::Request& request, httplib::Response& response) {
                   const AgencyCaller staff = require_agency_staff(request, services.auth);
                   nlohmann::json items = nlohmann::json::array();
                   for (const auto& key : services.auth.api_keys(staff.agency.id)) {
                       items.push_back(key_json(key));
                   }
                   write_json(response, 200, {{"items", items}});
               });
    routes.post("/api/v1/agency/api-keys", [services](const httplib::Request& request,
                                                      httplib::Response& response) {
        const AgencyCaller staff = require_agency_staff(request, services.auth);
        const nlohmann::json body = parse_json_object(request);
        Violations v;
        ObjectReader reader(body, "", v);
        const std::string label = reader.required_string("label");
        if (utf8_length(label) > api::limits::api_key_label_max) {
            v.add("/label", "max_length",
                  "Höchstens " + std::to_string(api::limits::api_key_label_max) + " Zeichen.");
        }
        reader.reject_unknown_members();
        v.throw_if_any();
        const auto created = services.auth.create_api_key(
            staff.agency.id, label,
            staff.actor.audit(services.auth.now(), "api_key.created", "api_key"));
        nlohmann::json j = key_json(created.record);
        j["key"] = created.key; // shown once; only its hash is stored
        write_json(response, 201, j);
    });
    routes.del("/api/v1/agency/api-keys/{id}",
               [services](const httplib::Request& request, httplib::Response& response) {
                   const AgencyCaller staff = require_agency_staff(request, services.auth);
                   const auto id = path_id(request, 1);
                   services.auth.revoke_api_key(
                       staff.agency.id, id,
                       staff.actor.audit(services.auth.now(), "api_key.revoked", "api_key", id));
                   response.status = 204;
               });
}

} // namespace einblick::server
