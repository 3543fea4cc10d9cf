// Pure layout decisions (see layout.hpp); the ui:: wrappers feed them ImGui's widths.
#include "einblick/client/views/layout.hpp"

#include <numeric>

namespace einblick::client::views::layout {
namespace {

bool is_space(char c) {
    return c == ' ';
}

// UTF-8: a continuation byte never starts a character.
bool starts_character(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
}

// The longest prefix of text[begin, end) no wider than max_width, ending on a character
// boundary; at least one character, so the caller always moves on.
std::size_t fitting_end(std::string_view text, std::size_t begin, std::size_t end, float max_width,
                        const std::function<float(std::string_view)>& measure) {
    std::size_t best = begin;
    for (std::size_t at = begin + 1; at <= end; ++at) {
        if (at < end && !starts_character(text[at])) {
            continue;
        }
        if (measure(text.substr(begin, at - begin)) > max_width) {
            return best > begin ? best : at;
        }
        best = at;
    }
    return best;
}

// Wraps one paragraph (no line feed) starting at `begin`, appending its lines.
void wrap_paragraph(std::string_view text, std::size_t begin, std::size_t end, float max_width,
                    const std::function<float(std::string_view)>& measure,
                    std::vector<Line>& lines) {
    std::size_t line_begin = begin;
    while (true) {
        // Take whole words while the line still fits.
        std::size_t line_end = line_begin;
        std::size_t at = line_begin;
        while (at < end) {
            std::size_t word_end = at;
            while (word_end < end && !is_space(text[word_end])) {
                ++word_end;
            }
            if (line_end > line_begin &&
                measure(text.substr(line_begin, word_end - line_begin)) > max_width) {
                break;
            }
            if (line_end == line_begin &&
                measure(text.substr(line_begin, word_end - line_begin)) > max_width) {
                // A single word wider than the line: the only case that breaks inside.
                line_end = fitting_end(text, line_begin, word_end, max_width, measure);
                at = line_end;
                break;
            }
            line_end = word_end;
            at = word_end;
            while (at < end && is_space(text[at])) {
                ++at;
            }
        }
        lines.push_back(Line{line_begin, line_end});
        if (at >= end) {
            return;
        }
        line_begin = at;
    }
}

} // namespace

bool is_narrow(float content_width, float em) {
    return content_width < narrow_below_em * em;
}

bool table_fits(int columns, float available_width, float em) {
    return static_cast<float>(columns) * min_column_em * em <= available_width;
}

bool columns_fit(std::span<const ColumnSpec> columns, float available_width, float em) {
    if (!table_fits(static_cast<int>(columns.size()), available_width, em)) {
        return false;
    }
    float fixed = 0.0F;
    float weights = 0.0F;
    for (const ColumnSpec& column : columns) {
        fixed += column.fixed_width;
        weights += column.fixed_width > 0.0F ? 0.0F : (column.weight > 0.0F ? column.weight : 1.0F);
    }
    const float left = available_width - fixed;
    for (const ColumnSpec& column : columns) {
        if (column.fixed_width > 0.0F) {
            continue;
        }
        const float weight = column.weight > 0.0F ? column.weight : 1.0F;
        if (left * weight / weights < min_stretch_column_em * em) {
            return false;
        }
    }
    return true;
}

bool fits_in_row(std::span<const float> widths, float spacing, float available_width) {
    if (widths.empty()) {
        return true;
    }
    const float total = std::accumulate(widths.begin(), widths.end(), 0.0F) +
                        spacing * static_cast<float>(widths.size() - 1);
    return total <= available_width;
}

std::vector<Line> wrap_words(std::string_view text, float max_width,
                             const std::function<float(std::string_view)>& measure) {
    std::vector<Line> lines;
    std::size_t begin = 0;
    while (true) {
        const std::size_t feed = text.find('\n', begin);
        const std::size_t end = feed == std::string_view::npos ? text.size() : feed;
        wrap_paragraph(text, begin, end, max_width, measure, lines);
        if (feed == std::string_view::npos) {
            return lines;
        }
        begin = feed + 1;
    }
}

} // namespace einblick::client::views::layout
