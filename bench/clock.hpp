#pragma once
// The benchmark's clock readings: seconds since a start, and when a fixture was made.

#include <chrono>
#include <ctime>
#include <string>

namespace einblick::bench {

using Steady = std::chrono::steady_clock;

inline double seconds_since(Steady::time_point start) {
    return std::chrono::duration<double>(Steady::now() - start).count();
}

// Now, to the minute, in UTC: "2026-12-06 08:30 UTC".
inline std::string utc_now() {
    char text[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    return text;
}

} // namespace einblick::bench
