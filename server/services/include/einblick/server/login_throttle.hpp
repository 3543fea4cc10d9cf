#pragma once
// Limits failed logins per account and per client address in a fixed time window, so that
// passwords cannot be guessed at speed. Kept in memory: a restart forgets, which is acceptable
// for a throttle (it is not an audit record).

#include "einblick/shared/civil_time.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace einblick::server {

struct ThrottleLimits {
    int failures_per_account = 5;
    int failures_per_address = 20;
    UnixMillis window = 15 * 60 * 1000;
    std::size_t max_tracked_keys = 100'000; // bounds memory under a flood of made-up names
};

class LoginThrottle {
public:
    explicit LoginThrottle(ThrottleLimits limits = {}) : limits_(limits) {}

    // Milliseconds until another attempt is allowed, or nothing if allowed now.
    std::optional<UnixMillis> blocked_for(const std::string& account, const std::string& address,
                                          UnixMillis now);
    void record_failure(const std::string& account, const std::string& address, UnixMillis now);
    void record_success(const std::string& account);

private:
    struct Window {
        UnixMillis started = 0;
        int failures = 0;
    };
    std::optional<UnixMillis> blocked_locked(const std::string& key, int limit, UnixMillis now);
    void count_locked(const std::string& key, UnixMillis now);

    ThrottleLimits limits_;
    std::mutex mutex_;
    std::unordered_map<std::string, Window> windows_;
};

} // namespace einblick::server
