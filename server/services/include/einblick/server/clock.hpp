#pragma once

#include "einblick/shared/civil_time.hpp"

#include <atomic>

namespace einblick::server {

class Clock {
public:
    virtual ~Clock() = default;
    virtual UnixMillis now() const = 0;
};

class SystemClock final : public Clock {
public:
    UnixMillis now() const override;
};

// For tests: time stands still until advanced.
class ManualClock final : public Clock {
public:
    explicit ManualClock(UnixMillis start) : now_(start) {}
    UnixMillis now() const override { return now_.load(); }
    void advance(UnixMillis by) { now_ += by; }
    void set(UnixMillis to) { now_ = to; }

private:
    std::atomic<UnixMillis> now_;
};

} // namespace einblick::server
