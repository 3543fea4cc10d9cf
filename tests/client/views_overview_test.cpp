// The citizen's overview and its monthly chart, drawn headless over prepared states: what a
// screen reader gets (roles, names, values, states) and which intents using the links emits.
#include "views_citizen_fixtures.hpp"

#include <string>
#include <vector>

using namespace einblick::client;
using namespace einblick::client::testing::citizen_screens;
using einblick::Language;
using testing::A11yHarness;
using testing::ScreenUnderTest;

namespace {

ConsentRow consent_row(std::int64_t id, const std::string& purpose,
                       einblick::UnixMillis expires_at) {
    ConsentRow row;
    row.consent.id = id;
    row.consent.purpose_name = purpose;
    row.consent.agency_name = "Stadt Leipzig";
    row.consent.state = api::ConsentState::Given;
    row.consent.expires_at = expires_at;
    row.expires_at = einblick::format_german_date(expires_at);
    return row;
}

api::MonthlyCount month(const char* name, std::int64_t accesses, std::int64_t denied) {
    api::MonthlyCount count;
    count.month = name;
    count.accesses = accesses;
    count.checks_denied = denied;
    return count;
}

ScreenUnderTest overview_screen() {
    ScreenUnderTest screen = citizen_on(Page::Overview);
    AppState& state = screen.state;
    OverviewState& overview = state.citizen.overview;
    overview.requested = true;
    overview.accesses_30d = 12;
    overview.denied_checks_30d = 3;
    overview.latest = {
        event_row("e2", "27.11.2026, 10:15", "Kfz-Zulassungsbehörde Leipzig", "Halterabfrage", 5),
        event_row("e1", "20.11.2026, 08:02", "Bundesagentur für Arbeit", "Prüfung Arbeitslosengeld",
                  6)};
    auto& objections = state.citizen.objections.list;
    objections.phase = LoadPhase::Ready;
    objections.data = {objection_row(1, "W-2026-000010", "Mikrozensus",
                                     api::ObjectionStatus::Pending, now - 2 * day),
                       objection_row(2, "W-2026-000011", "Rundfunkbeitrag",
                                     api::ObjectionStatus::Rejected, now - 90 * day),
                       objection_row(3, "W-2026-000012", "Melderegisterabgleich",
                                     api::ObjectionStatus::Pending, now + 20 * day)};
    auto& consents = state.citizen.consents.list;
    consents.phase = LoadPhase::Ready;
    consents.data = {consent_row(7, "Wiederverwendung der Anschrift", now + 10 * day),
                     consent_row(8, "Elterngeld", now + 200 * day)};
    state.citizen.monthly.phase = LoadPhase::Ready;
    state.citizen.monthly.data.months = {month("2026-09", 5, 0), month("2026-10", 23, 1),
                                         month("2026-11", 0, 2)};
    return screen;
}

} // namespace

// [SECTION] Overview

TEST_CASE("the overview shows the 30-day figures, latest accesses, open objections and consents") {
    A11yHarness imgui;
    ScreenUnderTest screen = overview_screen();
    screen.draw(imgui);
    CHECK(imgui.node(Role::Heading, "Übersicht").level == 2);
    // The three key figures are the items of a list, each read as "label: value", over the
    // number and the label drawn under it.
    const a11y::Node& figures = imgui.node(Role::List, "Kennzahlen der letzten 30 Tage");
    const std::vector<const a11y::Node*> items = imgui.all(Role::ListItem);
    REQUIRE(items.size() == 3);
    const char* const figure_names[] = {"Zugriffe in den letzten 30 Tagen: 12",
                                        "Abgelehnte Abrufversuche in 30 Tagen: 3",
                                        "Offene Widersprüche: 2"}; // two objections pending
    for (std::size_t i = 0; i < items.size(); ++i) {
        CAPTURE(figure_names[i]);
        CHECK(is_inside(imgui, *items[i], figures));
        const a11y::Node& figure = imgui.node(Role::Text, figure_names[i]);
        CHECK(is_inside(imgui, figure, *items[i]));
        CHECK(figure.rect.height > 30.0F); // over the large number and its label
    }
    for (const a11y::Node* text : imgui.all(Role::Text)) {
        CHECK(text->name != "12"); // the number is no text of its own
    }

    const auto latest = table_cells(imgui, imgui.node(Role::Table, "Letzte Zugriffe"));
    REQUIRE(latest.size() == 2);
    // The time is a link in its cell (the detail opens from it), the rest plain text.
    REQUIRE(latest[0].size() == 3);
    CHECK(latest[0][1] == "Kfz-Zulassungsbehörde Leipzig");
    CHECK(latest[0][2] == "Halterabfrage");
    CHECK(is_inside(imgui, imgui.node(Role::Link, "27.11.2026, 10:15"),
                    imgui.node(Role::Table, "Letzte Zugriffe")));

    // Pending ones only, the earliest deadline first; overdue is written, not just red.
    const auto objections = table_cells(imgui, imgui.node(Role::Table, "Offene Widersprüche"));
    REQUIRE(objections.size() == 2);
    CHECK(objections[0][0] == "W-2026-000010");
    CHECK(objections[0][1] == "Mikrozensus – Statistisches Landesamt");
    CHECK(objections[0][2] == einblick::format_german_date(now - 2 * day) + " – überfällig");
    CHECK(objections[1][0] == "W-2026-000012");
    CHECK(objections[1][2] == einblick::format_german_date(now + 20 * day));

    const auto consents =
        table_cells(imgui, imgui.node(Role::Table, "Bald ablaufende Einwilligungen"));
    REQUIRE(consents.size() == 1);
    CHECK(consents[0][0] == "Wiederverwendung der Anschrift – Stadt Leipzig");
    CHECK(consents[0][1] == einblick::format_german_date(now + 10 * day));

    // The monthly chart is part of the overview.
    imgui.node(Role::Table, "Zugriffe je Monat");
    imgui.node(Role::Figure, "Zugriffe je Monat: Diagramm und Tabelle");
}

TEST_CASE("the overview's links lead to the detailed pages") {
    const std::pair<const char*, Page> links[] = {
        {"Alle Zugriffe ansehen", Page::History},
        {"Alle Widersprüche ansehen", Page::Objections},
        {"Einwilligungen verwalten", Page::Consents},
    };
    for (const auto& [name, page] : links) {
        A11yHarness imgui;
        ScreenUnderTest screen = overview_screen();
        screen.draw(imgui);
        const auto* navigate = testing::find_intent<intent::Navigate>(
            screen.activate(imgui, imgui.node(Role::Link, name)));
        REQUIRE(navigate != nullptr);
        CHECK(navigate->page == page);
    }
}

TEST_CASE("the overview's latest accesses open their detail: the time is the link") {
    A11yHarness imgui;
    ScreenUnderTest screen = overview_screen();
    screen.draw(imgui);
    const a11y::Node& link = imgui.node(Role::Link, "20.11.2026, 08:02");
    CHECK(link.description == "Einzelheiten zu diesem Zugriff anzeigen");
    // Activation is what a click and Enter on the focused link (the page's mirror) both do.
    const auto* open =
        testing::find_intent<intent::citizen::OpenAccess>(screen.activate(imgui, link));
    REQUIRE(open != nullptr);
    CHECK(open->event_id == "e1");
}

TEST_CASE("the overview says 'mehr als' for a capped count and shows counting as busy") {
    A11yHarness imgui;
    ScreenUnderTest screen = overview_screen();
    screen.state.citizen.overview.accesses_30d = 1000;
    screen.state.citizen.overview.count_is_lower_bound = true;
    screen.draw(imgui);
    imgui.node(Role::Text, "Zugriffe in den letzten 30 Tagen: mehr als 1.000");

    screen.state.citizen.overview.counting = true;
    screen.state.citizen.overview.latest.clear();
    screen.draw(imgui);
    CHECK(imgui.node(Role::Status, "Zugriffe werden gezählt …").has(a11y::state::busy));
    CHECK_FALSE(has_text(imgui, "mehr als"));

    screen.state.citizen.overview.counting = false;
    screen.state.citizen.overview.error = "Der Server ist nicht erreichbar.";
    screen.draw(imgui);
    imgui.node(Role::Alert, "Der Server ist nicht erreichbar.");
    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "Erneut zählen"));
    CHECK(testing::find_intent<intent::RetryLoad>(intents) != nullptr);
}

TEST_CASE("the overview's empty sections say so in a sentence") {
    A11yHarness imgui;
    ScreenUnderTest screen = overview_screen();
    screen.state.citizen.overview.latest.clear();
    screen.state.citizen.objections.list.data.clear();
    screen.state.citizen.consents.list.data.clear();
    screen.draw(imgui);
    imgui.node(Role::Status, "In den letzten 30 Tagen gab es keine Zugriffe auf Ihre Daten.");
    imgui.node(Role::Status, "Sie haben keine offenen Widersprüche.");
    imgui.node(Role::Status, "Keine Ihrer Einwilligungen läuft in den nächsten 30 Tagen ab.");
    CHECK(imgui.all(Role::Table).size() == 1); // only the monthly numbers
}

// [SECTION] Monthly chart

TEST_CASE("the monthly table holds exactly the chart's numbers, newest month first") {
    A11yHarness imgui;
    ScreenUnderTest screen = overview_screen();
    screen.draw(imgui);
    const a11y::Node& table = imgui.node(Role::Table, "Zugriffe je Monat");
    const auto rows = table_cells(imgui, table);
    const auto& months = screen.state.citizen.monthly.data.months;
    REQUIRE(rows.size() == months.size());
    const std::vector<std::vector<std::string>> expected{
        {"Nov. 2026", "0", "2"}, {"Okt. 2026", "23", "1"}, {"Sept. 2026", "5", "0"}};
    CHECK(rows == expected);
    std::vector<std::string> headers;
    for (const a11y::Node* header : imgui.all(Role::ColumnHeader)) {
        if (is_inside(imgui, *header, table)) {
            headers.push_back(header->name);
        }
    }
    CHECK(headers == std::vector<std::string>{"Monat", "Zugriffe", "Abgelehnte Abrufe"});

    // The chart is a picture named by its text alternative (span, total, busiest month), and
    // one figure with the table.
    REQUIRE(imgui.all(Role::Image).size() == 1);
    const a11y::Node& chart = *imgui.all(Role::Image)[0];
    CHECK_FALSE(chart.rect.empty());
    CHECK(chart.rect.height > 100.0F);
    CHECK(chart.name.find("Balkendiagramm der Zugriffe je Monat von Sept. 2026 bis Nov. 2026") ==
          0);
    CHECK(chart.name.find("insgesamt 28 Zugriffe") != std::string::npos);
    CHECK(chart.name.find("die meisten im Okt. 2026 (23)") != std::string::npos);
    const a11y::Node& figure = imgui.node(Role::Figure, "Zugriffe je Monat: Diagramm und Tabelle");
    CHECK(is_inside(imgui, chart, figure));
    CHECK(is_inside(imgui, table, figure));
}

TEST_CASE("the monthly figures in English, and their loading and failure") {
    A11yHarness imgui;
    ScreenUnderTest screen = overview_screen();
    screen.state.language = Language::English;
    screen.draw(imgui);
    const auto rows = table_cells(imgui, imgui.node(Role::Table, "Accesses per month"));
    REQUIRE(rows.size() == 3);
    CHECK(rows[1][0] == "Oct 2026");

    screen.state.language = Language::German;
    screen.state.citizen.monthly.phase = LoadPhase::Loading;
    screen.draw(imgui);
    CHECK(imgui.node(Role::Status, "Die Monatsstatistik wird geladen …").has(a11y::state::busy));

    screen.state.citizen.monthly.phase = LoadPhase::Failed;
    screen.state.citizen.monthly.error = "Die Statistik ist gerade nicht verfügbar.";
    screen.draw(imgui);
    imgui.node(Role::Alert, "Die Statistik ist gerade nicht verfügbar.");
    const auto& intents =
        screen.activate(imgui, imgui.node(Role::Button, "Statistik erneut laden"));
    CHECK(testing::find_intent<intent::RetryLoad>(intents) != nullptr);
}
