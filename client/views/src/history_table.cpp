// The access history's table: one row per loaded access (time as the link to its detail,
// "nachträglich gemeldet" under it for a late report, agency, purpose with a refusal under it,
// legal basis, data categories), and the footer with the count of rows shown and "Weitere laden".
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/shared/vocabulary.hpp"
#include "history_parts.hpp"
#include "page_parts.hpp"

#include <algorithm>
#include <imgui.h>
#include <imgui_internal.h>
#include <string>
#include <string_view>

namespace einblick::client::views::access_history {
namespace {

namespace ic = intent::citizen;

void draw_row(const AppState& state, const EventRow& row, bool selected, bool take_focus,
              Intents& intents) {
    ImGui::PushID(row.id.c_str());
    ui::table_row(row.id.c_str());
    if (selected) {
        ui::highlight_row(palette::selected_row_background, &palette::selected_row_marker);
    }
    // The time opens the detail: one link per row, named by what it shows.
    ui::table_control_cell();
    const std::string link = row.occurred_at + "###detail";
    if (take_focus) {
        ui::move_focus(ui::node_id(link.c_str())); // its detail closed: back where it opened
    }
    if (ui::link(link.c_str())) {
        intents.emplace_back(ic::SelectEvent{row.id});
    }
    ui::describe_last(selected ? tr(state, "Einzelheiten werden angezeigt", "Details are shown")
                               : tr(state, "Einzelheiten zu diesem Zugriff anzeigen",
                                    "Show the details of this access"));
    draw_entry_trust(state, row.id);
    if (!row.reported_late_at.empty()) {
        // Under the time it qualifies: the agency reported this access only later.
        ui::paragraph(tr(state, "nachträglich gemeldet", "reported late"), &palette::muted_text);
    }
    parts::data_cell(state, row.agency_name);
    if (!row.agency_code.empty()) {
        const std::string code =
            tr(state, "Kennung der Stelle: ", "Authority code: ") + row.agency_code;
        ui::describe_last(code.c_str());
        // A mouse's shortcut only: the code is also in the row's description and in the
        // detail ("Kennung: …"), which a tap or the keyboard opens (no hover-only information).
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("%s", code.c_str());
        }
    }
    parts::data_cell(state, row.purpose);
    if (!row.refusal.empty()) {
        ui::paragraph(localized(state, row.refusal).c_str(), &palette::error);
    }
    parts::data_cell(state, row.legal_basis);
    ui::table_cell(row_labels(state, row.data_categories, data_categories()).c_str());
    ImGui::PopID();
}

} // namespace

std::string row_labels(const AppState& state, const std::string& german,
                       std::span<const VocabularyEntry> entries) {
    if (state.language == Language::German) {
        return german;
    }
    std::string out;
    std::size_t start = 0;
    while (start < german.size()) {
        const std::size_t found = german.find(", ", start);
        const std::size_t end = found == std::string::npos ? german.size() : found;
        const std::string_view label = std::string_view(german).substr(start, end - start);
        const auto entry =
            std::find_if(entries.begin(), entries.end(),
                         [&](const VocabularyEntry& e) { return e.german == label; });
        if (!out.empty()) {
            out += ", ";
        }
        out += entry == entries.end() ? label : entry->english;
        start = end + 2;
    }
    return out;
}

void draw_table(const AppState& state, Intents& intents, const ImVec2& size, int focus_row) {
    constexpr ImGuiTableFlags flags =
        parts::list_table_flags | ImGuiTableFlags_Resizable | ImGuiTableFlags_ScrollY;
    const HistoryState& history = state.history;
    if (!ui::begin_table("access_events",
                         tr(state, "Zugriffe auf Ihre Daten", "Access to your data"), 5, flags,
                         size)) {
        return;
    }
    ui::table_freeze_header();
    // Wide enough for the time and for each word of the check under it (no wrap when it turns).
    float time_width = ImGui::CalcTextSize("28.11.2026, 19:07").x;
    for (const char* word :
         {tr(state, "wird geprüft", "checking"), tr(state, "geprüft", "verified"),
          tr(state, "nicht bestätigt", "not confirmed")}) {
        time_width = std::max(time_width, ImGui::CalcTextSize(word).x);
    }
    ui::table_column(tr(state, "Zeitpunkt", "Time"), ImGuiTableColumnFlags_WidthFixed, time_width);
    ui::table_column(tr(state, "Abrufende Stelle", "Authority"), ImGuiTableColumnFlags_None, 1.4F);
    ui::table_column(tr(state, "Zweck", "Purpose"), ImGuiTableColumnFlags_None, 1.6F);
    ui::table_column(tr(state, "Rechtsgrundlage", "Legal basis"), ImGuiTableColumnFlags_None, 1.2F);
    ui::table_column(tr(state, "Datenkategorien", "Data categories"), ImGuiTableColumnFlags_None,
                     1.2F);
    ui::header_row();
    const std::string selected = history.detail ? history.detail->event_id : std::string();
    // Rows wrap to different heights, so no list clipper: pages of 50 keep this cheap.
    for (const EventRow& row : history.rows) {
        const bool take_focus =
            focus_row != 0 && static_cast<int>(ImHashStr(row.id.c_str())) == focus_row;
        draw_row(state, row, row.id == selected, take_focus, intents);
    }
    ui::end_table();
}

void draw_footer(const AppState& state, Intents& intents) {
    const HistoryState& history = state.history;
    ImGui::AlignTextToFramePadding();
    const std::string shown = plural(state, static_cast<long long>(history.rows.size()),
                                     {"{} Zugriff angezeigt", "{} Zugriffe angezeigt"},
                                     {"{} access shown", "{} accesses shown"});
    ui::status(shown.c_str());
    ui::ButtonOptions options;
    options.primary = true;
    if (history.error) {
        ImGui::SameLine();
        ui::alert(localized(state, *history.error).c_str(), &palette::error);
        ImGui::SameLine();
        if (ui::button(tr(state, "Erneut versuchen###more", "Try again###more"), options)) {
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
    if (ui::button(history.loading_more ? tr(state, "Wird geladen …###more", "Loading …###more")
                                        : tr(state, "Weitere laden###more", "Load more###more"),
                   options)) {
        intents.emplace_back(intent::LoadMore{});
    }
    ImGui::EndDisabled();
}

} // namespace einblick::client::views::access_history
