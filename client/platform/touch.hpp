#pragma once
// Touch screens: a tap presses what is under the finger, one finger scrolls the page under it
// and the page glides on after a flick, and a tap on a text field opens the phone's keyboard.
//
// The DOM mirror's controls lie over the canvas as real elements, so a tap on a button, a link
// or a select is the browser's own (click, native picker) and needs nothing here. What needs
// something:
// - Scrolling: the page does not scroll in the browser, it scrolls inside ImGui. A drag that
//   starts anywhere on the app (the canvas or a control) becomes ImGui wheel input at the
//   finger, and the browser neither pans nor clicks for it.
// - A tap on the canvas itself: Emscripten 3.1.6's GLFW presses at the last mouse position
//   (it never moves the pointer on touchstart) and the browser's compatibility mouse events
//   press a second time; here it is one press at the finger.
// - A tap on a text field focuses the mirror's <input> in the touchend handler, inside the
//   person's gesture, so a phone shows its on-screen keyboard at once.
// A second finger (pinch-zoom) is the browser's; while the page is zoomed in, so is every drag
// (panning the zoomed page), see assets/einblick.css.

#include "touch_gesture.hpp"

namespace einblick::client::platform {

class TouchInput {
public:
    // Listens to the page's touch events (one instance per page).
    void install();

    // Puts the finger into ImGui's input: pointer, a tap's press and release, the scroll of the
    // drag or glide. Call after the backend's NewFrame, before ImGui::NewFrame; `reduced_motion`
    // (prefers-reduced-motion) stops a flick where the finger lifts.
    void apply_to_imgui(bool reduced_motion);

    // For the browser test: {"taps":n,"drags":n,"gliding":bool,"scrolled":[x,y],
    // "released":[x,y]}: CSS pixels handed to ImGui since the page loaded, and of those the
    // ones the finger itself asked for until it last lifted (the rest is the glide).
    const char* info_json();

    // Whether the content still glides after a flick: it moves without any input.
    bool gliding() const { return gesture_.gliding(); }

    // From the page's touch events (touch.cpp's JavaScript), in CSS pixels and seconds.
    void start(TouchPoint point, double time_s);
    bool move(TouchPoint point, double time_s); // true while it is a drag
    bool end(double time_s, bool press_canvas); // true for a tap
    void cancel();

private:
    enum class Press { None, Down, Up };

    TouchGesture gesture_;
    PixelAccumulator pixels_;
    ScrollDelta pending_; // the finger's scroll since the last frame
    bool reduced_motion_ = false;
    bool owns_pointer_ = false; // ImGui's pointer is the finger's until the mouse moves
    float mouse_x_ = 0.0F;      // where the mouse (GLFW) was when the finger took over
    float mouse_y_ = 0.0F;
    Press press_ = Press::None;
    int taps_ = 0;
    int drags_ = 0;
    ScrollDelta scrolled_;
    ScrollDelta released_;
    char info_[200] = {};
};

} // namespace einblick::client::platform
