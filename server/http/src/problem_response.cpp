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

void write_json_page(httplib::Response& response, int status, const api::AccessEventPage& page) {
    write_json_text(response, status, api::to_json_text(page));
}

void write_json_text(httplib::Response& response, int status, std::string text) {
    response.status = status;
    response.set_content(std::move(text), "application/json; charset=utf-8");
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

namespace {

struct StatusProblem {
    int status;
    const char* type;
    const char* title;
    const char* detail;
};

// Statuses raised without a ServiceError: by httplib (unknown route, method) or by the edge
// before a request reaches a route (head or body too large, too slow, overloaded, …).
constexpr StatusProblem status_problems[] = {
    {400, "malformed-request", "Fehlerhafte Anfrage", "Die Anfrage konnte nicht gelesen werden."},
    {404, "not-found", "Nicht gefunden", "Unter dieser Adresse gibt es nichts."},
    {405, "method-not-allowed", "Methode nicht erlaubt",
     "Diese Adresse unterstützt die verwendete HTTP-Methode nicht."},
    {408, "request-timeout", "Zeitüberschreitung",
     "Die Anfrage ist nicht rechtzeitig vollständig eingetroffen."},
    {413, "payload-too-large", "Anfrage zu groß",
     "Der Inhalt der Anfrage überschreitet die erlaubte Größe."},
    {414, "uri-too-long", "Adresse zu lang", "Die Adresse der Anfrage ist zu lang."},
    {415, "unsupported-media-type", "Nicht unterstütztes Format",
     "Der Inhalt der Anfrage darf nicht komprimiert sein (Content-Encoding)."},
    {417, "expectation-failed", "Erwartung nicht erfüllbar",
     "Von den Erwartungen (Expect) wird nur 100-continue unterstützt."},
    {431, "header-fields-too-large", "Kopfzeilen zu groß",
     "Die Kopfzeilen der Anfrage sind zu zahlreich oder zu lang."},
    {501, "not-implemented", "Nicht unterstützt",
     "Diese Übertragungskodierung (Transfer-Encoding) wird nicht unterstützt."},
    {503, "unavailable", "Vorübergehend nicht verfügbar",
     "Der Server ist ausgelastet. Bitte in Kürze erneut versuchen."},
    {505, "http-version-not-supported", "HTTP-Version nicht unterstützt",
     "Der Server versteht HTTP/1.1 und HTTP/1.0."},
};

} // namespace

api::Problem problem_for_status(int status) {
    api::Problem problem;
    problem.status = status;
    for (const StatusProblem& known : status_problems) {
        if (known.status == status) {
            problem.type = std::string(type_prefix) + known.type;
            problem.title = known.title;
            problem.detail = known.detail;
            return problem;
        }
    }
    problem.type = std::string(type_prefix) + (status >= 500 ? "internal" : "client-error");
    problem.title = status >= 500 ? "Interner Fehler" : "Anfrage abgelehnt";
    problem.detail = status >= 500
                         ? "Ein unerwarteter Fehler ist aufgetreten. Bitte später erneut versuchen."
                         : "Die Anfrage wurde abgelehnt.";
    return problem;
}

} // namespace einblick::server
