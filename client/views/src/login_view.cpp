// The login screen: username, password, "Anmelden". Enter submits from either field; after a
// failure both fields keep what was typed and a German sentence says what went wrong.
#include "einblick/client/views/views.hpp"
#include "widgets.hpp"

#include <algorithm>
#include <imgui.h>

namespace einblick::client::views {
namespace {

constexpr float panel_width = 420.0F;

void draw_messages(const LoginState& login) {
    if (login.notice) {
        widgets::colored_paragraph(widgets::muted_color, login.notice->c_str());
    }
    if (login.error) {
        widgets::colored_paragraph(widgets::error_color, login.error->c_str());
    }
}

// Returns true when the person asked to submit (button or Enter).
bool draw_fields(LoginState& login) {
    ImGui::BeginDisabled(login.submitting);
    ImGui::TextUnformatted("Benutzername");
    ImGui::SetNextItemWidth(-1.0F);
    if (login.focus == LoginFocus::Username) {
        ImGui::SetKeyboardFocusHere();
    }
    ImGui::InputText("##username", login.username.data(), login.username.size(),
                     ImGuiInputTextFlags_AutoSelectAll);
    ImGui::TextUnformatted("Passwort");
    ImGui::SetNextItemWidth(-1.0F);
    if (login.focus == LoginFocus::Password) {
        ImGui::SetKeyboardFocusHere();
    }
    ImGui::InputText("##password", login.password.data(), login.password.size(),
                     ImGuiInputTextFlags_Password | ImGuiInputTextFlags_AutoSelectAll);
    login.focus = LoginFocus::None;
    ImGui::Spacing();
    const bool clicked = widgets::primary_button(
        login.submitting ? "Anmeldung läuft …###login" : "Anmelden###login", ImVec2(-1.0F, 0.0F));
    ImGui::EndDisabled();
    const bool enter = !login.submitting && widgets::enter_pressed() &&
                       ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
    return clicked || enter;
}

} // namespace

void draw_login(LoginState& login, Intents& intents) {
    const ImVec2 available = ImGui::GetContentRegionAvail();
    const float width = std::min(panel_width, available.x);
    ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + (available.x - width) * 0.5F,
                               ImGui::GetCursorPosY() + std::max(0.0F, available.y * 0.12F)));
    // ImGui 1.86 cannot size a child to its content; this fits the form plus a three-line
    // message, and the panel scrolls if a message is longer.
    const float height =
        ImGui::GetTextLineHeightWithSpacing() * 11.0F + ImGui::GetFrameHeightWithSpacing() * 3.0F;
    ImGui::BeginChild("login_panel", ImVec2(width, std::min(height, available.y)), true,
                      ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::SetWindowFontScale(1.5F);
    ImGui::TextUnformatted("Einblick");
    ImGui::SetWindowFontScale(1.0F);
    widgets::colored_paragraph(widgets::muted_color,
                               "Ihr Datenschutzcockpit: sehen Sie, welche Behörde wann und "
                               "warum auf Ihre Daten zugegriffen hat.");
    ImGui::Separator();
    draw_messages(login);
    if (draw_fields(login)) {
        intents.emplace_back(intent::SubmitLogin{});
    }
    ImGui::EndChild();
}

} // namespace einblick::client::views
