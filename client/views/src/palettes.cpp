// The three palettes (standard, high contrast, the system's forced colours) and the choice
// between them. The ratios in the comments are WCAG 2.x contrast against white; the browser
// test tests/browser/contrast.e2e.mjs measures what is really drawn.
#include "einblick/client/views/style.hpp"

namespace einblick::client::views {
namespace {

// The blue ImGui's light style uses for hover and selection, with the alpha it gives it.
ImVec4 imgui_blue(float alpha) {
    return ImVec4(0.26F, 0.59F, 0.98F, alpha);
}

Palette make_standard_palette() {
    return Palette{
        .text = rgb8(20, 23, 28),       // #14171C, about 18:1
        .muted_text = rgb8(82, 87, 97), // #525761, about 7:1
        .text_on_brand = rgb8(255, 255, 255),
        .disabled_text = rgb8(153, 153, 153),
        .brand = rgb8(0, 82, 148),          // #005294, about 8:1 on white, 7:1 on the pale blues
        .brand_hovered = rgb8(0, 102, 179), // #0066B3
        .brand_active = rgb8(0, 66, 122),   // #00427A
        .link = rgb8(0, 82, 148),
        .focus_ring = rgb8(0, 82, 143),                  // #00528F, about 8:1
        .window_background = rgb8(247, 247, 250),        // #F7F7FA
        .panel_background = rgb8(255, 255, 255),         // child windows: white
        .card_background = rgb8(249, 250, 252),          // #F9FAFC
        .figure_background = rgb8(237, 242, 250),        // #EDF2FA
        .key_box_background = rgb8(237, 245, 252),       // #EDF5FC
        .table_header_background = rgb8(224, 232, 242),  // #E0E8F2
        .table_row_alt_background = rgb8(242, 245, 250), // #F2F5FA
        .selected_row_background = rgb8(217, 232, 250),  // #D9E8FA, dark text keeps 14:1
        .selected_row_marker = rgb8(0, 82, 148),         // the brand colour
        .changed_row_background = rgb8(232, 240, 250),   // #E8F0FA
        .popup_background = rgb8(255, 255, 255),
        .text_selection = imgui_blue(0.35F),
        .control_background = rgb8(255, 255, 255),
        .control_hovered = imgui_blue(0.40F),
        .control_active = imgui_blue(0.67F),
        // #5C6370, about 6:1: a 1 px line keeps 3:1 where anti-aliasing lightens it (round
        // radios, fractional positions). ImGui's default (30 % black) measured 2.0–2.1:1.
        .control_border = rgb8(92, 99, 112),
        .check_mark = rgb8(0, 82, 148),        // the brand blue; ImGui's own blue is 2.9:1
        .button = rgb8(227, 232, 242),         // #E3E8F2
        .button_hovered = rgb8(204, 217, 235), // #CCD9EB
        .button_active = rgb8(184, 199, 224),  // #B8C7E0
        .list_item_selected = imgui_blue(0.31F),
        .list_item_hovered = imgui_blue(0.80F),
        .list_item_active = imgui_blue(1.0F),
        .scrollbar_background = rgb8(240, 242, 245),
        .scrollbar_grab = rgb8(110, 118, 132), // about 4:1 on its track
        .scrollbar_grab_hovered = rgb8(88, 96, 110),
        .scrollbar_grab_active = rgb8(70, 78, 92),
        .card_border = rgb8(184, 194, 209),         // #B8C2D1
        .detail_panel_border = rgb8(115, 128, 148), // #738094, about 4:1
        .separator = ImVec4(0.39F, 0.39F, 0.39F, 0.62F),
        .table_border_strong = rgb8(145, 145, 163),
        .table_border_light = rgb8(173, 173, 189),
        .error = rgb8(179, 18, 18),                    // #B31212, about 7:1
        .error_background = rgb8(255, 247, 247),       // #FFF7F7
        .warning_row_background = rgb8(253, 236, 236), // #FDECEC, error on it about 6:1
        .success = rgb8(13, 102, 41),                  // #0D6629, about 7:1
        .success_accent = rgb8(26, 115, 51),           // #1A7333
        .success_background = rgb8(230, 245, 232),     // #E6F5E8
        .chart_grid = rgb8(204, 209, 219),             // #CCD1DB
        .chart_usual_bar = rgb8(107, 115, 128),        // #6B7380, about 4.8:1
    };
}

// Black on white, near-black greys, dark blue; every background white or a pale grey.
Palette make_high_contrast_palette() {
    const ImVec4 black = rgb8(0, 0, 0);
    const ImVec4 white = rgb8(255, 255, 255);
    const ImVec4 navy = rgb8(0, 48, 92); // #00305C, about 13:1
    const ImVec4 pale_grey = rgb8(235, 235, 235);
    const ImVec4 pale_blue = rgb8(214, 230, 255);
    return Palette{
        .text = black,
        .muted_text = rgb8(38, 38, 38), // about 15:1
        .text_on_brand = white,
        .disabled_text = rgb8(89, 89, 89), // about 7:1
        .brand = navy,
        .brand_hovered = rgb8(0, 67, 127),
        .brand_active = rgb8(0, 31, 61),
        .link = navy,
        .focus_ring = black,
        .window_background = white,
        .panel_background = white,
        .card_background = white,
        .figure_background = white,
        .key_box_background = white,
        .table_header_background = pale_grey,
        .table_row_alt_background = rgb8(245, 245, 245),
        .selected_row_background = pale_blue,
        .selected_row_marker = navy,
        .changed_row_background = rgb8(230, 240, 255),
        .popup_background = white,
        .text_selection = rgb8(179, 212, 255),
        .control_background = white,
        .control_hovered = pale_blue,
        .control_active = rgb8(189, 214, 255),
        .control_border = black,
        .check_mark = black,
        .button = white,
        .button_hovered = pale_grey,
        .button_active = rgb8(210, 210, 210),
        .list_item_selected = pale_blue,
        .list_item_hovered = pale_grey,
        .list_item_active = rgb8(210, 210, 210),
        .scrollbar_background = white,
        .scrollbar_grab = rgb8(64, 64, 64),
        .scrollbar_grab_hovered = black,
        .scrollbar_grab_active = black,
        .card_border = black,
        .detail_panel_border = black,
        .separator = black,
        .table_border_strong = black,
        .table_border_light = rgb8(89, 89, 89),
        .error = rgb8(163, 0, 0), // #A30000, about 8:1
        .error_background = white,
        .warning_row_background = rgb8(255, 232, 232),
        .success = rgb8(0, 92, 26), // #005C1A, about 8:1
        .success_accent = rgb8(0, 92, 26),
        .success_background = white,
        .chart_grid = rgb8(89, 89, 89),
        .chart_usual_bar = rgb8(89, 89, 89),
    };
}

} // namespace

ContrastMode contrast_mode(const DisplayPreferences& preferences) {
    if (preferences.forced_colors && preferences.system_colors_known) {
        return ContrastMode::Forced;
    }
    if (preferences.forced_colors || preferences.more_contrast) {
        return ContrastMode::More;
    }
    return ContrastMode::Standard;
}

const char* contrast_mode_name(ContrastMode mode) {
    switch (mode) {
    case ContrastMode::Standard:
        return "standard";
    case ContrastMode::More:
        return "more";
    case ContrastMode::Forced:
        return "forced";
    }
    return "standard";
}

const Palette& standard_palette() {
    static const Palette palette = make_standard_palette();
    return palette;
}

const Palette& high_contrast_palette() {
    static const Palette palette = make_high_contrast_palette();
    return palette;
}

// The system's pairs only: text on the canvas, the highlight's text on the highlight (primary
// buttons, the selected tab), button text for every control's border, link text for links and
// bars. The person chose these colours; the client invents none beside them.
Palette forced_colors_palette(const SystemColors& system) {
    const ImVec4& canvas = system.canvas;
    const ImVec4& text = system.canvas_text;
    return Palette{
        .text = text,
        .muted_text = text,
        .text_on_brand = system.highlight_text,
        .disabled_text = system.gray_text,
        .brand = system.highlight,
        .brand_hovered = system.highlight,
        .brand_active = system.highlight,
        .link = system.link_text,
        .focus_ring = system.highlight,
        .window_background = canvas,
        .panel_background = canvas,
        .card_background = canvas,
        .figure_background = canvas,
        .key_box_background = canvas,
        .table_header_background = canvas,
        .table_row_alt_background = canvas,
        .selected_row_background = canvas,
        // The row's background is the canvas like every other's: the bar and frame in the
        // system's highlight colour are what marks it.
        .selected_row_marker = system.highlight,
        .changed_row_background = canvas,
        .popup_background = canvas,
        .text_selection = system.highlight,
        .control_background = canvas,
        .control_hovered = canvas,
        .control_active = canvas,
        .control_border = system.button_text,
        .check_mark = text,
        .button = canvas,
        .button_hovered = canvas,
        .button_active = canvas,
        .list_item_selected = canvas,
        .list_item_hovered = canvas,
        .list_item_active = canvas,
        .scrollbar_background = canvas,
        .scrollbar_grab = text,
        .scrollbar_grab_hovered = text,
        .scrollbar_grab_active = text,
        .card_border = text,
        .detail_panel_border = text,
        .separator = text,
        .table_border_strong = text,
        .table_border_light = text,
        .error = text,
        .error_background = canvas,
        .warning_row_background = canvas,
        .success = text,
        .success_accent = text,
        .success_background = canvas,
        .chart_grid = system.gray_text,
        .chart_usual_bar = text,
    };
}

Palette palette_for(const DisplayPreferences& preferences) {
    switch (contrast_mode(preferences)) {
    case ContrastMode::Standard:
        return standard_palette();
    case ContrastMode::More:
        return high_contrast_palette();
    case ContrastMode::Forced:
        return forced_colors_palette(preferences.system);
    }
    return standard_palette();
}

float control_border_size(ContrastMode mode) {
    return mode == ContrastMode::Standard ? 1.0F : 2.0F;
}

} // namespace einblick::client::views
