#include "display.hpp"

#include "einblick/client/views/style.hpp"
#include "js_bridge.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

namespace einblick::client::platform {

bool Display::follow_canvas() {
    int width = 0;
    int height = 0;
    js::canvas_css_size(width, height);
    const double ratio = std::max(0.5, emscripten_get_device_pixel_ratio());
    if (width <= 0 || height <= 0) {
        return false;
    }
    const bool changed = width != css_width_ || height != css_height_ || ratio != ratio_;
    if (changed) {
        css_width_ = width;
        css_height_ = height;
        js::resize_canvas(static_cast<int>(std::lround(width * ratio)),
                          static_cast<int>(std::lround(height * ratio)));
    }
    if (ratio != font_ratio_) {
        // The first atlas is uploaded by the OpenGL backend's first NewFrame; later ones here.
        rebuild_fonts(ratio_ != 0.0);
        font_ratio_ = ratio;
    }
    ratio_ = ratio;
    return changed;
}

void Display::rebuild_fonts(bool upload) {
    ImGuiIO& io = ImGui::GetIO();
    const double ratio = std::max(0.5, emscripten_get_device_pixel_ratio());
    const float pixels = static_cast<float>(std::round(font_css_pixels_ * ratio));
    io.Fonts->Clear();
    font_loaded_ = views::add_ui_font(*io.Fonts, font_path_, pixels);
    // Glyphs rasterised at device pixels, drawn at CSS size: sharp instead of scaled up.
    io.FontGlobalScale = font_loaded_ ? font_css_pixels_ / pixels : 1.0F;
    if (upload) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
}

void Display::apply_to_imgui() const {
    if (css_width_ <= 0 || css_height_ <= 0) {
        return;
    }
    ImGuiIO& io = ImGui::GetIO();
    // The backend set DisplaySize to the drawing buffer's size; the ratio between the two is
    // what the renderer must scale by.
    const float scale_x = io.DisplaySize.x / static_cast<float>(css_width_);
    const float scale_y = io.DisplaySize.y / static_cast<float>(css_height_);
    io.DisplaySize = ImVec2(static_cast<float>(css_width_), static_cast<float>(css_height_));
    io.DisplayFramebufferScale = ImVec2(scale_x, scale_y);
    // Emscripten reports the mouse in drawing-buffer pixels.
    if (io.MousePos.x != -FLT_MAX && scale_x > 0.0F && scale_y > 0.0F) {
        io.MousePos = ImVec2(io.MousePos.x / scale_x, io.MousePos.y / scale_y);
    }
}

std::string Display::info_json() const {
    const ImGuiIO& io = ImGui::GetIO();
    const float font_px = io.Fonts->Fonts.empty() ? 0.0F : io.Fonts->Fonts[0]->FontSize;
    char text[200];
    std::snprintf(text, sizeof text,
                  "{\"dpr\":%.3f,\"css\":[%d,%d],\"framebuffer_scale\":[%.3f,%.3f],"
                  "\"font_px\":%.1f,\"font_loaded\":%s}",
                  ratio_, css_width_, css_height_,
                  static_cast<double>(io.DisplayFramebufferScale.x),
                  static_cast<double>(io.DisplayFramebufferScale.y), static_cast<double>(font_px),
                  font_loaded_ ? "true" : "false");
    return text;
}

} // namespace einblick::client::platform
