// State transitions of the whole client: App + update functions + API client over a fake
// transport, frame by frame (begin_frame applies what the "network" answered in between).
#include "einblick/client/app.hpp"
#include "einblick/client/test_snapshot.hpp"
#include "fake_transport.hpp"

#include <cstring>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <string>

using namespace einblick::client;
namespace t = einblick::client::testing;

namespace {

template <std::size_t N> void type_into(std::array<char, N>& field, const char* text) {
    field.fill('\0');
    std::strncpy(field.data(), text, N - 1);
}

std::string text_of(const std::array<char, 256>& field) {
    return field.data();
}

std::vector<std::string> events(int from, int count) {
    std::vector<std::string> out;
    for (int i = from; i < from + count; ++i) {
        out.push_back(t::event_json("e" + std::to_string(i), "2026-11-28T18:07:00Z"));
    }
    return out;
}

// Starts the app and answers the session check with 401: the login screen.
void start_at_login(App& app, t::FakeTransport& net) {
    app.start();
    CHECK(app.state().screen == Screen::Starting);
    REQUIRE(net.pending() == 1);
    net.respond(401, t::problem_json(401, "Nicht angemeldet", "Bitte anmelden."));
    CHECK(app.state().screen == Screen::Starting); // applied only at the next frame
    app.begin_frame();
    REQUIRE(app.state().screen == Screen::Login);
}

void log_in(App& app, t::FakeTransport& net) {
    type_into(app.state().login.username, "erika");
    type_into(app.state().login.password, "Einblick-Demo-2026");
    app.dispatch(intent::SubmitLogin{});
    REQUIRE(net.pending() == 1);
    net.respond(201, t::session_json());
    app.begin_frame();
}

} // namespace

TEST_CASE("login, history, next page, logout") {
    t::FakeTransport net;
    App app(net);
    start_at_login(app, net);
    CHECK_FALSE(app.state().login.error.has_value()); // no session is not an error

    log_in(app, net);
    const AppState& state = app.state();
    REQUIRE(state.screen == Screen::History);
    CHECK(state.session->display_name == "Erika Mustermann");
    CHECK(text_of(state.login.password).empty()); // not kept once the session exists
    CHECK(state.history.phase == LoadPhase::Loading);
    REQUIRE(net.pending() == 1);
    CHECK(net.request().path == "/api/v1/me/access-events?limit=50");

    net.respond(200, t::page_json(events(0, 50), "c50"));
    app.begin_frame();
    CHECK(state.history.phase == LoadPhase::Ready);
    CHECK(state.history.rows.size() == 50);
    CHECK(state.history.rows[0].occurred_at == "28.11.2026, 19:07");
    CHECK(state.history.rows[0].data_categories == "Anschrift, Einkommen");
    CHECK(state.history.next_cursor == std::optional<std::string>("c50"));

    app.dispatch(intent::LoadMore{});
    CHECK(state.history.loading_more);
    app.dispatch(intent::LoadMore{}); // a second click while loading does nothing
    REQUIRE(net.pending() == 1);
    CHECK(net.request().path == "/api/v1/me/access-events?limit=50&cursor=c50");
    net.respond(200, t::page_json(events(50, 10)));
    app.begin_frame();
    CHECK_FALSE(state.history.loading_more);
    CHECK(state.history.rows.size() == 60);
    CHECK(state.history.rows[50].id == "e50");
    CHECK_FALSE(state.history.next_cursor.has_value());

    app.dispatch(intent::Logout{});
    CHECK(state.screen == Screen::Login); // the data leaves the screen at once
    CHECK(state.history.rows.empty());
    CHECK_FALSE(state.session.has_value());
    REQUIRE(net.pending() == 1);
    CHECK(net.request().method == "DELETE");
    net.respond(204, "", "");
    app.begin_frame();
    CHECK(state.login.notice == std::optional<std::string>("Sie wurden abgemeldet."));
    CHECK(text_of(state.login.username) == "erika");
}

TEST_CASE("a valid session cookie skips the login screen") {
    t::FakeTransport net;
    App app(net);
    app.start();
    net.respond(200, t::session_json());
    app.begin_frame();
    CHECK(app.state().screen == Screen::History);
    CHECK(net.pending() == 1); // the first page is already on its way
}

TEST_CASE("a failed login keeps what was typed and shows the reason") {
    t::FakeTransport net;
    App app(net);
    start_at_login(app, net);
    type_into(app.state().login.username, "erika");
    type_into(app.state().login.password, "falsch");
    app.dispatch(intent::SubmitLogin{});
    CHECK(app.state().login.submitting);
    app.dispatch(intent::SubmitLogin{}); // Enter pressed twice: still one request
    REQUIRE(net.pending() == 1);
    net.respond(401, t::problem_json(401, "Anmeldung fehlgeschlagen",
                                     "Benutzername oder Passwort ist falsch."));
    app.begin_frame();
    const LoginState& login = app.state().login;
    CHECK(app.state().screen == Screen::Login);
    CHECK_FALSE(login.submitting);
    CHECK(login.error == std::optional<std::string>("Benutzername oder Passwort ist falsch."));
    CHECK(text_of(login.username) == "erika");
    CHECK(text_of(login.password) == "falsch");
    CHECK(login.focus == LoginFocus::Password);
    CHECK(net.pending() == 0); // no stray request
}

TEST_CASE("empty fields are caught before any request") {
    t::FakeTransport net;
    App app(net);
    start_at_login(app, net);
    app.dispatch(intent::SubmitLogin{});
    CHECK(net.pending() == 0);
    CHECK(app.state().login.error ==
          std::optional<std::string>("Bitte geben Sie Ihren Benutzernamen ein."));
    type_into(app.state().login.username, "erika");
    app.dispatch(intent::SubmitLogin{});
    CHECK(net.pending() == 0);
    CHECK(app.state().login.error ==
          std::optional<std::string>("Bitte geben Sie Ihr Passwort ein."));
}

TEST_CASE("network failure on the first page, then retry") {
    t::FakeTransport net;
    App app(net);
    start_at_login(app, net);
    log_in(app, net);
    net.fail_network();
    app.begin_frame();
    const HistoryState& history = app.state().history;
    CHECK(history.phase == LoadPhase::Failed);
    REQUIRE(history.error.has_value());

    app.dispatch(intent::RetryLoad{});
    CHECK(history.phase == LoadPhase::Loading);
    CHECK_FALSE(history.error.has_value());
    net.respond(200, t::page_json({}));
    app.begin_frame();
    CHECK(history.phase == LoadPhase::Ready);
    CHECK(history.rows.empty()); // the empty state
}

TEST_CASE("a failed next page keeps the rows and can be retried") {
    t::FakeTransport net;
    App app(net);
    start_at_login(app, net);
    log_in(app, net);
    net.respond(200, t::page_json(events(0, 50), "c50"));
    app.begin_frame();
    app.dispatch(intent::LoadMore{});
    net.respond(503, t::problem_json(503, "Nicht verfügbar", "Wartung."));
    app.begin_frame();
    const HistoryState& history = app.state().history;
    CHECK(history.phase == LoadPhase::Ready);
    CHECK(history.rows.size() == 50);
    CHECK(history.error == std::optional<std::string>("Wartung."));
    app.dispatch(intent::LoadMore{});
    CHECK(net.request().path == "/api/v1/me/access-events?limit=50&cursor=c50");
}

TEST_CASE("an expired session while loading returns to the login screen") {
    t::FakeTransport net;
    App app(net);
    start_at_login(app, net);
    log_in(app, net);
    net.respond(401, t::problem_json(401, "Nicht angemeldet", "Kein Cookie."));
    app.begin_frame();
    CHECK(app.state().screen == Screen::Login);
    CHECK(app.state().login.error ==
          std::optional<std::string>(
              "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."));
}

TEST_CASE("a page that arrives after logout is dropped") {
    t::FakeTransport net;
    App app(net);
    start_at_login(app, net);
    log_in(app, net); // first page request now pending
    app.dispatch(intent::Logout{});
    REQUIRE(net.pending() == 2);
    net.respond(200, t::page_json(events(0, 5))); // the late page
    net.respond(204, "", "");
    app.begin_frame();
    CHECK(app.state().screen == Screen::Login);
    CHECK(app.state().history.rows.empty());
}

TEST_CASE("the test snapshot summarises the state without secrets") {
    t::FakeTransport net;
    App app(net);
    start_at_login(app, net);
    log_in(app, net);
    net.respond(200, t::page_json(events(0, 3), "next"));
    app.begin_frame();
    const auto snapshot = nlohmann::json::parse(test_snapshot_json(app.state()));
    CHECK(snapshot["screen"] == "history");
    CHECK(snapshot["loading"] == false);
    CHECK(snapshot["error"].is_null());
    CHECK(snapshot["rows"] == 3);
    CHECK(snapshot["has_more"] == true);
    CHECK(snapshot["first_row"]["occurred_at"] == "28.11.2026, 19:07");
    CHECK(snapshot["first_row"]["agency"] == "Bundesagentur für Arbeit");
    CHECK(snapshot.dump().find("Einblick-Demo-2026") == std::string::npos);
}

TEST_CASE("a refused access check is marked as such in its row") {
    einblick::api::AccessEvent event;
    event.occurred_at = 0;
    event.purpose = "Auskunft";
    event.data_categories = {"vehicle", "unknown_code"};
    CHECK(make_event_row(event).refusal.empty());
    CHECK(make_event_row(event).data_categories == "Fahrzeugdaten, unknown_code");
    CHECK(make_event_row(event).occurred_at == "01.01.1970, 01:00");
    event.kind = "check";
    event.outcome = "denied";
    event.reason = "purpose_not_approved";
    CHECK(make_event_row(event).refusal == "Abruf abgelehnt: Zweck nicht genehmigt");
}
