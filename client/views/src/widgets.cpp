#include "widgets.hpp"

#include "einblick/client/views/ui.hpp"

namespace einblick::client::views::widgets {

void centered_status(const char* text, bool busy) {
    const float width = ImGui::CalcTextSize(text).x;
    const float available = ImGui::GetContentRegionAvail().x;
    if (available > width) {
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (available - width) * 0.5F);
    }
    ui::status(text, nullptr, busy);
}

bool enter_pressed() {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
           ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false);
}

} // namespace einblick::client::views::widgets
