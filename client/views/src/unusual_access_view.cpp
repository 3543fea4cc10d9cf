// Unusual access volume (Auffällige Zugriffe): each agency's accesses in the last seven days
// against its usual week, the most unusual first. The table carries every number in words;
// the bars drawn under each assessment are the same numbers at a glance.
#include "dpo_common.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/views.hpp"
#include "page_parts.hpp"

#include <algorithm>
#include <imgui.h>
#include <string>

namespace einblick::client::views {
namespace {

// Bars: this week in the brand blue (the error colour when unusual), the usual week in grey;
// each at least 3:1 against white (WCAG 1.4.11) and explained by the legend above the table.
const ImVec4& this_week_color = palette::brand;
const ImVec4& usual_color = palette::chart_usual_bar;
constexpr float bar_height = 7.0F;
constexpr float bar_gap = 3.0F;

std::string assessment(const AppState& state, const api::AgencyVolume& volume) {
    const bool english = state.language == Language::English;
    if (volume.unusual) {
        if (volume.usual_weekly <= 0.0) {
            return plural(
                state, volume.this_week,
                {"auffällig: {} Zugriff, üblich sind keine",
                 "auffällig: {} Zugriffe, üblich sind keine"},
                {"unusual: {} access, usually none", "unusual: {} accesses, usually none"});
        }
        return english ? "unusual: " + dpo::format_decimal(volume.ratio, true) + " times the usual"
                       : "auffällig: " + dpo::format_decimal(volume.ratio, true) +
                             "-fach über dem Üblichen";
    }
    if (volume.usual_weekly <= 0.0) {
        return tr(state, "im üblichen Rahmen", "within the usual range");
    }
    return english
               ? "within the usual range (" + dpo::format_decimal(volume.ratio, true) + " times)"
               : "im üblichen Rahmen (" + dpo::format_decimal(volume.ratio, true) + "-fach)";
}

// Two bars on one scale for the whole table, drawn under the assessment in its cell.
void draw_bars(const api::AgencyVolume& volume, double scale_max) {
    const float width = std::max(40.0F, ImGui::GetContentRegionAvail().x);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const auto length = [width, scale_max](double value) {
        return scale_max > 0.0 ? static_cast<float>(value / scale_max) * width : 0.0F;
    };
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec4& now = volume.unusual ? palette::error : this_week_color;
    // A sliver for zero keeps the row readable as "nothing" rather than "missing".
    draw->AddRectFilled(
        origin,
        ImVec2(origin.x + std::max(2.0F, length(static_cast<double>(volume.this_week))),
               origin.y + bar_height),
        ImGui::GetColorU32(now));
    const float second = origin.y + bar_height + bar_gap;
    draw->AddRectFilled(
        ImVec2(origin.x, second),
        ImVec2(origin.x + std::max(2.0F, length(volume.usual_weekly)), second + bar_height),
        ImGui::GetColorU32(usual_color));
    ImGui::Dummy(ImVec2(width, bar_height * 2.0F + bar_gap));
}

void draw_legend_entry(const char* label, const ImVec4& color) {
    const float size = ImGui::GetTextLineHeight() * 0.7F;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float offset = (ImGui::GetTextLineHeight() - size) * 0.5F;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x, pos.y + offset),
                                              ImVec2(pos.x + size, pos.y + offset + size),
                                              ImGui::GetColorU32(color));
    ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
    ImGui::SameLine();
    ui::text(label, &palette::muted_text);
}

// The width of a legend entry: its swatch, a gap and its label.
float legend_entry_width(const char* label) {
    return ImGui::GetTextLineHeight() * 0.7F + ImGui::GetStyle().ItemSpacing.x +
           ImGui::CalcTextSize(label).x;
}

void draw_legend(const AppState& state) {
    ui::text(tr(state, "Balken:", "Bars:"), &palette::muted_text);
    const char* this_week = tr(state, "Zugriffe in den letzten 7 Tagen (rot, wenn auffällig)",
                               "accesses in the last 7 days (red when unusual)");
    const char* usual = tr(state, "übliche Woche", "usual week");
    // Each entry on the line while it fits, else on a line of its own.
    ui::same_line_if_fits(legend_entry_width(this_week));
    draw_legend_entry(this_week, this_week_color);
    ui::same_line_if_fits(legend_entry_width(usual));
    draw_legend_entry(usual, usual_color);
}

void draw_row(const AppState& state, const api::AgencyVolume& volume, double scale_max,
              Intents& intents) {
    ImGui::PushID(volume.agency_code.c_str());
    ui::table_row(volume.agency_code.c_str());
    if (volume.unusual) {
        ui::highlight_row(palette::warning_row_background);
    }
    parts::data_cell(state, volume.agency_name);
    ui::table_cell(format_count(volume.this_week).c_str());
    ui::table_cell(dpo::format_decimal(volume.usual_weekly).c_str());
    const std::string text = assessment(state, volume);
    ui::table_cell(text.c_str(), volume.unusual ? &palette::error : nullptr);
    draw_bars(volume, scale_max);
    // The entries behind the figures: what a DPO checks next about a flagged agency.
    ui::table_control_cell();
    const std::string open = std::string(tr(state, "Zugriffe ansehen", "View accesses")) + "###log";
    if (ui::link(open.c_str())) {
        intents.emplace_back(intent::dpo::OpenAgencyLog{volume.agency_code, volume.agency_name});
    }
    const std::string description =
        std::string(tr(state, "Zugriffe der letzten 7 Tage: ", "Accesses of the last 7 days: ")) +
        volume.agency_name;
    ui::describe_last(description.c_str());
    ImGui::PopID();
}

void draw_table(const AppState& state, const api::AgencyVolumeStatistics& statistics,
                Intents& intents) {
    double scale_max = 0.0;
    for (const api::AgencyVolume& volume : statistics.agencies) {
        scale_max =
            std::max({scale_max, static_cast<double>(volume.this_week), volume.usual_weekly});
    }
    constexpr ImGuiTableFlags flags = parts::list_table_flags;
    if (!ui::begin_table("agency_volume",
                         tr(state, "Zugriffe je Stelle: diese Woche und üblich",
                            "Accesses per agency: this week and usual"),
                         5, flags)) {
        return;
    }
    const float number_width = ImGui::CalcTextSize("Üblich je Woche").x;
    ui::table_column(tr(state, "Abrufende Stelle", "Agency"), ImGuiTableColumnFlags_None, 1.3F);
    ui::table_column(tr(state, "Letzte 7 Tage", "Last 7 days"), ImGuiTableColumnFlags_WidthFixed,
                     number_width);
    ui::table_column(tr(state, "Üblich je Woche", "Usual per week"),
                     ImGuiTableColumnFlags_WidthFixed, number_width);
    ui::table_column(tr(state, "Bewertung", "Assessment"), ImGuiTableColumnFlags_None, 1.0F);
    ui::table_column(tr(state, "Protokoll", "Log"), ImGuiTableColumnFlags_WidthFixed,
                     ImGui::CalcTextSize("Zugriffe ansehen").x);
    ui::header_row();
    for (const api::AgencyVolume& volume : statistics.agencies) {
        draw_row(state, volume, scale_max, intents);
    }
    ui::end_table();
}

void draw_summary(const AppState& state, const api::AgencyVolumeStatistics& statistics) {
    long long unusual = 0;
    for (const api::AgencyVolume& volume : statistics.agencies) {
        unusual += volume.unusual ? 1 : 0;
    }
    const std::string text =
        plural(state, unusual,
               {"{} Stelle greift auffällig häufig zu.", "{} Stellen greifen auffällig häufig zu.",
                "Keine Stelle greift derzeit auffällig häufig zu."},
               {"{} agency is accessing data unusually often.",
                "{} agencies are accessing data unusually often.",
                "No agency is accessing data unusually often at present."});
    ui::status(text.c_str(), unusual > 0 ? &palette::error : nullptr);
}

} // namespace

void draw_unusual_access(AppState& state, Intents& intents) {
    if (state.dpo.agency_log.agency_code) {
        draw_agency_log(state, intents);
        return;
    }
    const Remote<api::AgencyVolumeStatistics>& volume = state.dpo.volume;
    ui::heading(2, page_title(state.page, state.language));
    dpo::draw_intro(tr(state,
                       "Zugriffe jeder Stelle in den letzten 7 Tagen im Vergleich zu ihrer "
                       "üblichen Woche (Median der 12 Wochen davor). Als auffällig gilt "
                       "mindestens das Doppelte des Üblichen bei mindestens 10 Zugriffen; die "
                       "auffälligsten stehen oben.",
                       "Each agency's accesses in the last 7 days compared with its usual week "
                       "(median of the 12 weeks before). At least twice the usual and at least "
                       "10 accesses count as unusual; the most unusual come first."));
    if (!parts::remote_ready(
            state, volume,
            tr(state, "Die Zugriffszahlen werden geladen …", "Loading access figures …"),
            tr(state, "Die Zugriffszahlen konnten nicht geladen werden.",
               "The access figures could not be loaded."),
            intents)) {
        return;
    }
    if (volume.data.agencies.empty()) {
        ui::status(tr(state, "Bisher sind keine Zugriffe verzeichnet.",
                      "No accesses have been recorded yet."));
        return;
    }
    draw_summary(state, volume.data);
    draw_legend(state);
    draw_table(state, volume.data, intents);
}

} // namespace einblick::client::views
