// The citizen's access history: who accessed which data, when, why and on what legal basis.
// Loading, empty and error states, "Weitere laden" for the next page, and logout.
#include "einblick/client/views/views.hpp"
#include "widgets.hpp"

#include <imgui.h>
#include <string>

namespace einblick::client::views {
namespace {

void draw_header(const AppState& state, Intents& intents) {
    ImGui::SetWindowFontScale(1.25F);
    ImGui::TextUnformatted("Einblick – Datenschutzcockpit");
    ImGui::SetWindowFontScale(1.0F);

    const std::string who =
        state.session ? "Angemeldet als " + state.session->display_name : std::string();
    const char* logout_label = "Abmelden";
    const ImGuiStyle& style = ImGui::GetStyle();
    const float logout_width = ImGui::CalcTextSize(logout_label).x + style.FramePadding.x * 2.0F;
    const float right_block =
        ImGui::CalcTextSize(who.c_str()).x + style.ItemSpacing.x + logout_width;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - right_block);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(who.c_str());
    ImGui::SameLine();
    if (ImGui::Button(logout_label)) {
        intents.emplace_back(intent::Logout{});
    }
    ImGui::Separator();
    ImGui::TextUnformatted("Wer hat auf Ihre Daten zugegriffen?");
    widgets::colored_paragraph(
        widgets::muted_color,
        "Jeder Abruf Ihrer Daten durch eine Behörde wird hier mit Zeitpunkt, Zweck und "
        "Rechtsgrundlage aufgeführt, der neueste zuerst.");
    ImGui::Spacing();
}

void draw_error(const std::string& message, Intents& intents, const Intent& retry) {
    widgets::colored_paragraph(widgets::error_color, message.c_str());
    if (widgets::primary_button("Erneut versuchen")) {
        intents.push_back(retry);
    }
}

void draw_cell(const std::string& text) {
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", text.c_str());
}

void draw_table(const HistoryState& history, float height) {
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                      ImGuiTableFlags_BordersOuter | ImGuiTableFlags_Resizable |
                                      ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("access_events", 5, flags, ImVec2(0.0F, height))) {
        return;
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Zeitpunkt", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("28.11.2026, 19:07").x);
    ImGui::TableSetupColumn("Abrufende Stelle", ImGuiTableColumnFlags_None, 1.4F);
    ImGui::TableSetupColumn("Zweck", ImGuiTableColumnFlags_None, 1.6F);
    ImGui::TableSetupColumn("Rechtsgrundlage", ImGuiTableColumnFlags_None, 1.2F);
    ImGui::TableSetupColumn("Datenkategorien", ImGuiTableColumnFlags_None, 1.2F);
    ImGui::TableHeadersRow();
    // Rows wrap to different heights, so no list clipper: pages of 50 keep this cheap.
    for (const EventRow& row : history.rows) {
        ImGui::PushID(row.id.c_str());
        ImGui::TableNextRow();
        draw_cell(row.occurred_at);
        draw_cell(row.agency_name);
        if (ImGui::IsItemHovered() && !row.agency_code.empty()) {
            ImGui::SetTooltip("Kennung der Stelle: %s", row.agency_code.c_str());
        }
        draw_cell(row.purpose);
        if (!row.refusal.empty()) {
            widgets::colored_paragraph(widgets::error_color, row.refusal.c_str());
        }
        draw_cell(row.legal_basis);
        draw_cell(row.data_categories);
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void draw_footer(const HistoryState& history, Intents& intents) {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%zu %s angezeigt", history.rows.size(),
                history.rows.size() == 1 ? "Zugriff" : "Zugriffe");
    if (history.error) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, widgets::error_color);
        ImGui::TextUnformatted(history.error->c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        if (widgets::primary_button("Erneut versuchen")) {
            intents.emplace_back(intent::LoadMore{});
        }
        return;
    }
    if (!history.next_cursor) {
        return;
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(history.loading_more);
    if (widgets::primary_button(history.loading_more ? "Wird geladen …###more"
                                                     : "Weitere laden###more")) {
        intents.emplace_back(intent::LoadMore{});
    }
    ImGui::EndDisabled();
}

} // namespace

void draw_history(const AppState& state, Intents& intents) {
    const HistoryState& history = state.history;
    draw_header(state, intents);
    switch (history.phase) {
    case LoadPhase::Loading:
        ImGui::TextUnformatted("Zugriffe werden geladen …");
        return;
    case LoadPhase::Failed:
        draw_error(history.error.value_or("Die Zugriffe konnten nicht geladen werden."), intents,
                   intent::RetryLoad{});
        return;
    case LoadPhase::Ready:
        break;
    }
    if (history.rows.empty()) {
        ImGui::TextWrapped("Bisher sind keine Zugriffe auf Ihre Daten verzeichnet.");
        return;
    }
    const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    draw_table(history, ImGui::GetContentRegionAvail().y - footer);
    draw_footer(history, intents);
}

} // namespace einblick::client::views
