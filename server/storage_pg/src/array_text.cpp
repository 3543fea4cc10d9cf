#include <charconv>
#include <einblick/server/pg/array_text.hpp>

namespace einblick::server::pg {

void ArrayText::separate() {
    if (size_++ > 0) {
        body_ += ',';
    }
}

ArrayText& ArrayText::text(std::string_view value) {
    separate();
    body_ += '"';
    for (const char c : value) {
        if (c == '"' || c == '\\') {
            body_ += '\\';
        }
        body_ += c;
    }
    body_ += '"';
    return *this;
}

ArrayText& ArrayText::integer(std::int64_t value) {
    separate();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    body_.append(digits, end);
    return *this;
}

ArrayText& ArrayText::bytea(std::span<const std::uint8_t> value) {
    static constexpr char digits[] = "0123456789abcdef";
    separate();
    body_ += "\"\\\\x"; // the element \x…, its backslash escaped inside the quotes
    for (const std::uint8_t byte : value) {
        body_ += digits[byte >> 4];
        body_ += digits[byte & 15];
    }
    body_ += '"';
    return *this;
}

ArrayText& ArrayText::null() {
    separate();
    body_ += "NULL";
    return *this;
}

} // namespace einblick::server::pg
