// Links through the whole App: a location applied at start, on Back and Forward; what the app
// tells the browser's history; deep links kept through the login and a session expiry; the
// role's fallback page.
#include "app_harness.hpp"

#include <doctest/doctest.h>
#include <string>
#include <utility>
#include <vector>

using namespace einblick::client;
namespace t = einblick::client::testing;
namespace api = einblick::api;

namespace {

constexpr const char* history_path = "/api/v1/me/access-events?limit=50";
constexpr const char* recent_path = "/api/v1/me/access-events?limit=200";

// What the app told the browser's address, in order.
struct AddressBar {
    std::vector<std::pair<std::string, HistoryEntry>> changes;

    void attach(App& app) {
        app.set_location_handler([this](const std::string& fragment, HistoryEntry entry) {
            changes.emplace_back(fragment, entry);
        });
    }
    std::pair<std::string, HistoryEntry> last() const {
        REQUIRE_FALSE(changes.empty());
        return changes.back();
    }
};

// Opens the app at `fragment` with no valid session: the login screen.
void open_logged_out(t::Harness& h, const char* fragment) {
    h.app.start();
    h.app.apply_location(fragment);
    h.net.respond(401, t::problem_json(401, "Nicht angemeldet", "Bitte anmelden."));
    h.app.begin_frame();
    REQUIRE(h.state().screen == Screen::Login);
}

void answer_citizen_start(t::Harness& h) {
    h.answer(history_path, 200,
             t::page_json({t::event_json("42", "2026-11-27T08:00:00Z"),
                           t::event_json("41", "2026-11-26T08:00:00Z")}));
    h.answer(recent_path, 200, t::page_json({}));
    h.answer("/api/v1/me/statistics/monthly", 200, R"({"months":[]})");
    h.answer("/api/v1/me/consents", 200, t::items_json({}));
    h.answer("/api/v1/me/objections", 200, t::items_json({}));
}

} // namespace

TEST_CASE("links: a deep link opened logged out is kept through the login and opens its detail") {
    t::Harness h;
    AddressBar bar;
    bar.attach(h.app);
    open_logged_out(h, "#/zugriffe/77?stelle=BA&unsinn=1");
    REQUIRE(h.state().pending_route.has_value());
    CHECK(h.state().pending_route->event_id == "77");
    // The address keeps the link on the login screen, only its unknown parameter dropped.
    CHECK(bar.last() == std::pair{std::string("#/zugriffe/77?stelle=BA"), HistoryEntry::Replace});

    h.log_in();
    CHECK(h.state().page == Page::History);
    CHECK_FALSE(h.state().pending_route.has_value());
    CHECK(h.state().history.applied.agency_code == "BA");
    CHECK(h.net.request_to(history_path).path.find("agency=BA") != std::string::npos);
    CHECK_FALSE(h.net.has(recent_path)); // the overview was never loaded on the way
    // Not among the rows yet: the access is fetched on its own and then opened.
    h.answer("/api/v1/me/access-events/77", 200, t::event_json("77", "2026-11-20T08:00:00Z"));
    REQUIRE(h.state().history.detail.has_value());
    CHECK(h.state().history.detail->event_id == "77");
    CHECK(h.state().history.detail->row.agency_name == "Bundesagentur für Arbeit");
    CHECK(format_route(route_of(h.state())) == "#/zugriffe/77?stelle=BA");
    // Login to dashboard replaced the entry: Back leaves the app, not to the login screen.
    for (const auto& change : bar.changes) {
        CHECK(change.second == HistoryEntry::Replace);
    }
}

TEST_CASE("links: pages and details push entries, filters replace, Back and Forward return") {
    t::Harness h;
    AddressBar bar;
    bar.attach(h.app);
    open_logged_out(h, "");
    h.log_in();
    answer_citizen_start(h);
    CHECK(bar.last() == std::pair{std::string("#/uebersicht"), HistoryEntry::Replace});

    h.dispatch(intent::Navigate{Page::History});
    CHECK(bar.last() == std::pair{std::string("#/zugriffe"), HistoryEntry::Push});
    h.dispatch(intent::citizen::SelectEvent{"42"});
    CHECK(bar.last() == std::pair{std::string("#/zugriffe/42"), HistoryEntry::Push});
    h.dispatch(intent::citizen::SortHistory{HistorySort::Oldest});
    CHECK(bar.last() ==
          std::pair{std::string("#/zugriffe/42?sortierung=aelteste"), HistoryEntry::Replace});
    h.edit().history.filter_form.period = Period::Last90Days;
    h.dispatch(intent::citizen::ApplyHistoryFilter{});
    // Applying filters reloads the rows and so closes the detail: that is a new entry.
    CHECK(bar.last() == std::pair{std::string("#/zugriffe?zeitraum=90-tage&sortierung=aelteste"),
                                  HistoryEntry::Push});
    h.answer(history_path, 200, t::page_json({t::event_json("42", "2026-11-27T08:00:00Z")}));
    h.dispatch(intent::citizen::ResetHistoryFilter{});
    CHECK(bar.last() ==
          std::pair{std::string("#/zugriffe?sortierung=aelteste"), HistoryEntry::Replace});
    h.answer(history_path, 200, t::page_json({t::event_json("42", "2026-11-27T08:00:00Z")}));
    h.edit().history.filter_form.period = Period::Last90Days;
    h.dispatch(intent::citizen::ApplyHistoryFilter{});
    h.answer(history_path, 200, t::page_json({t::event_json("42", "2026-11-27T08:00:00Z")}));

    // Back (popstate): the state follows the address and tells the browser nothing back.
    const std::size_t told = bar.changes.size();
    h.app.apply_location("#/zugriffe/42?zeitraum=90-tage&sortierung=aelteste");
    REQUIRE(h.state().history.detail.has_value());
    CHECK(h.state().history.detail->event_id == "42");
    CHECK_FALSE(h.net.has("/api/v1/me/access-events/42")); // found among the rows
    h.app.apply_location("#/uebersicht");
    CHECK(h.state().page == Page::Overview);
    h.app.begin_frame();
    CHECK(bar.changes.size() == told);
    // Forward to the history with other filters: they are applied and loaded.
    h.app.apply_location("#/zugriffe?stelle=BA");
    CHECK(h.state().page == Page::History);
    CHECK(h.state().history.applied.period == Period::All);
    CHECK(h.state().history.sort == HistorySort::Newest);
    CHECK(h.net.request_to(history_path).path.find("agency=BA") != std::string::npos);
    CHECK(bar.changes.size() == told);
    // The registry's search text is typed in place: the next frame replaces the entry.
    h.dispatch(intent::Navigate{Page::Registry});
    h.edit().registry_search = "Kfz";
    h.app.begin_frame();
    CHECK(bar.last() == std::pair{std::string("#/zweckregister?suche=Kfz"), HistoryEntry::Replace});
}

TEST_CASE("links: a page the role lacks shows the role's first page and says why") {
    t::Harness h;
    AddressBar bar;
    bar.attach(h.app);
    open_logged_out(h, "#/zugriffe/5");
    h.log_in("dpo", "dsb");
    CHECK(h.state().page == Page::ObjectionQueue);
    REQUIRE(h.state().route_notice.has_value());
    CHECK(bar.last().first == "#/widersprueche");
    h.dispatch(intent::Navigate{Page::UnusualAccess});
    CHECK_FALSE(h.state().route_notice.has_value()); // gone with the next navigation

    // An unknown page while logged in; a DPO's link to one objection opens it.
    h.app.apply_location("#/gibt-es-nicht");
    CHECK(h.state().page == Page::ObjectionQueue);
    CHECK(h.state().route_notice.has_value());
    CHECK(bar.last() == std::pair{std::string("#/widersprueche"), HistoryEntry::Replace});
    h.app.apply_location("#/widersprueche/3?status=alle");
    CHECK(h.state().dpo.open_case.id == 3);
    CHECK(h.state().dpo.queue_filter == QueueFilter::All);
    CHECK(h.net.request_to("/api/v1/objections/3").method == "GET");
    CHECK(h.net.has("/api/v1/objections?status=all"));
}

TEST_CASE("links: an access the link names that does not exist is reported") {
    t::Harness h;
    AddressBar bar;
    bar.attach(h.app);
    open_logged_out(h, "#/zugriffe/999");
    h.log_in();
    CHECK(format_route(route_of(h.state())) == "#/zugriffe/999"); // while it is fetched
    h.answer("/api/v1/me/access-events/999", 404,
             t::problem_json(404, "Nicht gefunden", "Kein solcher Eintrag."));
    CHECK_FALSE(h.state().history.detail.has_value());
    REQUIRE(h.state().route_notice.has_value());
    CHECK(h.state().route_notice->find("nicht gefunden") != std::string::npos);
    CHECK(h.state().page == Page::History);
    // Corrected in place: Back does not lead to the broken link again.
    CHECK(bar.last() == std::pair{std::string("#/zugriffe"), HistoryEntry::Replace});
}

TEST_CASE("links: after a session expiry the address stays and the same account gets it back") {
    t::Harness h;
    AddressBar bar;
    bar.attach(h.app);
    open_logged_out(h, "#/zugriffe/42");
    h.log_in();
    h.answer("/api/v1/me/access-events/42", 200, t::event_json("42", "2026-11-27T08:00:00Z"));
    REQUIRE(h.state().history.detail.has_value());
    const std::size_t told = bar.changes.size();

    h.expire_on(history_path);
    CHECK(bar.changes.size() == told); // the login screen keeps the address
    CHECK(format_route(route_of(h.state())) == "#/zugriffe/42");
    h.log_in(); // the same account: its detail opens again
    CHECK(h.state().page == Page::History);
    h.answer("/api/v1/me/access-events/42", 200, t::event_json("42", "2026-11-27T08:00:00Z"));
    REQUIRE(h.state().history.detail.has_value());
    CHECK(bar.changes.size() == told);

    // Someone else after the next expiry: their own start page, not the other's place.
    h.expire_on(history_path);
    h.log_in("citizen", "max");
    CHECK(h.state().page == Page::Overview);
    CHECK_FALSE(h.state().history.detail.has_value());
    CHECK(bar.last() == std::pair{std::string("#/uebersicht"), HistoryEntry::Replace});

    h.dispatch(intent::Logout{});
    CHECK(bar.last() == std::pair{std::string(""), HistoryEntry::Replace});
    CHECK_FALSE(h.state().pending_route.has_value());
}

namespace {

namespace ic = intent::citizen;

// Erika on the history page with access 42 open.
void citizen_on_detail(t::Harness& h, AddressBar& bar) {
    bar.attach(h.app);
    open_logged_out(h, "");
    h.log_in();
    answer_citizen_start(h);
    h.dispatch(intent::Navigate{Page::History});
    h.dispatch(ic::SelectEvent{"42"});
}

} // namespace

TEST_CASE("links: each step of the objection flow is an entry, Back keeps the text, nothing is "
          "sent again") {
    t::Harness h;
    AddressBar bar;
    citizen_on_detail(h, bar);
    const ObjectionFlow& flow = h.state().citizen.objection_flow;
    h.dispatch(ic::ObjectToEvent{"42"});
    CHECK(bar.last() == std::pair{std::string("#/zugriffe/42/widerspruch"), HistoryEntry::Push});
    h.edit().citizen.objection_flow.reason = "Ich kenne diesen Vorgang nicht.";
    h.dispatch(ic::ReviewObjection{});
    CHECK(bar.last() ==
          std::pair{std::string("#/zugriffe/42/widerspruch/pruefen"), HistoryEntry::Push});

    // Back: the form, with what was typed; the browser is told nothing back.
    const std::size_t told = bar.changes.size();
    h.app.apply_location("#/zugriffe/42/widerspruch");
    CHECK(flow.step == FlowStep::Form);
    CHECK(flow.reason == "Ich kenne diesen Vorgang nicht.");
    // Forward: the check page again, and nothing sent.
    h.app.apply_location("#/zugriffe/42/widerspruch/pruefen");
    CHECK(flow.step == FlowStep::Review);
    CHECK(bar.changes.size() == told);
    CHECK_FALSE(h.net.has("/api/v1/me/objections", "POST"));

    // Sent: the confirmation takes the check page's entry (Back does not lead to it again).
    h.dispatch(ic::SubmitObjection{});
    h.answer("POST", "/api/v1/me/objections", 201, t::objection_json(5));
    REQUIRE(flow.step == FlowStep::Done);
    CHECK(bar.last() ==
          std::pair{std::string("#/zugriffe/42/widerspruch/bestaetigung"), HistoryEntry::Replace});
    // Back from the confirmation to the form's entry: the access, not a form to send again.
    h.app.apply_location("#/zugriffe/42/widerspruch");
    CHECK(flow.step == FlowStep::Closed);
    REQUIRE(h.state().history.detail.has_value());
    CHECK(h.state().history.detail->event_id == "42");
    CHECK(bar.last() == std::pair{std::string("#/zugriffe/42"), HistoryEntry::Replace});
    // Forward to the check page of the sent objection: the form anew, never a second send.
    h.app.apply_location("#/zugriffe/42/widerspruch/pruefen");
    CHECK(flow.step == FlowStep::Form);
    CHECK(flow.reason.empty());
    CHECK_FALSE(h.net.has("/api/v1/me/objections", "POST"));
    // Back out of the form to the access.
    h.app.apply_location("#/zugriffe/42");
    CHECK(flow.step == FlowStep::Closed);
}

TEST_CASE("links: a reload or link to a flow step shows what it can, never sends") {
    t::Harness h;
    AddressBar bar;
    bar.attach(h.app);
    // The check page after a reload: its text is gone (never stored), so the form.
    open_logged_out(h, "#/zugriffe/42/widerspruch/pruefen");
    h.log_in();
    const ObjectionFlow& flow = h.state().citizen.objection_flow;
    CHECK(flow.step == FlowStep::Form);
    CHECK(bar.last() == std::pair{std::string("#/zugriffe/42/widerspruch"), HistoryEntry::Replace});
    // The access arrives after the form opened: the form names it.
    h.answer("/api/v1/me/access-events/42", 200, t::event_json("42", "2026-11-27T08:00:00Z"));
    CHECK(flow.target_label.find("Bundesagentur für Arbeit") != std::string::npos);
    // A confirmation no longer held: the objections list, which shows what was sent.
    h.app.apply_location("#/zugriffe/42/widerspruch/bestaetigung");
    CHECK(flow.step == FlowStep::Closed);
    CHECK(h.state().page == Page::Objections);
    CHECK(bar.last() == std::pair{std::string("#/widersprueche"), HistoryEntry::Replace});
    // An objection to a purpose of the registry, linked.
    h.app.apply_location("#/zweckregister/6/widerspruch");
    CHECK(h.state().page == Page::Registry);
    CHECK(flow.step == FlowStep::Form);
    CHECK(flow.purpose_id == 6);
    // A link to the form for an access that does not exist: no form.
    h.app.apply_location("#/zugriffe/999/widerspruch");
    CHECK(flow.step == FlowStep::Form);
    h.answer("/api/v1/me/access-events/999", 404,
             t::problem_json(404, "Nicht gefunden", "Kein solcher Eintrag."));
    CHECK(flow.step == FlowStep::Closed);
    CHECK(bar.last() == std::pair{std::string("#/zugriffe"), HistoryEntry::Replace});
    CHECK_FALSE(h.net.has("/api/v1/me/objections", "POST"));
}

TEST_CASE("links: the consent flow's steps, Back to the form, the list after its confirmation") {
    t::Harness h;
    AddressBar bar;
    citizen_on_detail(h, bar);
    h.dispatch(intent::Navigate{Page::Consents});
    h.answer("/api/v1/purposes", 200,
             t::items_json({t::purpose_json(6), t::purpose_json(9, "A6-1-a")}));
    const ConsentFlow& flow = h.state().citizen.consent_flow;
    h.dispatch(ic::StartConsent{std::nullopt});
    CHECK(bar.last() == std::pair{std::string("#/einwilligungen/erteilen"), HistoryEntry::Push});
    h.dispatch(ic::ChooseConsentPurpose{9});
    h.dispatch(ic::ReviewConsent{});
    REQUIRE(flow.step == FlowStep::Review);
    CHECK(bar.last() ==
          std::pair{std::string("#/einwilligungen/erteilen/pruefen"), HistoryEntry::Push});
    h.app.apply_location("#/einwilligungen/erteilen"); // Back
    CHECK(flow.step == FlowStep::Form);
    CHECK(flow.purpose_id == 9);
    h.app.apply_location("#/einwilligungen"); // Back again: the list
    CHECK(flow.step == FlowStep::Closed);
    // A link to the check page: the form (nothing was chosen).
    h.app.apply_location("#/einwilligungen/erteilen/pruefen");
    CHECK(flow.step == FlowStep::Form);
    CHECK(bar.last() == std::pair{std::string("#/einwilligungen/erteilen"), HistoryEntry::Replace});
    h.dispatch(ic::ChooseConsentPurpose{9});
    h.dispatch(ic::ReviewConsent{});
    h.dispatch(ic::SubmitConsent{});
    h.answer("POST", "/api/v1/me/consents", 201,
             t::consent_json(7, api::ConsentState::Given, "2027-12-31T22:59:59.999Z"));
    CHECK(bar.last() ==
          std::pair{std::string("#/einwilligungen/erteilen/bestaetigung"), HistoryEntry::Replace});
    h.app.apply_location("#/einwilligungen/erteilen"); // Back from the confirmation: the list
    CHECK(flow.step == FlowStep::Closed);
    CHECK(bar.last() == std::pair{std::string("#/einwilligungen"), HistoryEntry::Replace});
    h.app.apply_location("#/einwilligungen/erteilen/bestaetigung"); // no longer held
    CHECK(flow.step == FlowStep::Closed);
    CHECK(h.state().page == Page::Consents);
    CHECK_FALSE(h.net.has("/api/v1/me/consents", "POST"));
}
