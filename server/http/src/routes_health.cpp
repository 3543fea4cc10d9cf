#include "openapi_document.hpp"
#include "problem_response.hpp"
#include "routes.hpp"

#include <nlohmann/json.hpp>

namespace einblick::server {

void register_health_routes(RouteTable& routes, ServiceContext services) {
    // Live: the process answers. Ready: it can also reach its database and store in it (after a
    // write failed for want of storage, not until one succeeds again).
    routes.get("/health/live", [](const httplib::Request&, httplib::Response& response) {
        write_json(response, 200, {{"status", "live"}});
    });
    routes.get("/health/ready", [services](const httplib::Request&, httplib::Response& response) {
        if (!services.storage.ping()) {
            throw ServiceError(ErrorKind::Unavailable, "Nicht bereit",
                               "Die Datenbank ist nicht erreichbar oder kann nichts speichern.");
        }
        write_json(response, 200, {{"status", "ready"}});
    });
    routes.get("/api/openapi.yaml", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(std::string(openapi_document()), "application/yaml; charset=utf-8");
    });
}

} // namespace einblick::server
