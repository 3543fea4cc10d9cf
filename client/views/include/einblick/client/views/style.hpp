#pragma once
// Look and text of the client: the palette, spacing and the German-capable font.

#include <imgui.h>

namespace einblick::client::views {

// [SECTION] Palette
//
// Every colour the client draws with, named by what it is for; views and widgets use these
// names (palette::brand, palette::error, …), never colour literals. There are three palettes:
// the standard one, a high-contrast one (black on white, 2 px borders) for people who ask
// their system for more contrast (`prefers-contrast: more`), and one made of the system's own
// colours when the system forces its colours (`forced-colors: active`, e.g. Windows' contrast
// themes). The platform layer reads those media queries (client/platform/media_preferences)
// and calls apply_display_preferences(); it may switch at any frame.
//
// Contrast (WCAG 2.1 1.4.3 and 1.4.11) is measured on the drawn pixels by the browser test
// tests/browser/contrast.e2e.mjs, in all three palettes; the ratios in the comments below are
// against white, which the standard backgrounds are all close to. assets/einblick.css repeats
// the window background, the text and the error colour for the page around the canvas.
struct Palette {
    // Text
    ImVec4 text;
    ImVec4 muted_text;    // labels, hints, explanations
    ImVec4 text_on_brand; // on the primary button and the selected tab
    ImVec4 disabled_text; // controls that cannot be used now (exempt from 1.4.3, still readable)

    // The brand colour: primary buttons, the selected tab, links, chart bars, the new API
    // key's frame, "geändert".
    ImVec4 brand;
    ImVec4 brand_hovered;
    ImVec4 brand_active;
    ImVec4 link; // links (underlined): the brand colour, or the system's link colour
    // The focus indicator (WCAG 2.4.7), drawn by ui::draw_focus_ring.
    ImVec4 focus_ring;

    // Backgrounds
    ImVec4 window_background; // behind everything
    ImVec4 panel_background;  // child windows
    ImVec4 card_background;   // parts::begin_card
    ImVec4 figure_background; // the overview's key figures
    ImVec4 key_box_background;
    ImVec4 table_header_background;
    ImVec4 table_row_alt_background; // banding
    ImVec4 selected_row_background;  // the history's selected row
    // The selected row's bar on its left and frame, which also marks it where the background
    // cannot (forced colours: every row has the canvas behind it).
    ImVec4 selected_row_marker;
    ImVec4 changed_row_background; // rows that changed (the DPO's purpose comparison)
    ImVec4 popup_background;       // an open select's list, tooltips
    ImVec4 text_selection;         // behind selected text in a text box

    // Controls. A control's boundary (its border, or for the primary button its fill) keeps
    // 3:1 against what is around it (WCAG 1.4.11).
    ImVec4 control_background; // inside text boxes, check boxes, radios and selects
    ImVec4 control_hovered;
    ImVec4 control_active;
    ImVec4 control_border; // ImGuiCol_Border: the frame of every control, child window, tab
    ImVec4 check_mark;     // a check box's tick and a chosen radio's dot
    ImVec4 button;         // secondary buttons and unselected tabs: light, dark text
    ImVec4 button_hovered;
    ImVec4 button_active;
    ImVec4 list_item_selected; // the chosen option in an open select
    ImVec4 list_item_hovered;  // an option under the pointer
    ImVec4 list_item_active;
    ImVec4 scrollbar_background;
    ImVec4 scrollbar_grab;
    ImVec4 scrollbar_grab_hovered;
    ImVec4 scrollbar_grab_active;

    // Lines that only structure (no control's boundary)
    ImVec4 card_border;
    ImVec4 detail_panel_border; // the history's detail panel: darker than the table's lines
    ImVec4 separator;
    ImVec4 table_border_strong;
    ImVec4 table_border_light;

    // Status
    ImVec4 error; // messages, invalid fields' frames, the error summary's frame, refusals
    ImVec4 error_background;       // the error summary
    ImVec4 warning_row_background; // overdue or unusual rows; the row also says why in words
    ImVec4 success;
    ImVec4 success_accent; // a confirmation's bar
    ImVec4 success_background;

    // Charts: lines and bars carry no text; bars keep 3:1 and are explained in words (legend,
    // table).
    ImVec4 chart_grid;
    ImVec4 chart_usual_bar;
};

// An opaque colour given in 8-bit channels, as IM_COL32 would take them.
inline ImVec4 rgb8(int red, int green, int blue) {
    return ImVec4(static_cast<float>(red) / 255.0F, static_cast<float>(green) / 255.0F,
                  static_cast<float>(blue) / 255.0F, 1.0F);
}

// The colours the system forces (CSS system colours), read by the platform layer while
// `forced-colors: active`. Each pair is meant to be used together.
struct SystemColors {
    ImVec4 canvas{1.0F, 1.0F, 1.0F, 1.0F}; // background
    ImVec4 canvas_text{0.0F, 0.0F, 0.0F, 1.0F};
    ImVec4 button_text{0.0F, 0.0F, 0.0F, 1.0F}; // a button's text and border
    ImVec4 highlight{0.0F, 0.0F, 0.5F, 1.0F};   // selection, and the text on it
    ImVec4 highlight_text{1.0F, 1.0F, 1.0F, 1.0F};
    ImVec4 link_text{0.0F, 0.0F, 0.6F, 1.0F};
    ImVec4 gray_text{0.35F, 0.35F, 0.35F, 1.0F}; // disabled
};

// What the person asked their browser for (CSS media features).
struct DisplayPreferences {
    bool more_contrast = false;       // prefers-contrast: more
    bool forced_colors = false;       // forced-colors: active
    bool reduced_motion = false;      // prefers-reduced-motion: reduce
    bool system_colors_known = false; // `system` was read (else the high-contrast palette)
    SystemColors system;
};

enum class ContrastMode { Standard, More, Forced };

// Forced colours win over "more contrast"; forced colours whose values could not be read get
// the high-contrast palette.
ContrastMode contrast_mode(const DisplayPreferences& preferences);
const char* contrast_mode_name(ContrastMode mode); // "standard", "more", "forced"

const Palette& standard_palette();
const Palette& high_contrast_palette();
Palette forced_colors_palette(const SystemColors& system);
Palette palette_for(const DisplayPreferences& preferences);
// The width of every control's border in CSS pixels: 1 in the standard palette, 2 otherwise.
float control_border_size(ContrastMode mode);

// The palette in force. `palette::text` and its siblings below refer into it, so views keep
// writing palette::error (also &palette::error) while the palette changes. Like ImGui's own
// style it is global to the one UI; only apply_display_preferences() changes it.
namespace palette {
namespace detail {
inline Palette active = standard_palette();
} // namespace detail

inline const ImVec4& text = detail::active.text;
inline const ImVec4& muted_text = detail::active.muted_text;
inline const ImVec4& text_on_brand = detail::active.text_on_brand;
inline const ImVec4& brand = detail::active.brand;
inline const ImVec4& brand_hovered = detail::active.brand_hovered;
inline const ImVec4& brand_active = detail::active.brand_active;
inline const ImVec4& link = detail::active.link;
inline const ImVec4& focus_ring = detail::active.focus_ring;
inline const ImVec4& window_background = detail::active.window_background;
inline const ImVec4& panel_background = detail::active.panel_background;
inline const ImVec4& card_background = detail::active.card_background;
inline const ImVec4& figure_background = detail::active.figure_background;
inline const ImVec4& key_box_background = detail::active.key_box_background;
inline const ImVec4& table_header_background = detail::active.table_header_background;
inline const ImVec4& table_row_alt_background = detail::active.table_row_alt_background;
inline const ImVec4& selected_row_background = detail::active.selected_row_background;
inline const ImVec4& selected_row_marker = detail::active.selected_row_marker;
inline const ImVec4& changed_row_background = detail::active.changed_row_background;
inline const ImVec4& button = detail::active.button;
inline const ImVec4& button_hovered = detail::active.button_hovered;
inline const ImVec4& button_active = detail::active.button_active;
inline const ImVec4& control_border = detail::active.control_border;
inline const ImVec4& card_border = detail::active.card_border;
inline const ImVec4& detail_panel_border = detail::active.detail_panel_border;
inline const ImVec4& error = detail::active.error;
inline const ImVec4& error_background = detail::active.error_background;
inline const ImVec4& warning_row_background = detail::active.warning_row_background;
inline const ImVec4& success = detail::active.success;
inline const ImVec4& success_accent = detail::active.success_accent;
inline const ImVec4& success_background = detail::active.success_background;
inline const ImVec4& chart_grid = detail::active.chart_grid;
inline const ImVec4& chart_usual_bar = detail::active.chart_usual_bar;

} // namespace palette

// [SECTION] Sizes
// The margin around the page in the narrow layout (ui::narrow()); the wide one is the style's.
inline const ImVec2 narrow_page_padding{12.0F, 12.0F};

// [SECTION] Font

// The code points the UI needs: Latin-1 plus German typography (€ „ “ ‚ ‘ ’ – — … •).
// Must match the subset built by client/CMakeLists.txt (pyftsubset --unicodes).
const unsigned short* german_glyph_ranges();

// Adds the UI font from `path` (the subset of DejaVu Sans). Returns false if it could not be
// read; ImGui's built-in font is used then, which lacks „ “ – €.
bool add_ui_font(ImFontAtlas& atlas, const char* path, float pixel_size);

// [SECTION] Style

// Light, calm style meant for a public-sector audience: sizes and spacing, and the standard
// palette (apply_display_preferences with no preference).
void apply_style();

// Switches palette, border width and motion to what the person asked for: the palette in
// force (palette::…), ImGui's style colours and border sizes, and the text cursor's blinking
// (off for reduced motion). Cheap; the platform calls it when a media query changes.
void apply_display_preferences(const DisplayPreferences& preferences);

} // namespace einblick::client::views
