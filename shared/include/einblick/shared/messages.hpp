#pragma once
// The server writes its messages (problem titles and details, field errors) in German, the
// source language. One catalogue gives their English text, keyed by the German text as
// gettext keys by the source: the server answers in English to a caller that asks for it
// (Accept-Language), and the client shows a German message it holds in English after the
// language switch, without asking the server again.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace einblick {

// A German text and its English. "{}" marks a part that varies (a number, a name, a code);
// the parts fill the English "{}" in the same order. Limits are holes, never written out: the
// code that writes the message formats them from api::limits.
struct MessageTemplate {
    std::string_view german;
    std::string_view english;
};

// The English text of a German server message, nullopt when the catalogue lacks it. Numbers,
// names and codes in the message fill the places of its template in order: "Darf höchstens
// 200 Zeichen lang sein." -> "Must be at most 200 characters long.".
std::optional<std::string> english_message(std::string_view german);
// The same with another catalogue (the client's own messages): the first template `german`
// fits gives the English.
std::optional<std::string> english_message(std::span<const MessageTemplate> catalogue,
                                           std::string_view german);

// Whether an Accept-Language header (RFC 9110) prefers English to German: the language range
// with the highest q-value among "en…" and "de…" wins, the earlier one on a tie. No header,
// or neither language in it, means German, the source language.
bool prefers_english(std::string_view accept_language);

} // namespace einblick
