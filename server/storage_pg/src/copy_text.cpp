#include <charconv>
#include <einblick/server/pg/copy_text.hpp>

namespace einblick::server::pg::copy_text {

void null(std::string& row) {
    row += "\\N";
}

void text(std::string& row, std::string_view value) {
    std::size_t plain = 0; // the start of the characters not yet appended
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char* escaped = nullptr;
        switch (value[i]) {
        case '\\':
            escaped = "\\\\";
            break;
        case '\t':
            escaped = "\\t";
            break;
        case '\n':
            escaped = "\\n";
            break;
        case '\r':
            escaped = "\\r";
            break;
        default:
            continue;
        }
        row.append(value.substr(plain, i - plain));
        row += escaped;
        plain = i + 1;
    }
    row.append(value.substr(plain));
}

void bytea(std::string& row, std::span<const std::uint8_t> value) {
    static constexpr char digits[] = "0123456789abcdef";
    row += "\\\\x";
    for (const std::uint8_t byte : value) {
        row += digits[byte >> 4];
        row += digits[byte & 15];
    }
}

void integer(std::string& row, std::int64_t value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    row.append(digits, end);
}

void boolean(std::string& row, bool value) {
    row += value ? 't' : 'f';
}

} // namespace einblick::server::pg::copy_text
