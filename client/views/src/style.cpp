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

void apply_colors(const Palette& p) {
    ImVec4* colors = ImGui::GetStyle().Colors;
    colors[ImGuiCol_Text] = p.text;
    colors[ImGuiCol_TextDisabled] = p.disabled_text;
    colors[ImGuiCol_WindowBg] = p.window_background;
    colors[ImGuiCol_ChildBg] = p.panel_background;
    colors[ImGuiCol_PopupBg] = p.popup_background;
    colors[ImGuiCol_Border] = p.control_border;
    colors[ImGuiCol_BorderShadow] = ImVec4(0.0F, 0.0F, 0.0F, 0.0F);
    colors[ImGuiCol_FrameBg] = p.control_background;
    colors[ImGuiCol_FrameBgHovered] = p.control_hovered;
    colors[ImGuiCol_FrameBgActive] = p.control_active;
    colors[ImGuiCol_CheckMark] = p.check_mark;
    // Secondary buttons (e.g. "Abmelden") are light; primary ones are drawn by
    // ui::button with ButtonOptions::primary in the brand colour with text_on_brand.
    colors[ImGuiCol_Button] = p.button;
    colors[ImGuiCol_ButtonHovered] = p.button_hovered;
    colors[ImGuiCol_ButtonActive] = p.button_active;
    colors[ImGuiCol_Header] = p.list_item_selected;
    colors[ImGuiCol_HeaderHovered] = p.list_item_hovered;
    colors[ImGuiCol_HeaderActive] = p.list_item_active;
    // Unselected tabs look like secondary buttons; ui::tab draws the selected one in the
    // brand colour (TabActive is also the line under the tab bar).
    colors[ImGuiCol_Tab] = p.button;
    colors[ImGuiCol_TabHovered] = p.button_hovered;
    colors[ImGuiCol_TabActive] = p.brand;
    colors[ImGuiCol_TabUnfocused] = p.button;
    colors[ImGuiCol_TabUnfocusedActive] = p.brand;
    colors[ImGuiCol_ScrollbarBg] = p.scrollbar_background;
    colors[ImGuiCol_ScrollbarGrab] = p.scrollbar_grab;
    colors[ImGuiCol_ScrollbarGrabHovered] = p.scrollbar_grab_hovered;
    colors[ImGuiCol_ScrollbarGrabActive] = p.scrollbar_grab_active;
    colors[ImGuiCol_Separator] = p.separator;
    colors[ImGuiCol_TableHeaderBg] = p.table_header_background;
    colors[ImGuiCol_TableBorderStrong] = p.table_border_strong;
    colors[ImGuiCol_TableBorderLight] = p.table_border_light;
    colors[ImGuiCol_TableRowBg] = ImVec4(0.0F, 0.0F, 0.0F, 0.0F);
    colors[ImGuiCol_TableRowBgAlt] = p.table_row_alt_background;
    colors[ImGuiCol_TextSelectedBg] = p.text_selection;
    // ui::draw_focus_ring draws the one focus indicator, whichever way focus arrived, so
    // ImGui's own navigation highlight is fully transparent.
    colors[ImGuiCol_NavHighlight] = ImVec4(0.0F, 0.0F, 0.0F, 0.0F);
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
    style.WindowBorderSize = 0.0F;
    apply_display_preferences(DisplayPreferences{});
}

void apply_display_preferences(const DisplayPreferences& preferences) {
    const ContrastMode mode = contrast_mode(preferences);
    palette::detail::active = palette_for(preferences);
    apply_colors(palette::detail::active);
    ImGuiStyle& style = ImGui::GetStyle();
    style.FrameBorderSize = control_border_size(mode);
    // Tabs carry a border too, so that each is seen as a control (WCAG 1.4.11).
    style.TabBorderSize = control_border_size(mode);
    // The blinking text cursor is the client's only motion (WCAG 2.3.3).
    ImGui::GetIO().ConfigInputTextCursorBlink = !preferences.reduced_motion;
}

} // namespace einblick::client::views
