#pragma once
// Rows in COPY's text format, for Connection::copy_in (PostgreSQL's manual, COPY, "Text
// Format"): a row's fields separated by a tab and the row ended by a newline; NULL as \N; in a
// field, a backslash, tab, newline and carriage return written as \\, \t, \n and \r, so that
// neither separator ever stands inside a value. Each function appends one field; the caller
// writes the tabs and the newline between them.
//
//     pg::copy_text::integer(row, 7);
//     row += '\t';
//     pg::copy_text::text(row, "Zeile 1\nZeile 2");
//     row += '\n';

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace einblick::server::pg::copy_text {

void null(std::string& row);
// UTF-8 text, escaped. Also how any other type's input form goes in (jsonb, timestamp, …).
void text(std::string& row, std::string_view value);
// bytea's hex form (\x followed by two digits a byte), its backslash escaped for COPY.
void bytea(std::string& row, std::span<const std::uint8_t> value);
void integer(std::string& row, std::int64_t value);
void boolean(std::string& row, bool value);

} // namespace einblick::server::pg::copy_text
