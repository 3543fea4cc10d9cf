#pragma once
// All state of the client in one explicit struct: views draw from it, the update functions in
// update.hpp change it. No static locals anywhere hold application state.

#include "einblick/shared/api_types.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace einblick::client {

enum class Screen {
    Starting, // asking the server whether the session cookie is still valid
    Login,
    History,
};

enum class LoginFocus { None, Username, Password };

struct LoginState {
    // Fixed buffers because ImGui edits text in place; 256 bytes is far beyond any username or
    // password the server accepts.
    std::array<char, 256> username{};
    std::array<char, 256> password{};
    bool submitting = false;
    std::optional<std::string> error;  // why the last attempt failed, in German
    std::optional<std::string> notice; // neutral information, e.g. "Sie wurden abgemeldet."
    // Where the keyboard cursor goes in the next frame: the username at first, the password
    // after a failed attempt (selected, so that typing replaces it). The view resets it.
    LoginFocus focus = LoginFocus::Username;
};

// One access event, formatted once when it arrives rather than in every frame.
struct EventRow {
    std::string id;
    std::string occurred_at; // "28.11.2026, 19:07", Europe/Berlin
    std::string agency_code;
    std::string agency_name;
    std::string purpose;
    std::string legal_basis;
    std::string data_categories; // German labels, comma separated
    // Empty for an access that took place; for an access check the agency was refused, why
    // ("Abruf abgelehnt: Zweck nicht genehmigt"), so it is never mistaken for an access.
    std::string refusal;
};

enum class LoadPhase {
    Loading, // first page requested, nothing to show yet
    Ready,
    Failed, // first page failed: error state with a retry button
};

struct HistoryState {
    LoadPhase phase = LoadPhase::Loading;
    std::vector<EventRow> rows;
    std::optional<std::string> next_cursor; // set while the server has more pages
    bool loading_more = false;
    std::optional<std::string> error; // of the first page (phase Failed) or of "load more"
};

struct AppState {
    Screen screen = Screen::Starting;
    std::optional<api::SessionInfo> session;
    LoginState login;
    HistoryState history;
    bool logging_out = false;
    // Bumped whenever the session changes (login, logout, expiry). Answers to requests made
    // under an older epoch are dropped, so a page that arrives after logout is never shown.
    std::uint64_t session_epoch = 0;
};

} // namespace einblick::client
