// The root window: fills the display (the canvas) and shows the current screen inside the
// page's main landmark.
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "widgets.hpp"

#include <imgui.h>

namespace einblick::client::views {

void draw_starting() {
    ImGui::SetCursorPosY(ImGui::GetContentRegionAvail().y * 0.4F);
    widgets::centered_status("Einblick wird gestartet …", true);
}

void draw_app(AppState& state, Intents& intents, a11y::Recorder& recorder) {
    recorder.begin_frame();
    const ui::FrameScope scope(recorder);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoSavedSettings |
                                       ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Einblick", nullptr, flags);
    ui::begin_region(a11y::Role::Main, "Einblick – Datenschutzcockpit");
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
    ui::end_region();
    ImGui::End();
    ui::draw_focus_ring(recorder);
    recorder.end_frame();
}

} // namespace einblick::client::views
