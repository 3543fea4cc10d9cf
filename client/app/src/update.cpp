// Session and navigation: start, login, logout, session expiry (forms survive a re-login),
// the pages per role, dispatching to the features' update files, the shared registry and
// vocabulary loads.
#include "einblick/client/update.hpp"

#include "update_internal.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <type_traits>
#include <utility>

namespace einblick::client {
namespace {

constexpr const char* text_missing_username = "Bitte geben Sie Ihren Benutzernamen ein.";
constexpr const char* text_missing_password = "Bitte geben Sie Ihr Passwort ein.";
constexpr const char* text_logged_out = "Sie wurden abgemeldet.";
constexpr const char* text_logout_unconfirmed =
    "Die Abmeldung konnte vom Server nicht bestätigt werden. Schließen Sie zur Sicherheit das "
    "Browserfenster.";
constexpr const char* text_session_expired =
    "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an. Ihre Eingaben bleiben "
    "erhalten.";

template <std::size_t N> void wipe(std::array<char, N>& buffer) {
    // Not std::fill: the intent is to leave no trace of the secret in the buffer.
    std::memset(buffer.data(), 0, buffer.size());
}

template <std::size_t N> std::string text_of(const std::array<char, N>& buffer) {
    const auto end = std::find(buffer.begin(), buffer.end(), '\0');
    return std::string(buffer.begin(), end);
}

template <std::size_t N> void set_text(std::array<char, N>& buffer, const std::string& text) {
    wipe(buffer);
    std::memcpy(buffer.data(), text.data(), std::min(text.size(), N - 1));
}

void request_focus(LoginState& login) {
    login.focus = login.username[0] == '\0' ? LoginFocus::Username : LoginFocus::Password;
}

// Everything a session loaded or typed: gone on logout and when someone else logs in.
void reset_dashboard(AppState& state) {
    state.history = HistoryState{};
    state.citizen = CitizenState{};
    state.dpo = DpoState{};
    state.agency = AgencyState{};
    state.purposes = {};
    state.vocabulary = {};
    state.registry_search.clear();
    state.expired.reset();
    state.route_notice.reset();
}

// After an expiry only what the person typed stays (forms, drafts, filters, the page);
// loaded data is fetched again after the re-login.
void forget_loaded_data(AppState& state) {
    HistoryState history;
    history.filter_form = std::move(state.history.filter_form);
    history.applied = std::move(state.history.applied);
    history.query = std::move(state.history.query);
    history.sort = state.history.sort;
    state.history = std::move(history);
    CitizenState& citizen = state.citizen;
    citizen.overview = OverviewState{};
    citizen.monthly = {};
    citizen.consents = ConsentsState{};
    citizen.objections = ObjectionsState{};
    state.dpo.queue = {};
    state.dpo.open_case.objection = {};
    state.dpo.volume = {};
    state.agency.api_keys.list = {};
    state.agency.api_keys.created.reset();
    state.purposes = {};
    state.vocabulary = {};
}

void show_login(AppState& state) {
    state.screen = Screen::Login;
    state.session.reset();
    state.login.submitting = false;
    request_focus(state.login);
    ++state.session_epoch;
}

// Whatever the 401 said: the person needs to know that logging in again keeps their input.
void session_expired(AppState& state) {
    if (state.session) {
        // The address stays as it was; the same account gets its place back after the login.
        state.expired =
            ExpiredSession{state.session->username, state.session->role, route_of(state)};
        if (state.login.username[0] == '\0') {
            set_text(state.login.username, state.session->username);
        }
    }
    release_submits(state);
    forget_loaded_data(state);
    show_login(state);
    state.login.error = text_session_expired;
}

Commands enter_dashboard(AppState& state, api::SessionInfo session) {
    const bool resume = state.expired && state.expired->username == session.username &&
                        state.expired->role == session.role;
    if (resume && !state.pending_route) {
        state.pending_route = state.expired->route; // the open detail, fetched again
    }
    if (!resume) {
        reset_dashboard(state);
        state.page = pages_for_role(session.role).front();
        if (state.pending_route) {
            // Load the linked page right away rather than the start page first.
            state.page =
                page_for_segment(state.pending_route->page, session.role).value_or(state.page);
        }
    }
    state.expired.reset();
    state.screen = Screen::Dashboard;
    state.session = std::move(session);
    ++state.session_epoch;
    Commands out;
    if (state.session->role == api::Role::Citizen && state.page != Page::History) {
        // The history is the heart of the cockpit; its first page is always on its way.
        out = load_history_first_page(state);
    }
    // A link opened before the login: now its page, filters and detail, loaded once.
    Commands page = state.pending_route
                        ? apply_route(state, *std::exchange(state.pending_route, std::nullopt))
                        : load_page(state, state.page);
    out.insert(out.end(), page.begin(), page.end());
    return out;
}

Commands submit_login(AppState& state) {
    LoginState& login = state.login;
    if (login.submitting || state.screen != Screen::Login) {
        return {};
    }
    api::LoginRequest request{text_of(login.username), text_of(login.password)};
    login.notice.reset();
    if (request.username.empty() || request.password.empty()) {
        login.error = request.username.empty() ? text_missing_username : text_missing_password;
        request_focus(login);
        return {};
    }
    login.error.reset();
    login.submitting = true;
    return {command::Login{std::move(request)}};
}

Commands logout(AppState& state) {
    if (state.screen != Screen::Dashboard || state.logging_out) {
        return {};
    }
    // The data leaves the screen at once; the server's confirmation only decides the notice.
    show_login(state);
    reset_dashboard(state);
    state.pending_route.reset();
    state.logging_out = true;
    state.login.error.reset();
    state.login.notice.reset();
    wipe(state.login.password);
    return {command::Logout{}};
}

} // namespace

Commands navigate(AppState& state, Page page) {
    if (state.screen != Screen::Dashboard || !state.session ||
        !page_allowed(state.session->role, page)) {
        return {};
    }
    if (page != state.page) {
        leave_page(state, state.page);
    }
    state.page = page;
    state.route_notice.reset();
    return load_page(state, page);
}

namespace {

Commands retry_load(AppState& state) {
    if (state.screen != Screen::Dashboard) {
        return {};
    }
    // The history's first page is retried from any page: the views show it in several places.
    Commands out;
    if (state.history.phase == LoadPhase::Failed) {
        out = load_history_first_page(state);
    }
    if (state.page != Page::History) {
        Commands page = load_page(state, state.page);
        out.insert(out.end(), page.begin(), page.end());
    }
    return out;
}

Commands session_restored(AppState& state, const Result<api::SessionInfo>& result) {
    if (state.screen != Screen::Starting) {
        return {};
    }
    if (result.ok()) {
        return enter_dashboard(state, result.value());
    }
    show_login(state);
    // No session is the normal case after a fresh start and needs no message.
    if (result.status() != ApiStatus::Unauthorized) {
        state.login.error = result.error();
    }
    return {};
}

Commands login_finished(AppState& state, const Result<api::SessionInfo>& result) {
    state.login.submitting = false;
    if (!result.ok()) {
        // Keep both fields as typed so that a typo can be fixed rather than retyped.
        state.login.error = result.error();
        request_focus(state.login);
        return {};
    }
    state.login.error.reset();
    wipe(state.login.password); // the password is not needed any more once the session exists
    return enter_dashboard(state, result.value());
}

Commands logged_out(AppState& state, const Result<Done>& result) {
    state.logging_out = false;
    if (state.screen == Screen::Login) {
        state.login.notice = result.ok() ? text_logged_out : text_logout_unconfirmed;
    }
    return {};
}

// The status of any message's result, for the one place that handles an expired session.
ApiStatus status_of(const ApiMessage& message) {
    return std::visit(
        [](const auto& m) -> ApiStatus {
            using M = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<M, CitizenMessage> || std::is_same_v<M, DpoMessage> ||
                          std::is_same_v<M, AgencyMessage>) {
                return std::visit([](const auto& inner) { return inner.result.status(); }, m);
            } else {
                return m.result.status();
            }
        },
        message);
}

bool is_session_message(const ApiMessage& message) {
    return std::holds_alternative<message::SessionRestored>(message) ||
           std::holds_alternative<message::LoginFinished>(message) ||
           std::holds_alternative<message::LoggedOut>(message);
}

Commands purposes_loaded(AppState& state, const message::PurposesLoaded& loaded) {
    finish_load(state.purposes, loaded.result,
                [](const api::ItemList<api::Purpose>& list) { return list.items; });
    return {};
}

} // namespace

Commands start(AppState& state) {
    const UnixMillis now = state.now;
    state = AppState{};
    state.now = now;
    state.screen = Screen::Starting;
    return {command::RestoreSession{}};
}

Commands on_intent(AppState& state, const Intent& intent) {
    return std::visit(Overloaded{
                          [&](const intent::SubmitLogin&) { return submit_login(state); },
                          [&](const intent::RetryLoad&) { return retry_load(state); },
                          [&](const intent::LoadMore&) { return history_load_more(state); },
                          [&](const intent::Logout&) { return logout(state); },
                          [&](const intent::Navigate& i) { return navigate(state, i.page); },
                          [&](const intent::SetLanguage& i) {
                              state.language = i.language;
                              return Commands{};
                          },
                          [&](const intent::ApplyRoute& i) { return apply_route(state, i.route); },
                          [&](const CitizenIntent& i) { return on_citizen_intent(state, i); },
                          [&](const DpoIntent& i) { return on_dpo_intent(state, i); },
                          [&](const AgencyIntent& i) { return on_agency_intent(state, i); },
                      },
                      intent);
}

Commands on_message(AppState& state, std::uint64_t epoch, const ApiMessage& message) {
    // Logging out is confirmed whatever happened since; everything else belongs to the
    // session it was requested in and is dropped once that session is over.
    if (const auto* out = std::get_if<message::LoggedOut>(&message)) {
        return logged_out(state, out->result);
    }
    if (epoch != state.session_epoch) {
        return {};
    }
    // Any request of a session may find it expired: back to the login, forms kept.
    if (!is_session_message(message) && status_of(message) == ApiStatus::Unauthorized) {
        session_expired(state);
        return {};
    }
    return std::visit(
        Overloaded{
            [&](const message::SessionRestored& m) { return session_restored(state, m.result); },
            [&](const message::LoginFinished& m) { return login_finished(state, m.result); },
            [&](const message::EventsLoaded& m) { return history_events_loaded(state, m); },
            [&](const message::LoggedOut& m) { return logged_out(state, m.result); },
            [&](const message::PurposesLoaded& m) { return purposes_loaded(state, m); },
            [&](const message::VocabularyLoaded& m) {
                finish_load(state.vocabulary, m.result);
                return Commands{};
            },
            [&](const message::LogVerified& m) { return log_verified(state, m); },
            [&](const CitizenMessage& m) { return on_citizen_message(state, m); },
            [&](const DpoMessage& m) { return on_dpo_message(state, m); },
            [&](const AgencyMessage& m) { return on_agency_message(state, m); },
        },
        message);
}

} // namespace einblick::client
