#pragma once
// Sharp rendering at any device pixel ratio (HiDPI screens, browser zoom), which Emscripten
// 3.1.6's GLFW ignores: the canvas's drawing buffer is its CSS size × devicePixelRatio, ImGui
// lays out in CSS pixels (io.DisplaySize) and renders at io.DisplayFramebufferScale, and the
// font atlas is rasterised at the ratio, again whenever it changes.

#include <string>

namespace einblick::client::platform {

class Display {
public:
    Display(const char* font_path, float font_css_pixels)
        : font_path_(font_path), font_css_pixels_(font_css_pixels) {}

    // Before the backends' NewFrame: follows the canvas's CSS size and the ratio, resizing
    // the drawing buffer and rebuilding the font atlas when needed. True when either changed.
    bool follow_canvas();
    // After ImGui_ImplGlfw_NewFrame, before ImGui::NewFrame: replaces the backend's sizes (in
    // drawing-buffer pixels) with CSS pixels, and the mouse position likewise.
    void apply_to_imgui() const;
    // {"dpr":2,"css":[800,600],"framebuffer":[1600,1200],"font_px":34} for the browser test.
    std::string info_json() const;

private:
    void rebuild_fonts(bool upload);

    const char* font_path_;
    float font_css_pixels_;
    int css_width_ = 0;
    int css_height_ = 0;
    double ratio_ = 0.0;       // 0 until the first frame
    double font_ratio_ = 0.0;  // the ratio the atlas was rasterised for
    bool font_loaded_ = false; // false: ImGui's built-in font (the file was missing)
};

} // namespace einblick::client::platform
