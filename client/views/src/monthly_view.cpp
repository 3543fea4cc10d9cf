// Accesses per month (part of the overview): a bar chart of the months the server
// reports (api::limits::monthly_statistics_months) with a text alternative, and beside it the same
// numbers as a table, which is what screen readers and anyone who wants exact figures read. The
// two are one figure in the semantic tree: the chart an image named by its summary, then the table.
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "einblick/shared/api_rules.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <imgui.h>
#include <string>
#include <string_view>

namespace einblick::client::views {
namespace {

constexpr float chart_height = 250.0F;

struct YearMonth {
    int year = 0;
    int month = 0; // 1..12; 0 when the text was unreadable
};

// "2026-11" → {2026, 11}; anything else → month 0 (shown as it came).
YearMonth parse_month(std::string_view text) {
    YearMonth out;
    if (text.size() != 7 || text[4] != '-') {
        return out;
    }
    int year = 0;
    int month = 0;
    const auto y = std::from_chars(text.data(), text.data() + 4, year);
    const auto m = std::from_chars(text.data() + 5, text.data() + 7, month);
    if (y.ec != std::errc() || m.ec != std::errc() || month < 1 || month > 12) {
        return out;
    }
    out.year = year;
    out.month = month;
    return out;
}

// German abbreviations as the Duden writes them; short months are not abbreviated.
const char* month_abbreviation(int month, Language language) {
    static constexpr const char* german[] = {"Jan.", "Feb.", "März",  "Apr.", "Mai",  "Juni",
                                             "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."};
    static constexpr const char* english[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const int index = std::clamp(month, 1, 12) - 1;
    return language == Language::English ? english[index] : german[index];
}

// "Nov. 2026"
std::string month_label(const std::string& month, Language language) {
    const YearMonth parsed = parse_month(month);
    if (parsed.month == 0) {
        return month;
    }
    return std::string(month_abbreviation(parsed.month, language)) + " " +
           std::to_string(parsed.year);
}

// A round upper end for the value axis, close above `value`: 7 → 7, 23 → 25, 130 → 150.
std::int64_t axis_maximum(std::int64_t value) {
    std::int64_t unit = 1;
    for (std::int64_t limit = 10; value > limit; limit *= 10) {
        unit = limit / 2;
    }
    return std::max<std::int64_t>(1, (value + unit - 1) / unit * unit);
}

// The chart's text alternative: the span, the total and the busiest month.
std::string chart_summary(const AppState& state, const api::MonthlyStatistics& stats) {
    std::int64_t total = 0;
    const api::MonthlyCount* busiest = &stats.months.front();
    for (const api::MonthlyCount& month : stats.months) {
        total += month.accesses;
        busiest = month.accesses > busiest->accesses ? &month : busiest;
    }
    std::string text = std::string(tr(state, "Balkendiagramm der Zugriffe je Monat von ",
                                      "Bar chart of accesses per month from ")) +
                       month_label(stats.months.front().month, state.language) +
                       tr(state, " bis ", " to ") +
                       month_label(stats.months.back().month, state.language) +
                       plural(state, total, {": insgesamt {} Zugriff", ": insgesamt {} Zugriffe"},
                              {": {} access in total", ": {} accesses in total"});
    if (busiest->accesses > 0) {
        text += std::string(tr(state, ", die meisten im ", ", most in ")) +
                month_label(busiest->month, state.language) + " (" +
                format_count(busiest->accesses) + ")";
    }
    text += tr(state, ". Die genauen Zahlen stehen in der Tabelle daneben.",
               ". The exact numbers are in the table beside it.");
    return text;
}

// Grid lines at zero, half and the top; the values at zero and the top.
void draw_value_axis(ImDrawList* draw, const ImVec2& plot_min, const ImVec2& plot_max,
                     std::int64_t top) {
    const ImU32 text_color = ImGui::GetColorU32(palette::muted_text);
    for (int i = 0; i <= 2; ++i) {
        const float y = plot_max.y - (plot_max.y - plot_min.y) * static_cast<float>(i) / 2.0F;
        draw->AddLine(ImVec2(plot_min.x, y), ImVec2(plot_max.x, y),
                      ImGui::GetColorU32(palette::chart_grid));
        if (i == 1) {
            continue;
        }
        const std::string value = format_count(i == 0 ? 0 : top);
        const ImVec2 size = ImGui::CalcTextSize(value.c_str());
        draw->AddText(ImVec2(plot_min.x - size.x - 6.0F, y - size.y * 0.5F), text_color,
                      value.c_str());
    }
}

// The bars, their values and the month axis, drawn into the rectangle the caller reserved.
// Drawn text here is part of the picture; the region's description and the table carry it.
void draw_bars(const AppState& state, const api::MonthlyStatistics& stats, const ImVec2& origin,
               const ImVec2& size) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float line = ImGui::GetTextLineHeight();
    const ImVec2 plot_min(origin.x + ImGui::CalcTextSize("0000").x + 8.0F, origin.y + line + 4.0F);
    const ImVec2 plot_max(origin.x + size.x, origin.y + size.y - line * 2.0F - 8.0F);
    std::int64_t largest = 1;
    for (const api::MonthlyCount& month : stats.months) {
        largest = std::max(largest, month.accesses);
    }
    const std::int64_t top = axis_maximum(largest);
    draw_value_axis(draw, plot_min, plot_max, top);

    const float slot = (plot_max.x - plot_min.x) / static_cast<float>(stats.months.size());
    const float bar = std::max(3.0F, slot * 0.64F);
    // Label every month when the abbreviations fit, else every second one, chosen so that each
    // January is labelled and carries its year.
    const bool every_month = slot >= ImGui::CalcTextSize("Sept.").x + 6.0F;
    const ImU32 text_color = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 muted = ImGui::GetColorU32(palette::muted_text);
    for (std::size_t i = 0; i < stats.months.size(); ++i) {
        const api::MonthlyCount& month = stats.months[i];
        const float center = plot_min.x + slot * (static_cast<float>(i) + 0.5F);
        const float height = (plot_max.y - plot_min.y) * static_cast<float>(month.accesses) /
                             static_cast<float>(top);
        const ImVec2 bar_min(center - bar * 0.5F, plot_max.y - height);
        const ImVec2 bar_max(center + bar * 0.5F, plot_max.y);
        draw->AddRectFilled(bar_min, bar_max, ImGui::GetColorU32(palette::brand), 2.0F,
                            ImDrawFlags_RoundCornersTop);
        if (month.accesses > 0 && slot >= ImGui::CalcTextSize("000").x) {
            const std::string value = format_count(month.accesses);
            const ImVec2 value_size = ImGui::CalcTextSize(value.c_str());
            draw->AddText(ImVec2(center - value_size.x * 0.5F, bar_min.y - value_size.y - 2.0F),
                          text_color, value.c_str());
        }
        const YearMonth parsed = parse_month(month.month);
        // The bar's month and count: also in the table under the chart, so nothing is shown
        // only on hover; a tap on the bar shows it as well (the finger stays the pointer).
        if (ImGui::IsMouseHoveringRect(ImVec2(center - slot * 0.5F, plot_min.y),
                                       ImVec2(center + slot * 0.5F, plot_max.y))) {
            ImGui::SetTooltip("%s: %s", month_label(month.month, state.language).c_str(),
                              plural(state, month.accesses, {"{} Zugriff", "{} Zugriffe"},
                                     {"{} access", "{} accesses"})
                                  .c_str());
        }
        if (parsed.month == 0 || !(every_month || parsed.month % 2 == 1)) {
            continue;
        }
        const char* name = month_abbreviation(parsed.month, state.language);
        const ImVec2 name_size = ImGui::CalcTextSize(name);
        draw->AddText(ImVec2(center - name_size.x * 0.5F, plot_max.y + 4.0F), muted, name);
        if (parsed.month == 1) {
            const std::string year = std::to_string(parsed.year);
            const ImVec2 year_size = ImGui::CalcTextSize(year.c_str());
            draw->AddText(ImVec2(center - year_size.x * 0.5F, plot_max.y + 4.0F + line), muted,
                          year.c_str());
        }
    }
}

// The chart is a picture (role img) named by its text alternative: the span, the total and the
// busiest month. Nothing inside it is read; the table beside it has every number.
void draw_chart(const AppState& state, const api::MonthlyStatistics& stats) {
    ui::begin_region(a11y::Role::Image, chart_summary(state, stats).c_str());
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size(ImGui::GetContentRegionAvail().x, chart_height);
    ImGui::Dummy(size);
    draw_bars(state, stats, origin, size);
    if (a11y::Recorder* rec = ui::recorder()) {
        const int image = rec->current_parent();
        if (image >= 0) {
            rec->at(image).rect = a11y::Rect{origin.x, origin.y, size.x, size.y};
        }
    }
    ui::end_region();
}

void draw_table(const AppState& state, const api::MonthlyStatistics& stats) {
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                      ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_SizingStretchProp;
    if (!ui::begin_table("monthly_table", tr(state, "Zugriffe je Monat", "Accesses per month"), 3,
                         flags, ImVec2(0.0F, chart_height))) {
        return;
    }
    ui::table_freeze_header();
    ui::table_column(tr(state, "Monat", "Month"), ImGuiTableColumnFlags_None, 1.0F);
    ui::table_column(tr(state, "Zugriffe", "Accesses"), ImGuiTableColumnFlags_None, 0.8F);
    ui::table_column(tr(state, "Abgelehnte Abrufe", "Refused retrievals"),
                     ImGuiTableColumnFlags_None, 1.1F);
    ui::header_row();
    // Newest first: the month one is most likely looking for is on top without scrolling.
    for (auto it = stats.months.rbegin(); it != stats.months.rend(); ++it) {
        ui::table_row(it->month.c_str());
        ui::table_cell(month_label(it->month, state.language).c_str());
        ui::table_cell(format_count(it->accesses).c_str());
        ui::table_cell(format_count(it->checks_denied).c_str());
    }
    ui::end_table();
}

} // namespace

void draw_monthly(AppState& state, Intents& intents) {
    ui::heading(3, tr(state, "Zugriffe je Monat", "Accesses per month"));
    const Remote<api::MonthlyStatistics>& monthly = state.citizen.monthly;
    switch (monthly.phase) {
    case LoadPhase::Loading:
        ui::status(tr(state, "Die Monatsstatistik wird geladen …", "Loading the monthly figures …"),
                   nullptr, true);
        return;
    case LoadPhase::Failed: {
        const std::string message =
            monthly.error
                ? localized(state, *monthly.error)
                : std::string(tr(state, "Die Monatsstatistik konnte nicht geladen werden.",
                                 "The monthly figures could not be loaded."));
        ui::alert(message.c_str(), &palette::error);
        if (ui::button(tr(state, "Statistik erneut laden###retry_monthly",
                          "Reload the figures###retry_monthly"))) {
            intents.emplace_back(intent::RetryLoad{});
        }
        return;
    }
    case LoadPhase::Ready:
        break;
    }
    const api::MonthlyStatistics& stats = monthly.data;
    if (stats.months.empty()) {
        ui::status(tr(state, "Für die letzten Monate liegen noch keine Zahlen vor.",
                      "There are no figures for the last months yet."));
        return;
    }
    const std::string explanation =
        plural(state, api::limits::monthly_statistics_months,
               {"Wie oft Behörden im letzten Monat auf Ihre Daten zugegriffen haben.",
                "Wie oft Behörden in den letzten {} Monaten auf Ihre Daten zugegriffen haben."},
               {"How often authorities accessed your data in the last month.",
                "How often authorities accessed your data in the last {} months."}) +
        tr(state,
           " Abgelehnte Abrufe sind keine Zugriffe: Die Behörde hat dabei keine Daten erhalten.",
           " Refused retrievals are not accesses: the authority received no data.");
    ui::paragraph(explanation.c_str(), &palette::muted_text);
    // The chart and its table are one figure: a screen reader meets the picture's summary and
    // then the table with the exact numbers. Narrow: the table of numbers under the chart.
    ui::begin_region(a11y::Role::Figure, tr(state, "Zugriffe je Monat: Diagramm und Tabelle",
                                            "Accesses per month: chart and table"));
    const bool narrow = ui::narrow();
    if (ImGui::BeginTable("monthly_layout", narrow ? 1 : 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("chart", ImGuiTableColumnFlags_None, 1.8F);
        if (!narrow) {
            ImGui::TableSetupColumn("numbers", ImGuiTableColumnFlags_None, 1.0F);
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        draw_chart(state, stats);
        ImGui::TableNextColumn();
        draw_table(state, stats);
        ImGui::EndTable();
    }
    ui::end_region();
}

} // namespace einblick::client::views
