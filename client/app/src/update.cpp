#include "einblick/client/update.hpp"

#include "einblick/shared/civil_time.hpp"
#include "einblick/shared/vocabulary.hpp"

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

template <class... Fs> struct Overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> Overloaded(Fs...) -> Overloaded<Fs...>;

template <std::size_t N> void wipe(std::array<char, N>& buffer) {
    // Not std::fill: the intent is to leave no trace of the secret in the buffer.
    std::memset(buffer.data(), 0, buffer.size());
}

template <std::size_t N> std::string text_of(const std::array<char, N>& buffer) {
    const auto end = std::find(buffer.begin(), buffer.end(), '\0');
    return std::string(buffer.begin(), end);
}

void request_focus(LoginState& login) {
    login.focus = login.username[0] == '\0' ? LoginFocus::Username : LoginFocus::Password;
}

void show_login(AppState& state) {
    state.screen = Screen::Login;
    state.session.reset();
    state.history = HistoryState{};
    state.login.submitting = false;
    request_focus(state.login);
    ++state.session_epoch;
}

Commands enter_history(AppState& state, api::SessionInfo session) {
    state.screen = Screen::History;
    state.session = std::move(session);
    state.history = HistoryState{};
    state.history.phase = LoadPhase::Loading;
    ++state.session_epoch;
    return {command::LoadEvents{}};
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

Commands load_more(AppState& state) {
    HistoryState& history = state.history;
    if (state.screen != Screen::History || history.phase != LoadPhase::Ready ||
        history.loading_more || !history.next_cursor) {
        return {};
    }
    history.loading_more = true;
    history.error.reset();
    return {command::LoadEvents{history.next_cursor}};
}

Commands retry_load(AppState& state) {
    if (state.screen != Screen::History || state.history.phase != LoadPhase::Failed) {
        return {};
    }
    state.history.phase = LoadPhase::Loading;
    state.history.error.reset();
    return {command::LoadEvents{}};
}

Commands logout(AppState& state) {
    if (state.screen != Screen::History || state.logging_out) {
        return {};
    }
    // The data leaves the screen at once; the server's confirmation only decides the notice.
    show_login(state);
    state.logging_out = true;
    state.login.error.reset();
    state.login.notice.reset();
    wipe(state.login.password);
    return {command::Logout{}};
}

Commands session_restored(AppState& state, const Result<api::SessionInfo>& result) {
    if (state.screen != Screen::Starting) {
        return {};
    }
    if (result.ok()) {
        return enter_history(state, result.value());
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
    return enter_history(state, result.value());
}

Commands events_loaded(AppState& state, const message::EventsLoaded& loaded) {
    HistoryState& history = state.history;
    if (!loaded.first_page) {
        history.loading_more = false;
    }
    const auto& result = loaded.result;
    if (!result.ok()) {
        if (result.status() == ApiStatus::Unauthorized) {
            show_login(state);
            state.login.error = result.error();
            return {};
        }
        history.error = result.error();
        if (loaded.first_page) {
            history.phase = LoadPhase::Failed;
        }
        return {};
    }
    if (loaded.first_page) {
        history.rows.clear();
    }
    for (const api::AccessEvent& event : result.value().items) {
        history.rows.push_back(make_event_row(event));
    }
    history.next_cursor = result.value().next_cursor;
    history.phase = LoadPhase::Ready;
    history.error.reset();
    return {};
}

Commands logged_out(AppState& state, const Result<Done>& result) {
    state.logging_out = false;
    if (state.screen == Screen::Login) {
        state.login.notice = result.ok() ? text_logged_out : text_logout_unconfirmed;
    }
    return {};
}

} // namespace

EventRow make_event_row(const api::AccessEvent& event) {
    std::string categories;
    for (const std::string& code : event.data_categories) {
        if (!categories.empty()) {
            categories += ", ";
        }
        categories += data_category_label(code, Language::German);
    }
    std::string refusal;
    if (event.outcome == "denied") {
        refusal =
            "Abruf abgelehnt: " + access_decision_reason_label(event.reason, Language::German);
    }
    return EventRow{event.id,
                    format_german_date_time(event.occurred_at),
                    event.agency_code,
                    event.agency_name,
                    event.purpose,
                    event.legal_basis,
                    std::move(categories),
                    std::move(refusal)};
}

Commands start(AppState& state) {
    state = AppState{};
    state.screen = Screen::Starting;
    return {command::RestoreSession{}};
}

Commands on_intent(AppState& state, const Intent& intent) {
    return std::visit(Overloaded{
                          [&](const intent::SubmitLogin&) { return submit_login(state); },
                          [&](const intent::RetryLoad&) { return retry_load(state); },
                          [&](const intent::LoadMore&) { return load_more(state); },
                          [&](const intent::Logout&) { return logout(state); },
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
    return std::visit(
        Overloaded{
            [&](const message::SessionRestored& m) { return session_restored(state, m.result); },
            [&](const message::LoginFinished& m) { return login_finished(state, m.result); },
            [&](const message::EventsLoaded& m) { return events_loaded(state, m); },
            [&](const message::LoggedOut& m) { return logged_out(state, m.result); },
        },
        message);
}

} // namespace einblick::client
