#include "frame_pacer.hpp"

#include <cmath>

namespace einblick::client::platform {

double cursor_blink_change_in(double cursor_anim) {
    constexpr double period_s = 1.2;
    constexpr double shown_s = 0.8;
    if (cursor_anim <= 0.0) {
        return shown_s - cursor_anim + cursor_change_margin_s;
    }
    const double phase = std::fmod(cursor_anim, period_s);
    return (phase <= shown_s ? shown_s - phase : period_s - phase) + cursor_change_margin_s;
}

bool FramePacer::should_draw(double now_s, const TickFacts& facts) {
    ++ticks_;
    if (facts.event) {
        last_event_s_ = now_s;
        drawn_since_event_ = 0;
    }
    if (!wants_frame(now_s, facts)) {
        return false;
    }
    drawn_once_ = true;
    last_draw_s_ = now_s;
    ++drawn_since_event_;
    ++drawn_;
    return true;
}

bool FramePacer::wants_frame(double now_s, const TickFacts& facts) const {
    if (!drawn_once_ || facts.event || facts.moving || now_s >= facts.due_s) {
        return true;
    }
    const bool settling =
        drawn_since_event_ < pacing_.settle_frames || now_s - last_event_s_ < pacing_.settle_s;
    return settling || now_s - last_draw_s_ >= pacing_.idle_interval_s;
}

} // namespace einblick::client::platform
