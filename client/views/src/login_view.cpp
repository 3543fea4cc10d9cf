// The login screen: username, password, "Anmelden". Enter submits from either field; after a
// failure both fields keep what was typed, are marked invalid, and a German sentence says what
// went wrong (announced at once as an alert).
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "widgets.hpp"

#include <algorithm>
#include <imgui.h>

namespace einblick::client::views {
namespace {

constexpr float panel_width = 420.0F;

void draw_messages(const LoginState& login) {
    if (login.notice) {
        ui::status(login.notice->c_str(), &widgets::muted_color);
    }
    if (login.error) {
        ui::alert(login.error->c_str(), &widgets::error_color);
    }
}

ui::TextInputOptions field_options(const LoginState& login, LoginFocus which) {
    ui::TextInputOptions options;
    options.focus = login.focus == which;
    options.password = which == LoginFocus::Password;
    options.required = true;
    options.invalid = login.error.has_value();
    options.description = login.error ? login.error->c_str() : nullptr;
    return options;
}

// Returns true when the person asked to submit (button or Enter).
bool draw_fields(LoginState& login) {
    ImGui::BeginDisabled(login.submitting);
    ui::text_input("Benutzername", login.username.data(), login.username.size(),
                   field_options(login, LoginFocus::Username));
    ui::text_input("Passwort", login.password.data(), login.password.size(),
                   field_options(login, LoginFocus::Password));
    login.focus = LoginFocus::None;
    ImGui::Spacing();
    ui::ButtonOptions submit;
    submit.primary = true;
    submit.busy = login.submitting;
    submit.size = ImVec2(-1.0F, 0.0F);
    const bool clicked =
        ui::button(login.submitting ? "Anmeldung läuft …###login" : "Anmelden###login", submit);
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
    ui::begin_region(a11y::Role::Form, "Anmeldung");
    ui::heading(1, "Einblick");
    ui::paragraph("Ihr Datenschutzcockpit: sehen Sie, welche Behörde wann und warum auf Ihre "
                  "Daten zugegriffen hat.",
                  &widgets::muted_color);
    ImGui::Separator();
    draw_messages(login);
    if (draw_fields(login)) {
        intents.emplace_back(intent::SubmitLogin{});
    }
    ui::end_region();
    ImGui::EndChild();
}

} // namespace einblick::client::views
