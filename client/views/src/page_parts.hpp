#pragma once
// Building blocks the pages share: an accessible name for the node drawn last, the loading and
// error states of a Remote with a retry, messages of the app layer (notice, error, error
// summary, a field's own error, an invalid field's frame), label/value lists and bordered cards.
// Everything a person reads or uses still goes through the accessible widgets of ui.hpp; plain
// ImGui here only lays out. Page-specific helpers stay in citizen_parts.hpp, dpo_common.hpp and
// agency_widgets.hpp.

#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"

#include <algorithm>
#include <imgui.h>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::client::views::parts {

// The look of every list table: banded rows, lines between rows, a frame, columns sized by
// their weights.
inline constexpr ImGuiTableFlags list_table_flags =
    ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuter |
    ImGuiTableFlags_SizingStretchProp;

// [SECTION] Accessible names

// Replaces the accessible name of the node recorded last: a short visible verb
// ("Widerrufen") whose name says what it acts on ("Widerrufen: Fachverfahren Zulassung"), so
// that assistive technology can tell the siblings apart. The name starts with the visible
// text, so voice control by the label still works (WCAG 2.5.3).
void name_last(const std::string& name);

// A button labelled `label` (may carry "###id") whose accessible name is `accessible_name`.
bool action_button(const char* label, const std::string& accessible_name,
                   const ui::ButtonOptions& options = {});

// A small "Kopieren" button on the line drawn last that puts `reference` (an Aktenzeichen) on
// the clipboard, named "Kopieren: Aktenzeichen …"; for a few seconds after, it says "Kopiert"
// and a polite status confirms it. (The text itself can be selected and copied too.)
void copy_reference_button(const AppState& state, const std::string& reference);

// [SECTION] Text from the server's data

// Names, reasons and descriptions in the server's data are written in German (by agencies,
// citizens and DPOs) and shown as they are. On an English page they are marked as German
// (WCAG 3.1.2), so a screen reader pronounces them right: data_lang is "de" there, nullptr on
// a German page.
const char* data_lang(const AppState& state);

// A heading, a table cell and a wrapped paragraph showing such text.
void data_heading(const AppState& state, int level, const std::string& text);
void data_cell(const AppState& state, const std::string& text, const ImVec4* color = nullptr);
void data_paragraph(const AppState& state, const std::string& text, const ImVec4* color = nullptr);

// [SECTION] The language switch

// The label of the switch: the other language, named in that language ("English" on a
// German screen), as language menus do.
const char* language_switch_label(Language current);

// The switch to the other language (on the login screen and in the dashboard's header). Its
// label is marked with its own language for screen readers.
void language_switch(Language current, Intents& intents);

// [SECTION] Loading states and messages

// Still loading: a busy status.
void draw_loading(const char* text);

// Nothing could be loaded: say why (`fallback` when the app layer gave no reason) and offer to
// try again (the app reloads the page's data).
void draw_load_failed(const AppState& state, const std::optional<std::string>& error,
                      const char* fallback, Intents& intents);

// A reload failed while older data stays shown below: say why, that the data shown is the
// last loaded, and offer to try again.
void draw_reload_failed(const AppState& state, const std::string& error, Intents& intents);

// A message of the app layer: a notice is announced politely, an error at once.
void draw_notice(const AppState& state, const std::optional<std::string>& notice);
void draw_error(const AppState& state, const std::optional<std::string>& error);

// The loading and error states of a Remote: true when there is data to draw. `loading` and
// `failed` are already translated. A failed reload keeps the older data shown below its error.
// Each Remote's retry button has its own ImGui id, as two may fail at once.
template <class T>
bool remote_ready(const AppState& state, const Remote<T>& remote, const char* loading,
                  const char* failed, Intents& intents) {
    ImGui::PushID(static_cast<const void*>(&remote));
    bool ready = false;
    switch (remote.phase) {
    case LoadPhase::Loading:
        draw_loading(loading);
        break;
    case LoadPhase::Failed:
        draw_load_failed(state, remote.error, failed, intents);
        break;
    case LoadPhase::Ready:
        if (remote.error) {
            draw_reload_failed(state, *remote.error, intents);
        }
        ready = true;
        break;
    }
    ImGui::PopID();
    return ready;
}

// Where an error summary's entry leads: errors of `field` (a JSON Pointer; "/reason" also
// takes "/reason/…") to the widget with this ImGui label in the form's ID stack ("###reason").
struct ErrorLink {
    std::string_view field;
    std::string widget;
};

// What a form that moves the focus itself tells the summary: for how many frames in a row the
// summary has been shown before this one (counting may stop at 2). On the first frame the page
// scrolls to its top (the summary may be far above the submit button); on the second, once in
// view, the focus goes to its first entry (GOV.UK).
struct SummaryFocus {
    int shown_frames = 0;
};

// Everything to fix, at the top of a form (GOV.UK, KERN), the one error summary of all forms:
// a box in the error colour, an alert whose heading "Bitte korrigieren Sie Ihre Angaben" is
// announced at once, then each error as a link that moves the keyboard focus to its field
// (plain text only when no link names its field). `heading_level` fits the form's headings.
void draw_error_summary(const AppState& state, const FieldErrors& errors,
                        std::span<const ErrorLink> links, int heading_level = 3,
                        const SummaryFocus* focus = nullptr);

// The first error of a field, in the chosen language.
std::optional<std::string> field_error(const AppState& state, const FieldErrors& errors,
                                       std::string_view field);

// The error of one field (from field_error), written next to it (not colour alone: it starts
// with "Fehler:").
void draw_field_error(const AppState& state, const std::optional<std::string>& error);

// While alive, an invalid field gets a thicker red frame (its message says why in words).
class InvalidFrame {
public:
    explicit InvalidFrame(bool invalid);
    ~InvalidFrame();
    InvalidFrame(const InvalidFrame&) = delete;
    InvalidFrame& operator=(const InvalidFrame&) = delete;

private:
    bool active_;
};

// [SECTION] Form fields (GOV.UK, KERN): the label, the hint under it, the error message, then
// the control, in this order in every form.

// Draws what stands above a field's control: its visible label (the part of `label` before
// "##"; the control carries the name), the hint under it in the muted colour (nullptr: none),
// then its error ("Fehler: …"). Returns the control's description for assistive technology,
// hint and error as aria-describedby would join them; empty when there is neither.
std::string field_head(const AppState& state, const char* label, const char* hint,
                       const std::optional<std::string>& error);

// A required multi-line text box with `lines` rows for the form field `field` (a JSON pointer
// such as "/reason"), drawn as field_head says, with a thicker red frame while invalid.
bool required_text_area(const AppState& state, const FieldErrors& errors, std::string_view field,
                        const char* label, std::string& text, float lines,
                        const char* hint = nullptr);

// [SECTION] Label/value lists

// "Label  value": the label muted in a column of `label_width`, the value wrapped beside it;
// a label wider than its column puts the value on the next line instead of overlapping.
// `value_lang` marks a value that is not in the page's language (see data_lang).
void fact(const char* label, const char* value, float label_width,
          const char* value_lang = nullptr);
void fact(const char* label, const std::string& value, float label_width,
          const char* value_lang = nullptr);

// "Label:" in the muted colour, then the value wrapped in a column that starts at `indent`
// (relative to the current indentation), so that values line up like a definition list.
void field(const char* label, const std::string& value, float indent,
           const ImVec4* value_color = nullptr, const char* value_lang = nullptr);

// The width of the label column for `labels` (the longest plus a gap).
template <class... Labels> float label_width(const Labels*... labels) {
    float width = 0.0F;
    ((width = std::max(width, ImGui::CalcTextSize(labels).x)), ...);
    return width + 2.0F * ImGui::GetStyle().ItemSpacing.x;
}

struct DetailField {
    std::string label;
    std::string value;
    const ImVec4* color = nullptr;
    const char* lang = nullptr; // the value's language, if not the page's (see data_lang)
};

// Label and value side by side, labels in one column; stacked when the labels would take
// more than half of the width. Values wrap under themselves.
void draw_details(const std::vector<DetailField>& fields);

// Codes turned into labels, comma-separated: "Name, Anschrift".
template <class Label>
std::string joined(const std::vector<std::string>& codes, Language language, Label label) {
    std::string out;
    for (const std::string& code : codes) {
        out += (out.empty() ? "" : ", ") + label(code, language);
    }
    return out;
}

// "730 Tage (2 Jahre)", "90 Tage".
std::string retention_text(const AppState& state, int days);

// [SECTION] Cards

// A bordered box around the content drawn between begin_card and end_card, with a light
// background behind it (drawn into a lower draw channel once the height is known).
struct Card {
    ImVec2 start;
    float width = 0.0F;
    ImVec4 border;
    float thickness = 1.0F;
};

// `alarm`: a thicker border in the error colour, for an error summary.
Card begin_card(bool alarm = false);
void end_card(const Card& card);

} // namespace einblick::client::views::parts
