#include "openapi_document.hpp"
#include "problem_response.hpp"
#include "routes.hpp"

#include <nlohmann/json.hpp>

namespace einblick::server {

void register_health_routes(RouteTable& routes, ServiceContext services) {
    // Live: the process answers. Ready: it can also reach its database and store in it (after a
    // write failed for want of storage, not until one succeeds again), and its access log
    // passed every integrity check so far.
    routes.get("/health/live", [](const httplib::Request&, httplib::Response& response) {
        write_json(response, 200, {{"status", "live"}});
    });
    routes.get("/health/ready", [services](const httplib::Request&, httplib::Response& response) {
        if (!services.storage.ping()) {
            throw ServiceError(ErrorKind::Unavailable, "Nicht bereit",
                               "Die Datenbank ist nicht erreichbar oder kann nichts speichern.");
        }
        // A log that failed its integrity check is not ready either, until an operator has
        // looked (see LogIntegrityService); its findings are in the server's log and audit.
        if (!services.log_integrity.intact()) {
            throw ServiceError(ErrorKind::Unavailable, "Nicht bereit",
                               "Das Zugriffsprotokoll hat seine Integritätsprüfung nicht "
                               "bestanden. Neue Einträge werden weiter gespeichert, aber nicht "
                               "mehr signiert; der Betrieb ist alarmiert.");
        }
        write_json(response, 200, {{"status", "ready"}});
    });
    routes.get("/api/openapi.yaml", [](const httplib::Request&, httplib::Response& response) {
        response.set_content(std::string(openapi_document()), "application/yaml; charset=utf-8");
    });
}

} // namespace einblick::server
