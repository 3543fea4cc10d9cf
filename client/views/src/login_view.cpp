// The login screen: username, password, "Anmelden". Enter submits from either field; after a
// failure both fields keep what was typed, are marked invalid, and a German sentence says what
// went wrong (announced at once as an alert).
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "page_parts.hpp"
#include "widgets.hpp"

#include <algorithm>
#include <imgui.h>

namespace einblick::client::views {
namespace {

constexpr float panel_width = 420.0F;

void draw_messages(const LoginState& login, Language language) {
    if (login.notice) {
        ui::status(localized(language, *login.notice).c_str(), &palette::muted_text);
    }
    if (login.error) {
        ui::alert(localized(language, *login.error).c_str(), &palette::error);
    }
}

ui::TextInputOptions field_options(const LoginState& login, LoginFocus which,
                                   const std::string& error) {
    ui::TextInputOptions options;
    options.focus = login.focus == which;
    options.password = which == LoginFocus::Password;
    options.required = true;
    options.invalid = login.error.has_value();
    options.description = login.error ? error.c_str() : nullptr;
    return options;
}

// Returns true when the person asked to submit (button or Enter).
bool draw_fields(LoginState& login, Language language) {
    const std::string error = login.error ? localized(language, *login.error) : std::string();
    ImGui::BeginDisabled(login.submitting);
    ui::text_input(tr(language, "Benutzername###username", "Username###username"),
                   login.username.data(), login.username.size(),
                   field_options(login, LoginFocus::Username, error));
    ui::text_input(tr(language, "Passwort###password", "Password###password"),
                   login.password.data(), login.password.size(),
                   field_options(login, LoginFocus::Password, error));
    login.focus = LoginFocus::None;
    ImGui::Spacing();
    ui::ButtonOptions submit;
    submit.primary = true;
    submit.busy = login.submitting;
    submit.size = ImVec2(-1.0F, 0.0F);
    const bool clicked = ui::button(
        login.submitting ? tr(language, "Anmeldung läuft …###login", "Signing in …###login")
                         : tr(language, "Anmelden###login", "Sign in###login"),
        submit);
    ImGui::EndDisabled();
    const bool enter = !login.submitting && widgets::enter_pressed() &&
                       ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
    return clicked || enter;
}

} // namespace

void draw_login(LoginState& login, Language language, Intents& intents) {
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
    ui::begin_region(a11y::Role::Form, tr(language, "Anmeldung", "Sign in"));
    ui::heading(1, "Einblick");
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize("Deutsch").x -
                    ImGui::GetStyle().FramePadding.x * 2.0F);
    parts::language_switch(language, intents);
    ui::paragraph(tr(language,
                     "Ihr Datenschutzcockpit: sehen Sie, welche Behörde wann und warum auf Ihre "
                     "Daten zugegriffen hat.",
                     "Your data protection cockpit: see which authority accessed your data, "
                     "when and why."),
                  &palette::muted_text);
    ImGui::Separator();
    draw_messages(login, language);
    if (draw_fields(login, language)) {
        intents.emplace_back(intent::SubmitLogin{});
    }
    ui::end_region();
    ImGui::EndChild();
}

} // namespace einblick::client::views
