#include "wheel.hpp"

#include <GLFW/glfw3.h>
#include <emscripten/html5.h>
#include <imgui.h>

namespace einblick::client::platform {
namespace {

constexpr float line_px = 20.0F;       // a browser's line in DOM_DELTA_LINE mode, roughly
constexpr float lines_per_unit = 5.0F; // ImGui 1.86 scrolls five font heights per wheel unit

EM_BOOL on_wheel(int /*event_type*/, const EmscriptenWheelEvent* event, void* /*user_data*/) {
    ImGuiIO& io = ImGui::GetIO();
    const float font_px =
        io.Fonts->Fonts.empty() ? 17.0F : io.Fonts->Fonts[0]->FontSize * io.FontGlobalScale;
    const float page_px = io.DisplaySize.y;
    io.MouseWheel += wheel_units(event->deltaY, event->deltaMode, font_px, page_px);
    io.MouseWheelH += wheel_units(event->deltaX, event->deltaMode, font_px, page_px);
    return EM_TRUE; // the page itself does not scroll: the canvas fills it
}

} // namespace

float wheel_units(double delta, unsigned long delta_mode, float font_px, float page_px) {
    float pixels = static_cast<float>(delta);
    if (delta_mode == DOM_DELTA_LINE) {
        pixels *= line_px;
    } else if (delta_mode == DOM_DELTA_PAGE) {
        pixels *= page_px;
    }
    const float unit_px = lines_per_unit * (font_px > 0.0F ? font_px : 17.0F);
    return -pixels / unit_px; // DOM: positive is down; ImGui: positive is up
}

void WheelInput::install(GLFWwindow* window) {
    glfwSetScrollCallback(window, nullptr);
    emscripten_set_wheel_callback("#canvas", this, EM_TRUE, on_wheel);
}

} // namespace einblick::client::platform
