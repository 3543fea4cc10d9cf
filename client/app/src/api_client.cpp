// The API client's core: mapping answers to Result<T>, session, history, registry, vocabulary.
#include "einblick/client/api_client.hpp"

#include "api_client_detail.hpp"

#include <string_view>
#include <utility>

namespace einblick::client {
namespace detail {
namespace {

using nlohmann::json;

// Fallback texts, used when the server's problem+json carries no German detail of its own.
constexpr const char* text_network =
    "Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung und versuchen "
    "Sie es erneut.";
constexpr const char* text_malformed =
    "Die Antwort des Servers konnte nicht gelesen werden. Bitte versuchen Sie es später erneut.";
constexpr const char* text_wrong_credentials = "Benutzername oder Passwort ist falsch.";
constexpr const char* text_session_expired =
    "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.";
constexpr const char* text_rate_limited =
    "Zu viele Versuche in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie es "
    "erneut.";
constexpr const char* text_rejected = "Der Server hat die Anfrage abgelehnt.";
constexpr const char* text_not_found = "Der Eintrag wurde nicht gefunden.";
constexpr const char* text_conflict =
    "Das ist im aktuellen Stand nicht mehr möglich. Bitte laden Sie die Ansicht neu.";
constexpr const char* text_stale =
    "Der Eintrag wurde inzwischen geändert. Bitte prüfen Sie den aktuellen Stand.";
constexpr const char* text_server_error =
    "Beim Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.";

std::optional<api::Problem> problem_of(const HttpResponse& response) {
    const json parsed = parse_body(response.body);
    return parsed.is_discarded() ? std::nullopt : api::decode<api::Problem>(parsed);
}

// The German sentence the server sent with an error, if it sent a readable problem+json.
std::string problem_text(const HttpResponse& response) {
    const auto problem = problem_of(response);
    if (!problem) {
        return {};
    }
    return problem->detail.empty() ? problem->title : problem->detail;
}

const char* fallback_text(ApiStatus status, bool is_login) {
    switch (status) {
    case ApiStatus::NetworkError:
        return text_network;
    case ApiStatus::Unauthorized:
        return is_login ? text_wrong_credentials : text_session_expired;
    case ApiStatus::RateLimited:
        return text_rate_limited;
    case ApiStatus::ServerError:
        return text_server_error;
    case ApiStatus::MalformedResponse:
        return text_malformed;
    case ApiStatus::NotFound:
        return text_not_found;
    case ApiStatus::Conflict:
        return text_conflict;
    case ApiStatus::Stale:
        return text_stale;
    case ApiStatus::Rejected:
    case ApiStatus::Ok:
        break;
    }
    return text_rejected;
}

} // namespace

json parse_body(const std::string& body) {
    return json::parse(body, nullptr, /*allow_exceptions=*/false);
}

std::string dump_body(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool is_success(int status) {
    return status >= 200 && status < 300;
}

ApiStatus status_for_http(int http_status) {
    switch (http_status) {
    case 0:
        return ApiStatus::NetworkError;
    case 401:
        return ApiStatus::Unauthorized;
    case 404:
        return ApiStatus::NotFound;
    case 409:
        return ApiStatus::Conflict;
    case 412:
        return ApiStatus::Stale;
    case 429:
        return ApiStatus::RateLimited;
    default:
        return http_status >= 500 ? ApiStatus::ServerError : ApiStatus::Rejected;
    }
}

std::string failure_text(const HttpResponse& response, ApiStatus status, bool is_login) {
    std::string text = status == ApiStatus::NetworkError ? std::string() : problem_text(response);
    // An expired session is reported in our own words: the server's 401 detail is written
    // for a missing cookie, which means nothing to the person at the screen. A 412 too: the
    // server's sentence speaks of ETags.
    const bool own_words =
        (status == ApiStatus::Unauthorized && !is_login) || status == ApiStatus::Stale;
    if (text.empty() || own_words) {
        text = fallback_text(status, is_login);
    }
    return text;
}

std::vector<api::FieldViolation> violations_of(const HttpResponse& response) {
    auto problem = problem_of(response);
    return problem ? std::move(problem->errors) : std::vector<api::FieldViolation>{};
}

template <class T> Result<T> decode_success(const HttpResponse& response) {
    const json parsed = parse_body(response.body);
    auto value = parsed.is_discarded() ? std::nullopt : api::decode<T>(parsed);
    if (!value) {
        return Result<T>::failure(ApiStatus::MalformedResponse, text_malformed);
    }
    return Result<T>::success(std::move(*value));
}

std::string entity_tag(int revision) {
    return "\"" + std::to_string(revision) + "\"";
}

} // namespace detail

namespace {

constexpr const char* session_path = "/api/v1/session";
constexpr const char* events_path = "/api/v1/me/access-events";
constexpr const char* purposes_path = "/api/v1/purposes";

Result<api::SessionInfo> decode_login(const HttpResponse& response) {
    return decode_session_response(response, true);
}

Result<api::SessionInfo> decode_restore(const HttpResponse& response) {
    return decode_session_response(response, false);
}

void add_parameter(std::string& path, const char* name, const std::string& value) {
    if (!value.empty()) {
        path += std::string("&") + name + "=" + percent_encode(value);
    }
}

} // namespace

template <class T> Result<T> decode_response(const HttpResponse& response) {
    if (!detail::is_success(response.status)) {
        return detail::failure_from<T>(response, false);
    }
    return detail::decode_success<T>(response);
}

// Every answer type the client reads.
template Result<api::SessionInfo> decode_response(const HttpResponse&);
template Result<api::AccessEventPage> decode_response(const HttpResponse&);
template Result<api::ItemList<api::Purpose>> decode_response(const HttpResponse&);
template Result<api::Purpose> decode_response(const HttpResponse&);
template Result<api::Vocabulary> decode_response(const HttpResponse&);
template Result<api::ItemList<api::Consent>> decode_response(const HttpResponse&);
template Result<api::Consent> decode_response(const HttpResponse&);
template Result<api::ItemList<api::Objection>> decode_response(const HttpResponse&);
template Result<api::Objection> decode_response(const HttpResponse&);
template Result<api::MonthlyStatistics> decode_response(const HttpResponse&);
template Result<api::AgencyVolumeStatistics> decode_response(const HttpResponse&);
template Result<api::ItemList<api::ApiKey>> decode_response(const HttpResponse&);
template Result<api::ApiKeyCreated> decode_response(const HttpResponse&);
template Result<api::LogPublicKey> decode_response(const HttpResponse&);
template Result<api::LogProofBundle> decode_response(const HttpResponse&);
template Result<api::LogConsistencyProof> decode_response(const HttpResponse&);

Result<Done> decode_done_response(const HttpResponse& response) {
    if (!detail::is_success(response.status)) {
        return detail::failure_from<Done>(response, false);
    }
    return Result<Done>::success(Done{});
}

Result<std::string> decode_text_response(const HttpResponse& response) {
    if (!detail::is_success(response.status)) {
        return detail::failure_from<std::string>(response, false);
    }
    return Result<std::string>::success(response.body);
}

const char* to_string(ApiStatus status) {
    switch (status) {
    case ApiStatus::Ok:
        return "ok";
    case ApiStatus::Unauthorized:
        return "unauthorized";
    case ApiStatus::RateLimited:
        return "rate_limited";
    case ApiStatus::Rejected:
        return "rejected";
    case ApiStatus::NotFound:
        return "not_found";
    case ApiStatus::Conflict:
        return "conflict";
    case ApiStatus::Stale:
        return "stale";
    case ApiStatus::ServerError:
        return "server_error";
    case ApiStatus::NetworkError:
        return "network_error";
    case ApiStatus::MalformedResponse:
        return "malformed_response";
    }
    return "unknown";
}

std::string percent_encode(const std::string& text) {
    constexpr std::string_view hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                                byte == '_' || byte == '~';
        if (unreserved) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(hex[byte >> 4U]);
            out.push_back(hex[byte & 0x0FU]);
        }
    }
    return out;
}

std::string access_events_path(const EventQuery& query, const std::optional<std::string>& cursor,
                               int limit) {
    std::string path = std::string(events_path) + "?limit=" + std::to_string(limit);
    if (cursor) {
        path += "&cursor=" + percent_encode(*cursor);
    }
    add_parameter(path, "agency", query.agency_code);
    if (query.purpose_id) {
        add_parameter(path, "purpose", std::to_string(*query.purpose_id));
    }
    add_parameter(path, "category", query.category);
    if (query.from) {
        add_parameter(path, "from", format_rfc3339_utc(*query.from));
    }
    if (query.to) {
        add_parameter(path, "to", format_rfc3339_utc(*query.to));
    }
    if (query.outcome) {
        add_parameter(path, "outcome", std::string(to_text(*query.outcome)));
    }
    return path;
}

Result<api::SessionInfo> decode_session_response(const HttpResponse& response, bool is_login) {
    if (!detail::is_success(response.status)) {
        return detail::failure_from<api::SessionInfo>(response, is_login);
    }
    return detail::decode_success<api::SessionInfo>(response);
}

Result<api::AccessEventPage> decode_access_events_response(const HttpResponse& response) {
    return decode_response<api::AccessEventPage>(response);
}

Result<Done> decode_logout_response(const HttpResponse& response) {
    // 401 means the session was already gone, which is what logging out wants anyway.
    if (detail::is_success(response.status) || response.status == 401) {
        return Result<Done>::success(Done{});
    }
    return detail::failure_from<Done>(response, false);
}

void ApiClient::send(HttpRequest request, Transport::Completion done) {
    request.headers.push_back({"Accept-Language", "de"});
    transport_.send(std::move(request), std::move(done));
}

void ApiClient::restore_session(ApiCallback<api::SessionInfo> done) {
    send(detail::get(session_path), detail::completion(&decode_restore, std::move(done)));
}

void ApiClient::login(const api::LoginRequest& request, ApiCallback<api::SessionInfo> done) {
    send(detail::post(session_path, request), detail::completion(&decode_login, std::move(done)));
}

void ApiClient::logout(ApiCallback<Done> done) {
    send(HttpRequest{"DELETE", session_path, {}, {}},
         detail::completion(&decode_logout_response, std::move(done)));
}

void ApiClient::fetch_access_events(const std::optional<std::string>& cursor, int limit,
                                    ApiCallback<api::AccessEventPage> done) {
    fetch_access_events(EventQuery{}, cursor, limit, std::move(done));
}

void ApiClient::fetch_access_events(const EventQuery& query,
                                    const std::optional<std::string>& cursor, int limit,
                                    ApiCallback<api::AccessEventPage> done) {
    send(detail::get(access_events_path(query, cursor, limit)), detail::expect(std::move(done)));
}

void ApiClient::fetch_access_event(const std::string& event_id,
                                   ApiCallback<api::AccessEvent> done) {
    send(detail::get("/api/v1/me/access-events/" + percent_encode(event_id)),
         detail::expect(std::move(done)));
}

void ApiClient::fetch_purposes(ApiCallback<api::ItemList<api::Purpose>> done) {
    send(detail::get(purposes_path), detail::expect(std::move(done)));
}

void ApiClient::fetch_purpose(std::int64_t purpose_id, ApiCallback<api::Purpose> done) {
    send(detail::get(std::string(purposes_path) + "/" + std::to_string(purpose_id)),
         detail::expect(std::move(done)));
}

void ApiClient::fetch_vocabulary(ApiCallback<api::Vocabulary> done) {
    send(detail::get("/api/v1/vocabulary"), detail::expect(std::move(done)));
}

} // namespace einblick::client
