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

// The system clock shifted so that it read `start` when constructed: `serve --demo-date`
// runs the demo as if that moment were now, so that its screens are the same on every day
// (screenshots, training material, the browser tests' approved images).
class ShiftedClock final : public Clock {
public:
    explicit ShiftedClock(UnixMillis start);
    UnixMillis now() const override { return system_.now() + shift_; }

private:
    SystemClock system_;
    UnixMillis shift_;
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
