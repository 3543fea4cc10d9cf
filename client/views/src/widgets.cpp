#include "widgets.hpp"

namespace einblick::client::views::widgets {

bool primary_button(const char* label, const ImVec2& size) {
    // Dark blue (#00528F) with white text: contrast about 8:1, above WCAG AAA's 7:1.
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.00F, 0.32F, 0.58F, 1.0F));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.00F, 0.40F, 0.70F, 1.0F));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.00F, 0.26F, 0.48F, 1.0F));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0F, 1.0F, 1.0F, 1.0F));
    const bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleColor(4);
    return pressed;
}

void colored_paragraph(const ImVec4& color, const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

void centered_text(const char* text) {
    const float width = ImGui::CalcTextSize(text).x;
    const float available = ImGui::GetContentRegionAvail().x;
    if (available > width) {
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (available - width) * 0.5F);
    }
    ImGui::TextUnformatted(text);
}

bool enter_pressed() {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
           ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false);
}

} // namespace einblick::client::views::widgets
