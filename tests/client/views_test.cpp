// Smoke test of the screens: real ImGui frames without a backend over prepared states.
#include "einblick/client/a11y/recorder.hpp"
#include "einblick/client/update.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/views.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

using namespace einblick::client;

namespace {

// One ImGui context per test, torn down even when a check fails.
class HeadlessImGui {
public:
    HeadlessImGui() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280.0F, 800.0F);
        io.DeltaTime = 1.0F / 60.0F;
        views::apply_style();
        font_loaded = views::add_ui_font(*io.Fonts, EINBLICK_TEST_FONT, 17.0F);
        unsigned char* pixels = nullptr;
        int width = 0;
        int height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

    // Draws `frames` frames and returns the intents of the last one plus its vertex count.
    int run(AppState& state, views::Intents& intents, int frames = 3) {
        int vertices = 0;
        for (int i = 0; i < frames; ++i) {
            intents.clear();
            ImGui::NewFrame();
            views::draw_app(state, intents, recorder);
            ImGui::Render();
            vertices = ImGui::GetDrawData()->TotalVtxCount;
        }
        return vertices;
    }

    bool font_loaded = false;
    a11y::Recorder recorder;
};

AppState history_state(int rows) {
    AppState state;
    state.screen = Screen::Dashboard;
    state.page = Page::History;
    state.session =
        einblick::api::SessionInfo{"erika", "Erika Mustermann", einblick::api::Role::Citizen};
    state.history.phase = LoadPhase::Ready;
    for (int i = 0; i < rows; ++i) {
        einblick::api::AccessEvent event;
        event.id = "e" + std::to_string(i);
        event.occurred_at = 1'795'889'220'000;
        event.agency_code = "BA";
        event.agency_name = "Bundesagentur für Arbeit";
        event.purpose = "Prüfung „Arbeitslosengeld“ – Bescheid";
        event.legal_basis = "§ 67a SGB X";
        event.data_categories = {"address", "income"};
        state.history.rows.push_back(make_event_row(event));
    }
    if (!state.history.rows.empty()) {
        state.history.rows[0].refusal = "Abruf abgelehnt: Zweck nicht genehmigt";
    }
    state.history.next_cursor = "next";
    return state;
}

} // namespace

TEST_CASE("the UI font has the German glyphs") {
    HeadlessImGui imgui;
    REQUIRE(imgui.font_loaded);
    ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    for (ImWchar c : {0x00E4, 0x00F6, 0x00FC, 0x00DF, 0x20AC, 0x201E, 0x201C, 0x2013, 0x00A7}) {
        CAPTURE(c);
        CHECK(font->FindGlyphNoFallback(c) != nullptr);
    }
}

TEST_CASE("every screen draws without asserting") {
    HeadlessImGui imgui;
    views::Intents intents;

    AppState starting;
    CHECK(imgui.run(starting, intents) > 0);

    AppState login;
    login.screen = Screen::Login;
    login.login.error = "Benutzername oder Passwort ist falsch.";
    CHECK(imgui.run(login, intents) > 0);
    CHECK(login.login.focus == LoginFocus::None); // the focus request was used
    CHECK(intents.empty());

    AppState loading = history_state(0);
    loading.history.phase = LoadPhase::Loading;
    CHECK(imgui.run(loading, intents) > 0);

    AppState failed = history_state(0);
    failed.history.phase = LoadPhase::Failed;
    failed.history.error = "Der Server ist nicht erreichbar.";
    CHECK(imgui.run(failed, intents) > 0);

    AppState empty = history_state(0);
    empty.history.next_cursor.reset();
    CHECK(imgui.run(empty, intents) > 0);
}

TEST_CASE("a full table draws more than an empty one") {
    HeadlessImGui imgui;
    views::Intents intents;
    AppState empty = history_state(0);
    const int empty_vertices = imgui.run(empty, intents);
    AppState full = history_state(50);
    const int full_vertices = imgui.run(full, intents);
    // The rows the table shows (it scrolls: about eight of the 50, each with the word of its
    // log check under the time) add their texts and lines to the frame's fixed part (header,
    // tabs with their borders, filters, the focus ring around the page), whatever its size.
    CHECK(full_vertices - empty_vertices > 7 * 400);
    full.history.loading_more = true;
    full.history.error = "Wartung.";
    CHECK(imgui.run(full, intents) > 0);
}

TEST_CASE("Enter on the login screen emits SubmitLogin") {
    HeadlessImGui imgui;
    ImGuiIO& io = ImGui::GetIO();
    constexpr int enter_key = 257; // any free index; the backend maps GLFW's
    io.KeyMap[ImGuiKey_Enter] = enter_key;
    AppState state;
    state.screen = Screen::Login;
    views::Intents intents;
    imgui.run(state, intents, 2);
    CHECK(intents.empty());
    io.KeysDown[enter_key] = true;
    imgui.run(state, intents, 1);
    io.KeysDown[enter_key] = false;
    REQUIRE(intents.size() == 1);
    CHECK(std::holds_alternative<intent::SubmitLogin>(intents[0]));
}
