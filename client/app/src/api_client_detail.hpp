#pragma once
// Internals shared by the API client's files: building requests, reading answers.

#include "einblick/client/api_client.hpp"
#include "einblick/shared/json_reader.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

namespace einblick::client::detail {

// Parses without exceptions: a discarded value means "not JSON".
nlohmann::json parse_body(const std::string& body);
// Serialises without exceptions: invalid UTF-8 is replaced (in the browser a throw would end
// the program).
std::string dump_body(const nlohmann::json& value);

bool is_success(int status);
// Any non-2xx answer (or none at all) as a status, a German sentence and field violations.
ApiStatus status_for_http(int http_status);
std::string failure_text(const HttpResponse& response, ApiStatus status, bool is_login);
std::vector<api::FieldViolation> violations_of(const HttpResponse& response);

template <class T> Result<T> failure_from(const HttpResponse& response, bool is_login) {
    const ApiStatus status = status_for_http(response.status);
    return Result<T>::failure(status, failure_text(response, status, is_login),
                              status == ApiStatus::Rejected ? violations_of(response)
                                                            : std::vector<api::FieldViolation>{});
}

template <class T> Result<T> decode_success(const HttpResponse& response);

template <class T>
Transport::Completion completion(Result<T> (*decode)(const HttpResponse&), ApiCallback<T> done) {
    return [decode, done = std::move(done)](HttpResponse response) { done(decode(response)); };
}

// The usual completion: decode_response<T>.
template <class T> Transport::Completion expect(ApiCallback<T> done) {
    return completion(&decode_response<T>, std::move(done));
}

inline HttpRequest get(std::string path) {
    return HttpRequest{"GET", std::move(path), {}, {}};
}

template <class Body> HttpRequest post(std::string path, const Body& body) {
    return HttpRequest{"POST", std::move(path), dump_body(nlohmann::json(body)), {}};
}

// "\"3\"": the objection's revision as the strong entity tag the server sends as ETag.
std::string entity_tag(int revision);

} // namespace einblick::client::detail
