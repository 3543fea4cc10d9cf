#pragma once
// German first, English as a switch: every text a view shows is written as tr(state, de, en),
// so both languages sit side by side where the text is used. Dates, times and numbers stay in
// German format in both languages (the issue asks for German formats).

#include "einblick/client/app_state.hpp"

#include <string>

namespace einblick::client::views {

inline const char* tr(Language language, const char* de, const char* en) {
    return language == Language::English ? en : de;
}
inline const char* tr(const AppState& state, const char* de, const char* en) {
    return tr(state.language, de, en);
}

// 1234567 -> "1.234.567" (German thousands separator).
std::string format_count(long long value);

} // namespace einblick::client::views
