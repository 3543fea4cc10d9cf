#include "einblick/server/login_throttle.hpp"

#include <algorithm>

namespace einblick::server {

std::optional<UnixMillis> LoginThrottle::blocked_locked(const std::string& key, int limit,
                                                        UnixMillis now) {
    const auto it = windows_.find(key);
    if (it == windows_.end() || now - it->second.started >= limits_.window ||
        it->second.failures < limit) {
        return std::nullopt;
    }
    return it->second.started + limits_.window - now;
}

std::optional<UnixMillis> LoginThrottle::blocked_for(const std::string& account,
                                                     const std::string& address, UnixMillis now) {
    std::lock_guard guard(mutex_);
    const auto by_account = blocked_locked("u:" + account, limits_.failures_per_account, now);
    const auto by_address = blocked_locked("a:" + address, limits_.failures_per_address, now);
    if (by_account && by_address) {
        return std::max(*by_account, *by_address);
    }
    return by_account ? by_account : by_address;
}

void LoginThrottle::count_locked(const std::string& key, UnixMillis now) {
    if (windows_.size() >= limits_.max_tracked_keys && !windows_.contains(key)) {
        std::erase_if(windows_, [&](const auto& entry) {
            return now - entry.second.started >= limits_.window;
        });
        if (windows_.size() >= limits_.max_tracked_keys) {
            windows_.erase(windows_.begin());
        }
    }
    Window& window = windows_[key];
    if (now - window.started >= limits_.window) {
        window = {now, 0};
    }
    ++window.failures;
}

void LoginThrottle::record_failure(const std::string& account, const std::string& address,
                                   UnixMillis now) {
    std::lock_guard guard(mutex_);
    count_locked("u:" + account, now);
    count_locked("a:" + address, now);
}

void LoginThrottle::record_success(const std::string& account) {
    std::lock_guard guard(mutex_);
    windows_.erase("u:" + account);
}

} // namespace einblick::server
