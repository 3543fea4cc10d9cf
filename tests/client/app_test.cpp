// State transitions of the whole client: App + update functions + API client over a fake
// transport, frame by frame (begin_frame applies what the "network" answered in between).
// Session and history here; the pages of each role in citizen_test.cpp, dpo_test.cpp,
// agency_test.cpp, session_test.cpp.
#include "app_harness.hpp"
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

constexpr const char* history_path = "/api/v1/me/access-events?limit=50";

std::string text_of(const std::array<char, 256>& field) {
    return field.data();
}

std::vector<std::string> events(int from, int count) {
    std::vector<std::string> out;
    for (int i = from; i < from + count; ++i) {
        out.push_back(t::event_json(std::to_string(i + 1), "2026-11-28T18:07:00Z"));
    }
    return out;
}

} // namespace

TEST_CASE("login, history, next page, logout") {
    t::Harness h;
    h.start_at_login();
    CHECK_FALSE(h.state().login.error.has_value()); // no session is not an error

    h.log_in();
    const AppState& state = h.state();
    CHECK(state.session->display_name == "Erika Mustermann");
    CHECK(state.page == Page::Overview);
    CHECK(text_of(state.login.password).empty()); // not kept once the session exists
    CHECK(state.history.phase == LoadPhase::Loading);
    CHECK(h.net.request_to("/api/v1/me/access-events?limit=50").path == history_path);

    h.answer(history_path, 200, t::page_json(events(0, 50), "c50"));
    CHECK(state.history.phase == LoadPhase::Ready);
    CHECK(state.history.rows.size() == 50);
    CHECK(state.history.rows[0].occurred_at == "28.11.2026, 19:07");
    CHECK(state.history.rows[0].data_categories == "Anschrift, Einkommen");
    CHECK(state.history.next_cursor == std::optional<std::string>("c50"));

    h.dispatch(intent::LoadMore{});
    CHECK(state.history.loading_more);
    h.dispatch(intent::LoadMore{}); // a second click while loading does nothing
    CHECK(h.net.request_to(history_path).path == "/api/v1/me/access-events?limit=50&cursor=c50");
    h.answer(history_path, 200, t::page_json(events(50, 10)));
    CHECK_FALSE(state.history.loading_more);
    CHECK(state.history.rows.size() == 60);
    CHECK(state.history.rows[50].id == "51");
    CHECK_FALSE(state.history.next_cursor.has_value());
    CHECK_FALSE(h.net.has(history_path));

    h.dispatch(intent::Logout{});
    CHECK(state.screen == Screen::Login); // the data leaves the screen at once
    CHECK(state.history.rows.empty());
    CHECK_FALSE(state.session.has_value());
    h.answer("DELETE", "/api/v1/session", 204, "");
    CHECK(state.login.notice == std::optional<std::string>("Sie wurden abgemeldet."));
    CHECK(text_of(state.login.username) == "erika");
}

TEST_CASE("a valid session cookie skips the login screen") {
    t::Harness h;
    h.app.start();
    h.net.respond(200, t::session_json());
    h.app.begin_frame();
    CHECK(h.state().screen == Screen::Dashboard);
    CHECK(h.state().page == Page::Overview);
    CHECK(h.net.has(history_path)); // the first page is already on its way
}

TEST_CASE("a failed login keeps what was typed and shows the reason") {
    t::Harness h;
    h.start_at_login();
    t::type_into(h.edit().login.username, "erika");
    t::type_into(h.edit().login.password, "falsch");
    h.dispatch(intent::SubmitLogin{});
    CHECK(h.state().login.submitting);
    h.dispatch(intent::SubmitLogin{}); // Enter pressed twice: still one request
    REQUIRE(h.net.pending() == 1);
    h.net.respond(401, t::problem_json(401, "Anmeldung fehlgeschlagen",
                                       "Benutzername oder Passwort ist falsch."));
    h.app.begin_frame();
    const LoginState& login = h.state().login;
    CHECK(h.state().screen == Screen::Login);
    CHECK_FALSE(login.submitting);
    CHECK(login.error == std::optional<std::string>("Benutzername oder Passwort ist falsch."));
    CHECK(text_of(login.username) == "erika");
    CHECK(text_of(login.password) == "falsch");
    CHECK(login.focus == LoginFocus::Password);
    CHECK(h.net.pending() == 0); // no stray request
}

TEST_CASE("empty fields are caught before any request") {
    t::Harness h;
    h.start_at_login();
    h.dispatch(intent::SubmitLogin{});
    CHECK(h.net.pending() == 0);
    CHECK(h.state().login.error ==
          std::optional<std::string>("Bitte geben Sie Ihren Benutzernamen ein."));
    t::type_into(h.edit().login.username, "erika");
    h.dispatch(intent::SubmitLogin{});
    CHECK(h.net.pending() == 0);
    CHECK(h.state().login.error == std::optional<std::string>("Bitte geben Sie Ihr Passwort ein."));
}

TEST_CASE("network failure on the first page, then retry") {
    t::Harness h;
    h.start_at_login();
    h.log_in();
    h.net.respond_at(h.net.find(history_path), 0, "", "");
    h.app.begin_frame();
    const HistoryState& history = h.state().history;
    CHECK(history.phase == LoadPhase::Failed);
    REQUIRE(history.error.has_value());
    CHECK(history.error->find("nicht erreichbar") != std::string::npos);

    h.dispatch(intent::RetryLoad{});
    CHECK(history.phase == LoadPhase::Loading);
    CHECK_FALSE(history.error.has_value());
    h.answer(history_path, 200, t::page_json({}));
    CHECK(history.phase == LoadPhase::Ready);
    CHECK(history.rows.empty()); // the empty state
}

TEST_CASE("a failed next page keeps the rows and can be retried") {
    t::Harness h;
    h.start_at_login();
    h.log_in();
    h.answer(history_path, 200, t::page_json(events(0, 50), "c50"));
    h.dispatch(intent::LoadMore{});
    h.answer(history_path, 503, t::problem_json(503, "Nicht verfügbar", "Wartung."));
    const HistoryState& history = h.state().history;
    CHECK(history.phase == LoadPhase::Ready);
    CHECK(history.rows.size() == 50);
    CHECK(history.error == std::optional<std::string>("Wartung."));
    h.dispatch(intent::LoadMore{});
    CHECK(h.net.request_to(history_path).path == "/api/v1/me/access-events?limit=50&cursor=c50");
}

TEST_CASE("an expired session while loading returns to the login screen") {
    t::Harness h;
    h.start_at_login();
    h.log_in();
    h.answer(history_path, 401, t::problem_json(401, "Nicht angemeldet", "Kein Cookie."));
    CHECK(h.state().screen == Screen::Login);
    CHECK(h.state().login.error ==
          std::optional<std::string>(
              "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an. Ihre Eingaben "
              "bleiben erhalten."));
    CHECK(h.state().login.focus == LoginFocus::Password);
}

TEST_CASE("a page that arrives after logout is dropped") {
    t::Harness h;
    h.start_at_login();
    h.log_in(); // first page request now pending
    h.dispatch(intent::Logout{});
    h.net.respond_to(history_path, 200, t::page_json(events(0, 5))); // the late page
    h.net.respond_to("DELETE", "/api/v1/session", 204, "");
    h.app.begin_frame();
    CHECK(h.state().screen == Screen::Login);
    CHECK(h.state().history.rows.empty());
}

TEST_CASE("the test snapshot summarises the state without secrets") {
    t::Harness h;
    h.start_at_login();
    h.log_in();
    h.answer(history_path, 200, t::page_json(events(0, 3), "next"));
    const auto snapshot = nlohmann::json::parse(test_snapshot_json(h.state()));
    CHECK(snapshot["screen"] == "dashboard");
    CHECK(snapshot["page"] == "Overview");
    CHECK(snapshot["role"] == "citizen");
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
    event.kind = einblick::api::AccessKind::Check;
    event.outcome = einblick::api::AccessOutcome::Denied;
    event.reason = "purpose_not_approved";
    CHECK(make_event_row(event).refusal == "Abruf abgelehnt: Zweck nicht genehmigt");
    CHECK(make_event_row(event).is_check);
}

TEST_CASE("an entry the server marks as reported late keeps when it was recorded") {
    einblick::api::AccessEvent event;
    event.occurred_at = 0;
    event.recorded_at = 3 * 86'400'000;
    CHECK(make_event_row(event).reported_late_at.empty()); // recorded_at alone marks nothing
    event.reported_late = true;
    CHECK(make_event_row(event).reported_late_at == "04.01.1970, 01:00");
    const auto json = nlohmann::json::parse(
        R"({"id":"7","occurred_at":"2026-11-20T09:00:00Z","agency":{"code":"a","name":"A"},)"
        R"("purpose":"p","legal_basis":"l","data_categories":[],"reported_late":true,)"
        R"("recorded_at":"2026-11-23T09:00:00Z"})");
    einblick::api::AccessEvent read;
    REQUIRE(einblick::api::read(json, read));
    CHECK(make_event_row(read).reported_late_at == "23.11.2026, 10:00");
    // An older server sends neither: nothing is marked.
    einblick::api::AccessEvent old;
    REQUIRE(einblick::api::read(
        nlohmann::json::parse(R"({"id":"7","occurred_at":"2026-11-20T09:00:00Z",)"
                              R"("agency":{"code":"a","name":"A"},"purpose":"p",)"
                              R"("legal_basis":"l","data_categories":[]})"),
        old));
    CHECK(make_event_row(old).reported_late_at.empty());
}

TEST_CASE("pages exist per role, language switches titles") {
    t::Harness h;
    h.start_at_login();
    h.log_in("dpo", "dsb");
    CHECK(h.state().page == Page::ObjectionQueue);
    CHECK(h.net.has("/api/v1/objections?status=pending"));
    CHECK_FALSE(h.net.has("/api/v1/me/"));        // nothing of a citizen's is asked for
    h.dispatch(intent::Navigate{Page::Consents}); // not a DPO page
    CHECK(h.state().page == Page::ObjectionQueue);
    h.dispatch(intent::Navigate{Page::UnusualAccess});
    CHECK(h.state().page == Page::UnusualAccess);
    CHECK(h.net.has("/api/v1/statistics/agency-weekly"));
    CHECK(std::string(page_title(Page::UnusualAccess, h.state().language)) ==
          "Auffällige Zugriffe");
    h.dispatch(intent::SetLanguage{einblick::Language::English});
    CHECK(std::string(page_title(Page::UnusualAccess, h.state().language)) == "Unusual access");

    CHECK(pages_for_role(einblick::api::Role::Citizen).size() == 6);
    CHECK(pages_for_role(einblick::api::Role::Agency).front() == Page::AgencyPurposes);
    CHECK(page_allowed(einblick::api::Role::Dpo, Page::Registry));
    CHECK_FALSE(page_allowed(einblick::api::Role::Agency, Page::History));
}
