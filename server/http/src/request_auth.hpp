#pragma once
// Who sent a request, and whether that role may use the route.

#include "einblick/server/actor.hpp"
#include "einblick/server/auth_service.hpp"
#include "einblick/server/client_address.hpp"

#include <httplib.h>
#include <string>

namespace einblick::server {

inline constexpr const char* session_cookie_name = "einblick_session";

std::string session_token_from(const httplib::Request& request);
std::string set_session_cookie(const std::string& token, bool secure);
std::string clear_session_cookie(bool secure);

// Throws ServiceError: Unauthenticated without a live session.
AccountSession require_session(const httplib::Request& request, AuthService& auth);

struct CitizenCaller {
    Actor actor;
    std::string pseudonym;
    AccountRecord account;
};
// Throws Unauthenticated without a session, Forbidden for a session of another role.
CitizenCaller require_citizen(const httplib::Request& request, AuthService& auth);
Actor require_dpo(const httplib::Request& request, AuthService& auth);

struct AgencyCaller {
    Actor actor;
    AgencyRecord agency;
};
// An API key ("Authorization: Bearer <key>") or, where `staff_allowed`, an agency staff
// session. The agency always comes from the credential, never from the request.
AgencyCaller require_agency(const httplib::Request& request, AuthService& auth,
                            bool staff_allowed = false);
// An agency staff session only (managing keys is not for keys).
AgencyCaller require_agency_staff(const httplib::Request& request, AuthService& auth);
// Whoever it is, or an anonymous member of the public.
Actor optional_viewer(const httplib::Request& request, AuthService& auth);

// The client's address: the TCP peer's, or behind a trusted proxy the one X-Forwarded-For
// names (client_address() in einblick/server/client_address.hpp).
std::string client_address_of(const httplib::Request& request, const TrustedProxies& trusted);

} // namespace einblick::server
