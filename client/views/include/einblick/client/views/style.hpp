#pragma once
// Look and text of the client: colours, spacing and the German-capable font.

struct ImFontAtlas;

namespace einblick::client::views {

// The code points the UI needs: Latin-1 plus German typography (€ „ “ ‚ ‘ ’ – — … •).
// Must match the subset built by client/CMakeLists.txt (pyftsubset --unicodes).
const unsigned short* german_glyph_ranges();

// Adds the UI font from `path` (the subset of DejaVu Sans). Returns false if it could not be
// read; ImGui's built-in font is used then, which lacks „ “ – €.
bool add_ui_font(ImFontAtlas& atlas, const char* path, float pixel_size);

// Light, high-contrast style meant for a public-sector audience.
void apply_style();

} // namespace einblick::client::views
