#include "touch.hpp"

#include <cfloat>
#include <cstdio>
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <imgui.h>

// [SECTION] JavaScript side. Listens on window in the capture phase, so it sees a touch on the
// canvas before Emscripten's GLFW (whose mouse emulation it replaces there: stopPropagation)
// and a touch on a mirrored control before the control. Touchstart is never prevented, so the
// browser keeps its pinch-zoom; touchmove is prevented once the finger drags (no pan, no
// pull-to-refresh), touchend after a drag (no click) and after a tap on the canvas (no second
// press from the compatibility mouse events).

// clang-format off
EM_JS(void, einblick_js_install_touch, (), {
    const canvas = Module["canvas"];
    const root = document.getElementById("a11y-root");
    let finger = null; // the identifier of the touch being followed
    let target = null;
    const zoomedIn = function() {
        return Boolean(window.visualViewport) && window.visualViewport.scale > 1.01;
    };
    // While zoomed in, one finger pans the page (the browser's), see einblick.css.
    if (window.visualViewport) {
        window.visualViewport.addEventListener("resize", function() {
            document.documentElement.classList.toggle("einblick-zoomed", zoomedIn());
        });
    }
    const onApp = function(element) {
        return element === canvas || (root !== null && root.contains(element));
    };
    const ours = function(list) {
        for (let i = 0; i < list.length; ++i) if (list[i].identifier === finger) return list[i];
        return null;
    };
    const textField = function(element) {
        const control = element.closest ? element.closest(".a11y-interactive") : null;
        if (!control) return null;
        const text = control.tagName === "TEXTAREA" ||
            (control.tagName === "INPUT" && (control.type === "text" || control.type === "password"));
        return text ? control : null;
    };
    const stopAtCanvas = function(event) {
        if (event.target === canvas) event.stopPropagation(); // GLFW's emulation: done here
    };
    const seconds = function(event) { return event.timeStamp / 1000; };
    const cancel = function() {
        if (finger === null) return;
        finger = null;
        Module["_einblick_touch_cancel"]();
    };
    window.addEventListener("touchstart", function(event) {
        if (!onApp(event.target)) return;
        stopAtCanvas(event);
        if (event.touches.length !== 1 || zoomedIn()) { cancel(); return; }
        const touch = event.changedTouches[0];
        finger = touch.identifier;
        target = event.target;
        Module["_einblick_touch_start"](touch.clientX, touch.clientY, seconds(event));
    }, { capture: true, passive: true });
    window.addEventListener("touchmove", function(event) {
        if (!onApp(event.target)) return;
        stopAtCanvas(event);
        const touch = finger === null ? null : ours(event.changedTouches);
        if (!touch) return;
        if (Module["_einblick_touch_move"](touch.clientX, touch.clientY, seconds(event)) && event.cancelable) {
            event.preventDefault();
        }
    }, { capture: true, passive: false });
    window.addEventListener("touchend", function(event) {
        if (!onApp(event.target)) return;
        stopAtCanvas(event);
        if (finger === null || !ours(event.changedTouches)) return;
        finger = null;
        const onCanvas = target === canvas;
        const tap = Module["_einblick_touch_end"](seconds(event), onCanvas ? 1 : 0);
        if (!tap || onCanvas) {
            if (event.cancelable) event.preventDefault();
            return;
        }
        // A tap on a mirrored control is the browser's (click, caret); a text field gets the
        // focus now, in the gesture, or a phone would not show its keyboard.
        const field = textField(target);
        if (field && document.activeElement !== field) field.focus({ preventScroll: true });
    }, { capture: true, passive: false });
    window.addEventListener("touchcancel", function(event) {
        if (!onApp(event.target)) return;
        stopAtCanvas(event);
        cancel();
    }, { capture: true, passive: true });
});
// clang-format on

namespace einblick::client::platform {
namespace {

TouchInput* g_touch = nullptr; // the page's touch events have no other way to reach it

// ImGui's wheel unit in pixels for each axis, as ImGui 1.86 computes it for a tall window
// (UpdateMouseWheel: five font heights down, two across), so that a wheel of px / step
// scrolls exactly px.
float wheel_step(float font_heights) {
    const ImGuiIO& io = ImGui::GetIO();
    const float font_px =
        io.Fonts->Fonts.empty() ? 17.0F : io.Fonts->Fonts[0]->FontSize * io.FontGlobalScale;
    const float step = static_cast<float>(static_cast<int>(font_heights * font_px));
    return step > 0.0F ? step : 1.0F;
}

} // namespace

void TouchInput::install() {
    g_touch = this;
    einblick_js_install_touch();
}

void TouchInput::start(TouchPoint point, double time_s) {
    const ImGuiIO& io = ImGui::GetIO();
    if (!owns_pointer_) {
        mouse_x_ = io.MousePos.x;
        mouse_y_ = io.MousePos.y;
    }
    owns_pointer_ = true;
    pending_ = {};
    pixels_.clear();
    gesture_.begin(point, time_s);
}

bool TouchInput::move(TouchPoint point, double time_s) {
    const bool was_dragging = gesture_.dragging();
    const ScrollDelta delta = gesture_.move(point, time_s);
    if (!was_dragging && gesture_.dragging()) {
        ++drags_;
    }
    pending_.x += delta.x;
    pending_.y += delta.y;
    return gesture_.dragging();
}

bool TouchInput::end(double time_s, bool press_canvas) {
    released_ = {scrolled_.x + pending_.x, scrolled_.y + pending_.y};
    const bool tap = gesture_.end(time_s, !reduced_motion_);
    if (tap) {
        ++taps_;
        if (press_canvas) {
            press_ = Press::Down;
        }
    }
    return tap;
}

void TouchInput::cancel() {
    gesture_.cancel();
    pending_ = {};
}

void TouchInput::apply_to_imgui(bool reduced_motion) {
    reduced_motion_ = reduced_motion;
    ImGuiIO& io = ImGui::GetIO();
    // The backend set the pointer from GLFW: if that moved, a mouse is in use again.
    if (owns_pointer_ && (io.MousePos.x != mouse_x_ || io.MousePos.y != mouse_y_)) {
        owns_pointer_ = false;
        press_ = Press::None;
    }
    if (!owns_pointer_) {
        return;
    }
    const TouchPoint finger = gesture_.point();
    io.MousePos = ImVec2(finger.x, finger.y);
    // A press lasts one frame and the release comes in the next: ImGui 1.86 reads the button's
    // state per frame, so a press and release in one frame would be no click.
    if (press_ == Press::Down) {
        io.MouseDown[0] = true;
        press_ = Press::Up;
    } else if (press_ == Press::Up) {
        io.MouseDown[0] = false;
        press_ = Press::None;
    }
    ScrollDelta delta = pending_;
    pending_ = {};
    if (reduced_motion && gesture_.gliding()) {
        gesture_.cancel(); // asked for while it glided
    }
    const ScrollDelta glide = gesture_.glide(io.DeltaTime);
    delta.x += glide.x;
    delta.y += glide.y;
    const ScrollDelta whole = pixels_.take(delta);
    scrolled_.x += whole.x;
    scrolled_.y += whole.y;
    io.MouseWheel -= whole.y / wheel_step(5.0F); // ImGui's wheel: positive scrolls up
    io.MouseWheelH -= whole.x / wheel_step(2.0F);
}

const char* TouchInput::info_json() {
    std::snprintf(info_, sizeof info_,
                  "{\"taps\":%d,\"drags\":%d,\"gliding\":%s,\"scrolled\":[%.0f,%.0f],"
                  "\"released\":[%.0f,%.0f]}",
                  taps_, drags_, gesture_.gliding() ? "true" : "false",
                  static_cast<double>(scrolled_.x), static_cast<double>(scrolled_.y),
                  static_cast<double>(released_.x), static_cast<double>(released_.y));
    return info_;
}

} // namespace einblick::client::platform

// [SECTION] Called by the JavaScript above, between frames.
extern "C" EMSCRIPTEN_KEEPALIVE void einblick_touch_start(float x, float y, double time_s) {
    if (einblick::client::platform::g_touch != nullptr) {
        einblick::client::platform::g_touch->start({x, y}, time_s);
    }
}

extern "C" EMSCRIPTEN_KEEPALIVE int einblick_touch_move(float x, float y, double time_s) {
    return einblick::client::platform::g_touch != nullptr &&
                   einblick::client::platform::g_touch->move({x, y}, time_s)
               ? 1
               : 0;
}

extern "C" EMSCRIPTEN_KEEPALIVE int einblick_touch_end(double time_s, int press_canvas) {
    return einblick::client::platform::g_touch != nullptr &&
                   einblick::client::platform::g_touch->end(time_s, press_canvas != 0)
               ? 1
               : 0;
}

extern "C" EMSCRIPTEN_KEEPALIVE void einblick_touch_cancel() {
    if (einblick::client::platform::g_touch != nullptr) {
        einblick::client::platform::g_touch->cancel();
    }
}

// For the browser test: what the finger did (see TouchInput::info_json).
extern "C" EMSCRIPTEN_KEEPALIVE const char* einblick_touch_info() {
    return einblick::client::platform::g_touch != nullptr
               ? einblick::client::platform::g_touch->info_json()
               : "{}";
}
