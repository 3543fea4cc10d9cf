// The screens as a screen reader gets them: roles, names, states and structure of the
// semantic tree the login and history views record, and the page's requests acting on them.
#include "a11y_harness.hpp"
#include "einblick/client/a11y/diff.hpp"
#include "einblick/client/update.hpp"
#include "einblick/client/views/views.hpp"

#include <cstring>
#include <imgui_internal.h>
#include <vector>

using namespace einblick::client;
using a11y::Role;
using testing::A11yHarness;
using testing::ScreenUnderTest;

namespace {

ScreenUnderTest login_screen() {
    ScreenUnderTest screen;
    screen.state.screen = einblick::client::Screen::Login;
    return screen;
}

ScreenUnderTest history_screen(int rows) {
    ScreenUnderTest screen;
    AppState& state = screen.state;
    state.screen = einblick::client::Screen::Dashboard;
    state.page = einblick::client::Page::History;
    state.session =
        einblick::api::SessionInfo{"erika", "Erika Mustermann", einblick::api::Role::Citizen};
    state.history.phase = LoadPhase::Ready;
    for (int i = 0; i < rows; ++i) {
        EventRow row;
        row.id = "e" + std::to_string(i);
        row.occurred_at = "28.11.2026, 19:07";
        row.agency_code = "BA";
        row.agency_name = "Bundesagentur für Arbeit";
        row.purpose = "Prüfung „Arbeitslosengeld“";
        row.legal_basis = "§ 67a SGB X";
        row.data_categories = "Anschrift, Einkommen";
        state.history.rows.push_back(row);
    }
    if (rows > 0) {
        state.history.rows[0].refusal = "Abruf abgelehnt: Zweck nicht genehmigt";
    }
    state.history.next_cursor = "next";
    return screen;
}

} // namespace

TEST_CASE("the login screen is a named form with labelled fields and a button") {
    A11yHarness imgui;
    ScreenUnderTest screen = login_screen();
    screen.draw(imgui);
    const a11y::Node& form = imgui.node(Role::Form, "Anmeldung");
    CHECK(imgui.parent_of(form).role == Role::Main);
    const a11y::Node& heading = imgui.node(Role::Heading, "Einblick");
    CHECK(heading.level == 1);
    const a11y::Node& user = imgui.node(Role::TextBox, "Benutzername");
    const a11y::Node& password = imgui.node(Role::TextBox, "Passwort");
    const a11y::Node& submit = imgui.node(Role::Button, "Anmelden");
    for (const a11y::Node* node : {&heading, &user, &password, &submit}) {
        CHECK(imgui.parent_of(*node).id == form.id);
        CHECK_FALSE(node->rect.empty());
    }
    CHECK(user.has(a11y::state::required));
    CHECK(password.has(a11y::state::protected_text));
    CHECK_FALSE(user.has(a11y::state::invalid));
    // Reading order is top to bottom.
    CHECK(user.rect.y < password.rect.y);
    CHECK(password.rect.y < submit.rect.y);
    // The app asks for the username field first: ImGui focuses it, the tree says so.
    CHECK(user.has(a11y::state::focused));
    CHECK(imgui.recorder.tree().focused() == user.id);
}

TEST_CASE("a failed login is an alert and marks both fields invalid") {
    A11yHarness imgui;
    ScreenUnderTest screen = login_screen();
    screen.state.login.error = "Benutzername oder Passwort ist falsch.";
    screen.state.login.focus = LoginFocus::Password;
    screen.draw(imgui);
    imgui.node(Role::Alert, "Benutzername oder Passwort ist falsch.");
    const a11y::Node& password = imgui.node(Role::TextBox, "Passwort");
    CHECK(password.has(a11y::state::invalid));
    CHECK(password.description == "Benutzername oder Passwort ist falsch.");
    CHECK(imgui.node(Role::TextBox, "Benutzername").has(a11y::state::invalid));
    CHECK(password.has(a11y::state::focused));
}

TEST_CASE("while logging in the button is busy and disabled") {
    A11yHarness imgui;
    ScreenUnderTest screen = login_screen();
    screen.state.login.submitting = true;
    screen.draw(imgui);
    const a11y::Node& button = imgui.node(Role::Button, "Anmeldung läuft …");
    CHECK(button.has(a11y::state::busy));
    CHECK(button.has(a11y::state::disabled));
    CHECK(imgui.node(Role::TextBox, "Benutzername").has(a11y::state::disabled));
}

TEST_CASE("the page can fill the fields, move focus and press Anmelden") {
    A11yHarness imgui;
    ScreenUnderTest screen = login_screen();
    screen.draw(imgui);
    const a11y::NodeId user = imgui.node(Role::TextBox, "Benutzername").id;
    const a11y::NodeId password = imgui.node(Role::TextBox, "Passwort").id;
    const a11y::NodeId submit = imgui.node(Role::Button, "Anmelden").id;

    // The username field is active in ImGui: the edit goes through ImGui's edit state.
    imgui.recorder.request_edit(user, a11y::TextEdit{"erika", 5, 5});
    screen.draw(imgui, 1);
    CHECK(std::string(screen.state.login.username.data()) == "erika");
    CHECK(imgui.node(Role::TextBox, "Benutzername").value == "erika");

    imgui.recorder.request_focus(password);
    screen.draw(imgui, 2);
    CHECK(imgui.recorder.tree().focused() == password);
    imgui.recorder.request_edit(password, a11y::TextEdit{"Geheim-€-ß", -1, -1});
    screen.draw(imgui, 2);
    CHECK(std::string(screen.state.login.password.data()) == "Geheim-€-ß");

    imgui.recorder.request_focus(submit);
    screen.draw(imgui, 2);
    CHECK(imgui.recorder.tree().focused() == submit);
    CHECK(screen.intents.empty());
    imgui.recorder.request_activate(submit);
    screen.draw(imgui, 1);
    REQUIRE(screen.intents.size() == 1);
    CHECK(std::holds_alternative<intent::SubmitLogin>(screen.intents[0]));
}

// The session expired: the username is kept and the client focuses the password. The page
// (a person clicking, a screen reader, a test filling the fields) focuses the username and, a
// frame later, the password again, and types. ImGui follows each focus a frame late; if the
// tree then reported the username focused, the mirror would move the page's focus back there
// and the password would be typed into the username field, in clear text.
TEST_CASE("ImGui catching up with an older page focus never takes the page's focus back") {
    A11yHarness imgui;
    ScreenUnderTest screen = login_screen();
    std::strcpy(screen.state.login.username.data(), "erika");
    screen.state.login.focus = LoginFocus::Password;
    screen.draw(imgui, 3);
    const a11y::NodeId user = imgui.node(Role::TextBox, "Benutzername").id;
    const a11y::NodeId password = imgui.node(Role::TextBox, "Passwort").id;
    REQUIRE(imgui.recorder.tree().focused() == password);

    std::vector<a11y::NodeId> focus_moves; // the page's focus as the mirror would move it
    const auto frame = [&] {
        const a11y::Tree before = imgui.recorder.tree();
        screen.draw(imgui, 1);
        for (const a11y::Op& op : a11y::diff(before, imgui.recorder.tree())) {
            if (op.kind == a11y::OpKind::Focus) {
                focus_moves.push_back(op.id);
            }
        }
    };
    imgui.recorder.request_focus(user);
    frame();
    imgui.recorder.request_focus(password);
    focus_moves.clear();
    for (int i = 0; i < 6; ++i) {
        frame();
        CHECK(imgui.recorder.tree().focused() == password);
    }
    for (const a11y::NodeId moved_to : focus_moves) {
        CHECK(moved_to != user);
    }
    CHECK(ImGui::GetCurrentContext()->ActiveId == password); // ImGui followed in the end

    imgui.recorder.request_edit(password, a11y::TextEdit{"Geheim-2026", -1, -1});
    frame();
    CHECK(std::string(screen.state.login.password.data()) == "Geheim-2026");
    CHECK(std::string(screen.state.login.username.data()) == "erika");
}

TEST_CASE("a password never enters the tree or the page's operations") {
    A11yHarness imgui;
    ScreenUnderTest screen = login_screen();
    std::strcpy(screen.state.login.password.data(), "Geheim-2026");
    const a11y::Tree before = screen.draw(imgui);
    const a11y::Node& password = imgui.node(Role::TextBox, "Passwort");
    CHECK(password.value == "•••••••••••"); // one bullet per character, like the page's field
    const std::string json = a11y::to_json(a11y::diff(a11y::Tree{}, before));
    CHECK(json.find("Geheim") == std::string::npos);
    CHECK(json.find("Passwort") != std::string::npos);
}

TEST_CASE("the history is a table with a header row and one row per access") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen(3);
    screen.draw(imgui);
    const a11y::Node& table = imgui.node(Role::Table, "Zugriffe auf Ihre Daten");
    const auto rows = imgui.all(Role::Row);
    REQUIRE(rows.size() == 4);
    const auto headers = imgui.all(Role::ColumnHeader);
    REQUIRE(headers.size() == 5);
    CHECK(headers[0]->name == "Zeitpunkt");
    CHECK(headers[4]->name == "Datenkategorien");
    CHECK(imgui.all(Role::Cell).size() == 15);
    for (const a11y::Node* row : rows) {
        CHECK(imgui.parent_of(*row).id == table.id);
    }
    // The refusal is read with the purpose it belongs to.
    const a11y::Node& refusal = imgui.node(Role::Text, "Abruf abgelehnt: Zweck nicht genehmigt");
    CHECK(imgui.parent_of(refusal).role == Role::Cell);
    CHECK(imgui.parent_of(refusal).name == "Prüfung „Arbeitslosengeld“");
    // The tooltip's agency code is the cell's description.
    CHECK(imgui.all(Role::Cell)[1]->description == "Kennung der Stelle: BA");
    imgui.node(Role::Heading, "Einblick – Datenschutzcockpit");
    imgui.node(Role::Status, "3 Zugriffe angezeigt");
    imgui.node(Role::Button, "Abmelden");
    imgui.node(Role::Button, "Weitere laden");
}

TEST_CASE("row ids stay stable when a newer access arrives on top") {
    A11yHarness imgui;
    ScreenUnderTest screen = history_screen(2);
    const a11y::Tree before = screen.draw(imgui);
    EventRow newest = screen.state.history.rows[1];
    newest.id = "new";
    screen.state.history.rows.insert(screen.state.history.rows.begin(), newest);
    const a11y::Tree after = screen.draw(imgui);
    int created = 0;
    for (const a11y::Op& op : a11y::diff(before, after)) {
        created += op.kind == a11y::OpKind::Create ? 1 : 0;
        CHECK(op.kind != a11y::OpKind::Remove);
    }
    // The new row, its five cells, its time link and the word of its check under the time; the
    // old rows only move.
    CHECK(created == 8);
}

TEST_CASE("loading, failure and empty history are live messages") {
    A11yHarness imgui;
    ScreenUnderTest loading = history_screen(0);
    loading.state.history.phase = LoadPhase::Loading;
    loading.draw(imgui);
    CHECK(imgui.node(Role::Status, "Zugriffe werden geladen …").has(a11y::state::busy));

    ScreenUnderTest failed = history_screen(0);
    failed.state.history.phase = LoadPhase::Failed;
    failed.state.history.error = "Der Server ist nicht erreichbar.";
    failed.draw(imgui);
    imgui.node(Role::Alert, "Der Server ist nicht erreichbar.");
    const a11y::NodeId retry = imgui.node(Role::Button, "Erneut versuchen").id;
    imgui.recorder.request_activate(retry);
    failed.draw(imgui, 1);
    REQUIRE(failed.intents.size() == 1);
    CHECK(std::holds_alternative<intent::RetryLoad>(failed.intents[0]));

    ScreenUnderTest empty = history_screen(0);
    empty.draw(imgui);
    imgui.node(Role::Status, "Bisher sind keine Zugriffe auf Ihre Daten verzeichnet.");

    ScreenUnderTest starting;
    starting.draw(imgui);
    CHECK(imgui.node(Role::Status, "Einblick wird gestartet …").has(a11y::state::busy));
}

TEST_CASE("the focus ring is drawn for the focused widget only") {
    A11yHarness imgui;
    ScreenUnderTest screen = login_screen();
    screen.state.login.focus = LoginFocus::None;
    screen.draw(imgui);
    const int without = ImGui::GetDrawData()->TotalVtxCount;
    imgui.recorder.request_focus(imgui.node(Role::Button, "Anmelden").id);
    screen.draw(imgui, 2);
    CHECK(ImGui::GetDrawData()->TotalVtxCount > without);
}
