#pragma once
// Route registration, one function per feature. Each route parses, authorizes, calls one
// service and serializes; errors are thrown as ServiceError and rendered in one place.

#include "einblick/server/api_server.hpp"

#include <httplib.h>

namespace einblick::server {

void register_health_routes(httplib::Server& server, ServiceContext services);
void register_session_routes(httplib::Server& server, ServiceContext services,
                             const HttpOptions& options);
void register_access_routes(httplib::Server& server, ServiceContext services);
void register_purpose_routes(httplib::Server& server, ServiceContext services);
void register_rights_routes(httplib::Server& server, ServiceContext services);
void register_agency_routes(httplib::Server& server, ServiceContext services);
void register_reference_routes(httplib::Server& server, ServiceContext services);

} // namespace einblick::server
