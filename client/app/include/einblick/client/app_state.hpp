#pragma once
// All state of the client in one explicit struct: views draw from it, the update functions in
// update.hpp change it. No static locals anywhere hold application state.
//
// [SECTION] Screen and login   [SECTION] Navigation   [SECTION] AppState
// Per-feature state: citizen_state.hpp, dpo_state.hpp, agency_state.hpp.

#include "einblick/client/agency_state.hpp"
#include "einblick/client/citizen_state.hpp"
#include "einblick/client/dpo_state.hpp"
#include "einblick/client/route.hpp"
#include "einblick/client/state_common.hpp"
#include "einblick/shared/api_dashboard.hpp"
#include "einblick/shared/api_registry.hpp"
#include "einblick/shared/api_types.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace einblick::client {

// [SECTION] Screen and login

enum class Screen {
    Starting, // asking the server whether the session cookie is still valid
    Login,
    Dashboard, // logged in: the pages of the role (AppState::page)
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

// [SECTION] Navigation

// The pages a role has, in menu order; the first is where the role starts.
std::span<const Page> pages_for_role(api::Role role);
bool page_allowed(api::Role role, Page page);
// "Übersicht", "Zugriffe", … (or English).
const char* page_title(Page page, Language language);

// Who was logged in when the session expired. If the same account logs in again, the pages,
// forms and drafts are kept as they were; anyone else starts afresh.
struct ExpiredSession {
    std::string username;
    api::Role role = api::Role::Citizen;
    Route route; // where they were: the address on the login, opened again for them only
};

// [SECTION] AppState

struct AppState {
    Screen screen = Screen::Starting;
    std::optional<api::SessionInfo> session;
    LoginState login;
    bool logging_out = false;
    // Bumped whenever the session changes (login, logout, expiry). Answers to requests made
    // under an older epoch are dropped, so a page that arrives after logout is never shown.
    std::uint64_t session_epoch = 0;
    std::optional<ExpiredSession> expired;

    Language language = Language::German;
    Page page = Page::Overview;
    // A link opened before the login (also Back or Forward on the login screen): applied
    // after it, whoever logs in.
    std::optional<Route> pending_route;
    // Why a link did not show what it named ("not available to you", "not found"), German;
    // cleared by the next navigation.
    std::optional<std::string> route_notice;
    // The time of the current frame (set by App before each update), for "last 30 days",
    // deadlines and default dates. Update functions never read a clock themselves.
    UnixMillis now = 0;

    // Shared by the roles: the purpose registry as the server shows it to this role (citizens:
    // approved purposes; DPOs and agency staff: every version of the purposes they cover).
    Remote<std::vector<api::Purpose>> purposes;
    Remote<api::Vocabulary> vocabulary;
    // The registry page's search text (agency, purpose, legal basis, data), edited in place.
    std::string registry_search;

    HistoryState history; // the citizen's access history
    CitizenState citizen;
    DpoState dpo;
    AgencyState agency;
};

} // namespace einblick::client
