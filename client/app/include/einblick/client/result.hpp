#pragma once
// What the API client hands to the rest of the client: a typed value or a status with a German
// sentence for people. Views never see HTTP status codes, URLs or JSON.

#include "einblick/shared/api_types.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace einblick::client {

enum class ApiStatus {
    Ok,
    Unauthorized,      // no or expired session, or wrong credentials at login
    RateLimited,       // 429: too many attempts
    Rejected,          // another 4xx (400 with `violations()`, 403, 413, …)
    NotFound,          // 404: absent, or not the caller's
    Conflict,          // 409: the current state does not allow it (already decided, …)
    Stale,             // 412: If-Match named an old revision; reload and try again
    ServerError,       // 5xx
    NetworkError,      // no answer at all (offline, timeout, connection refused)
    MalformedResponse, // an answer we cannot read: not JSON, or not the promised shape
};

// For logs and test snapshots; never shown to people.
const char* to_string(ApiStatus status);

// Stands in for "no value" in Result<Done>, e.g. for logout's 204.
struct Done {};

template <class T> class Result {
public:
    static Result success(T value) { return Result(ApiStatus::Ok, std::move(value), {}); }
    static Result failure(ApiStatus status, std::string message,
                          std::vector<api::FieldViolation> violations = {}) {
        Result out(status, std::nullopt, std::move(message));
        out.violations_ = std::move(violations);
        return out;
    }

    bool ok() const { return status_ == ApiStatus::Ok; }
    ApiStatus status() const { return status_; }
    // Only valid when ok().
    const T& value() const { return *value_; }
    T& value() { return *value_; }
    // A complete German sentence for people; empty when ok().
    const std::string& error() const { return error_; }
    // For a 400: each invalid field (JSON Pointer into the request body) and the rule broken.
    const std::vector<api::FieldViolation>& violations() const { return violations_; }

private:
    Result(ApiStatus status, std::optional<T> value, std::string error)
        : status_(status), value_(std::move(value)), error_(std::move(error)) {}

    ApiStatus status_;
    std::optional<T> value_;
    std::string error_;
    std::vector<api::FieldViolation> violations_;
};

} // namespace einblick::client
