#pragma once
// Whether a tick of the page's animation-frame loop draws a frame, as plain arithmetic (no
// browser, no ImGui: tested natively in tests/client/frame_pacer_test.cpp).
//
// The browser calls the main loop on every animation frame, 60 or more times a second. A frame
// that draws what the last one drew still costs a full ImGui frame and a WebGL draw: on a phone
// that is battery, and with software WebGL (headless Chromium) most of a core. So a tick draws
// only when something may have changed:
// - at once, on the tick after any input, network result, resize or preference change, so no
//   input waits;
// - then on every tick until `settle_frames` frames are drawn and `settle_s` has passed,
//   because ImGui needs a few frames to settle (a window fitting its contents, hover, a popup
//   opening, a scroll to the focused widget);
// - on every tick while something moves on its own (a glide after a flick);
// - when a frame is due at a known time (a text cursor that shows or hides then);
// - every `idle_interval_s` otherwise, so that what depends on the clock alone (a "copied"
//   confirmation that ends, a date that passes) is at most that late.

#include <limits>

namespace einblick::client::platform {

struct FramePacing {
    int settle_frames = 8;
    double settle_s = 0.1;
    double idle_interval_s = 1.0;
};

inline constexpr double never = std::numeric_limits<double>::infinity();

// What the frame loop knows at a tick.
struct TickFacts {
    bool event = false;   // input, a network result, a resize or a preference since the last tick
    bool moving = false;  // something moves without input: a glide after a flick
    double due_s = never; // a frame is due from this time on (same clock as the ticks)
};

// Seconds from a frame in which a blinking text cursor's timer stood at `cursor_anim` until
// the cursor next shows or hides. ImGui 1.86 (InputTextEx) shows it while the timer is at most
// 0 (it is set to -0.3 at each keystroke) or fmod(timer, 1.2) is at most 0.8; the timer
// advances by the real time between frames. The answer lies `cursor_change_margin_s` past the
// change, so that the frame drawn then shows the new state even with rounding.
double cursor_blink_change_in(double cursor_anim);
inline constexpr double cursor_change_margin_s = 0.004;

class FramePacer {
public:
    FramePacer() = default;
    explicit FramePacer(FramePacing pacing) : pacing_(pacing) {}

    // Whether the tick at `now_s` (any monotonic clock, seconds) draws; a tick that draws is
    // remembered as the last frame drawn.
    bool should_draw(double now_s, const TickFacts& facts);

    // For the browser test: ticks seen and frames drawn since the page loaded.
    long long ticks() const { return ticks_; }
    long long frames_drawn() const { return drawn_; }

private:
    bool wants_frame(double now_s, const TickFacts& facts) const;

    FramePacing pacing_;
    bool drawn_once_ = false;
    double last_event_s_ = 0.0;
    int drawn_since_event_ = 0;
    double last_draw_s_ = 0.0;
    long long ticks_ = 0;
    long long drawn_ = 0;
};

} // namespace einblick::client::platform
