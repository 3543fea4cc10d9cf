// The English of the server's messages: exact entries, templates with numbers and names in
// them, and which language a caller's Accept-Language asks for.
#include "../../shared/src/server_message_catalog.hpp"
#include "einblick/shared/messages.hpp"

#include <doctest/doctest.h>
#include <set>
#include <string>

using einblick::english_message;
using einblick::prefers_english;

namespace {

std::size_t holes(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t at = text.find("{}"); at != std::string_view::npos;
         at = text.find("{}", at + 2)) {
        ++count;
    }
    return count;
}

} // namespace

TEST_CASE("a message without variable parts is translated whole, an unknown one not at all") {
    CHECK(english_message("Muss eine Zeichenkette sein.") == "Must be a string.");
    CHECK_FALSE(english_message("Muss eine Zeichenkette sein").has_value()); // no full stop
    CHECK_FALSE(english_message("Ein Satz, den der Server nie schreibt.").has_value());
    CHECK_FALSE(english_message("").has_value());
}

TEST_CASE("a message with a number keeps the number in its place") {
    CHECK(english_message("Darf höchstens 200 Zeichen lang sein.") ==
          "Must be at most 200 characters long.");
    CHECK(english_message("Darf höchstens 2.000 Zeichen lang sein.") ==
          "Must be at most 2.000 characters long.");
    // The fixed text around the place must match exactly.
    CHECK_FALSE(english_message("Darf höchstens 200 Zeichen sein.").has_value());
    CHECK_FALSE(english_message("Darf höchstens  Zeichen lang sein.").has_value()); // empty
}

TEST_CASE("the catalogue: one entry per German text, the same places in both languages") {
    std::set<std::string_view> seen;
    std::size_t templates = 0;
    for (const einblick::detail::MessageEntry& entry : einblick::detail::server_message_catalog()) {
        INFO(entry.german);
        CHECK_FALSE(entry.german.empty());
        CHECK_FALSE(entry.english.empty());
        CHECK(entry.german != entry.english);
        CHECK(holes(entry.german) == holes(entry.english));
        CHECK(seen.insert(entry.german).second);
        templates += holes(entry.german) > 0 ? 1 : 0;
        // A template needs fixed text to match on.
        CHECK(entry.german.substr(0, 2) != "{}");
    }
    CHECK(seen.size() > 50);
    CHECK(templates > 5);
}

TEST_CASE("Accept-Language: the preferred of English and German, German by default") {
    CHECK(prefers_english("en"));
    CHECK(prefers_english("en-GB"));
    CHECK(prefers_english("EN-us,de;q=0.5"));
    CHECK(prefers_english("fr-FR, en;q=0.8, de;q=0.7"));
    CHECK(prefers_english("de;q=0.4, en;q=0.6"));
    CHECK_FALSE(prefers_english(""));
    CHECK_FALSE(prefers_english("de"));
    CHECK_FALSE(prefers_english("de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7"));
    CHECK_FALSE(prefers_english("en;q=0.5, de"));
    CHECK_FALSE(prefers_english("fr, it"));
    CHECK_FALSE(prefers_english("en;q=0")); // q=0: not acceptable
    CHECK_FALSE(prefers_english("de, en")); // a tie: the first
    CHECK_FALSE(prefers_english("en;q=banana, de;q=0.1"));
    CHECK_FALSE(prefers_english("*"));
    CHECK(prefers_english("de;q=0.899, en;q=0.9"));
    CHECK(prefers_english("de;q=0.5, en;q=1.000"));
    CHECK_FALSE(prefers_english("en;q=1.5, de;q=0.1")); // not a qvalue: not acceptable
    CHECK_FALSE(prefers_english("en;q=0,8, de;q=0.1")); // a decimal comma: q=0 and a stray "8"
}
