// The citizen's access history: who accessed which data, when, why and on what legal basis.
// Loading, empty and error states, "Weitere laden" for the next page, and logout.
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

#include <imgui.h>
#include <string>

namespace einblick::client::views {
namespace {

void draw_header(const AppState& state) {
    ui::heading(2, tr(state, "Wer hat auf Ihre Daten zugegriffen?",
                      "Who accessed your data?"));
    ui::paragraph(tr(state,
                     "Jeder Abruf Ihrer Daten durch eine Behörde wird hier mit Zeitpunkt, Zweck "
                     "und Rechtsgrundlage aufgeführt, der neueste zuerst.",
                     "Every retrieval of your data by an authority is listed here with its time, "
                     "purpose and legal basis, newest first."),
                  &widgets::muted_color);
    ImGui::Spacing();
}

void draw_error(const std::string& message, Intents& intents, const Intent& retry) {
    ui::alert(message.c_str(), &widgets::error_color);
    ui::ButtonOptions options;
    options.primary = true;
    if (ui::button("Erneut versuchen", options)) {
        intents.push_back(retry);
    }
}

void draw_row(const EventRow& row) {
    ImGui::PushID(row.id.c_str());
    ui::table_row(row.id.c_str());
    ui::table_cell(row.occurred_at.c_str());
    ui::table_cell(row.agency_name.c_str());
    if (!row.agency_code.empty()) {
        const std::string code = "Kennung der Stelle: " + row.agency_code;
        ui::describe_last(code.c_str());
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("%s", code.c_str());
        }
    }
    ui::table_cell(row.purpose.c_str());
    if (!row.refusal.empty()) {
        ui::paragraph(row.refusal.c_str(), &widgets::error_color);
    }
    ui::table_cell(row.legal_basis.c_str());
    ui::table_cell(row.data_categories.c_str());
    ImGui::PopID();
}

void draw_table(const HistoryState& history, float height) {
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                      ImGuiTableFlags_BordersOuter | ImGuiTableFlags_Resizable |
                                      ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    if (!ui::begin_table("access_events", "Zugriffe auf Ihre Daten", 5, flags,
                         ImVec2(0.0F, height))) {
        return;
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Zeitpunkt", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::CalcTextSize("28.11.2026, 19:07").x);
    ImGui::TableSetupColumn("Abrufende Stelle", ImGuiTableColumnFlags_None, 1.4F);
    ImGui::TableSetupColumn("Zweck", ImGuiTableColumnFlags_None, 1.6F);
    ImGui::TableSetupColumn("Rechtsgrundlage", ImGuiTableColumnFlags_None, 1.2F);
    ImGui::TableSetupColumn("Datenkategorien", ImGuiTableColumnFlags_None, 1.2F);
    ui::header_row();
    // Rows wrap to different heights, so no list clipper: pages of 50 keep this cheap.
    for (const EventRow& row : history.rows) {
        draw_row(row);
    }
    ui::end_table();
}

void draw_footer(const HistoryState& history, Intents& intents) {
    ImGui::AlignTextToFramePadding();
    const std::string shown = std::to_string(history.rows.size()) +
                              (history.rows.size() == 1 ? " Zugriff" : " Zugriffe") + " angezeigt";
    ui::status(shown.c_str());
    ui::ButtonOptions options;
    options.primary = true;
    if (history.error) {
        ImGui::SameLine();
        ui::alert(history.error->c_str(), &widgets::error_color);
        ImGui::SameLine();
        if (ui::button("Erneut versuchen", options)) {
            intents.emplace_back(intent::LoadMore{});
        }
        return;
    }
    if (!history.next_cursor) {
        return;
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(history.loading_more);
    options.busy = history.loading_more;
    if (ui::button(history.loading_more ? "Wird geladen …###more" : "Weitere laden###more",
                   options)) {
        intents.emplace_back(intent::LoadMore{});
    }
    ImGui::EndDisabled();
}

} // namespace

void draw_history(AppState& state, Intents& intents) {
    const HistoryState& history = state.history;
    draw_header(state);
    switch (history.phase) {
    case LoadPhase::Loading:
        ui::status("Zugriffe werden geladen …", nullptr, true);
        return;
    case LoadPhase::Failed:
        draw_error(history.error.value_or("Die Zugriffe konnten nicht geladen werden."), intents,
                   intent::RetryLoad{});
        return;
    case LoadPhase::Ready:
        break;
    }
    if (history.rows.empty()) {
        ui::status("Bisher sind keine Zugriffe auf Ihre Daten verzeichnet.");
        return;
    }
    const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    draw_table(history, ImGui::GetContentRegionAvail().y - footer);
    draw_footer(history, intents);
}

} // namespace einblick::client::views
