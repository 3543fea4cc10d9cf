#pragma once
// Route registration, one function per feature. Each route parses, authorizes, calls one
// service and serializes; errors are thrown as ServiceError and rendered in one place.

#include "einblick/server/api_server.hpp"
#include "einblick/server/route_table.hpp"

#include <functional>
#include <string>

namespace einblick::server {

void register_health_routes(RouteTable& routes, ServiceContext services);
void register_session_routes(RouteTable& routes, ServiceContext services,
                             const HttpOptions& options);
void register_access_routes(RouteTable& routes, ServiceContext services);
void register_purpose_routes(RouteTable& routes, ServiceContext services);
void register_rights_routes(RouteTable& routes, ServiceContext services);
void register_agency_routes(RouteTable& routes, ServiceContext services);
void register_reference_routes(RouteTable& routes, ServiceContext services);
void register_log_routes(RouteTable& routes, ServiceContext services);

// Who may read GET /metrics and what it answers.
struct MetricsAccess {
    std::string token; // --metrics-token: also answers others with "Authorization: Bearer …"
    TrustedProxies trusted_proxies;
    std::function<std::string()> scrape;
};
void register_metrics_routes(RouteTable& routes, MetricsAccess access);

} // namespace einblick::server
