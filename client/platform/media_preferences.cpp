#include "media_preferences.hpp"

#include <cstdint>
#include <cstdio>
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <imgui.h>

// [SECTION] JavaScript side. The queries are kept in Module, in the order of MediaQuery below;
// any change counts up einblickMediaVersion, which the frame compares with what it last read.
// prefers-color-scheme is watched too: with forced colours it switches the system's palette.

// clang-format off
EM_JS(void, einblick_js_watch_media, (), {
    Module["einblickMediaVersion"] = 0;
    Module["einblickMediaQueries"] = [
        "(prefers-contrast: more)", "(forced-colors: active)", "(prefers-reduced-motion: reduce)",
        "(prefers-color-scheme: dark)"
    ].map(function(query) {
        const list = window.matchMedia(query);
        list.addEventListener("change", function() { Module["einblickMediaVersion"] += 1; });
        return list;
    });
});

EM_JS(int, einblick_js_media_version, (), {
    return Module["einblickMediaVersion"] | 0;
});

EM_JS(int, einblick_js_media_matches, (int index), {
    return Module["einblickMediaQueries"][index].matches ? 1 : 0;
});

// A CSS system colour ("Canvas", "CanvasText", …) as the browser resolves it now, packed as
// 0xAARRGGBB in a double (an int would overflow), or -1 when it cannot be read.
EM_JS(double, einblick_js_system_color, (const char* name), {
    const probe = document.createElement("span");
    probe.style.cssText = "position:absolute;visibility:hidden;forced-color-adjust:none";
    probe.style.color = UTF8ToString(name);
    document.body.appendChild(probe);
    const value = window.getComputedStyle(probe).color;
    probe.remove();
    const parts = value.startsWith("rgb") ? value.match(/[0-9.]+/g) : null;
    if (!parts || parts.length < 3) return -1;
    const alpha = parts.length > 3 ? Math.round(Number(parts[3]) * 255) : 255;
    return alpha * 16777216 + Number(parts[0]) * 65536 + Number(parts[1]) * 256 + Number(parts[2]);
});
// clang-format on

namespace einblick::client::platform {
namespace {

enum MediaQuery { MoreContrast = 0, ForcedColors = 1, ReducedMotion = 2 };

bool matches(MediaQuery query) {
    return einblick_js_media_matches(static_cast<int>(query)) != 0;
}

// The system colour `name`, laid over `below` by its alpha (Chromium's Highlight is 80 %
// opaque); nullopt when the browser does not know it.
std::optional<ImVec4> system_color(const char* name, const ImVec4& below) {
    const double packed = einblick_js_system_color(name);
    if (packed < 0.0) {
        return std::nullopt;
    }
    const auto bits = static_cast<std::uint32_t>(packed);
    const auto channel = [bits](int shift) {
        return static_cast<float>((bits >> shift) & 0xFFU) / 255.0F;
    };
    const float alpha = channel(24);
    const auto over = [alpha](float top, float bottom) {
        return top * alpha + bottom * (1.0F - alpha);
    };
    return ImVec4(over(channel(16), below.x), over(channel(8), below.y), over(channel(0), below.z),
                  1.0F);
}

// Reads every colour the forced-colours palette uses; false if any is unknown.
bool read_system_colors(views::SystemColors& colors) {
    const ImVec4 opaque_white(1.0F, 1.0F, 1.0F, 1.0F);
    const std::optional<ImVec4> canvas = system_color("Canvas", opaque_white);
    if (!canvas) {
        return false;
    }
    const std::optional<ImVec4> canvas_text = system_color("CanvasText", *canvas);
    const std::optional<ImVec4> button_text = system_color("ButtonText", *canvas);
    const std::optional<ImVec4> highlight = system_color("Highlight", *canvas);
    const std::optional<ImVec4> highlight_text =
        highlight ? system_color("HighlightText", *highlight) : std::nullopt;
    const std::optional<ImVec4> link_text = system_color("LinkText", *canvas);
    const std::optional<ImVec4> gray_text = system_color("GrayText", *canvas);
    if (!canvas_text || !button_text || !highlight || !highlight_text || !link_text || !gray_text) {
        return false;
    }
    colors = views::SystemColors{*canvas,         *canvas_text, *button_text, *highlight,
                                 *highlight_text, *link_text,   *gray_text};
    return true;
}

} // namespace

void MediaPreferences::install() {
    einblick_js_watch_media();
}

std::optional<views::DisplayPreferences> MediaPreferences::take_change() {
    const int version = einblick_js_media_version();
    if (version == version_) {
        return std::nullopt;
    }
    version_ = version;
    views::DisplayPreferences preferences;
    preferences.more_contrast = matches(MoreContrast);
    preferences.forced_colors = matches(ForcedColors);
    preferences.reduced_motion = matches(ReducedMotion);
    if (preferences.forced_colors) {
        preferences.system_colors_known = read_system_colors(preferences.system);
    }
    current_ = preferences;
    ++changes_;
    return preferences;
}

std::string MediaPreferences::info_json() const {
    char text[200];
    std::snprintf(text, sizeof text,
                  "{\"contrast\":\"%s\",\"reduced_motion\":%s,\"cursor_blink\":%s,"
                  "\"changes\":%d,\"time\":%.3f}",
                  views::contrast_mode_name(views::contrast_mode(current_)),
                  current_.reduced_motion ? "true" : "false",
                  ImGui::GetIO().ConfigInputTextCursorBlink ? "true" : "false", changes_,
                  ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() : 0.0);
    return text;
}

} // namespace einblick::client::platform
