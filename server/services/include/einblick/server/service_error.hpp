#pragma once
// The one exception type services throw for expected failures. The HTTP layer maps `kind` to
// a status code and renders title/detail (German, for people) as problem+json.

#include "einblick/shared/api_types.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace einblick::server {

enum class ErrorKind {
    Validation,           // 400: the request breaks a rule; `violations` says which
    BadRequest,           // 400: the request cannot be read at all (malformed JSON, wrong shape)
    UnsupportedMediaType, // 415
    Unauthenticated,      // 401
    Forbidden,            // 403
    NotFound,             // 404: also for "exists but not yours"
    Conflict,             // 409
    PreconditionFailed,   // 412: If-Match names an outdated version
    PreconditionRequired, // 428: If-Match is missing
    RateLimited,          // 429
    Unavailable,          // 503
};

class ServiceError : public std::runtime_error {
public:
    ServiceError(ErrorKind kind, std::string title, std::string detail,
                 std::vector<api::FieldViolation> violations = {})
        : std::runtime_error(detail), kind_(kind), title_(std::move(title)),
          violations_(std::move(violations)) {}

    ServiceError& retry_after(int seconds) {
        retry_after_seconds_ = seconds;
        return *this;
    }

    ErrorKind kind() const { return kind_; }
    std::optional<int> retry_after_seconds() const { return retry_after_seconds_; }
    const std::string& title() const { return title_; }
    const std::vector<api::FieldViolation>& violations() const { return violations_; }

private:
    ErrorKind kind_;
    std::string title_;
    std::vector<api::FieldViolation> violations_;
    std::optional<int> retry_after_seconds_;
};

// Collects field violations and throws them together, so a client learns every problem at once.
class Violations {
public:
    void add(std::string field, std::string rule, std::string detail) {
        list_.push_back({std::move(field), std::move(rule), std::move(detail)});
    }
    bool empty() const { return list_.empty(); }
    std::size_t size() const { return list_.size(); }
    void throw_if_any() const {
        if (!list_.empty()) {
            throw ServiceError(ErrorKind::Validation, "Ungültige Anfrage",
                               "Die Anfrage enthält ungültige Angaben.", list_);
        }
    }

private:
    std::vector<api::FieldViolation> list_;
};

} // namespace einblick::server
