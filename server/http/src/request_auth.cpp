#include "request_auth.hpp"

#include "einblick/server/service_error.hpp"

#include <vector>

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

ServiceError forbidden(const char* who) {
    return {ErrorKind::Forbidden, "Keine Berechtigung",
            std::string("Diese Funktion steht nur ") + who + " zur Verfügung."};
}

std::string bearer_key(const httplib::Request& request) {
    const std::string header = request.get_header_value("Authorization");
    constexpr std::string_view scheme = "Bearer ";
    if (header.size() > scheme.size() && header.compare(0, scheme.size(), scheme) == 0) {
        return std::string(trim(std::string_view(header).substr(scheme.size())));
    }
    return {};
}

Actor actor_of(const AccountSession& session) {
    return std::visit(
        [](const auto& p) -> Actor {
            using P = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<P, CitizenPrincipal>) {
                return Actor::citizen(p.account_id);
            } else if constexpr (std::is_same_v<P, DpoPrincipal>) {
                return Actor::dpo(p.account_id, p.agency_id);
            } else {
                return Actor::agency_staff(p.account_id, p.agency_id);
            }
        },
        session.principal);
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

CitizenCaller require_citizen(const httplib::Request& request, AuthService& auth) {
    AccountSession session = require_session(request, auth);
    if (const auto* citizen = std::get_if<CitizenPrincipal>(&session.principal)) {
        return {actor_of(session), citizen->pseudonym, std::move(session.account)};
    }
    throw forbidden("Bürgerinnen und Bürgern");
}

Actor require_dpo(const httplib::Request& request, AuthService& auth) {
    const AccountSession session = require_session(request, auth);
    if (!std::holds_alternative<DpoPrincipal>(session.principal)) {
        throw forbidden("Datenschutzbeauftragten");
    }
    return actor_of(session);
}

AgencyCaller require_agency(const httplib::Request& request, AuthService& auth,
                            bool staff_allowed) {
    if (const std::string key = bearer_key(request); !key.empty()) {
        if (const auto agency = auth.agency_for_api_key(key)) {
            return {Actor::agency_key(agency->id), *agency};
        }
    } else if (staff_allowed && !session_token_from(request).empty()) {
        return require_agency_staff(request, auth);
    }
    throw ServiceError(ErrorKind::Unauthenticated, "Nicht authentifiziert",
                       "Ein gültiger API-Schlüssel einer Behörde ist erforderlich "
                       "(Authorization: Bearer <Schlüssel>).");
}

AgencyCaller require_agency_staff(const httplib::Request& request, AuthService& auth) {
    const AccountSession session = require_session(request, auth);
    if (const auto* staff = std::get_if<AgencyStaffPrincipal>(&session.principal)) {
        if (const auto agency = auth.find_agency(staff->agency_id)) {
            return {actor_of(session), *agency};
        }
    }
    throw forbidden("Beschäftigten einer Behörde");
}

Actor optional_viewer(const httplib::Request& request, AuthService& auth) {
    if (const std::string key = bearer_key(request); !key.empty()) {
        if (const auto agency = auth.agency_for_api_key(key)) {
            return Actor::agency_key(agency->id);
        }
    }
    if (const auto session = auth.session(session_token_from(request))) {
        return actor_of(*session);
    }
    return Actor::anonymous();
}

std::string client_address_of(const httplib::Request& request, const TrustedProxies& trusted) {
    std::vector<std::string> forwarded_for;
    if (!trusted.empty()) {
        const auto [first, last] = request.headers.equal_range("X-Forwarded-For");
        for (auto field = first; field != last; ++field) {
            forwarded_for.push_back(field->second);
        }
    }
    return client_address(request.remote_addr, forwarded_for, trusted);
}

} // namespace einblick::server
