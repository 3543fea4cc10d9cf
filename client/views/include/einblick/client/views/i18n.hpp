#pragma once
// German first, English as a switch: every text a view shows is written as tr(state, de, en),
// so both languages sit side by side where the text is used. Dates, times and numbers stay in
// German format in both languages (the issue asks for German formats).

#include "einblick/client/app_state.hpp"

#include <string>
#include <string_view>

namespace einblick::client::views {

inline const char* tr(Language language, const char* de, const char* en) {
    return language == Language::English ? en : de;
}
inline const char* tr(const AppState& state, const char* de, const char* en) {
    return tr(state.language, de, en);
}

// A message the app layer put into the state (always German) in the chosen language. Texts
// from the server (problem details) are not in the catalogue and stay as they came.
std::string localized(Language language, std::string_view german);
inline std::string localized(const AppState& state, std::string_view german) {
    return localized(state.language, german);
}

// A form field's error in the chosen language: through the catalogue; in English, a server's
// sentence the catalogue does not know gives way to a sentence for the server's rule name,
// so the person does not read German in an English form.
std::string localized(const AppState& state, const FieldError& error);

// 1234567 -> "1.234.567" (German thousands separator).
std::string format_count(long long value);

// The forms of a text that names a count; "{}" stands for the number (written by
// format_count). German and English both take the singular for exactly one and the plural for
// everything else, 0 included ("0 Zugriffe", "0 accesses"); `zero`, when given, replaces the
// plural for 0 where a sentence reads better without the number ("Kein Abruf wurde abgewiesen").
struct PluralForms {
    const char* one;
    const char* other;
    const char* zero = nullptr;
};

// Every text in the client that puts a number beside a noun goes through here, so that no view
// writes "1 Zugriffe" again: plural(state, n, {"{} Zugriff", "{} Zugriffe"}, {"{} access",
// "{} accesses"}).
std::string plural(Language language, long long count, const PluralForms& german,
                   const PluralForms& english);
inline std::string plural(const AppState& state, long long count, const PluralForms& german,
                          const PluralForms& english) {
    return plural(state.language, count, german, english);
}

} // namespace einblick::client::views
