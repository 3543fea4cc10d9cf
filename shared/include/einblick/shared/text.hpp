#pragma once
// Text measures as people count them: limits in the API are in characters, not bytes.

#include <cstddef>
#include <string_view>

namespace einblick {

// The number of Unicode code points in valid UTF-8 (JSON input is validated by the parser).
inline std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text) {
        // Count every byte except continuation bytes (10xxxxxx).
        count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    }
    return count;
}

// True when the text has nothing but spaces, tabs and line breaks.
inline bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

} // namespace einblick
