#pragma once
// What the files of the agency staff's purposes page share. agency_purposes_view.cpp draws
// the page and remembers across frames where the focus must go; it shows either the list of
// purposes (agency_purposes_list.cpp) or the form to propose or revise one
// (agency_purposes_form.cpp: intro, error summary, buttons; agency_purposes_fields.cpp: the
// fields with their errors). File-local to the views library.

#include "einblick/client/views/views.hpp"
#include "page_parts.hpp"

#include <string>
#include <vector>

namespace einblick::client::views::agency_purposes {

// [SECTION] Focus across frames
//
// When the form opens, closes or first shows errors, the widget that had the focus goes
// away or the person must be led to what needs fixing; what the previous frame showed says
// which of these just happened.

constexpr int form_closed = 0;
constexpr int form_new = -1; // else the id of the purpose being revised

inline int form_key(const PurposeForm& form) {
    if (!form.open) {
        return form_closed;
    }
    return form.purpose_id ? static_cast<int>(*form.purpose_id) : form_new;
}

// For how many frames in a row the error summary has been shown (counting stops at 2): in the
// first the page scrolls to its top, in the second the focus goes to the summary's first
// entry (then already in view, so ImGui does not scroll it to the window's edge).
constexpr int summary_settled = 2;

struct FocusMemory {
    int previous_form = form_closed; // form_key of the previous frame
    int summary_frames = 0;          // before this frame
};

// [SECTION] agency_purposes_list.cpp

// "Neuen Zweck vorschlagen" and the table of the agency's purposes, each with "Überarbeiten".
void draw_list(AppState& state, Intents& intents, const FocusMemory& memory);

// [SECTION] agency_purposes_form.cpp

// The form to propose a purpose or revise one, drawn instead of the list while open.
void draw_form(AppState& state, Intents& intents, const FocusMemory& memory);

// [SECTION] agency_purposes_fields.cpp

struct Choice {
    std::string code;
    std::string label;
};

struct FormChoices {
    std::vector<Choice> categories;
    std::vector<Choice> registers;
    std::vector<Choice> bases;
};

// What the form's lists and check boxes offer, in the page's language.
FormChoices form_choices(const AppState& state);

// Where the error summary's entries lead: each field's JSON Pointer and the ImGui label
// (enough for its ID) of its widget; a group of check boxes leads to its first.
std::vector<parts::ErrorLink> error_links(const FormChoices& choices);

struct FieldContext {
    FieldContext(AppState& app_state, Intents& out) : state(app_state), intents(out) {}
    AppState& state;
    Intents& intents;
    float width = 0.0F;
    bool focus_first = false; // the form just opened: the first field takes the focus
};

// Every field of the form, each with its hint and its own error.
void draw_form_fields(FieldContext& context, const FormChoices& choices);

} // namespace einblick::client::views::agency_purposes
