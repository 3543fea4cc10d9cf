#pragma once
// What the files of the citizen's access history share. history_view.cpp draws the page: the
// filter form and sort order (history_filters.cpp), the table of accesses with its footer
// (history_table.cpp) and the detail of the selected access (history_detail.cpp).
// File-local to the views library.

#include "einblick/client/views/views.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <imgui.h>
#include <span>
#include <string>

namespace einblick::client::views::access_history {

// An error message with a primary "Erneut versuchen" button that emits `retry`.
void draw_error_with_retry(const AppState& state, const std::string& message, Intents& intents,
                           const Intent& retry);

// [SECTION] history_filters.cpp

// The filter form (agency, purpose, data category, period, outcome) with "Filter anwenden"
// and "Filter zurücksetzen"; choosing only edits the form, the button applies it.
void draw_filters(AppState& state, Intents& intents);
// The sort order, on the right of the line drawn last (the page's heading).
void draw_sort(const AppState& state, Intents& intents);

// [SECTION] history_table.cpp

// The app layer writes a row's labels in German ("Anschrift, Geburtsdatum"); in English each
// one is looked up in the vocabulary again. An unknown label stays as it is.
std::string row_labels(const AppState& state, const std::string& german,
                       std::span<const VocabularyEntry> entries);

// Where the keyboard focus goes in this frame: into a detail that just opened, or back to the
// link of the row (ImHashStr of its event id) whose detail just closed with the focus in it.
struct DetailFocus {
    bool into_detail = false;
    int back_to_row = 0;
};

// The loaded rows; each row's time is the link that opens its detail. The link of the row
// `focus_row` (see DetailFocus) takes the focus.
void draw_table(const AppState& state, Intents& intents, const ImVec2& size, int focus_row = 0);
// How many rows are shown, and "Weitere laden" (or its error and retry) below the table.
void draw_footer(const AppState& state, Intents& intents);

// The browser's own check of the log (history_trust.cpp): the page's line, and the word under
// an entry's time ("geprüft", "nicht bestätigt", "wird geprüft").
void draw_trust_line(const AppState& state);
void draw_entry_trust(const AppState& state, const std::string& event_id);
// The same for the detail, in a few words more.
std::string entry_trust_fact(const AppState& state, const std::string& event_id);
// The overview's line under its latest accesses: what "geprüft" means, or the log's warning.
void draw_overview_trust(const AppState& state);

// [SECTION] history_detail.cpp

// The selected access in a framed panel of `size`, a dialog for assistive technology (Escape
// closes it): the facts, why it was allowed, the citizen's rights and the purpose's entry in
// the register. With `take_focus` its first control takes the focus. True while the focus is
// inside it.
bool draw_detail(const AppState& state, const EventDetail& detail, const ImVec2& size,
                 bool take_focus, Intents& intents);

} // namespace einblick::client::views::access_history
