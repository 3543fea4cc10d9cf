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
