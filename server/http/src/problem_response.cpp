#include "problem_response.hpp"

#include "einblick/shared/messages.hpp"

#include <nlohmann/json.hpp>

namespace einblick::server {
namespace {

constexpr const char* type_prefix = "urn:einblick:problem:";

struct KindInfo {
    int status;
    const char* type;
};

KindInfo info_for(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Validation:
        return {400, "validation"};
    case ErrorKind::BadRequest:
        return {400, "malformed-request"};
    case ErrorKind::UnsupportedMediaType:
        return {415, "unsupported-media-type"};
    case ErrorKind::Unauthenticated:
        return {401, "unauthenticated"};
    case ErrorKind::Forbidden:
        return {403, "forbidden"};
    case ErrorKind::NotFound:
        return {404, "not-found"};
    case ErrorKind::Conflict:
        return {409, "conflict"};
    case ErrorKind::PreconditionFailed:
        return {412, "precondition-failed"};
    case ErrorKind::PreconditionRequired:
        return {428, "precondition-required"};
    case ErrorKind::RateLimited:
        return {429, "rate-limited"};
    case ErrorKind::Unavailable:
        return {503, "unavailable"};
    }
    return {500, "internal"};
}

// A German text in English, or unchanged when the catalogue does not know it.
void to_english(std::string& text) {
    if (std::optional<std::string> english = english_message(text)) {
        text = std::move(*english);
    }
}

// The problem in the caller's language: German as written, or English when asked for.
const char* localize(const httplib::Request& request, api::Problem& problem) {
    if (!prefers_english(request.get_header_value("Accept-Language"))) {
        return "de";
    }
    to_english(problem.title);
    to_english(problem.detail);
    for (api::FieldViolation& violation : problem.errors) {
        to_english(violation.detail);
    }
    return "en";
}

} // namespace

void write_json(httplib::Response& response, int status, const nlohmann::json& body) {
    response.status = status;
    response.set_content(body.dump(), "application/json; charset=utf-8");
}

void write_problem(const httplib::Request& request, httplib::Response& response,
                   api::Problem problem) {
    response.set_header("Content-Language", localize(request, problem));
    response.set_header("Vary", "Accept-Language");
    response.status = problem.status;
    response.set_content(nlohmann::json(problem).dump(), "application/problem+json; charset=utf-8");
}

void write_service_error(const httplib::Request& request, httplib::Response& response,
                         const ServiceError& error) {
    const KindInfo info = info_for(error.kind());
    write_problem(request, response,
                  {std::string(type_prefix) + info.type, error.title(), info.status, error.what(),
                   error.violations()});
    if (error.retry_after_seconds()) {
        response.set_header("Retry-After", std::to_string(*error.retry_after_seconds()));
    }
    if (error.kind() == ErrorKind::Unauthenticated) {
        response.set_header("WWW-Authenticate", "Bearer realm=\"einblick\"");
    }
}

api::Problem problem_for_status(int status) {
    api::Problem problem;
    problem.status = status;
    switch (status) {
    case 404:
        problem.type = std::string(type_prefix) + "not-found";
        problem.title = "Nicht gefunden";
        problem.detail = "Unter dieser Adresse gibt es nichts.";
        break;
    case 405:
        problem.type = std::string(type_prefix) + "method-not-allowed";
        problem.title = "Methode nicht erlaubt";
        problem.detail = "Diese Adresse unterstützt die verwendete HTTP-Methode nicht.";
        break;
    case 413:
        problem.type = std::string(type_prefix) + "payload-too-large";
        problem.title = "Anfrage zu groß";
        problem.detail = "Der Inhalt der Anfrage überschreitet die erlaubte Größe.";
        break;
    case 400:
        problem.type = std::string(type_prefix) + "malformed-request";
        problem.title = "Fehlerhafte Anfrage";
        problem.detail = "Die Anfrage konnte nicht gelesen werden.";
        break;
    default:
        problem.type = std::string(type_prefix) + (status >= 500 ? "internal" : "client-error");
        problem.title = status >= 500 ? "Interner Fehler" : "Anfrage abgelehnt";
        problem.detail =
            status >= 500
                ? "Ein unerwarteter Fehler ist aufgetreten. Bitte später erneut versuchen."
                : "Die Anfrage wurde abgelehnt.";
    }
    return problem;
}

} // namespace einblick::server
