#pragma once
// Responsive layout decisions, as pure functions of widths in CSS pixels (the canvas is sized
// in CSS pixels and ImGui lays out in them, so browser zoom and a narrow phone both arrive
// here as a smaller width). The ui:: wrappers and the views ask these, never a width of their
// own: one place decides when the page goes to one column, when a table becomes stacked cards,
// and where text may break.

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace einblick::client::views::layout {

// Widths are measured in ems (the UI font's size), so a larger font moves the breakpoint with it.
// Below this content width the page has one column: the header and navigation fold into a
// menu, side-by-side fields stack, a detail opens as its own view instead of beside its list.
inline constexpr float narrow_below_em = 44.0F;
// A table column needs at least this much to show a long word or a date ("30.11.2026, 19:07")
// without breaking it; a table whose columns cannot all have it is drawn as stacked cards.
inline constexpr float min_column_em = 9.5F;

// A stretching column below this share (its cell padding included) would break its words: a
// status such as "widerrufen", a date with its comma ("03.12.2026,").
inline constexpr float min_stretch_column_em = 7.0F;

bool is_narrow(float content_width, float em);
bool table_fits(int columns, float available_width, float em);

// A table column as set up: a fixed width in pixels, or a weight of the width left over.
struct ColumnSpec {
    float fixed_width = 0.0F; // > 0: fixed
    float weight = 0.0F;      // stretching; 0 counts as 1
};
// table_fits for these columns, and every stretching column's share of what the fixed ones
// leave is at least min_stretch_column_em.
bool columns_fit(std::span<const ColumnSpec> columns, float available_width, float em);
// Whether items of these widths fit on one line with `spacing` between them.
bool fits_in_row(std::span<const float> widths, float spacing, float available_width);

// One line of wrapped text: [begin, end) byte offsets into the text, without the space the
// line was broken at.
struct Line {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool operator==(const Line&) const = default;
};
// Breaks `text` into lines no wider than `max_width`, only at spaces and line feeds, so a
// date ("30.11.2026"), a reference ("W-2026-0042") or a statute ("§ 35 StVG") never breaks
// inside. Only a single word wider than the whole line is broken, at the last character that
// fits (else it would run out of the view). `measure` gives the width of a piece of text.
std::vector<Line> wrap_words(std::string_view text, float max_width,
                             const std::function<float(std::string_view)>& measure);

} // namespace einblick::client::views::layout
