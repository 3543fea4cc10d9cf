#include "touch_gesture.hpp"

#include <algorithm>
#include <cmath>

namespace einblick::client::platform {
namespace {

float distance(TouchPoint a, TouchPoint b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

float clamp_speed(float speed, float limit) {
    return std::clamp(speed, -limit, limit);
}

} // namespace

void TouchGesture::begin(TouchPoint point, double time_s) {
    start_ = point;
    last_ = point;
    touching_ = true;
    dragging_ = false;
    gliding_ = false;
    speed_ = {};
    samples_used_ = 0;
    next_sample_ = 0;
    remember(point, time_s);
}

ScrollDelta TouchGesture::move(TouchPoint point, double time_s) {
    if (!touching_) {
        return {};
    }
    ScrollDelta delta;
    if (dragging_) {
        delta = {last_.x - point.x, last_.y - point.y};
    } else if (distance(point, start_) > tap_slop_px) {
        dragging_ = true; // from here on it scrolls; the slop itself is not scrolled
    }
    last_ = point;
    remember(point, time_s);
    return delta;
}

bool TouchGesture::end(double time_s, bool inertia) {
    if (!touching_) {
        return false;
    }
    touching_ = false;
    if (!dragging_) {
        return true;
    }
    speed_ = inertia ? release_speed(time_s) : ScrollDelta{};
    gliding_ = std::hypot(speed_.x, speed_.y) >= settings_.stop_speed_px_s;
    if (!gliding_) {
        speed_ = {};
    }
    return false;
}

void TouchGesture::cancel() {
    touching_ = false;
    dragging_ = false;
    gliding_ = false;
    speed_ = {};
}

ScrollDelta TouchGesture::glide(float dt_s) {
    if (!gliding_ || dt_s <= 0.0F) {
        return {};
    }
    // Exactly the distance the decaying speed covers in dt: v0 · τ · (1 − e^(−dt/τ)).
    const float tau = settings_.time_constant_s;
    const float decay = std::exp(-dt_s / tau);
    const ScrollDelta delta{speed_.x * tau * (1.0F - decay), speed_.y * tau * (1.0F - decay)};
    speed_ = {speed_.x * decay, speed_.y * decay};
    if (std::hypot(speed_.x, speed_.y) < settings_.stop_speed_px_s) {
        gliding_ = false;
        speed_ = {};
    }
    return delta;
}

void TouchGesture::remember(TouchPoint point, double time_s) {
    samples_[next_sample_] = Sample{point, time_s};
    next_sample_ = (next_sample_ + 1) % sample_count;
    samples_used_ = std::min(samples_used_ + 1, sample_count);
}

// The finger's average speed over the last sample window before `time_s`; zero when it rested
// that long before lifting (a drag that stopped does not fling). A browser that delivers moves
// more sparsely than the window (a slow machine: one per frame at 10 frames a second) still
// gives the speed of the last move, from the sample before it (up to `sparse_limit` back).
ScrollDelta TouchGesture::release_speed(double time_s) const {
    const Sample& newest = samples_[(next_sample_ + sample_count - 1) % sample_count];
    if (time_s - newest.time_s > settings_.sample_window_s) {
        return {};
    }
    const double sparse_limit = 3.0 * settings_.sample_window_s;
    const Sample* oldest = &newest;
    for (int age = 1; age < samples_used_; ++age) {
        const Sample& sample = samples_[(next_sample_ + sample_count - 1 - age) % sample_count];
        const double before = newest.time_s - sample.time_s;
        const bool in_window = before <= settings_.sample_window_s;
        if (!in_window && (oldest != &newest || before > sparse_limit)) {
            break;
        }
        oldest = &sample;
        if (!in_window) {
            break;
        }
    }
    const double span = newest.time_s - oldest->time_s;
    if (span <= 0.0) {
        return {};
    }
    const float limit = settings_.max_speed_px_s;
    const auto per_second = [span](float pixels) {
        return static_cast<float>(static_cast<double>(pixels) / span);
    };
    return {clamp_speed(per_second(oldest->point.x - newest.point.x), limit),
            clamp_speed(per_second(oldest->point.y - newest.point.y), limit)};
}

ScrollDelta PixelAccumulator::take(ScrollDelta delta) {
    rest_.x += delta.x;
    rest_.y += delta.y;
    const ScrollDelta whole{std::trunc(rest_.x), std::trunc(rest_.y)};
    rest_.x -= whole.x;
    rest_.y -= whole.y;
    return whole;
}

} // namespace einblick::client::platform
