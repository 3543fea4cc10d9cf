// The root window: fills the display (the canvas) and shows the current screen.
#include "einblick/client/views/views.hpp"
#include "widgets.hpp"

#include <imgui.h>

namespace einblick::client::views {

void draw_starting() {
    ImGui::SetCursorPosY(ImGui::GetContentRegionAvail().y * 0.4F);
    widgets::centered_text("Einblick wird gestartet …");
}

void draw_app(AppState& state, Intents& intents) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings |
                                       ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Einblick", nullptr, flags);
    switch (state.screen) {
    case Screen::Starting:
        draw_starting();
        break;
    case Screen::Login:
        draw_login(state.login, intents);
        break;
    case Screen::History:
        draw_history(state, intents);
        break;
    }
    ImGui::End();
}

} // namespace einblick::client::views
