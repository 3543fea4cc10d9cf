#pragma once
// Mouse wheel and touchpad scrolling, from the page's wheel events to ImGui.
//
// Emscripten's GLFW (3.1.6) hands DOM deltas to GLFW's scroll callback unconverted: pixels with
// the browser's sign (down is positive), which ImGui reads as wheel notches with the opposite
// sign, so one notch down scrolled about 100 notches up. This reads the DOM wheel event itself,
// with its delta mode, and converts it into ImGui's units (one unit scrolls five lines) so that
// the page moves as far as the browser meant, in the right direction.

struct GLFWwindow;

namespace einblick::client::platform {

class WheelInput {
public:
    // Replaces the scroll callback ImGui_ImplGlfw_InitForOpenGL installed and listens to the
    // canvas's wheel events (the DOM mirror forwards those over its controls to the canvas).
    void install(GLFWwindow* window);
};

// The ImGui wheel units for one DOM wheel delta. `delta_mode` is WheelEvent.deltaMode (0 pixels,
// 1 lines, 2 pages); `font_px` is ImGui's font size, `page_px` the visible height.
float wheel_units(double delta, unsigned long delta_mode, float font_px, float page_px);

} // namespace einblick::client::platform
