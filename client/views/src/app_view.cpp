// The root window: fills the display (the canvas) and shows the current screen inside the
// page's main landmark. Logged in, the dashboard frame: header, the role's navigation, the page.
#include "agency_widgets.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "page_parts.hpp"
#include "widgets.hpp"

#include <imgui.h>
#include <string>

namespace einblick::client::views {
namespace {

void draw_header(AppState& state, Intents& intents) {
    ui::heading(1, tr(state, "Einblick – Datenschutzcockpit", "Einblick – privacy dashboard"));

    const std::string who = state.session
                                ? std::string(tr(state, "Angemeldet als ", "Signed in as ")) +
                                      state.session->display_name
                                : std::string();
    const char* language_label = parts::language_switch_label(state.language);
    const char* logout_label = tr(state, "Abmelden###logout", "Sign out###logout");
    const ImGuiStyle& style = ImGui::GetStyle();
    const auto button_width = [&style](const char* label) {
        return ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2.0F;
    };
    const float right_block = ImGui::CalcTextSize(who.c_str()).x + style.ItemSpacing.x * 2.0F +
                              button_width(language_label) + button_width(logout_label);
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - right_block);
    ImGui::AlignTextToFramePadding();
    ui::text(who.c_str());
    ImGui::SameLine();
    parts::language_switch(state.language, intents);
    ImGui::SameLine();
    if (ui::button(logout_label)) {
        intents.emplace_back(intent::Logout{});
    }
}

// A real tab list (tabs, not links with aria-current): the pages are drawn as tabs, and a tab
// list lets the keyboard cross it with one Tab and move inside with the arrow keys; the
// selected tab controls the panel that shows its page.
void draw_navigation(const AppState& state, Intents& intents, a11y::NodeId panel) {
    if (!state.session) {
        return;
    }
    ui::begin_region(a11y::Role::Navigation, tr(state, "Hauptnavigation", "Main navigation"));
    if (ui::begin_tabs(tr(state, "Bereiche###pages", "Sections###pages"), panel)) {
        for (const Page page : pages_for_role(state.session->role)) {
            const std::string label = std::string(page_title(page, state.language)) + "###page" +
                                      std::to_string(static_cast<int>(page));
            if (ui::tab(label.c_str(), state.page == page) && state.page != page) {
                intents.emplace_back(intent::Navigate{page});
            }
        }
        ui::end_tabs();
    }
    ui::end_region();
}

void draw_page(AppState& state, Intents& intents) {
    if (state.citizen.objection_flow.step != FlowStep::Closed) {
        draw_objection_flow(state, intents);
        return;
    }
    switch (state.page) {
    case Page::Overview:
        draw_overview(state, intents);
        break;
    case Page::History:
        draw_history(state, intents);
        break;
    case Page::Consents:
        draw_consents(state, intents);
        break;
    case Page::Objections:
        draw_objections(state, intents);
        break;
    case Page::Registry:
        draw_registry(state, intents);
        break;
    case Page::Export:
        draw_export(state, intents);
        break;
    case Page::ObjectionQueue:
        draw_objection_queue(state, intents);
        break;
    case Page::PurposeReview:
        draw_purpose_review(state, intents);
        break;
    case Page::UnusualAccess:
        draw_unusual_access(state, intents);
        break;
    case Page::AgencyPurposes:
        draw_agency_purposes(state, intents);
        break;
    case Page::ApiKeys:
        draw_api_keys(state, intents);
        break;
    }
}

} // namespace

void draw_starting() {
    ImGui::SetCursorPosY(ImGui::GetContentRegionAvail().y * 0.4F);
    widgets::centered_status("Einblick wird gestartet …", true);
}

void draw_dashboard(AppState& state, Intents& intents) {
    const a11y::NodeId panel = ui::node_id("page_panel");
    ui::skip_link(tr(state, "Zum Inhalt springen###skip", "Skip to content###skip"), panel);
    // Just logged in (or back from the login screen): the focus goes to the page's content,
    // which says where the person is, with the ring around it; the focused login form is gone.
    const agency::FrameMemory frames("dashboard");
    if (frames.previous("shown", 0) == 0) {
        ui::move_focus(panel);
    }
    frames.remember("shown", 1);
    draw_header(state, intents);
    draw_navigation(state, intents, panel);
    ImGui::Spacing();
    ui::begin_tab_panel(panel, page_title(state.page, state.language));
    // The page scrolls on its own below the fixed header and navigation.
    ImGui::BeginChild("page", ImVec2(0.0F, 0.0F), false, ImGuiWindowFlags_NoSavedSettings);
    draw_page(state, intents);
    ImGui::EndChild();
    ui::end_tab_panel();
}

void draw_app(AppState& state, Intents& intents, a11y::Recorder& recorder) {
    recorder.begin_frame(state.language == Language::English ? "en" : "de");
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        recorder.pointer_pressed(); // the focus follows the pointer, off a panel it rested on
    }
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
        draw_login(state.login, state.language, intents);
        break;
    case Screen::Dashboard:
        draw_dashboard(state, intents);
        break;
    }
    ui::end_region();
    ImGui::End();
    // After end_frame, which settles where the focus is: the ring is where the page's focus
    // is, also in the frame or two ImGui takes to follow a focus the page moved.
    recorder.end_frame();
    ui::draw_focus_ring(recorder);
}

} // namespace einblick::client::views
