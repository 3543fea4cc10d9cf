// The citizen's access history drawn headless over prepared states: filters, sorting, the
// empty states and the detail of one access (facts, legal basis in plain words, registry entry,
// the right to object), and which intents using the controls emits.
#include "views_citizen_fixtures.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace einblick::client;
using namespace einblick::client::testing::citizen_screens;
using einblick::Language;
using testing::A11yHarness;
using testing::ScreenUnderTest;
namespace ic = intent::citizen;

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
    CHECK(edited.outcome == api::AccessOutcome::Denied);
    CHECK(edited.period == Period::Custom);
    CHECK(edited.from_text == "01.11.2026");
    CHECK(edited.to_text == "27.11.2026");

    // The app turns the form into the query the rows are loaded with.
    apply(screen);
    const EventQuery& query = screen.state.history.query;
    CHECK(query.agency_code == "kfz-zulassung-leipzig");
    CHECK(query.outcome == api::AccessOutcome::Denied);
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
    screen.state.history.query.outcome = api::AccessOutcome::Denied;
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
    imgui.node(Role::Dialog, "Einzelheiten zum Zugriff");
    CHECK(imgui.node(Role::Status, "Der Eintrag im Zweckregister wird geladen …")
              .has(a11y::state::busy));
    CHECK(imgui.node(Role::Link, "20.11.2026, 08:02").description ==
          "Einzelheiten werden angezeigt");
}

namespace {

// Whether this frame drew something in `color` along the left edge of `row` (within a few
// pixels left of its first cell), over its whole height.
bool marked_on_the_left(const a11y::Node& row, const a11y::Node& first_cell, ImU32 color) {
    float top = 1e9F;
    float bottom = -1e9F;
    const ImDrawData* data = ImGui::GetDrawData();
    for (int list = 0; list < data->CmdListsCount; ++list) {
        for (const ImDrawVert& vertex : data->CmdLists[list]->VtxBuffer) {
            if (vertex.col == color && vertex.pos.x <= first_cell.rect.x &&
                vertex.pos.x >= first_cell.rect.x - 14.0F &&
                vertex.pos.y <= row.rect.y + row.rect.height + 40.0F &&
                vertex.pos.y >= row.rect.y - 60.0F) {
                top = std::min(top, vertex.pos.y);
                bottom = std::max(bottom, vertex.pos.y);
            }
        }
    }
    return top <= row.rect.y + 2.0F && bottom >= row.rect.y + row.rect.height - 2.0F;
}

// The system's dark contrast theme for one test, then the standard palette again.
struct ForcedColours {
    ForcedColours() {
        views::DisplayPreferences preferences;
        preferences.forced_colors = true;
        preferences.system_colors_known = true;
        preferences.system.canvas = views::rgb8(0, 0, 0);
        preferences.system.canvas_text = views::rgb8(255, 255, 255);
        preferences.system.button_text = views::rgb8(255, 255, 255);
        preferences.system.highlight = views::rgb8(0, 184, 204);
        preferences.system.highlight_text = views::rgb8(0, 0, 0);
        preferences.system.link_text = views::rgb8(255, 255, 0);
        preferences.system.gray_text = views::rgb8(63, 242, 63);
        views::apply_display_preferences(preferences);
    }
    ~ForcedColours() { views::apply_display_preferences(views::DisplayPreferences{}); }
    ForcedColours(const ForcedColours&) = delete;
    ForcedColours& operator=(const ForcedColours&) = delete;
};

} // namespace

TEST_CASE("the selected row is the current one, marked by more than its background") {
    // Cards beside the detail at 1280 px, the ImGui table at 2600 px.
    for (const float width : {1280.0F, 2600.0F}) {
        CAPTURE(width);
        A11yHarness imgui;
        ImGui::GetIO().DisplaySize = ImVec2(width, 800.0F);
        const ForcedColours forced; // every row has the canvas behind it
        ScreenUnderTest screen = history_screen();
        open_detail(screen, "41", 5);
        screen.draw(imgui, 3); // a card draws its marker from the frame before
        const ImU32 highlight = ImGui::GetColorU32(views::rgb8(0, 184, 204));
        int rows = 0;
        for (const a11y::Node* link : imgui.all(Role::Link)) {
            const a11y::Node& cell = imgui.parent_of(*link);
            if (cell.role != Role::Cell) {
                continue;
            }
            const a11y::Node& row = imgui.parent_of(cell);
            const bool selected = link->name == "27.11.2026, 10:15";
            INFO("row ", link->name);
            CHECK(row.has(a11y::state::current) == selected); // aria-current
            CHECK(marked_on_the_left(row, cell, highlight) == selected);
            ++rows;
        }
        CHECK(rows >= 2);
    }
}

TEST_CASE("the detail explains purpose and legal basis and offers an objection to the access") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    open_detail(screen, "41", 5);
    screen.draw(imgui);
    const a11y::Node& panel = imgui.node(Role::Dialog, "Einzelheiten zum Zugriff");
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

TEST_CASE("an opened detail takes the focus, Escape closes it and the focus returns to its row") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    screen.draw(imgui);
    screen.activate(imgui, imgui.node(Role::Link, "20.11.2026, 08:02"));
    apply(screen);
    screen.draw(imgui);
    const a11y::Node& dialog = imgui.node(Role::Dialog, "Einzelheiten zum Zugriff");
    const a11y::Node& close = imgui.node(Role::Button, "Schließen");
    CHECK(is_inside(imgui, close, dialog));
    CHECK(imgui.recorder.tree().focused() == close.id); // its first control
    // Its place: the first control of the dialog, so "Widerspruch einlegen" is a Tab away.
    const a11y::Tree& tree = imgui.recorder.tree();
    std::vector<std::string> controls;
    for (int i = tree.find(close.id); i < static_cast<int>(tree.nodes.size()); ++i) {
        if (a11y::is_interactive(tree.nodes[static_cast<std::size_t>(i)].role)) {
            controls.push_back(tree.nodes[static_cast<std::size_t>(i)].name);
        }
    }
    REQUIRE(controls.size() >= 2);
    CHECK(controls[1] == "Widerspruch einlegen");

    imgui.recorder.request_dismiss(dialog.id); // Escape in the dialog
    screen.draw(imgui, 1);
    REQUIRE(testing::find_intent<ic::CloseEventDetail>(screen.intents) != nullptr);
    apply(screen);
    screen.draw(imgui);
    CHECK(imgui.all(Role::Dialog).empty());
    CHECK(imgui.recorder.tree().focused() == imgui.node(Role::Link, "20.11.2026, 08:02").id);
}

TEST_CASE("a detail closed while the focus is elsewhere leaves the focus alone") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    open_detail(screen, "41", 5);
    screen.draw(imgui);
    const a11y::NodeId apply_filter = imgui.node(Role::Button, "Filter anwenden").id;
    imgui.recorder.request_focus(apply_filter);
    screen.draw(imgui);
    screen.state.history.detail.reset(); // e.g. new filters were applied
    screen.draw(imgui);
    CHECK(imgui.recorder.tree().focused() == apply_filter);
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
    objections.data = {objection_row(3, "W-2026-000012", "Halterabfrage",
                                     api::ObjectionStatus::Pending, now + 20 * day, 5)};
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

TEST_CASE("a late report says so under its time in the table and in its detail") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    screen.state.history.rows[0].reported_late_at = "01.12.2026, 11:00";
    open_detail(screen, "41", 5);
    screen.draw(imgui);
    const auto marks = imgui.all(Role::Text);
    const auto in_cell = [&](const a11y::Node* node) {
        return node->name == "nachträglich gemeldet" && node->parent >= 0 &&
               imgui.parent_of(*node).role == Role::Cell;
    };
    // Only the late row is marked, under its time (the cell with the detail's link).
    CHECK(std::count_if(marks.begin(), marks.end(), in_cell) == 1);
    const auto mark = std::find_if(marks.begin(), marks.end(), in_cell);
    REQUIRE(mark != marks.end());
    CHECK((*mark)->parent == imgui.node(Role::Link, "27.11.2026, 10:15").parent);
    const a11y::Node& panel = imgui.node(Role::Dialog, "Einzelheiten zum Zugriff");
    CHECK(is_inside(imgui, imgui.node(Role::Text, "nachträglich gemeldet am 01.12.2026, 11:00"),
                    panel));
    CHECK(has_text(imgui, "erst mehr als einen Tag nach seinem Zeitpunkt"));

    // In English, and not for a row reported on time.
    screen.state.language = Language::English;
    screen.draw(imgui);
    CHECK(has_text(imgui, "reported late, on 01.12.2026, 11:00"));
    screen.state.history.rows[0].reported_late_at.clear();
    open_detail(screen, "41", 5);
    screen.state.language = Language::German;
    screen.draw(imgui);
    CHECK_FALSE(has_text(imgui, "nachträglich gemeldet"));
}

// [SECTION] History: the log check's page line

TEST_CASE("the history's page line says how many independent witnesses confirmed the log") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen();
    HistoryTrust& trust = screen.state.history.trust;
    trust.status = LogStatus::Verified;
    trust.tree_size = 20;
    screen.draw(imgui);
    CHECK(has_text(imgui, "Noch von keiner unabhängigen Prüfstelle bestätigt."));
    trust.witnesses = 1;
    screen.draw(imgui);
    CHECK(has_text(imgui, "Von 1 unabhängigen Prüfstelle bestätigt."));
    trust.witnesses = 2;
    screen.state.language = Language::English;
    screen.draw(imgui);
    CHECK(has_text(imgui, "Confirmed by 2 independent witnesses."));
    screen.state.language = Language::German;
    trust.status = LogStatus::Forked;
    trust.witness_fork = true;
    trust.witnessed_size = 13;
    screen.draw(imgui);
    CHECK(has_text(imgui, "den unabhängige Prüfstellen bestätigt haben (13 Einträge, jetzt 20)"));
}
