// The location codec (route.hpp): every page and filter round-trips, garbage is left out,
// the role decides the page, history entries and the document title.
#include "einblick/client/app_state.hpp"
#include "einblick/client/route.hpp"

#include <doctest/doctest.h>
#include <string>
#include <utility>
#include <vector>

using namespace einblick::client;
namespace api = einblick::api;

namespace {

std::vector<Route> every_kind_of_route() {
    std::vector<Route> routes;
    for (const api::Role role : {api::Role::Citizen, api::Role::Dpo, api::Role::Agency}) {
        for (const Page page : pages_for_role(role)) {
            Route route;
            route.page = page_segment(page);
            routes.push_back(route);
        }
    }
    Route history;
    history.page = "zugriffe";
    history.filter.agency_code = "kfz leipzig/ä&=?#";
    history.filter.purpose_id = 12;
    history.filter.category = "address";
    history.filter.outcome = api::AccessOutcome::Denied;
    for (const Period period :
         {Period::Last30Days, Period::Last90Days, Period::Last12Months, Period::Custom}) {
        history.filter.period = period;
        routes.push_back(history);
    }
    history.filter.from_text = "01.11.2026";
    history.filter.to_text = "2026-11-30";
    for (const HistorySort sort :
         {HistorySort::Newest, HistorySort::Oldest, HistorySort::Agency, HistorySort::Purpose}) {
        history.sort = sort;
        routes.push_back(history);
    }
    history.filter.outcome = api::AccessOutcome::Allowed;
    history.event_id = "evt-17_a.b";
    routes.push_back(history);
    for (const FlowRouteStep step :
         {FlowRouteStep::Form, FlowRouteStep::Review, FlowRouteStep::Done}) {
        history.objection = step;
        routes.push_back(history);
        Route consent;
        consent.page = "einwilligungen";
        consent.consent = step;
        routes.push_back(consent);
        Route purpose;
        purpose.page = "zweckregister";
        purpose.purpose_id = 6;
        purpose.objection = step;
        purpose.search = "Kfz";
        routes.push_back(purpose);
    }
    Route queue;
    queue.page = "widersprueche";
    queue.queue_filter = QueueFilter::All;
    queue.objection_id = 9007199254740993;
    routes.push_back(queue);
    Route registry;
    registry.page = "zweckregister";
    registry.search = "Kfz-Zulassung § 6 – Straße";
    routes.push_back(registry);
    return routes;
}

} // namespace

TEST_CASE("route: every page and filter comes back from its fragment unchanged") {
    for (const Route& route : every_kind_of_route()) {
        const std::string fragment = format_route(route);
        CAPTURE(fragment);
        CHECK(parse_route(fragment) == route);
        CHECK(fragment.find_first_of(" äß§") == std::string::npos); // percent-encoded
    }
}

TEST_CASE("route: fragments are German and readable") {
    Route route;
    route.page = "zugriffe";
    route.event_id = "123";
    CHECK(format_route(route) == "#/zugriffe/123");
    route.event_id.clear();
    route.filter.agency_code = "KBA";
    route.filter.period = Period::Last30Days;
    route.sort = HistorySort::Oldest;
    CHECK(format_route(route) == "#/zugriffe?stelle=KBA&zeitraum=30-tage&sortierung=aelteste");
    route = Route{};
    route.page = "zugriffe";
    route.filter.period = Period::Custom;
    route.filter.from_text = "01.11.2026";
    CHECK(format_route(route) == "#/zugriffe?von=01.11.2026");
    CHECK(format_route(Route{}).empty());
    CHECK(parse_route("") == Route{});
    CHECK(parse_route("#/") == Route{});
    CHECK(parse_route("/zugriffe").page == "zugriffe"); // without its '#'
}

TEST_CASE("route: unknown or garbled parts are left out, never an error") {
    const Route route = parse_route("#/zugriffe/12%zz?stelle=%E2%82&zweck=-3&zweck2=1&zeitraum=bald"
                                    "&von=31.02.2026&ergebnis=vielleicht&sortierung=&=x&&novalue"
                                    "&suche=%00&daten=" +
                                    std::string(300, 'a'));
    CHECK(route.page == "zugriffe");
    CHECK(route.event_id.empty());
    CHECK(route.filter == HistoryFilterForm{});
    CHECK(route.sort == HistorySort::Newest);
    CHECK(route.search.empty());
    CHECK_FALSE(route.unknown_page);

    const Route unknown = parse_route("#/geheim/1?stelle=KBA");
    CHECK(unknown.unknown_page);
    CHECK(unknown.page.empty());
    CHECK(unknown.filter.agency_code.empty());
    CHECK(parse_route("#/widersprueche/abc").objection_id == std::nullopt);
    CHECK(parse_route("#/widersprueche/99999999999999999999").objection_id == std::nullopt);
    CHECK(parse_route("#/zugriffe/a%2Fb").event_id.empty());
    CHECK(parse_route("#/zugriffe/1/2/3").event_id == "1");
    // Whatever bytes arrive: no crash, and what comes back formats to something parseable.
    std::string noise;
    for (int i = 0; i < 2000; ++i) {
        noise += static_cast<char>((i * 7919) % 256);
        const Route parsed = parse_route(noise);
        CHECK(parse_route(format_route(parsed)).page == parsed.page);
    }
}

TEST_CASE("route: the steps of the objection and consent flows have German paths") {
    Route objection;
    objection.page = "zugriffe";
    objection.event_id = "17";
    objection.filter.agency_code = "KBA";
    const std::vector<std::pair<FlowRouteStep, std::string>> steps{
        {FlowRouteStep::Form, "#/zugriffe/17/widerspruch?stelle=KBA"},
        {FlowRouteStep::Review, "#/zugriffe/17/widerspruch/pruefen?stelle=KBA"},
        {FlowRouteStep::Done, "#/zugriffe/17/widerspruch/bestaetigung?stelle=KBA"},
    };
    for (const auto& [step, fragment] : steps) {
        objection.objection = step;
        CHECK(format_route(objection) == fragment);
        CHECK(parse_route(fragment) == objection);
    }
    Route purpose;
    purpose.page = "zweckregister";
    purpose.purpose_id = 6;
    purpose.objection = FlowRouteStep::Review;
    CHECK(format_route(purpose) == "#/zweckregister/6/widerspruch/pruefen");
    CHECK(parse_route("#/zweckregister/6/widerspruch/pruefen") == purpose);
    Route consent;
    consent.page = "einwilligungen";
    consent.consent = FlowRouteStep::Form;
    CHECK(format_route(consent) == "#/einwilligungen/erteilen");
    consent.consent = FlowRouteStep::Done;
    CHECK(format_route(consent) == "#/einwilligungen/erteilen/bestaetigung");
    CHECK(parse_route("#/einwilligungen/erteilen/bestaetigung") == consent);

    // An unknown step is the form; a flow without its target, or on another page, is nothing.
    CHECK(parse_route("#/zugriffe/17/widerspruch/weiter").objection == FlowRouteStep::Form);
    CHECK(parse_route("#/zugriffe/widerspruch").objection == FlowRouteStep::None);
    CHECK(parse_route("#/zweckregister/abc/widerspruch").objection == FlowRouteStep::None);
    CHECK(parse_route("#/zweckregister/6").purpose_id == std::nullopt);
    CHECK(parse_route("#/uebersicht/erteilen").consent == FlowRouteStep::None);
    CHECK(parse_route("#/einwilligungen/widerspruch").consent == FlowRouteStep::None);
    CHECK(parse_route("#/zugriffe/17/erteilen").objection == FlowRouteStep::None);
}

TEST_CASE("route: the role decides the page a segment names") {
    CHECK(page_for_segment("widersprueche", api::Role::Citizen) == Page::Objections);
    CHECK(page_for_segment("widersprueche", api::Role::Dpo) == Page::ObjectionQueue);
    CHECK(page_for_segment("zweckregister", api::Role::Dpo) == Page::Registry);
    CHECK(page_for_segment("zugriffe", api::Role::Agency) == std::nullopt);
    CHECK(page_for_segment("api-schluessel", api::Role::Citizen) == std::nullopt);
    CHECK(page_for_segment("", api::Role::Citizen) == std::nullopt);
    for (const api::Role role : {api::Role::Citizen, api::Role::Dpo, api::Role::Agency}) {
        for (const Page page : pages_for_role(role)) {
            CHECK(page_for_segment(page_segment(page), role) == page);
        }
    }
}

TEST_CASE("route: another page or detail is a new history entry, filters replace it") {
    Route overview;
    overview.page = "uebersicht";
    Route history;
    history.page = "zugriffe";
    Route filtered = history;
    filtered.filter.agency_code = "KBA";
    Route detail = filtered;
    detail.event_id = "5";
    CHECK(history_entry(overview, true, overview, true) == HistoryEntry::None);
    CHECK(history_entry(overview, true, history, true) == HistoryEntry::Push);
    CHECK(history_entry(history, true, filtered, true) == HistoryEntry::Replace);
    CHECK(history_entry(filtered, true, detail, true) == HistoryEntry::Push);
    CHECK(history_entry(detail, true, filtered, true) == HistoryEntry::Push);
    // Each step of a flow is an entry of its own: Back from the check returns to the form.
    Route form = detail;
    form.objection = FlowRouteStep::Form;
    Route check = detail;
    check.objection = FlowRouteStep::Review;
    CHECK(history_entry(detail, true, form, true) == HistoryEntry::Push);
    CHECK(history_entry(form, true, check, true) == HistoryEntry::Push);
    Route consents;
    consents.page = "einwilligungen";
    Route give = consents;
    give.consent = FlowRouteStep::Form;
    CHECK(history_entry(consents, true, give, true) == HistoryEntry::Push);
    // Into and out of the dashboard (login, logout, expiry) the entry is replaced.
    CHECK(history_entry(Route{}, false, overview, true) == HistoryEntry::Replace);
    CHECK(history_entry(detail, true, Route{}, false) == HistoryEntry::Replace);
}

TEST_CASE("route: the document title follows the screen, the page and the language") {
    AppState state;
    state.screen = Screen::Starting;
    CHECK(document_title(state) == "Einblick – Datenschutzcockpit");
    state.screen = Screen::Login;
    CHECK(document_title(state) == "Anmelden – Einblick Datenschutzcockpit");
    state.screen = Screen::Dashboard;
    state.page = Page::History;
    CHECK(document_title(state) == "Zugriffe – Einblick Datenschutzcockpit");
    state.language = einblick::Language::English;
    CHECK(document_title(state) == "Accesses – Einblick privacy dashboard");
    state.screen = Screen::Login;
    CHECK(document_title(state) == "Sign in – Einblick privacy dashboard");
}
