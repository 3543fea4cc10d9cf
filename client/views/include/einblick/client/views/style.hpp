#pragma once
// Look and text of the client: the palette, spacing and the German-capable font.

#include <imgui.h>

namespace einblick::client::views {

// [SECTION] Palette
//
// Every colour the client draws with, defined once and named by what it is for; views and
// widgets use these names, never colour literals. The hex value is what ImGui renders (it
// rounds each channel to 8 bits); the ratio is the contrast against white (WCAG 2.x), which
// the backgrounds here are all close to. assets/einblick.css repeats the window background,
// the text and the error colour for the page around the canvas (boot and failure messages).
namespace palette {

// An opaque colour given in 8-bit channels, as IM_COL32 would take them.
inline ImVec4 rgb8(int red, int green, int blue) {
    return ImVec4(static_cast<float>(red) / 255.0F, static_cast<float>(green) / 255.0F,
                  static_cast<float>(blue) / 255.0F, 1.0F);
}

// Text
inline const ImVec4 text{0.08F, 0.09F, 0.11F, 1.0F};       // #14171C, about 18:1
inline const ImVec4 muted_text{0.32F, 0.34F, 0.38F, 1.0F}; // #525761, about 7:1: labels, hints
inline const ImVec4 text_on_brand{1.0F, 1.0F, 1.0F, 1.0F}; // white on the primary button

// The brand blue: primary buttons, links, chart bars, the new API key's frame, "geändert".
// #005294, about 8:1 on white and 7:1 on the pale blues.
inline const ImVec4 brand{0.00F, 0.32F, 0.58F, 1.0F};
inline const ImVec4 brand_hovered{0.00F, 0.40F, 0.70F, 1.0F}; // #0066B3
inline const ImVec4 brand_active{0.00F, 0.26F, 0.48F, 1.0F};  // #00427A
// The focus indicator (WCAG 2.4.7), drawn by ui::draw_focus_ring: #00528F, a shade darker
// than `brand` (about 8:1; both were written as "#00528F" when they were made).
inline const ImVec4 focus_ring = rgb8(0, 82, 143);

// Backgrounds
inline const ImVec4 window_background{0.97F, 0.97F, 0.98F, 1.0F};  // #F7F7FA, behind everything
inline const ImVec4 panel_background{1.0F, 1.0F, 1.0F, 1.0F};      // child windows: white
inline const ImVec4 card_background{0.975F, 0.98F, 0.99F, 1.0F};   // #F9FAFC, parts::begin_card
inline const ImVec4 figure_background{0.93F, 0.95F, 0.98F, 1.0F};  // #EDF2FA, overview figures
inline const ImVec4 key_box_background{0.93F, 0.96F, 0.99F, 1.0F}; // #EDF5FC, new API key
inline const ImVec4 table_header_background{0.88F, 0.91F, 0.95F, 1.0F};  // #E0E8F2
inline const ImVec4 table_row_alt_background{0.95F, 0.96F, 0.98F, 1.0F}; // #F2F5FA, banding
// Behind the history's selected row; dark text on it keeps about 14:1.
inline const ImVec4 selected_row_background{0.85F, 0.91F, 0.98F, 1.0F}; // #D9E8FA
// Behind rows that changed (the DPO's purpose comparison).
inline const ImVec4 changed_row_background = rgb8(232, 240, 250); // #E8F0FA

// Secondary buttons (e.g. "Abmelden"): light, with dark text.
inline const ImVec4 button{0.89F, 0.91F, 0.95F, 1.0F};         // #E3E8F2
inline const ImVec4 button_hovered{0.80F, 0.85F, 0.92F, 1.0F}; // #CCD9EB
inline const ImVec4 button_active{0.72F, 0.78F, 0.88F, 1.0F};  // #B8C7E0

// Borders
// ImGuiCol_Border: the frame of text boxes, check boxes, selects and buttons, also of child
// windows and separators. ImGui's light default, 30 % black (about #B3B3B3 on white, 2.1:1).
inline const ImVec4 control_border{0.00F, 0.00F, 0.00F, 0.30F};
inline const ImVec4 card_border{0.72F, 0.76F, 0.82F, 1.0F}; // #B8C2D1, parts::begin_card
// The history's detail panel: darker than the table's lines, to set it off from the rows.
inline const ImVec4 detail_panel_border{0.45F, 0.50F, 0.58F, 1.0F}; // #738094, about 4:1

// Status
// Errors: messages, invalid fields' frames, the error summary's frame, refused accesses.
inline const ImVec4 error{0.70F, 0.07F, 0.07F, 1.0F};           // #B31212, about 7:1
inline const ImVec4 error_background{1.0F, 0.97F, 0.97F, 1.0F}; // #FFF7F7, error summary
// Pale red behind overdue or unusual rows; the error colour on it keeps about 6:1, and the row
// always says in words why it is marked.
inline const ImVec4 warning_row_background = rgb8(253, 236, 236);  // #FDECEC
inline const ImVec4 success{0.05F, 0.40F, 0.16F, 1.0F};            // #0D6629, about 7:1
inline const ImVec4 success_accent{0.10F, 0.45F, 0.20F, 1.0F};     // #1A7333, a confirmation's bar
inline const ImVec4 success_background{0.90F, 0.96F, 0.91F, 1.0F}; // #E6F5E8, behind dark text

// Charts: lines and bars carry no text; bars are at least 3:1 (WCAG 1.4.11) and explained in
// words (legend, table).
inline const ImVec4 chart_grid{0.80F, 0.82F, 0.86F, 1.0F};      // #CCD1DB
inline const ImVec4 chart_usual_bar{0.42F, 0.45F, 0.50F, 1.0F}; // #6B7380, about 4.8:1

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

// Light, high-contrast style meant for a public-sector audience, in the palette's colours.
void apply_style();

} // namespace einblick::client::views
