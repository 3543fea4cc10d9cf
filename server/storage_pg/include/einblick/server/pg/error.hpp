#pragma once
// The one exception the PostgreSQL backend throws for a failed connection or statement.
//
// Callers decide by the SQLSTATE, not by the message: a unique violation (23505) is how an
// idempotency key or a name that is taken shows itself, a serialization failure (40001) or a
// deadlock (40P01) means "run the transaction again". Failures that never reached the server
// (a malformed URL, a refused connection, a lost connection) carry no SQLSTATE.

#include <stdexcept>
#include <string>
#include <string_view>

namespace einblick::server::pg {

namespace sqlstate {
inline constexpr std::string_view unique_violation = "23505";
inline constexpr std::string_view serialization_failure = "40001";
inline constexpr std::string_view deadlock_detected = "40P01";
inline constexpr std::string_view in_failed_sql_transaction = "25P02";
// Given by the client, not the server: the connection was lost, or could not be opened.
inline constexpr std::string_view connection_failure = "08006";
inline constexpr std::string_view unable_to_connect = "08001";
} // namespace sqlstate

class Error : public std::runtime_error {
public:
    Error(const std::string& message, std::string sqlstate);
    explicit Error(const std::string& message) : Error(message, std::string()) {}

    // PostgreSQL's five-character error code; connection_failure or unable_to_connect for a
    // connection lost or not opened; empty for an error of this side that is no connection's
    // (a NULL read as a value, libpq out of memory).
    const std::string& sqlstate() const noexcept { return sqlstate_; }
    bool is_unique_violation() const noexcept { return sqlstate_ == sqlstate::unique_violation; }
    // Whether the connection was lost or could not be opened (class 08).
    bool is_connection_failure() const noexcept { return sqlstate_.starts_with("08"); }
    // Whether the database cannot serve now, whatever the request: a connection lost or not
    // opened (class 08), shutting down or starting (57P01-57P03), out of disk,
    // memory or connections (class 53), an I/O or system error (class 58), or writes refused by
    // a server that is read-only (25006, e.g. a standby after a failover). The same request may
    // succeed later, as after StorageUnavailable.
    bool is_unavailable() const noexcept;
    // Whether running the whole transaction again may succeed.
    bool is_retryable() const noexcept {
        return sqlstate_ == sqlstate::serialization_failure ||
               sqlstate_ == sqlstate::deadlock_detected;
    }

private:
    std::string sqlstate_;
};

} // namespace einblick::server::pg
