#pragma once
// Who sent a request, and whether that role may use the route.

#include <string>

#include <httplib.h>

#include "einblick/server/auth_service.hpp"

namespace einblick::server {

inline constexpr const char* session_cookie_name = "einblick_session";

std::string session_token_from(const httplib::Request& request);
std::string set_session_cookie(const std::string& token, bool secure);
std::string clear_session_cookie(bool secure);

// Throws ServiceError: Unauthenticated without a live session.
AccountSession require_session(const httplib::Request& request, AuthService& auth);
// Throws Unauthenticated without a session, Forbidden for a session of another role.
CitizenPrincipal require_citizen(const httplib::Request& request, AuthService& auth);
// The agency of the request's API key ("Authorization: Bearer <key>"); throws Unauthenticated.
AgencyRecord require_agency(const httplib::Request& request, AuthService& auth);

} // namespace einblick::server
