#include "einblick/server/clock.hpp"

#include <chrono>

namespace einblick::server {

UnixMillis SystemClock::now() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

ShiftedClock::ShiftedClock(UnixMillis start) : shift_(start - system_.now()) {}

} // namespace einblick::server
