#include "einblick/client/views/style.hpp"

#include <cstdio>
#include <imgui.h>

namespace einblick::client::views {
namespace {

// ImGui keeps a pointer to the ranges until the atlas is built, so they live in static
// read-only storage. Pairs of first/last code point, zero-terminated.
constexpr ImWchar glyph_ranges[] = {
    0x0020, 0x007E, // Basic Latin
    0x00A0, 0x00FF, // Latin-1 Supplement: ä ö ü ß § « » …
    0x2013, 0x2014, // – —
    0x2018, 0x201A, // ‘ ’ ‚
    0x201C, 0x201E, // “ ” „
    0x2022, 0x2022, // •
    0x2026, 0x2026, // …
    0x20AC, 0x20AC, // €
    0,
};

bool file_exists(const char* path) {
    std::FILE* file = std::fopen(path, "rb");
    if (file == nullptr) {
        return false;
    }
    std::fclose(file);
    return true;
}

} // namespace

const unsigned short* german_glyph_ranges() {
    return glyph_ranges;
}

bool add_ui_font(ImFontAtlas& atlas, const char* path, float pixel_size) {
    // AddFontFromFileTTF asserts on a missing file; check first so a broken deployment
    // degrades to the built-in font instead of stopping.
    if (!file_exists(path)) {
        atlas.AddFontDefault();
        return false;
    }
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    return atlas.AddFontFromFileTTF(path, pixel_size, &config, glyph_ranges) != nullptr;
}

void apply_style() {
    ImGui::StyleColorsLight();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowPadding = ImVec2(24.0F, 18.0F);
    style.FramePadding = ImVec2(10.0F, 7.0F);
    style.ItemSpacing = ImVec2(10.0F, 10.0F);
    style.CellPadding = ImVec2(8.0F, 6.0F);
    style.FrameRounding = 4.0F;
    style.ChildRounding = 6.0F;
    style.FrameBorderSize = 1.0F;
    style.WindowBorderSize = 0.0F;

    ImVec4* colors = style.Colors;
    colors[ImGuiCol_WindowBg] = palette::window_background;
    colors[ImGuiCol_ChildBg] = palette::panel_background;
    colors[ImGuiCol_Text] = palette::text;
    colors[ImGuiCol_Border] = palette::control_border;
    // Secondary buttons (e.g. "Abmelden") are light; primary ones are drawn by
    // ui::button with ButtonOptions::primary in the brand blue with white text.
    colors[ImGuiCol_Button] = palette::button;
    colors[ImGuiCol_ButtonHovered] = palette::button_hovered;
    colors[ImGuiCol_ButtonActive] = palette::button_active;
    colors[ImGuiCol_TableHeaderBg] = palette::table_header_background;
    colors[ImGuiCol_TableRowBgAlt] = palette::table_row_alt_background;
    // ui::draw_focus_ring draws the one focus indicator, whichever way focus arrived, so
    // ImGui's own navigation highlight is fully transparent.
    colors[ImGuiCol_NavHighlight] = ImVec4(0.0F, 0.0F, 0.0F, 0.0F);
}

} // namespace einblick::client::views
