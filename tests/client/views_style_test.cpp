// The palette the client draws with follows what the person asked for (prefers-contrast,
// forced-colors, prefers-reduced-motion): the choice, and what switching does to ImGui's style.
// That the colours really contrast is measured on pixels by tests/browser/contrast.e2e.mjs.
#include "einblick/client/views/style.hpp"

#include <doctest/doctest.h>
#include <imgui.h>
#include <string>

using namespace einblick::client::views;

namespace {

bool same(const ImVec4& a, const ImVec4& b) {
    return a.x == b.x && a.y == b.y && a.z == b.z && a.w == b.w;
}

SystemColors dark_system_colors() {
    SystemColors system;
    system.canvas = rgb8(0, 0, 0);
    system.canvas_text = rgb8(255, 255, 255);
    system.button_text = rgb8(255, 255, 255);
    system.highlight = rgb8(0, 184, 204);
    system.highlight_text = rgb8(0, 0, 0);
    system.link_text = rgb8(255, 255, 0);
    system.gray_text = rgb8(63, 242, 63);
    return system;
}

DisplayPreferences forced(bool known) {
    DisplayPreferences preferences;
    preferences.forced_colors = true;
    preferences.system_colors_known = known;
    preferences.system = dark_system_colors();
    return preferences;
}

// An ImGui context for the style, and the standard palette again afterwards (it is global).
struct StyleContext {
    StyleContext() {
        ImGui::CreateContext();
        apply_style();
    }
    ~StyleContext() {
        apply_display_preferences(DisplayPreferences{});
        ImGui::DestroyContext();
    }
    StyleContext(const StyleContext&) = delete;
    StyleContext& operator=(const StyleContext&) = delete;
};

} // namespace

TEST_CASE("the contrast mode follows prefers-contrast and forced-colors") {
    CHECK(contrast_mode(DisplayPreferences{}) == ContrastMode::Standard);
    DisplayPreferences more;
    more.more_contrast = true;
    CHECK(contrast_mode(more) == ContrastMode::More);
    CHECK(contrast_mode(forced(true)) == ContrastMode::Forced);
    // Forced colours whose values could not be read: the own high-contrast palette.
    CHECK(contrast_mode(forced(false)) == ContrastMode::More);
    DisplayPreferences both = forced(true);
    both.more_contrast = true;
    CHECK(contrast_mode(both) == ContrastMode::Forced);
    DisplayPreferences motion;
    motion.reduced_motion = true;
    CHECK(contrast_mode(motion) == ContrastMode::Standard);
    CHECK(std::string(contrast_mode_name(ContrastMode::Forced)) == "forced");
}

TEST_CASE("the palettes: black on white for more contrast, the system's pairs when forced") {
    const Palette& more = palette_for([] {
        DisplayPreferences preferences;
        preferences.more_contrast = true;
        return preferences;
    }());
    CHECK(same(more.text, rgb8(0, 0, 0)));
    CHECK(same(more.window_background, rgb8(255, 255, 255)));
    CHECK(same(more.control_border, rgb8(0, 0, 0)));
    CHECK_FALSE(same(more.control_border, standard_palette().control_border));

    const SystemColors system = dark_system_colors();
    const Palette colors = palette_for(forced(true));
    CHECK(same(colors.window_background, system.canvas));
    CHECK(same(colors.panel_background, system.canvas));
    CHECK(same(colors.text, system.canvas_text));
    CHECK(same(colors.muted_text, system.canvas_text));
    CHECK(same(colors.control_border, system.button_text));
    CHECK(same(colors.brand, system.highlight)); // primary buttons, the selected tab
    CHECK(same(colors.text_on_brand, system.highlight_text));
    CHECK(same(colors.link, system.link_text));
    CHECK(same(colors.disabled_text, system.gray_text));

    CHECK(control_border_size(ContrastMode::Standard) == 1.0F);
    CHECK(control_border_size(ContrastMode::More) == 2.0F);
    CHECK(control_border_size(ContrastMode::Forced) == 2.0F);
}

TEST_CASE("switching the preferences switches the palette in force and ImGui's style") {
    StyleContext context;
    const ImVec4* error = &palette::error; // views keep such pointers across frames
    const ImGuiStyle& style = ImGui::GetStyle();
    CHECK(same(palette::text, standard_palette().text));
    CHECK(same(style.Colors[ImGuiCol_Border], standard_palette().control_border));
    CHECK(style.FrameBorderSize == 1.0F);
    CHECK(ImGui::GetIO().ConfigInputTextCursorBlink);

    DisplayPreferences more;
    more.more_contrast = true;
    more.reduced_motion = true;
    apply_display_preferences(more);
    CHECK(same(palette::text, rgb8(0, 0, 0)));
    CHECK(same(*error, high_contrast_palette().error));
    CHECK(same(style.Colors[ImGuiCol_Text], rgb8(0, 0, 0)));
    CHECK(same(style.Colors[ImGuiCol_Border], rgb8(0, 0, 0)));
    CHECK(style.FrameBorderSize == 2.0F);
    CHECK(style.TabBorderSize == 2.0F);
    CHECK_FALSE(ImGui::GetIO().ConfigInputTextCursorBlink); // reduced motion: no blinking

    apply_display_preferences(forced(true));
    CHECK(same(palette::window_background, rgb8(0, 0, 0)));
    CHECK(same(style.Colors[ImGuiCol_WindowBg], rgb8(0, 0, 0)));
    CHECK(same(style.Colors[ImGuiCol_Text], rgb8(255, 255, 255)));
    CHECK(same(palette::link, rgb8(255, 255, 0)));

    apply_display_preferences(DisplayPreferences{});
    CHECK(same(palette::text, standard_palette().text));
    CHECK(same(*error, standard_palette().error));
    CHECK(style.FrameBorderSize == 1.0F);
    CHECK(ImGui::GetIO().ConfigInputTextCursorBlink);
}
