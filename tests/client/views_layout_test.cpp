// Responsive layout: the pure decisions (breakpoint, whether a table's columns fit, where text
// may break) and what the views make of them at a phone's width and on a wide screen.
#include "einblick/client/views/layout.hpp"
#include "views_citizen_fixtures.hpp"

#include <string>
#include <string_view>
#include <vector>

using namespace einblick::client;
using namespace einblick::client::testing::citizen_screens;
using testing::A11yHarness;
using testing::ScreenUnderTest;
namespace layout = einblick::client::views::layout;

namespace {

// Every character 10 px wide: widths in the tests read as character counts.
float ten_per_character(std::string_view text) {
    return 10.0F * static_cast<float>(text.size());
}

std::vector<std::string> wrapped(std::string_view text, float width) {
    std::vector<std::string> out;
    for (const layout::Line& line : layout::wrap_words(text, width, ten_per_character)) {
        out.emplace_back(text.substr(line.begin, line.end - line.begin));
    }
    return out;
}

bool overlaps(const a11y::Rect& a, const a11y::Rect& b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height &&
           b.y < a.y + a.height;
}

} // namespace

// [SECTION] Pure decisions

TEST_CASE("the page goes to one column below 44 em of width") {
    CHECK(layout::is_narrow(320.0F, 17.0F));
    CHECK(layout::is_narrow(683.0F, 17.0F)); // 1366 px at 200 % zoom
    CHECK_FALSE(layout::is_narrow(768.0F, 17.0F));
    CHECK_FALSE(layout::is_narrow(1366.0F, 17.0F));
    // A larger font moves the breakpoint with it.
    CHECK(layout::is_narrow(768.0F, 20.0F));
}

TEST_CASE("a table becomes cards when its columns cannot all get 9.5 em") {
    CHECK(layout::table_fits(5, 1300.0F, 17.0F));
    CHECK_FALSE(layout::table_fits(5, 635.0F, 17.0F)); // the history at 200 % zoom
    CHECK(layout::table_fits(2, 340.0F, 17.0F));
    CHECK_FALSE(layout::table_fits(5, 781.0F, 17.0F)); // the history beside its detail at 1366 px
    CHECK_FALSE(layout::table_fits(3, 296.0F, 17.0F)); // three columns on a 320 px phone
}

TEST_CASE("items share a line only when their widths and spacing fit") {
    const std::vector<float> widths{100.0F, 80.0F, 60.0F};
    CHECK(layout::fits_in_row(widths, 10.0F, 260.0F));
    CHECK_FALSE(layout::fits_in_row(widths, 10.0F, 259.0F));
    CHECK(layout::fits_in_row({}, 10.0F, 0.0F));
}

TEST_CASE("text wraps at spaces only and keeps a date whole") {
    // ImGui's own wrapping broke after the dots: "30.11." / "2026".
    CHECK(wrapped("Frist 30.11.2026", 100.0F) == std::vector<std::string>{"Frist", "30.11.2026"});
    CHECK(wrapped("am 30.11.2026, 19:07 Uhr", 110.0F) ==
          std::vector<std::string>{"am", "30.11.2026,", "19:07 Uhr"});
    CHECK(wrapped("kurz", 100.0F) == std::vector<std::string>{"kurz"});
    CHECK(wrapped("eins\nzwei drei", 100.0F) == std::vector<std::string>{"eins", "zwei drei"});
}

TEST_CASE("only a word wider than the whole line is broken, never inside a character") {
    CHECK(wrapped("Datenschutzbeauftragte", 100.0F) ==
          std::vector<std::string>{"Datenschut", "zbeauftrag", "te"});
    // "ü" is two bytes: a line ends before or after it, never between its bytes.
    const std::vector<std::string> lines = wrapped("Prüfungsübersicht", 60.0F);
    for (const std::string& line : lines) {
        CHECK((static_cast<unsigned char>(line.front()) & 0xC0U) != 0x80U);
    }
    std::string joined;
    for (const std::string& line : lines) {
        joined += line;
    }
    CHECK(joined == "Prüfungsübersicht");
}

// [SECTION] The views at a phone's width and on a wide screen

TEST_CASE("at 360 px the header folds into a menu that holds the account and the pages") {
    A11yHarness imgui;
    ImGui::GetIO().DisplaySize = ImVec2(360.0F, 740.0F);
    ScreenUnderTest screen = history_screen();
    screen.draw(imgui);
    CHECK(imgui.all(Role::Tab).empty());
    CHECK_FALSE(has_text(imgui, "Angemeldet als"));
    // A disclosure button (aria-expanded): closed, it points at nothing.
    const a11y::Node& closed = imgui.node(Role::Button, "Menü");
    CHECK(closed.has(a11y::state::expandable));
    CHECK_FALSE(closed.has(a11y::state::expanded));
    CHECK(closed.controls == 0);
    screen.activate(imgui, closed);
    screen.draw(imgui);
    // Open, it keeps its name, says so and points at the menu it opened (aria-controls).
    const a11y::Node& opened = imgui.node(Role::Button, "Menü");
    CHECK(opened.has(a11y::state::expanded));
    const a11y::Node& menu = imgui.node(Role::Group, "Menü");
    CHECK(opened.controls == menu.id);
    CHECK(has_text(imgui, "Angemeldet als"));
    const a11y::Node& sign_out = imgui.node(Role::Button, "Abmelden");
    CHECK(is_inside(imgui, sign_out, menu));
    const a11y::Node& tab = imgui.node(Role::Tab, "Widersprüche");
    CHECK(is_inside(imgui, tab, menu));
    CHECK(tab.rect.x + tab.rect.width <= 360.0F);
    // Choosing a page navigates and closes the menu.
    const auto& intents = screen.activate(imgui, tab);
    const auto* navigate = testing::find_intent<intent::Navigate>(intents);
    REQUIRE(navigate != nullptr);
    CHECK(navigate->page == Page::Objections);
    screen.draw(imgui);
    CHECK_FALSE(imgui.node(Role::Button, "Menü").has(a11y::state::expanded));
    CHECK(imgui.node(Role::Button, "Menü").controls == 0);
}

TEST_CASE("at 360 px the history's rows are cards still recorded as a table") {
    A11yHarness imgui;
    ImGui::GetIO().DisplaySize = ImVec2(360.0F, 740.0F);
    ScreenUnderTest screen = history_screen();
    screen.draw(imgui);
    const a11y::Node& table = imgui.node(Role::Table, "Zugriffe auf Ihre Daten");
    CHECK(imgui.all(Role::ColumnHeader).size() == 5);
    const auto rows = table_cells(imgui, table);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0][1] == "Kfz-Zulassungsbehörde Leipzig");
    // Each cell has the card's width (less its padding), not a fifth of the screen.
    for (const a11y::Node* cell : imgui.all(Role::Cell)) {
        CHECK(cell->rect.x + cell->rect.width <= 360.0F);
    }
    const a11y::Node& agency = imgui.node(Role::Cell, "Bundesagentur für Arbeit");
    CHECK(agency.rect.width > 150.0F);
    CHECK(agency.rect.height < 3.0F * ImGui::GetTextLineHeightWithSpacing()); // label + value
}

TEST_CASE("at 360 px the access detail is a view of its own with a way back") {
    A11yHarness imgui;
    ImGui::GetIO().DisplaySize = ImVec2(360.0F, 740.0F);
    ScreenUnderTest screen = history_screen();
    open_detail(screen, "40", 6);
    screen.draw(imgui);
    CHECK(imgui.all(Role::Table).empty());
    const a11y::Node& detail = imgui.node(Role::Dialog, "Einzelheiten zum Zugriff");
    CHECK(detail.rect.width > 0.8F * 360.0F); // was 274 px with the wide layout's padding
    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "Zurück zur Liste"));
    CHECK(testing::find_intent<intent::citizen::CloseEventDetail>(intents) != nullptr);
}

TEST_CASE("on a wide screen the detail sits beside the table and covers none of its columns") {
    A11yHarness imgui;
    ImGui::GetIO().DisplaySize = ImVec2(1366.0F, 800.0F);
    ScreenUnderTest screen = history_screen();
    open_detail(screen, "40", 6);
    screen.draw(imgui, 3);
    imgui.node(Role::Tab, "Zugriffe");
    const a11y::Node& detail = imgui.node(Role::Dialog, "Einzelheiten zum Zugriff");
    for (const char* column : {"Rechtsgrundlage", "Datenkategorien", "Zweck"}) {
        INFO(column);
        CHECK_FALSE(overlaps(imgui.node(Role::ColumnHeader, column).rect, detail.rect));
    }
}

TEST_CASE("cards inside a column of a layout grid take that column's width") {
    A11yHarness imgui;
    ImGui::GetIO().DisplaySize = ImVec2(768.0F, 600.0F);
    const auto draw = [](a11y::Recorder& recorder) {
        recorder.begin_frame("de");
        const ui::FrameScope scope(recorder);
        ImGui::SetNextWindowPos(ImVec2(0.0F, 0.0F));
        ImGui::SetNextWindowSize(ImVec2(768.0F, 600.0F));
        ImGui::Begin("grid", nullptr, ImGuiWindowFlags_NoDecoration);
        if (ImGui::BeginTable("columns", 2, ImGuiTableFlags_SizingStretchSame)) {
            ImGui::TableNextRow();
            for (const char* name : {"links", "rechts"}) {
                ImGui::TableNextColumn();
                if (ui::begin_table(name, name, 3, ImGuiTableFlags_SizingStretchProp)) {
                    ui::table_column("Aktenzeichen");
                    ui::table_column("Zweck");
                    ui::table_column("Antwort bis");
                    ui::header_row();
                    ui::table_row("1");
                    ui::table_cell("W-2026-000009");
                    ui::table_cell("Mikrozensus");
                    ui::table_cell("19.11.2026");
                    ui::end_table();
                }
            }
            ImGui::EndTable();
        }
        ImGui::End();
        recorder.end_frame();
    };
    imgui.run(draw, 3);
    // Each cell is its column's name over its value: two lines, not a letter per line.
    REQUIRE(imgui.all(Role::Cell).size() == 6);
    for (const a11y::Node* cell : imgui.all(Role::Cell)) {
        INFO(cell->name, " at x ", cell->rect.x, " width ", cell->rect.width);
        CHECK(cell->rect.height < 3.0F * 17.0F);
    }
}

TEST_CASE("a table whose narrowest stretching column would break its words becomes cards") {
    // The consents at 700 px: room for four columns, but "Status" weighted 0.6 of 5 gets 84 px.
    const std::vector<layout::ColumnSpec> consents{
        {0.0F, 1.6F}, {0.0F, 1.2F}, {0.0F, 0.6F}, {0.0F, 1.6F}};
    CHECK(layout::table_fits(4, 700.0F, 17.0F));
    CHECK_FALSE(layout::columns_fit(consents, 700.0F, 17.0F));
    CHECK(layout::columns_fit(consents, 1318.0F, 17.0F));
    // A fixed column takes its width first: the rest shares what is left.
    const std::vector<layout::ColumnSpec> history{
        {150.0F, 0.0F}, {0.0F, 1.4F}, {0.0F, 1.6F}, {0.0F, 1.2F}, {0.0F, 1.2F}};
    CHECK(layout::columns_fit(history, 1318.0F, 17.0F));
    CHECK_FALSE(layout::columns_fit(history, 781.0F, 17.0F)); // beside the open detail
}
