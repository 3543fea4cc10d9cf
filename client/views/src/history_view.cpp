// The citizen's access history: who accessed which data, when, why and on what legal basis.
// Filters (agency, purpose, data category, period, outcome) applied with one button, sorting of
// the loaded rows, "Weitere laden" for the next page, loading, empty and error states. The time
// of each row is a link to the access's detail, shown beside the table: purpose and legal basis
// in plain words, the purpose's entry in the register of processing activities, and
// "Widerspruch einlegen" for that access.
//
// This file lays the page out; its parts are in history_filters.cpp, history_table.cpp and
// history_detail.cpp (shared declarations in history_parts.hpp).
#include "agency_widgets.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "history_parts.hpp"

#include <algorithm>
#include <cmath>
#include <imgui.h>
#include <imgui_internal.h>
#include <string>

namespace einblick::client::views {
namespace access_history {

void draw_error_with_retry(const AppState& state, const std::string& message, Intents& intents,
                           const Intent& retry) {
    ui::alert(localized(state, message).c_str(), &palette::error);
    ui::ButtonOptions options;
    options.primary = true;
    if (ui::button(tr(state, "Erneut versuchen###retry", "Try again###retry"), options)) {
        intents.push_back(retry);
    }
}

} // namespace access_history

namespace {

// Heading with the sort order on its right (sorting applies to the loaded rows at once).
void draw_header(const AppState& state, Intents& intents) {
    ui::heading(2, page_title(Page::History, state.language));
    access_history::draw_sort(state, intents);
    ui::paragraph(tr(state,
                     "Jeder Abruf Ihrer Daten durch eine Behörde wird hier mit Zeitpunkt, Zweck "
                     "und Rechtsgrundlage aufgeführt. Wählen Sie einen Zeitpunkt, um Einzelheiten "
                     "zu sehen.",
                     "Every retrieval of your data by an authority is listed here with its time, "
                     "purpose and legal basis. Choose a time to see the details."),
                  &palette::muted_text);
}

// Which detail the previous frame showed (a hash of its event id, 0 for none) and whether the
// focus was in it: an opened detail takes the focus, a closed one gives it back to its row.
int detail_key(const HistoryState& history) {
    return history.detail ? static_cast<int>(ImHashStr(history.detail->event_id.c_str())) : 0;
}

access_history::DetailFocus recall_detail_focus(const agency::FrameMemory& frames,
                                                const HistoryState& history) {
    const int shown = detail_key(history);
    access_history::DetailFocus focus;
    const int previous = frames.previous("detail", shown);
    focus.into_detail = shown != 0 && shown != previous;
    if (shown == 0 && previous != 0 && frames.previous("focus_in_detail", 0) != 0) {
        focus.back_to_row = previous;
    }
    return focus;
}

// Wide: the detail beside the table, which gives it room (the detail must not cover the legal
// basis and data categories). The table becomes cards if its columns no longer fit. No child
// window around the list: one out of view would record nothing for screen readers.
void draw_results(AppState& state, Intents& intents, const agency::FrameMemory& frames,
                  const access_history::DetailFocus& focus) {
    const HistoryState& history = state.history;
    const float footer = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    const ImVec2 available = ImGui::GetContentRegionAvail();
    // Never squeeze the table below a few rows: the page scrolls instead.
    const float height = std::max(available.y - footer, 320.0F);
    const float detail_width =
        history.detail ? std::floor(std::clamp(available.x * 0.4F, 380.0F, 560.0F)) : 0.0F;
    const float list_width =
        available.x - (history.detail ? detail_width + ImGui::GetStyle().ItemSpacing.x : 0.0F);
    const ImVec2 start = ImGui::GetCursorPos();
    ImGui::PushTextWrapPos(start.x + list_width);
    access_history::draw_table(state, intents, ImVec2(list_width, height), focus.back_to_row);
    access_history::draw_footer(state, intents);
    ImGui::PopTextWrapPos();
    if (!history.detail) {
        frames.remember("focus_in_detail", 0);
        return;
    }
    const ImVec2 end = ImGui::GetCursorPos();
    ImGui::SetCursorPos(ImVec2(start.x + available.x - detail_width, start.y));
    const bool focus_in_detail = access_history::draw_detail(
        state, *history.detail, ImVec2(detail_width, height), focus.into_detail, intents);
    frames.remember("focus_in_detail", focus_in_detail ? 1 : 0);
    ImGui::SetCursorPos(end);
}

// Narrow: the detail is a view of its own, with a way back to the list.
void draw_detail_view(AppState& state, Intents& intents, const agency::FrameMemory& frames,
                      const access_history::DetailFocus& focus) {
    if (ui::button(
            tr(state, "Zurück zur Liste###back_to_list", "Back to the list###back_to_list"))) {
        intents.emplace_back(intent::citizen::CloseEventDetail{});
    }
    const bool focus_in_detail = access_history::draw_detail(
        state, *state.history.detail, ImVec2(0.0F, 0.0F), focus.into_detail, intents);
    frames.remember("focus_in_detail", focus_in_detail ? 1 : 0);
}

} // namespace

void draw_history(AppState& state, Intents& intents) {
    const HistoryState& history = state.history;
    // An opened detail takes the focus, a closed one gives it back to its row, in both layouts.
    const agency::FrameMemory frames("history_detail");
    const access_history::DetailFocus focus = recall_detail_focus(frames, history);
    frames.remember("detail", detail_key(history));
    if (history.detail && ui::narrow()) {
        draw_detail_view(state, intents, frames, focus);
        return;
    }
    draw_header(state, intents);
    access_history::draw_filters(state, intents);
    ImGui::Spacing();
    switch (history.phase) {
    case LoadPhase::Loading:
        ui::status(tr(state, "Zugriffe werden geladen …", "Loading accesses …"), nullptr, true);
        return;
    case LoadPhase::Failed:
        access_history::draw_error_with_retry(
            state,
            history.error.value_or(tr(state, "Die Zugriffe konnten nicht geladen werden.",
                                      "The accesses could not be loaded.")),
            intents, intent::RetryLoad{});
        return;
    case LoadPhase::Ready:
        break;
    }
    if (!history.rows.empty()) {
        access_history::draw_trust_line(state);
    }
    if (history.rows.empty()) {
        const bool filtered = !(history.query == EventQuery{});
        ui::status(filtered ? tr(state, "Für diese Filter sind keine Zugriffe verzeichnet.",
                                 "No accesses match these filters.")
                            : tr(state, "Bisher sind keine Zugriffe auf Ihre Daten verzeichnet.",
                                 "No accesses to your data have been recorded so far."));
        return;
    }
    draw_results(state, intents, frames, focus);
}

} // namespace einblick::client::views
