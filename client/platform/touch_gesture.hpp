#pragma once
// One finger on a touch screen, as plain arithmetic (no browser, no ImGui: tested natively in
// tests/client/touch_gesture_test.cpp). touch.cpp feeds it the page's touch events and turns
// what it answers into ImGui input.
//
// - A touch that stays within `tap_slop_px` of where it began is a tap: a click at that point.
// - One that goes further is a drag: it scrolls by the finger's movement from then on (the
//   slop itself is not scrolled, so a drag starts without a jump) and is never a click.
// - After a drag the content glides on at the finger's last speed, slowing down exponentially
//   (as native scrolling does), unless reduced motion is asked for.
// Positions in CSS pixels, times in seconds, scroll distances as content movement: a finger
// moving up (negative y) scrolls the content towards its end (positive).

namespace einblick::client::platform {

struct TouchPoint {
    float x = 0.0F;
    float y = 0.0F;
};

// Scroll distances in CSS pixels; `x` to the right, `y` down the content.
struct ScrollDelta {
    float x = 0.0F;
    float y = 0.0F;
};

// The speed after release decays as v(t) = v0 · exp(-t / time_constant): it glides on for
// v0 · time_constant pixels in all.
struct InertiaSettings {
    float time_constant_s = 0.325F; // about what phones do
    float stop_speed_px_s = 15.0F;  // below this it stops
    float max_speed_px_s = 5000.0F; // a flick is not a teleport
    float sample_window_s = 0.1F;   // the release speed is the finger's over its last 100 ms
};

inline constexpr float tap_slop_px = 10.0F; // a finger wobbles; browsers use about this

class TouchGesture {
public:
    explicit TouchGesture(InertiaSettings settings = {}) : settings_(settings) {}

    // A finger touched at `point`: a new gesture; any glide still running stops (a finger on
    // moving content holds it, as on a phone).
    void begin(TouchPoint point, double time_s);
    // The finger moved: the scroll it asks for (nothing while it may still be a tap).
    ScrollDelta move(TouchPoint point, double time_s);
    // The finger lifted: true when the gesture was a tap. A drag sets the glide going (only
    // with `inertia`; reduced motion asks for none).
    bool end(double time_s, bool inertia);
    // The gesture was taken away (touchcancel, a second finger): neither tap nor glide.
    void cancel();

    // The glide's scroll over `dt_s` seconds since the last step, and the speed decayed.
    ScrollDelta glide(float dt_s);
    bool gliding() const { return gliding_; }
    bool touching() const { return touching_; }
    bool dragging() const { return dragging_; }
    // The finger's (or, after release, its last) position.
    TouchPoint point() const { return last_; }
    // The speed the glide has now, content pixels per second.
    ScrollDelta speed() const { return speed_; }

private:
    struct Sample {
        TouchPoint point;
        double time_s = 0.0;
    };
    ScrollDelta release_speed(double time_s) const;
    void remember(TouchPoint point, double time_s);

    InertiaSettings settings_;
    TouchPoint start_;
    TouchPoint last_;
    bool touching_ = false;
    bool dragging_ = false;
    bool gliding_ = false;
    ScrollDelta speed_;
    static constexpr int sample_count = 8;
    Sample samples_[sample_count];
    int samples_used_ = 0;
    int next_sample_ = 0;
};

// ImGui rounds every scroll position to whole pixels, so a slow finger's sub-pixel moves
// would be lost frame by frame: this hands out whole pixels and keeps the rest for later.
class PixelAccumulator {
public:
    // Adds `delta` and takes out the whole pixels now due (towards zero).
    ScrollDelta take(ScrollDelta delta);
    void clear() { rest_ = {}; }

private:
    ScrollDelta rest_;
};

} // namespace einblick::client::platform
