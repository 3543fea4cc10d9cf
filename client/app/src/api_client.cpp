#include "einblick/client/api_client.hpp"

#include "einblick/shared/json_reader.hpp"

#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

namespace einblick::client {
namespace {

using nlohmann::json;

constexpr const char* session_path = "/api/v1/session";
constexpr const char* events_path = "/api/v1/me/access-events";

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
constexpr const char* text_server_error =
    "Beim Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.";

bool is_success(int status) {
    return status >= 200 && status < 300;
}

// Parses without exceptions: a discarded value means "not JSON".
json parse_body(const std::string& body) {
    return json::parse(body, nullptr, /*allow_exceptions=*/false);
}

// The German sentence the server sent with an error, if it sent a readable problem+json.
std::string problem_text(const HttpResponse& response) {
    const json parsed = parse_body(response.body);
    const auto problem = parsed.is_discarded() ? std::nullopt : api::decode<api::Problem>(parsed);
    if (!problem) {
        return {};
    }
    return problem->detail.empty() ? problem->title : problem->detail;
}

ApiStatus status_for_http(int http_status) {
    if (http_status == 0) {
        return ApiStatus::NetworkError;
    }
    if (http_status == 401) {
        return ApiStatus::Unauthorized;
    }
    if (http_status == 429) {
        return ApiStatus::RateLimited;
    }
    if (http_status >= 500) {
        return ApiStatus::ServerError;
    }
    return ApiStatus::Rejected;
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
    case ApiStatus::Rejected:
    case ApiStatus::Ok:
        break;
    }
    return text_rejected;
}

// Any non-2xx answer (or none at all) as a failed Result with a readable German sentence.
template <class T> Result<T> failure_from(const HttpResponse& response, bool is_login) {
    const ApiStatus status = status_for_http(response.status);
    std::string text = status == ApiStatus::NetworkError ? std::string() : problem_text(response);
    // An expired session is reported in our own words: the server's 401 detail is written
    // for a missing cookie, which means nothing to the person at the screen.
    if (text.empty() || (status == ApiStatus::Unauthorized && !is_login)) {
        text = fallback_text(status, is_login);
    }
    return Result<T>::failure(status, std::move(text));
}

// A 2xx JSON body read with the shared, non-throwing decoder.
template <class T> Result<T> decode_success(const HttpResponse& response) {
    const json parsed = parse_body(response.body);
    auto value = parsed.is_discarded() ? std::nullopt : api::decode<T>(parsed);
    if (!value) {
        return Result<T>::failure(ApiStatus::MalformedResponse, text_malformed);
    }
    return Result<T>::success(std::move(*value));
}

template <class T>
Transport::Completion completion(Result<T> (*decode)(const HttpResponse&), ApiCallback<T> done) {
    return [decode, done = std::move(done)](HttpResponse response) { done(decode(response)); };
}

Result<api::SessionInfo> decode_login(const HttpResponse& response) {
    return decode_session_response(response, true);
}

Result<api::SessionInfo> decode_restore(const HttpResponse& response) {
    return decode_session_response(response, false);
}

} // namespace

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

Result<api::SessionInfo> decode_session_response(const HttpResponse& response, bool is_login) {
    if (!is_success(response.status)) {
        return failure_from<api::SessionInfo>(response, is_login);
    }
    return decode_success<api::SessionInfo>(response);
}

Result<api::AccessEventPage> decode_access_events_response(const HttpResponse& response) {
    if (!is_success(response.status)) {
        return failure_from<api::AccessEventPage>(response, false);
    }
    return decode_success<api::AccessEventPage>(response);
}

Result<Done> decode_logout_response(const HttpResponse& response) {
    // 401 means the session was already gone, which is what logging out wants anyway.
    if (is_success(response.status) || response.status == 401) {
        return Result<Done>::success(Done{});
    }
    return failure_from<Done>(response, false);
}

void ApiClient::restore_session(ApiCallback<api::SessionInfo> done) {
    transport_.send({"GET", session_path, {}}, completion(&decode_restore, std::move(done)));
}

void ApiClient::login(const api::LoginRequest& request, ApiCallback<api::SessionInfo> done) {
    // Replace rather than throw on invalid UTF-8: in the browser a throw would end the program.
    const std::string body = json(request).dump(-1, ' ', false, json::error_handler_t::replace);
    transport_.send({"POST", session_path, body}, completion(&decode_login, std::move(done)));
}

void ApiClient::logout(ApiCallback<Done> done) {
    transport_.send({"DELETE", session_path, {}},
                    completion(&decode_logout_response, std::move(done)));
}

void ApiClient::fetch_access_events(const std::optional<std::string>& cursor, int limit,
                                    ApiCallback<api::AccessEventPage> done) {
    std::string path = std::string(events_path) + "?limit=" + std::to_string(limit);
    if (cursor) {
        path += "&cursor=" + percent_encode(*cursor);
    }
    transport_.send({"GET", std::move(path), {}},
                    completion(&decode_access_events_response, std::move(done)));
}

} // namespace einblick::client
