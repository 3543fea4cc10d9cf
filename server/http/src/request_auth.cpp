#include "request_auth.hpp"

#include "einblick/server/service_error.hpp"

namespace einblick::server {
namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(' ');
    return text.substr(first, last - first + 1);
}

ServiceError not_logged_in() {
    return {ErrorKind::Unauthenticated, "Nicht angemeldet",
            "Bitte melden Sie sich an. Ihre Sitzung ist abgelaufen oder beendet."};
}

} // namespace

std::string session_token_from(const httplib::Request& request) {
    const std::string header = request.get_header_value("Cookie");
    std::string_view rest = header;
    while (!rest.empty()) {
        const auto end = rest.find(';');
        const std::string_view pair = trim(rest.substr(0, end));
        const auto equals = pair.find('=');
        if (equals != std::string_view::npos && pair.substr(0, equals) == session_cookie_name) {
            return std::string(pair.substr(equals + 1));
        }
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    }
    return {};
}

std::string set_session_cookie(const std::string& token, bool secure) {
    // No Max-Age: the cookie ends with the browser session; the server enforces the timeouts.
    return std::string(session_cookie_name) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" +
           (secure ? "; Secure" : "");
}

std::string clear_session_cookie(bool secure) {
    return std::string(session_cookie_name) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
           (secure ? "; Secure" : "");
}

AccountSession require_session(const httplib::Request& request, AuthService& auth) {
    auto session = auth.session(session_token_from(request));
    if (!session) {
        throw not_logged_in();
    }
    return std::move(*session);
}

CitizenPrincipal require_citizen(const httplib::Request& request, AuthService& auth) {
    AccountSession session = require_session(request, auth);
    if (const auto* citizen = std::get_if<CitizenPrincipal>(&session.principal)) {
        return *citizen;
    }
    throw ServiceError(ErrorKind::Forbidden, "Keine Berechtigung",
                       "Diese Funktion steht nur Bürgerinnen und Bürgern zur Verfügung.");
}

AgencyRecord require_agency(const httplib::Request& request, AuthService& auth) {
    const std::string header = request.get_header_value("Authorization");
    constexpr std::string_view scheme = "Bearer ";
    std::optional<AgencyRecord> agency;
    if (header.size() > scheme.size() && header.compare(0, scheme.size(), scheme) == 0) {
        agency = auth.agency_for_api_key(std::string(trim(header.substr(scheme.size()))));
    }
    if (!agency) {
        throw ServiceError(ErrorKind::Unauthenticated, "Nicht authentifiziert",
                           "Ein gültiger API-Schlüssel einer Behörde ist erforderlich "
                           "(Authorization: Bearer <Schlüssel>).");
    }
    return *agency;
}

} // namespace einblick::server
