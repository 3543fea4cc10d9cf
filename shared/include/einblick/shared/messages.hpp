#pragma once
// The server writes its messages (problem titles and details, field errors) in German, the
// source language. One catalogue gives their English text, keyed by the German text as
// gettext keys by the source: the server answers in English to a caller that asks for it
// (Accept-Language), and the client shows a German message it holds in English after the
// language switch, without asking the server again.

#include <optional>
#include <string>
#include <string_view>

namespace einblick {

// The English text of a German server message, nullopt when the catalogue lacks it. Numbers,
// names and codes in the message fill the places of its template in order: "Darf höchstens
// 200 Zeichen lang sein." -> "Must be at most 200 characters long.".
std::optional<std::string> english_message(std::string_view german);

// Whether an Accept-Language header (RFC 9110) prefers English to German: the language range
// with the highest q-value among "en…" and "de…" wins, the earlier one on a tie. No header,
// or neither language in it, means German, the source language.
bool prefers_english(std::string_view accept_language);

} // namespace einblick
