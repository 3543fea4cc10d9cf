// The root window: fills the display (the canvas) and shows the current screen inside the
// page's main landmark. Logged in, the dashboard frame: header, the role's navigation, the page.
#include "agency_widgets.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/layout.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "page_parts.hpp"
#include "widgets.hpp"

#include <imgui.h>
#include <string>
#include <vector>

namespace einblick::client::views {
namespace {

std::string signed_in_as(const AppState& state) {
    return state.session ? std::string(tr(state, "Angemeldet als ", "Signed in as ")) +
                               state.session->display_name
                         : std::string();
}

void draw_account_controls(AppState& state, Intents& intents) {
    parts::language_switch(state.language, intents);
    ImGui::SameLine();
    if (ui::button(tr(state, "Abmelden###logout", "Sign out###logout"))) {
        intents.emplace_back(intent::Logout{});
    }
}

// Wide: the title on the left, who is signed in, the language switch and "Abmelden" on the
// right of the same line, or of the next line where both do not fit.
void draw_wide_header(AppState& state, Intents& intents) {
    const char* title = tr(state, "Einblick – Datenschutzcockpit", "Einblick – privacy dashboard");
    ui::heading(1, title);
    const float title_width = ImGui::GetItemRectSize().x;

    const std::string who = signed_in_as(state);
    const char* language_label = parts::language_switch_label(state.language);
    const char* logout_label = tr(state, "Abmelden###logout", "Sign out###logout");
    const ImGuiStyle& style = ImGui::GetStyle();
    const auto button_width = [&style](const char* label) {
        return ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2.0F;
    };
    const float right_block = ImGui::CalcTextSize(who.c_str()).x + style.ItemSpacing.x * 2.0F +
                              button_width(language_label) + button_width(logout_label);
    const float right_start = ImGui::GetWindowContentRegionMax().x - right_block;
    const float widths[] = {title_width, right_block};
    if (views::layout::fits_in_row(widths, style.ItemSpacing.x * 2.0F,
                                   ImGui::GetContentRegionMax().x - ImGui::GetCursorStartPos().x)) {
        ImGui::SameLine(right_start);
    } else {
        ImGui::SetCursorPosX(right_start);
    }
    ImGui::AlignTextToFramePadding();
    ui::text(who.c_str());
    ImGui::SameLine();
    draw_account_controls(state, intents);
}

// The pages' tabs fit on one line at their full labels (ImGui would shrink them to "Übe…").
bool tabs_fit(const AppState& state) {
    std::vector<float> widths;
    for (const Page page : pages_for_role(state.session->role)) {
        widths.push_back(ImGui::CalcTextSize(page_title(page, state.language)).x +
                         ImGui::GetStyle().FramePadding.x * 2.0F);
    }
    return views::layout::fits_in_row(widths, ImGui::GetStyle().ItemInnerSpacing.x,
                                      ImGui::GetContentRegionAvail().x);
}

// The header and the navigation fold into a menu on a narrow screen, and wherever the tabs
// would not fit at their full labels.
bool use_menu(const AppState& state) {
    return ui::narrow() || (state.session && !tabs_fit(state));
}

// A real tab list (tabs, not links with aria-current): the pages are drawn as tabs, and a tab
// list lets the keyboard cross it with one Tab and move inside with the arrow keys; the
// selected tab controls the panel that shows its page.
void draw_tabs(const AppState& state, Intents& intents, a11y::NodeId panel) {
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
}

// Narrow: the title, and a menu button that shows who is signed in, the language switch,
// "Abmelden" and the pages, one per line. Whether the menu is open is view state, kept in
// ImGui's storage like a tree node's; choosing a page closes it. The button is a disclosure:
// it keeps its name and says whether the menu is open (aria-expanded) and which it is
// (aria-controls), as the APG's disclosure pattern asks.
void draw_narrow_header(AppState& state, Intents& intents) {
    bool& open = *ImGui::GetStateStorage()->GetBoolRef(ImGui::GetID("##menu_open"), false);
    const char* menu = tr(state, "Menü###menu", "Menu###menu");
    const float menu_width =
        ImGui::CalcTextSize(menu, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0F;
    const float title_end =
        ImGui::GetContentRegionMax().x - menu_width - ImGui::GetStyle().ItemSpacing.x;
    ImGui::PushTextWrapPos(title_end);
    ui::heading(1, tr(state, "Einblick – Datenschutzcockpit", "Einblick – privacy dashboard"));
    ImGui::PopTextWrapPos();
    ImGui::SameLine(title_end + ImGui::GetStyle().ItemSpacing.x);
    const a11y::NodeId menu_id = ui::node_id("##menu_content");
    const bool shown = open && state.session;
    ui::ButtonOptions options;
    options.description =
        tr(state, "Anmeldung, Sprache und Bereiche", "Account, language and sections");
    options.expanded = &shown;
    options.controls = shown ? menu_id : 0; // nothing to point at while it is closed
    if (ui::button(menu, options)) {
        open = !open;
    }
    if (!open || !state.session) {
        return;
    }
    ui::begin_region(a11y::Role::Group, tr(state, "Menü", "Menu"), menu_id);
    ui::text(signed_in_as(state).c_str());
    draw_account_controls(state, intents);
    ui::begin_region(a11y::Role::Navigation, tr(state, "Hauptnavigation", "Main navigation"));
    ui::begin_region(a11y::Role::TabList, tr(state, "Bereiche", "Sections"));
    for (const Page page : pages_for_role(state.session->role)) {
        const std::string label = std::string(page_title(page, state.language)) + "###page" +
                                  std::to_string(static_cast<int>(page));
        if (ui::menu_tab(label.c_str(), state.page == page)) {
            open = false;
            if (state.page != page) {
                intents.emplace_back(intent::Navigate{page});
            }
        }
    }
    ui::end_region();
    ui::end_region();
    ui::end_region();
    ImGui::Separator();
}

void draw_header(AppState& state, Intents& intents) {
    if (use_menu(state)) {
        draw_narrow_header(state, intents);
    } else {
        draw_wide_header(state, intents);
    }
}

void draw_navigation(const AppState& state, Intents& intents, a11y::NodeId panel) {
    if (!state.session || use_menu(state)) {
        return; // the pages are in the header's menu
    }
    ui::begin_region(a11y::Role::Navigation, tr(state, "Hauptnavigation", "Main navigation"));
    draw_tabs(state, intents, panel);
    ui::end_region();
}

void draw_page(AppState& state, Intents& intents) {
    if (state.route_notice) { // a link that could not show what it named
        ui::alert(localized(state, *state.route_notice).c_str());
    }
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

// What is shown in the page's scrolling area, as a small number: the page, the step of the
// objection flow, and (narrow) whether the access detail replaces the list.
int view_key(const AppState& state) {
    const bool detail_view = ui::narrow() && state.history.detail.has_value();
    return static_cast<int>(state.page) * 64 +
           static_cast<int>(state.citizen.objection_flow.step) * 2 + (detail_view ? 1 : 0);
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
    // The page scrolls on its own below the fixed header and navigation. Another page, a step
    // of a flow or (narrow) the access detail as a view of its own starts at its top, as a new
    // web page does, not where the last one was scrolled to.
    ImGui::BeginChild("page", ImVec2(0.0F, 0.0F), false, ImGuiWindowFlags_NoSavedSettings);
    const int view = view_key(state);
    if (frames.previous("view", view) != view) {
        ImGui::SetScrollY(0.0F);
    }
    frames.remember("view", view);
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
    // A narrow screen keeps its width for the content: a smaller margin around the page.
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                        ui::narrow() ? narrow_page_padding : ImGui::GetStyle().WindowPadding);
    ImGui::Begin("Einblick", nullptr, flags);
    ImGui::PopStyleVar();
    ui::begin_region(a11y::Role::Main,
                     tr(state, "Einblick – Datenschutzcockpit", "Einblick – privacy dashboard"));
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
