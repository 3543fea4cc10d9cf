#pragma once
// Accessible widgets: each draws with Dear ImGui and records what it is into the frame's
// a11y::Recorder (role, name, value, states, rectangle, nesting), so the page can mirror the
// canvas into real DOM elements for screen readers, keyboards and tests. Views call these
// instead of ImGui's widgets; anything drawn with ImGui directly is invisible to assistive
// technology.
//
// The recorder is bound to the current ImGui context for one frame by FrameScope (views'
// draw_app does this); without one the widgets draw but record nothing.
//
// Labels follow ImGui's rules: "Anmelden###login" shows and is named "Anmelden", its ImGui ID
// comes from "###login". The accessible name is the visible text before "##".

#include "einblick/client/a11y/recorder.hpp"

#include <cstddef>
#include <imgui.h>
#include <memory>
#include <string>
#include <vector>

namespace einblick::client::ui {

namespace detail {
struct FrameContext;
}

// [SECTION] Frame
class FrameScope {
public:
    explicit FrameScope(a11y::Recorder& recorder);
    ~FrameScope();
    FrameScope(const FrameScope&) = delete;
    FrameScope& operator=(const FrameScope&) = delete;

private:
    std::unique_ptr<detail::FrameContext> context_; // the recorder and the widgets' scratch
    void* previous_;
};

// The recorder of the current frame, or nullptr.
a11y::Recorder* recorder();

// Draws the visible focus indicator (WCAG 2.4.7) around the focused widget. Call once after
// all widgets of the frame and the recorder's end_frame (which settles where the focus is, see
// Recorder::request_focus), before ImGui::Render.
void draw_focus_ring(const a11y::Recorder& recorder);

// [SECTION] Responsive layout (decisions in einblick/client/views/layout.hpp)
// The UI font's size in CSS pixels: layout widths are multiples of it.
float em();
// The viewport is too narrow for side-by-side layout (a phone, or a desktop at 200 % zoom):
// one column, the header and navigation in a menu, details as their own view. Decided from
// the width of the canvas in CSS pixels, so zoom and narrow windows behave alike.
bool narrow();
// ImGui::SameLine() where there is room for `next_width` more pixels on the line (always in
// the wide layout when `next_width` is 0); else the next item starts a new line. Returns
// whether it stayed on the line.
bool same_line_if_fits(float next_width = 0.0F);

// [SECTION] Landmarks and structure
// A container node: Main, Region, Form, Dialog, Navigation, Group, Figure, List or ListItem.
// Its rectangle is the union of its children's. Pair with end_region().
void begin_region(a11y::Role role, const char* name);
// The same with the node id `id` (see node_id), for a region another node points at (the menu
// a button controls).
void begin_region(a11y::Role role, const char* name, a11y::NodeId id);
void end_region();

// Heading text, levels 1–3 drawn larger. All text wraps to the available width at spaces only
// (see layout::wrap_words): dates and references never break inside.
void heading(int level, const char* text);
// Text on one line, or wrapped to the available width; color nullptr = the style's.
void text(const char* text, const ImVec4* color = nullptr);
void paragraph(const char* text, const ImVec4* color = nullptr);
// The visible label of a form field drawn under it (the part of `label` before "##"), wrapped
// like text but not recorded: the field carries the name, as a <label> names its <input>.
void field_label(const char* label);
// A key figure: `value` drawn large (`value_scale` times the font) above its `label`, read as
// one text "label: value" (the overview's counts).
void key_figure(const char* value, const char* label, float value_scale);
// Live messages: status is announced politely (loading, "50 Zugriffe angezeigt"), alert at
// once (errors). `busy` marks work in progress (aria-busy).
void status(const char* text, const ImVec4* color = nullptr, bool busy = false);
void alert(const char* text, const ImVec4* color = nullptr);
// A progress bar; fraction < 0 shows an indeterminate "busy" text instead.
void progress(const char* label, float fraction);

// Sets the description (aria-description) of the node recorded last, e.g. what a tooltip
// shows to mouse users.
void describe_last(const char* description);

// Sets the language (BCP 47, e.g. "de") of the node recorded last, when its text is not in the
// page's language (WCAG 3.1.2): German data from the server on an English page. nullptr
// leaves the node in the page's language.
void set_last_language(const char* lang);

// [SECTION] Controls. Each returns true when the person used it in this frame, by mouse,
// ImGui keyboard navigation or the page's mirror (click, Enter, Space, screen reader).
struct ButtonOptions {
    ImVec2 size{0.0F, 0.0F};
    bool primary = false; // the one main action of a screen: filled, white text
    bool busy = false;    // the action it started is running (aria-busy)
    const char* description = nullptr;
    // The label's language when it differs from the page's (WCAG 3.1.2), e.g. "en" for
    // "English" on a German page, so a screen reader pronounces it right.
    const char* lang = nullptr;
    // A disclosure button (a menu's): whether what it shows is open now (aria-expanded), and
    // the node it shows while open (aria-controls; 0 = none). nullptr: an ordinary button.
    const bool* expanded = nullptr;
    a11y::NodeId controls = 0;
};
bool button(const char* label, const ButtonOptions& options = {});
bool link(const char* label);

struct TextInputOptions {
    bool password = false; // masked in ImGui; its value never enters the semantic tree
    bool focus = false;    // take the keyboard focus in this frame (the app asked for it)
    bool required = false;
    bool invalid = false;
    const char* description = nullptr; // e.g. why it is invalid
    float width = -1.0F;               // ImGui item width; -1 = full width
    bool show_label = true;            // draw the name above the field
    bool read_only = false;            // to read, select and copy, not to edit (the mirror's too)
};
// Edits `buffer` (size bytes, NUL-terminated) in place; true when its content changed.
bool text_input(const char* label, char* buffer, std::size_t size,
                const TextInputOptions& options = {});
// The same for a std::string of the state (grows as typed, no length limit of its own).
bool text_input(const char* label, std::string& text, const TextInputOptions& options = {});
// Several lines (a reason, a description); `lines` is the visible height in text lines.
bool text_area(const char* label, std::string& text, const TextInputOptions& options = {},
               float lines = 4.0F);
bool checkbox(const char* label, bool& checked);
// One choice of a group (wrap in begin_region(Role::RadioGroup, …)); true when chosen.
bool radio(const char* label, bool selected);
// A drop-down list (combobox); `current` is the chosen index. True when it changed.
// `label_above`: the label on its own line and the list as wide as the column (forms, and
// wherever a label beside it would squeeze the list); else the label is to its right.
bool select(const char* label, int& current, const std::vector<std::string>& items,
            bool label_above = false);
// A row of tabs; which one is selected lives in the caller's state. tab() returns true
// when the person chose it. The selected tab controls `panel` (see begin_tab_panel); the page
// moves between the tabs with the arrow keys, Home and End, and Tab leaves the list from the
// selected one (a11y_mirror.js: roving tabindex).
bool begin_tabs(const char* name, a11y::NodeId panel = 0);
bool tab(const char* label, bool selected);
void end_tabs();
// A tab drawn as a full-width line of a vertical list (the narrow layout's menu), recorded like
// tab(); wrap the list in begin_region(Role::TabList, …).
bool menu_tab(const char* label, bool selected);

// [SECTION] Focus: skip link, tab panel, dialogs
// The node id of `str_id` in the current ImGui ID stack: to name a tab panel or a dialog
// before it is drawn, or to move the focus to it.
a11y::NodeId node_id(const char* str_id);
// Moves the keyboard focus to the node `id`, drawn later in this frame: a control, or a
// dialog, tab panel or heading (the page's focus rests on it, with the focus ring around it).
void move_focus(a11y::NodeId id);

// The first thing a keyboard reaches on a page: a link shown only while it has the focus,
// that moves the focus to `target` (the content, past header and navigation; WCAG 2.4.1).
// Takes no room in the layout. True when used.
bool skip_link(const char* label, a11y::NodeId target);

// What a tab list shows: the panel of the selected tab, named like it. Pair with
// end_tab_panel().
void begin_tab_panel(a11y::NodeId id, const char* name);
void end_tab_panel();

// A non-modal dialog (a panel beside the page, such as an access's details): the nodes drawn
// until end_dialog() belong to it. True when the person dismissed it with Escape in it; the
// caller closes it.
bool begin_dialog(const char* str_id, const char* name);
// Ends the dialog; true while the keyboard focus is inside it (so that closing it can give
// the focus back to whatever opened it).
bool end_dialog();

// [SECTION] Tables: begin_table, setup columns with ImGui::TableSetupColumn, header_row,
// then per row table_row and one table_cell per column; end_table. Extra content drawn after
// a table_cell (e.g. a paragraph) belongs to that cell.
//
// Where the columns cannot all get a readable width (layout::columns_fit), the same calls draw
// stacked cards instead: each row a framed card, each cell a line "column name" over its value.
// The semantic tree still records a table (header row, rows, cells), so screen readers read
// the same table in both layouts. Views therefore set up columns, the frozen header and a
// row's highlight through these wrappers, never with ImGui::Table* calls directly.
bool begin_table(const char* id, const char* name, int columns, ImGuiTableFlags flags,
                 const ImVec2& size = ImVec2(0.0F, 0.0F));
// The table is drawn as stacked cards in this frame (between begin_table and end_table).
bool table_as_cards();
void table_column(const char* name, ImGuiTableColumnFlags flags = 0, float width_or_weight = 0.0F);
void table_freeze_header();
// Highlights the current row (the selected one), in either layout: its background, and with
// `marker` a bar on its left and a frame in that colour, which still mark it where every row
// has the same background (forced colours), and the row is the current one (aria-current).
void highlight_row(const ImVec4& color, const ImVec4* marker = nullptr);
void header_row();
// `key` identifies the row's data (e.g. the event id), so a row keeps its DOM element when
// rows are inserted above it; without one the row is identified by its position.
void table_row(const char* key = nullptr);
void table_cell(const char* text, const ImVec4* color = nullptr);
// A cell without text of its own: what is drawn next in it (e.g. a link that opens the row's
// detail) is its content and gives it its name.
void table_control_cell();
void end_table();

} // namespace einblick::client::ui
