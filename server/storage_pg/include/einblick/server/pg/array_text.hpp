#pragma once
// A one-dimensional array parameter in PostgreSQL's array input form (the manual, "Arrays",
// "Array Value Input"), for statements that take a whole batch of rows in one round trip:
//
//     pg::ArrayText seqs, names;
//     seqs.integer(7).integer(8);
//     names.text("Müller, \"Hans\"").null();
//     c.execute("INSERT INTO t (seq, name) SELECT * FROM unnest($1::bigint[], $2::text[])",
//               {seqs.str(), names.str()});
//
// Every element but NULL is written in double quotes, with its backslashes and double quotes
// escaped, so that no value (commas, braces, spaces, the word NULL) is ever read as syntax.
// bytea goes in its hex form (\x…) inside the quotes; the statement casts to bytea[].

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace einblick::server::pg {

class ArrayText {
public:
    ArrayText& text(std::string_view value);
    ArrayText& integer(std::int64_t value);
    ArrayText& bytea(std::span<const std::uint8_t> value);
    ArrayText& null();
    // The value, or NULL without one.
    ArrayText& optional_text(const std::optional<std::string>& value) {
        return value ? text(*value) : null();
    }
    ArrayText& optional_integer(const std::optional<std::int64_t>& value) {
        return value ? integer(*value) : null();
    }

    std::size_t size() const { return size_; }
    // The array, {…}.
    std::string str() const { return body_ + "}"; }

private:
    void separate();

    std::string body_ = "{";
    std::size_t size_ = 0;
};

} // namespace einblick::server::pg
