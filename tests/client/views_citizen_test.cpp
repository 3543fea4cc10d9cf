// The citizen's overview, monthly chart, access history (filters, sorting, detail) and the
// objection flow, drawn headless over prepared states: what a screen reader gets (roles,
// names, values, states) and which intents using the controls emits.
#include "a11y_harness.hpp"
#include "einblick/client/update.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace einblick::client;
using a11y::Role;
using einblick::Language;
using testing::A11yHarness;
using testing::ScreenUnderTest;
namespace api = einblick::api;
namespace ic = intent::citizen;

namespace {

constexpr einblick::UnixMillis day = 86'400'000;
constexpr einblick::UnixMillis now = 1'795'867'200'000; // 28.11.2026, 13:00 in Leipzig

ScreenUnderTest citizen_on(Page page) {
    ScreenUnderTest screen = testing::dashboard(api::Role::Citizen, page);
    screen.state.session->display_name = "Erika Mustermann";
    screen.state.now = now;
    return screen;
}

EventRow event_row(const std::string& id, const std::string& time, const std::string& agency,
                   const std::string& purpose, std::int64_t purpose_id) {
    EventRow row;
    row.id = id;
    row.occurred_at = time;
    row.agency_code = agency == "Kfz-Zulassungsbehörde Leipzig" ? "kfz-zulassung-leipzig" : "ba";
    row.agency_name = agency;
    row.purpose = purpose;
    row.legal_basis = "§ 34 BMG";
    row.data_categories = "Anschrift";
    row.purpose_id = purpose_id;
    row.register_name = "Melderegister";
    return row;
}

api::Purpose registry_purpose(std::int64_t id, const std::string& name, const std::string& agency,
                              const std::string& agency_code, const std::string& gdpr_basis) {
    api::Purpose purpose;
    purpose.id = id;
    purpose.agency_code = agency_code;
    purpose.agency_name = agency;
    purpose.status = "approved";
    api::PurposeVersion version;
    version.id = id * 10;
    version.version = 2;
    version.status = "approved";
    version.content.name = name;
    version.content.description = "Übernahme der neuen Anschrift des Fahrzeughalters.";
    version.content.legal_basis = "§ 34 BMG, § 33 StVG";
    version.content.gdpr_basis = gdpr_basis;
    version.content.data_categories = {"address", "identity"};
    version.content.source_registers = {"melderegister"};
    version.content.retention_days = 365;
    version.decided_at = now - 400 * day;
    purpose.in_force = version;
    purpose.versions = {version};
    return purpose;
}

ObjectionRow objection_row(std::int64_t id, const std::string& reference,
                           const std::string& purpose, const std::string& status,
                           einblick::UnixMillis due_at, std::int64_t purpose_id = 99) {
    api::Objection objection;
    objection.id = id;
    objection.reference = reference;
    objection.purpose_id = purpose_id;
    objection.purpose_name = purpose;
    objection.agency_name = "Statistisches Landesamt";
    objection.status = status;
    objection.received_at = due_at - 30 * day;
    objection.original_due_at = due_at;
    objection.due_at = due_at;
    objection.overdue = status == "pending" && due_at < now;
    ObjectionRow row;
    row.objection = objection;
    row.due_at = einblick::format_german_date(due_at);
    return row;
}

ConsentRow consent_row(std::int64_t id, const std::string& purpose,
                       einblick::UnixMillis expires_at) {
    ConsentRow row;
    row.consent.id = id;
    row.consent.purpose_name = purpose;
    row.consent.agency_name = "Stadt Leipzig";
    row.consent.state = "given";
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
    objections.data = {
        objection_row(1, "W-2026-000010", "Mikrozensus", "pending", now - 2 * day),
        objection_row(2, "W-2026-000011", "Rundfunkbeitrag", "rejected", now - 90 * day),
        objection_row(3, "W-2026-000012", "Melderegisterabgleich", "pending", now + 20 * day)};
    auto& consents = state.citizen.consents.list;
    consents.phase = LoadPhase::Ready;
    consents.data = {consent_row(7, "Wiederverwendung der Anschrift", now + 10 * day),
                     consent_row(8, "Elterngeld", now + 200 * day)};
    state.citizen.monthly.phase = LoadPhase::Ready;
    state.citizen.monthly.data.months = {month("2026-09", 5, 0), month("2026-10", 23, 1),
                                         month("2026-11", 0, 2)};
    return screen;
}

int index_of(const A11yHarness& imgui, const a11y::Node& node) {
    return static_cast<int>(&node - imgui.recorder.tree().nodes.data());
}

bool is_inside(const A11yHarness& imgui, const a11y::Node& node, const a11y::Node& ancestor) {
    const auto& nodes = imgui.recorder.tree().nodes;
    const int target = index_of(imgui, ancestor);
    for (int at = node.parent; at >= 0; at = nodes[static_cast<std::size_t>(at)].parent) {
        if (at == target) {
            return true;
        }
    }
    return false;
}

// The texts of the cells of one table, row by row (the header row's column headers left out).
std::vector<std::vector<std::string>> table_cells(const A11yHarness& imgui,
                                                  const a11y::Node& table) {
    std::vector<std::vector<std::string>> rows;
    const auto& nodes = imgui.recorder.tree().nodes;
    const int table_index = index_of(imgui, table);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].role == Role::Row && nodes[i].parent == table_index) {
            std::vector<std::string> cells;
            for (std::size_t j = i + 1; j < nodes.size(); ++j) {
                if (nodes[j].role == Role::Cell && nodes[j].parent == static_cast<int>(i)) {
                    cells.push_back(nodes[j].name);
                }
            }
            if (!cells.empty()) {
                rows.push_back(cells);
            }
        }
    }
    return rows;
}

bool has_text(const A11yHarness& imgui, const std::string& needle) {
    for (const a11y::Node& node : imgui.recorder.tree().nodes) {
        if ((node.role == Role::Text || node.role == Role::Status || node.role == Role::Alert) &&
            node.name.find(needle) != std::string::npos) {
            return true;
        }
    }
    return false;
}

ScreenUnderTest history_screen() {
    ScreenUnderTest screen = citizen_on(Page::History);
    AppState& state = screen.state;
    state.history.requested = true;
    state.history.phase = LoadPhase::Ready;
    state.history.rows = {
        event_row("41", "27.11.2026, 10:15", "Kfz-Zulassungsbehörde Leipzig", "Halterabfrage", 5),
        event_row("40", "20.11.2026, 08:02", "Bundesagentur für Arbeit", "Prüfung Arbeitslosengeld",
                  6),
        event_row("39", "02.11.2026, 14:40", "Stadt Leipzig", "Wiederverwendung der Anschrift", 7),
    };
    state.purposes.phase = LoadPhase::Ready;
    state.purposes.data = {
        registry_purpose(5, "Halterabfrage", "Kfz-Zulassungsbehörde Leipzig",
                         "kfz-zulassung-leipzig", "A6-1-e"),
        registry_purpose(6, "Prüfung Arbeitslosengeld", "Bundesagentur für Arbeit", "ba", "A6-1-e"),
        registry_purpose(7, "Wiederverwendung der Anschrift", "Stadt Leipzig", "stadt-leipzig",
                         "A6-1-a"),
    };
    return screen;
}

// Shows the detail of `event_id` as the app would after SelectEvent and the registry answer.
void open_detail(ScreenUnderTest& screen, const std::string& event_id, std::int64_t purpose_id) {
    EventDetail detail;
    detail.event_id = event_id;
    detail.purpose_id = purpose_id;
    detail.purpose.phase = LoadPhase::Ready;
    for (const api::Purpose& purpose : screen.state.purposes.data) {
        if (purpose.id == purpose_id) {
            detail.purpose.data = purpose;
        }
    }
    screen.state.history.detail = detail;
}

void apply(ScreenUnderTest& screen) {
    const views::Intents intents = screen.intents;
    for (const Intent& intent : intents) {
        on_intent(screen.state, intent);
    }
}

} // namespace

// [SECTION] Overview

TEST_CASE("the overview shows the 30-day figures, latest accesses, open objections and consents") {
    A11yHarness imgui;
    ScreenUnderTest screen = overview_screen();
    screen.draw(imgui);
    CHECK(imgui.node(Role::Heading, "Übersicht").level == 2);
    const a11y::Node& accesses = imgui.node(Role::Text, "12");
    const a11y::Node& accesses_label = imgui.node(Role::Text, "Zugriffe in den letzten 30 Tagen");
    CHECK(accesses.rect.y < accesses_label.rect.y);
    imgui.node(Role::Text, "3");
    imgui.node(Role::Text, "Abgelehnte Abrufversuche in 30 Tagen");
    imgui.node(Role::Text, "2"); // two objections pending
    imgui.node(Role::Text, "Offene Widersprüche");

    const auto latest = table_cells(imgui, imgui.node(Role::Table, "Letzte Zugriffe"));
    REQUIRE(latest.size() == 2);
    CHECK(latest[0] == std::vector<std::string>{"27.11.2026, 10:15",
                                                "Kfz-Zulassungsbehörde Leipzig", "Halterabfrage"});

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
    imgui.node(Role::Region, "Diagramm: Zugriffe je Monat");
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

TEST_CASE("the overview says 'mehr als' for a capped count and shows counting as busy") {
    A11yHarness imgui;
    ScreenUnderTest screen = overview_screen();
    screen.state.citizen.overview.accesses_30d = 1000;
    screen.state.citizen.overview.count_is_lower_bound = true;
    screen.draw(imgui);
    imgui.node(Role::Text, "mehr als 1.000");

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

    // The chart is a picture with a text alternative: span, total, busiest month.
    const a11y::Node& chart = imgui.node(Role::Region, "Diagramm: Zugriffe je Monat");
    CHECK_FALSE(chart.rect.empty());
    CHECK(chart.rect.height > 100.0F);
    CHECK(chart.description.find("von Sept. 2026 bis Nov. 2026") != std::string::npos);
    CHECK(chart.description.find("insgesamt 28 Zugriffe") != std::string::npos);
    CHECK(chart.description.find("die meisten im Okt. 2026 (23)") != std::string::npos);
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

// [SECTION] History: filters and sorting

TEST_CASE("the history's filters edit the form and apply it with one button") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    screen.draw(imgui);
    const a11y::Node& form = imgui.node(Role::Form, "Zugriffe filtern");
    const a11y::Node& agency = imgui.node(Role::ComboBox, "Abrufende Stelle");
    CHECK(is_inside(imgui, agency, form));
    CHECK(agency.value == "Alle Stellen");
    imgui.node(Role::ComboBox, "Zweck");
    imgui.node(Role::ComboBox, "Datenkategorie");
    imgui.node(Role::ComboBox, "Ergebnis");

    // Choosing only edits the form: nothing is loaded until "Filter anwenden".
    screen.activate(imgui, imgui.node(Role::Option, "Kfz-Zulassungsbehörde Leipzig"));
    CHECK(screen.intents.empty());
    screen.activate(
        imgui, imgui.node(Role::Option, "Prüfung Arbeitslosengeld – Bundesagentur für Arbeit"));
    screen.activate(imgui, imgui.node(Role::Option, "Anschrift"));
    screen.activate(imgui, imgui.node(Role::Option, "Nur abgelehnte Abrufe"));
    screen.draw(imgui);
    CHECK(imgui.node(Role::ComboBox, "Abrufende Stelle").value == "Kfz-Zulassungsbehörde Leipzig");

    // A custom period shows two date fields.
    CHECK(imgui.all(Role::TextBox).empty());
    screen.activate(imgui, imgui.node(Role::Option, "Eigener Zeitraum …"));
    screen.draw(imgui);
    const a11y::Node& from = imgui.node(Role::TextBox, "Von (TT.MM.JJJJ)");
    imgui.recorder.request_edit(from.id, a11y::TextEdit{"01.11.2026", -1, -1});
    screen.draw(imgui, 1);
    const a11y::Node& to = imgui.node(Role::TextBox, "Bis einschließlich (TT.MM.JJJJ)");
    imgui.recorder.request_edit(to.id, a11y::TextEdit{"27.11.2026", -1, -1});
    screen.draw(imgui, 1);

    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "Filter anwenden"));
    CHECK(testing::find_intent<ic::ApplyHistoryFilter>(intents) != nullptr);
    const HistoryFilterForm& edited = screen.state.history.filter_form;
    CHECK(edited.agency_code == "kfz-zulassung-leipzig");
    CHECK(edited.purpose_id == std::optional<std::int64_t>(6));
    CHECK(edited.category == "address");
    CHECK(edited.outcome == "denied");
    CHECK(edited.period == Period::Custom);
    CHECK(edited.from_text == "01.11.2026");
    CHECK(edited.to_text == "27.11.2026");

    // The app turns the form into the query the rows are loaded with.
    apply(screen);
    const EventQuery& query = screen.state.history.query;
    CHECK(query.agency_code == "kfz-zulassung-leipzig");
    CHECK(query.outcome == "denied");
    CHECK(query.from.has_value());
    CHECK(screen.state.history.phase == LoadPhase::Loading);

    screen.draw(imgui);
    const auto& reset = screen.activate(imgui, imgui.node(Role::Button, "Filter zurücksetzen"));
    CHECK(testing::find_intent<ic::ResetHistoryFilter>(reset) != nullptr);
}

TEST_CASE("an unreadable date is an alert and marks the date fields invalid") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    screen.state.history.filter_form.period = Period::Custom;
    screen.state.history.filter_form.from_text = "32.13.2026";
    screen.draw(imgui);
    screen.activate(imgui, imgui.node(Role::Button, "Filter anwenden"));
    apply(screen);
    REQUIRE(screen.state.history.filter_error.has_value());
    screen.draw(imgui);
    imgui.node(Role::Alert, *screen.state.history.filter_error);
    const a11y::Node& from = imgui.node(Role::TextBox, "Von (TT.MM.JJJJ)");
    CHECK(from.has(a11y::state::invalid));
    CHECK(from.description == *screen.state.history.filter_error);
    // Only the unreadable one: the end date is fine.
    CHECK_FALSE(
        imgui.node(Role::TextBox, "Bis einschließlich (TT.MM.JJJJ)").has(a11y::state::invalid));
    CHECK(imgui.node(Role::Table, "Zugriffe auf Ihre Daten").role == Role::Table); // rows kept
}

TEST_CASE("sorting the history emits SortHistory and the table follows the state") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    screen.draw(imgui);
    CHECK(imgui.node(Role::ComboBox, "Sortierung").value == "Neueste zuerst");
    const auto& intents =
        screen.activate(imgui, imgui.node(Role::Option, "Nach abrufender Stelle"));
    const auto* sort = testing::find_intent<ic::SortHistory>(intents);
    REQUIRE(sort != nullptr);
    CHECK(sort->sort == HistorySort::Agency);

    apply(screen);
    screen.draw(imgui);
    CHECK(imgui.node(Role::ComboBox, "Sortierung").value == "Nach abrufender Stelle");
    const auto rows = table_cells(imgui, imgui.node(Role::Table, "Zugriffe auf Ihre Daten"));
    REQUIRE(rows.size() == 3);
    CHECK(rows[0][1] == "Bundesagentur für Arbeit");
    CHECK(rows[1][1] == "Kfz-Zulassungsbehörde Leipzig");
    CHECK(rows[2][1] == "Stadt Leipzig");
}

TEST_CASE("no rows for the applied filters is said differently from no accesses at all") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    screen.state.history.rows.clear();
    screen.state.history.query.outcome = "denied";
    screen.draw(imgui);
    imgui.node(Role::Status, "Für diese Filter sind keine Zugriffe verzeichnet.");
    imgui.node(Role::Button, "Filter zurücksetzen");
}

// [SECTION] History: detail

TEST_CASE("each row's time is a link that selects the access") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    screen.draw(imgui);
    const a11y::Node& link = imgui.node(Role::Link, "20.11.2026, 08:02");
    CHECK(imgui.parent_of(link).role == Role::Cell);
    CHECK(link.description == "Einzelheiten zu diesem Zugriff anzeigen");
    const auto* select = testing::find_intent<ic::SelectEvent>(screen.activate(imgui, link));
    REQUIRE(select != nullptr);
    CHECK(select->event_id == "40");
    // The app shows the detail at once and asks for the registry entry.
    apply(screen);
    REQUIRE(screen.state.history.detail.has_value());
    screen.draw(imgui);
    imgui.node(Role::Region, "Einzelheiten zum Zugriff");
    CHECK(imgui.node(Role::Status, "Der Eintrag im Zweckregister wird geladen …")
              .has(a11y::state::busy));
    CHECK(imgui.node(Role::Link, "20.11.2026, 08:02").description ==
          "Einzelheiten werden angezeigt");
}

TEST_CASE("the detail explains purpose and legal basis and offers an objection to the access") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    open_detail(screen, "41", 5);
    screen.draw(imgui);
    const a11y::Node& panel = imgui.node(Role::Region, "Einzelheiten zum Zugriff");
    imgui.node(Role::Heading, "Einzelheiten zum Zugriff");
    const auto inside = [&](Role role, const std::string& name) {
        const a11y::Node& node = imgui.node(role, name);
        CHECK(is_inside(imgui, node, panel));
        return node;
    };
    inside(Role::Text, "Kfz-Zulassungsbehörde Leipzig (Kennung: kfz-zulassung-leipzig)");
    inside(Role::Text, "Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)");
    CHECK(has_text(imgui, "eine Aufgabe, die ihr ein Gesetz im öffentlichen Interesse überträgt"));
    // The registry entry: who, why, statute, categories, source, recipients, retention.
    inside(Role::Heading, "Eintrag im Zweckregister");
    inside(Role::Text, "Übernahme der neuen Anschrift des Fahrzeughalters.");
    inside(Role::Text, "§ 34 BMG, § 33 StVG");
    inside(Role::Text, "Anschrift, Identitätsdaten");
    inside(Role::Text, "365 Tage (1 Jahr)");
    inside(Role::Text, "keine weiteren Empfänger");
    CHECK(has_text(imgui, "Version 2, genehmigt am "));

    const a11y::Node object = inside(Role::Button, "Widerspruch einlegen");
    CHECK(object.description == "gegen diesen Zugriff");
    const auto* objection = testing::find_intent<ic::ObjectToEvent>(screen.activate(imgui, object));
    REQUIRE(objection != nullptr);
    CHECK(objection->event_id == "41");

    screen.draw(imgui);
    const auto* close = testing::find_intent<ic::CloseEventDetail>(
        screen.activate(imgui, imgui.node(Role::Button, "Schließen")));
    CHECK(close != nullptr);
}

TEST_CASE("on an English page the server's German data is marked as German, the app's words not") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    screen.state.history.rows[1].refusal = "Abruf abgelehnt: Zweck nicht genehmigt";
    open_detail(screen, "41", 5);
    screen.state.language = Language::English;
    screen.draw(imgui);
    // Table cells: agency, purpose and statute are the agencies' German words (WCAG 3.1.2).
    const a11y::Node& purpose = imgui.node(Role::Cell, "Prüfung Arbeitslosengeld");
    CHECK(purpose.lang == "de");
    CHECK(imgui.node(Role::Cell, "Bundesagentur für Arbeit").lang == "de");
    CHECK(imgui.node(Role::ColumnHeader, "Purpose").lang.empty());
    for (const a11y::Node* cell : imgui.all(Role::Cell)) {
        if (cell->name == "Address") {
            CHECK(cell->lang.empty()); // a data category, named by the app
        }
    }
    // The English note inside a German cell is marked English again, or it would inherit.
    const auto notes = imgui.all(Role::Text);
    const auto refusal = std::find_if(notes.begin(), notes.end(), [&](const a11y::Node* node) {
        return node->parent >= 0 && &imgui.parent_of(*node) == &purpose;
    });
    REQUIRE(refusal != notes.end());
    CHECK((*refusal)->name != "Abruf abgelehnt: Zweck nicht genehmigt");
    CHECK((*refusal)->lang == "en");
    // The detail: the registry entry's values are German, the labels and explanations English.
    CHECK(imgui.node(Role::Text, "Übernahme der neuen Anschrift des Fahrzeughalters.").lang ==
          "de");
    CHECK(imgui.node(Role::Text, "§ 34 BMG, § 33 StVG").lang == "de");
    CHECK(imgui.node(Role::Text, "Description").lang.empty());
    CHECK(imgui.node(Role::Text, "no other recipients").lang.empty());
    CHECK(imgui.node(Role::Heading, "Entry in the purpose register").lang.empty());

    // On a German page nothing but the language switch carries a language of its own.
    screen.state.language = Language::German;
    screen.draw(imgui);
    for (const a11y::Node& node : imgui.recorder.tree().nodes) {
        INFO(node.name);
        CHECK(node.lang == (node.name == "English" ? "en" : ""));
    }
}

TEST_CASE("a consent-based access points to withdrawing the consent instead of objecting") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    open_detail(screen, "39", 7);
    screen.draw(imgui);
    imgui.node(Role::Text, "Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)");
    const auto buttons = imgui.all(Role::Button);
    CHECK(std::none_of(buttons.begin(), buttons.end(),
                       [](const a11y::Node* b) { return b->name == "Widerspruch einlegen"; }));
    CHECK(has_text(imgui, "Statt zu widersprechen, können Sie die Einwilligung jederzeit"));
    const auto* navigate = testing::find_intent<intent::Navigate>(
        screen.activate(imgui, imgui.node(Role::Button, "Zu Ihren Einwilligungen")));
    REQUIRE(navigate != nullptr);
    CHECK(navigate->page == Page::Consents);
}

TEST_CASE("an objection already pending for the purpose is named instead of a second one") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    auto& objections = screen.state.citizen.objections.list;
    objections.phase = LoadPhase::Ready;
    objections.data = {
        objection_row(3, "W-2026-000012", "Halterabfrage", "pending", now + 20 * day, 5)};
    open_detail(screen, "41", 5);
    screen.draw(imgui);
    CHECK(has_text(imgui, "Widerspruch W-2026-000012 bereits geprüft"));
    imgui.node(Role::Button, "Zu Ihren Widersprüchen");
}

TEST_CASE("a registry entry that failed to load can be fetched again") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    open_detail(screen, "41", 5);
    screen.state.history.detail->purpose.phase = LoadPhase::Failed;
    screen.state.history.detail->purpose.error = "Der Server ist nicht erreichbar.";
    screen.draw(imgui);
    imgui.node(Role::Alert, "Der Server ist nicht erreichbar.");
    const auto* again = testing::find_intent<ic::SelectEvent>(
        screen.activate(imgui, imgui.node(Role::Button, "Erneut versuchen")));
    REQUIRE(again != nullptr);
    CHECK(again->event_id == "41");
    imgui.node(Role::Button, "Widerspruch einlegen"); // still possible meanwhile
}

// [SECTION] Objection flow

TEST_CASE("the objection form: errors in a summary and at the field, which the summary links to") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    open_detail(screen, "41", 5);
    screen.draw(imgui);
    screen.activate(imgui, imgui.node(Role::Button, "Widerspruch einlegen"));
    apply(screen);
    REQUIRE(screen.state.citizen.objection_flow.step == FlowStep::Form);
    screen.draw(imgui);
    // Drawn instead of the page.
    CHECK(imgui.all(Role::Table).empty());
    imgui.node(Role::Heading, "Widerspruch einlegen");
    imgui.node(Role::Text, "Schritt 1 von 3: Ihre Angaben");
    imgui.node(Role::Text, "Halterabfrage – Kfz-Zulassungsbehörde Leipzig (27.11.2026, 10:15)");
    const a11y::Node& reason = imgui.node(Role::TextBox, "Begründung");
    CHECK(reason.has(a11y::state::required));
    CHECK(reason.has(a11y::state::multiline));
    CHECK_FALSE(reason.has(a11y::state::invalid));
    CHECK(imgui.all(Role::Alert).empty());
    // Arriving at the form puts the keyboard focus into its one field.
    CHECK(imgui.recorder.tree().focused() == reason.id);

    // "Weiter" with an empty reason.
    screen.activate(imgui, imgui.node(Role::Button, "Weiter"));
    CHECK(testing::find_intent<ic::ReviewObjection>(screen.intents) != nullptr);
    apply(screen);
    REQUIRE(screen.state.citizen.objection_flow.step == FlowStep::Form);
    screen.draw(imgui);
    const a11y::Node& summary = imgui.node(Role::Region, "Fehlerübersicht");
    const a11y::Node& heading = imgui.node(Role::Alert, "Bitte korrigieren Sie eine Angabe:");
    CHECK(is_inside(imgui, heading, summary));
    const a11y::Node& to_field = imgui.node(Role::Link, "Bitte begründen Sie Ihren Widerspruch.");
    CHECK(is_inside(imgui, to_field, summary));
    const a11y::Node& invalid = imgui.node(Role::TextBox, "Begründung");
    CHECK(invalid.has(a11y::state::invalid));
    CHECK(invalid.description == "Fehler: Bitte begründen Sie Ihren Widerspruch.");
    imgui.node(Role::Text, "Fehler: Bitte begründen Sie Ihren Widerspruch.");
    CHECK(summary.rect.y < invalid.rect.y);

    // The summary's link puts the keyboard focus into the field (from wherever it was).
    const a11y::NodeId reason_id = invalid.id;
    const a11y::NodeId cancel_id = imgui.node(Role::Button, "Abbrechen").id;
    imgui.recorder.request_focus(cancel_id);
    screen.draw(imgui, 2);
    REQUIRE(imgui.recorder.tree().focused() == cancel_id);
    screen.activate(imgui, imgui.node(Role::Link, "Bitte begründen Sie Ihren Widerspruch."));
    screen.draw(imgui, 2);
    CHECK(imgui.recorder.tree().focused() == reason_id);

    // Typing and the restriction checkbox change the flow's state in place.
    imgui.recorder.request_edit(reason_id, a11y::TextEdit{"Ich bin umgezogen.", -1, -1});
    screen.draw(imgui, 1);
    CHECK(screen.state.citizen.objection_flow.reason == "Ich bin umgezogen.");
    screen.activate(imgui,
                    imgui.node(Role::CheckBox, "Verarbeitung bis zur Entscheidung einschränken"));
    CHECK(screen.state.citizen.objection_flow.restrict_processing);
    screen.draw(imgui);
    CHECK(imgui.node(Role::Text, "18 von 4.000 Zeichen").role == Role::Text);

    const auto* cancel = testing::find_intent<ic::CloseObjection>(
        screen.activate(imgui, imgui.node(Role::Button, "Abbrechen")));
    CHECK(cancel != nullptr);
}

TEST_CASE("the check step shows the answers, change goes back, sending is busy") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    ObjectionFlow& flow = screen.state.citizen.objection_flow;
    flow.step = FlowStep::Review;
    flow.event_id = 41;
    flow.target_label = "Halterabfrage – Kfz-Zulassungsbehörde Leipzig (27.11.2026, 10:15)";
    flow.reason = "Mein Fahrzeug ist seit Jahren abgemeldet.";
    flow.restrict_processing = true;
    screen.draw(imgui);
    imgui.node(Role::Heading, "Bitte prüfen Sie Ihre Angaben");
    imgui.node(Role::Text, "Schritt 2 von 3: Angaben prüfen");
    imgui.node(Role::Text, "Mein Fahrzeug ist seit Jahren abgemeldet.");
    imgui.node(Role::Text, "Halterabfrage – Kfz-Zulassungsbehörde Leipzig (27.11.2026, 10:15)");
    imgui.node(Role::Text, "Ja, bis zur Entscheidung (Art. 18 DSGVO)");
    CHECK(imgui.all(Role::TextBox).empty());

    CHECK(testing::find_intent<ic::EditObjection>(
              screen.activate(imgui, imgui.node(Role::Button, "Ändern"))) != nullptr);
    screen.draw(imgui);
    CHECK(testing::find_intent<ic::SubmitObjection>(
              screen.activate(imgui, imgui.node(Role::Button, "Widerspruch einlegen"))) != nullptr);

    flow.step = FlowStep::Submitting;
    screen.draw(imgui);
    const a11y::Node& sending = imgui.node(Role::Button, "Wird gesendet …");
    CHECK(sending.has(a11y::state::busy));
    CHECK(sending.has(a11y::state::disabled));
    CHECK(imgui.node(Role::Button, "Abbrechen").has(a11y::state::disabled));
    CHECK(imgui.node(Role::Status, "Ihr Widerspruch wird gesendet …").has(a11y::state::busy));
    CHECK(screen.activate(imgui, sending).empty());

    // Sending failed: the reason as an alert, the answers kept, sending again is the retry.
    flow.step = FlowStep::Review;
    flow.error = "Der Server ist nicht erreichbar.";
    screen.draw(imgui);
    imgui.node(Role::Alert,
               "Ihr Widerspruch konnte nicht gesendet werden: Der Server ist nicht erreichbar.");
    CHECK(testing::find_intent<ic::SubmitObjection>(
              screen.activate(imgui, imgui.node(Role::Button, "Erneut senden"))) != nullptr);
}

TEST_CASE("a consent-based purpose refused by the server leads to the consents") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    ObjectionFlow& flow = screen.state.citizen.objection_flow;
    flow.step = FlowStep::Form;
    flow.event_id = 39;
    flow.reason = "Bitte nicht mehr.";
    flow.error = "Bitte prüfen Sie Ihre Angaben.";
    flow.errors = {{"/event_id",
                    "Dieser Zweck beruht auf Ihrer Einwilligung: Sie können sie jederzeit "
                    "widerrufen."}};
    screen.draw(imgui);
    imgui.node(Role::Text, "Dieser Zweck beruht auf Ihrer Einwilligung: Sie können sie jederzeit "
                           "widerrufen.");
    CHECK_FALSE(imgui.node(Role::TextBox, "Begründung").has(a11y::state::invalid));
    const auto& intents =
        screen.activate(imgui, imgui.node(Role::Button, "Zu Ihren Einwilligungen"));
    CHECK(testing::find_intent<ic::CloseObjection>(intents) != nullptr);
    const auto* navigate = testing::find_intent<intent::Navigate>(intents);
    REQUIRE(navigate != nullptr);
    CHECK(navigate->page == Page::Consents);
}

TEST_CASE("the confirmation shows the reference number and the deadline") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    // The whole way through the app: detail → form → check → sent → filed.
    open_detail(screen, "41", 5);
    on_intent(screen.state, Intent{CitizenIntent{ic::ObjectToEvent{"41"}}});
    screen.state.citizen.objection_flow.reason = "Ich widerspreche.";
    on_intent(screen.state, Intent{CitizenIntent{ic::ReviewObjection{}}});
    on_intent(screen.state, Intent{CitizenIntent{ic::SubmitObjection{}}});
    REQUIRE(screen.state.citizen.objection_flow.step == FlowStep::Submitting);
    api::Objection filed;
    filed.id = 42;
    filed.reference = "W-2026-000042";
    filed.purpose_id = 5;
    filed.status = "pending";
    filed.received_at = now;
    filed.due_at = einblick::deadline_after_months(now, 1);
    filed.original_due_at = filed.due_at;
    on_message(screen.state, screen.state.session_epoch,
               ApiMessage{CitizenMessage{
                   message::citizen::ObjectionFiled{Result<api::Objection>::success(filed)}}});
    REQUIRE(screen.state.citizen.objection_flow.step == FlowStep::Done);

    screen.draw(imgui);
    imgui.node(Role::Text, "Schritt 3 von 3: Bestätigung");
    imgui.node(Role::Heading, "Ihr Widerspruch ist eingegangen");
    imgui.node(Role::Status, "Aktenzeichen: W-2026-000042");
    imgui.node(Role::Text, "Antwort spätestens am: 28.12.2026");
    const auto& to_list =
        screen.activate(imgui, imgui.node(Role::Button, "Zu Ihren Widersprüchen"));
    CHECK(testing::find_intent<ic::CloseObjection>(to_list) != nullptr);
    const auto* navigate = testing::find_intent<intent::Navigate>(to_list);
    REQUIRE(navigate != nullptr);
    CHECK(navigate->page == Page::Objections);
    screen.draw(imgui);
    CHECK(testing::find_intent<ic::CloseObjection>(
              screen.activate(imgui, imgui.node(Role::Button, "Zurück"))) != nullptr);
    apply(screen);
    screen.draw(imgui);
    imgui.node(Role::Table, "Zugriffe auf Ihre Daten"); // back on the page
}

TEST_CASE("the objection flow in English") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    screen.state.language = Language::English;
    ObjectionFlow& flow = screen.state.citizen.objection_flow;
    flow.step = FlowStep::Form;
    flow.event_id = 41;
    screen.draw(imgui);
    imgui.node(Role::Heading, "Object to processing");
    imgui.node(Role::TextBox, "Reason");
    imgui.node(Role::CheckBox, "Restrict processing until the decision");
    imgui.node(Role::Button, "Continue");
    imgui.node(Role::Button, "Cancel");
}
