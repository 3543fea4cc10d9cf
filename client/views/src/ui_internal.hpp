#pragma once
// Helpers shared by the ui_*.cpp files: recording the last ImGui item as a node.

#include "einblick/client/views/layout.hpp"
#include "einblick/client/views/ui.hpp"

#include <imgui.h>
#include <string>
#include <vector>

namespace einblick::client::ui::detail {

// A column as the view set it up (ui::table_column).
struct TableColumn {
    std::string label; // with ImGui's "##" part
    std::string name;  // the visible name: a card's label, the column header's name
    ImGuiTableColumnFlags flags = 0;
    float width_or_weight = 0.0F;
    views::layout::ColumnSpec spec;
};

// A ui:: table being drawn: decided (pending until its columns are known) to be an ImGui
// table or stacked cards (see ui::begin_table).
struct RowMark {
    ImVec2 min;
    ImVec2 max;
    ImVec2 clip_min;
    ImVec2 clip_max;
    ImU32 color = 0;
};

struct TableLayout {
    ImGuiID id = 0;
    std::string name;
    ImGuiTableFlags flags = 0;
    ImVec2 size{};
    std::vector<TableColumn> columns;
    bool freeze_header = false;
    bool pending = true;
    bool cards = false;
    int column = -1; // cards: the cell drawn last in the open row
    bool row_open = false;
    ImVec2 row_min{};
    float width = 0.0F; // the table's, and so each card's
    ImGuiID card = 0;   // the open card's id (its row's)
    int rows = 0;
    // The selected row's marker (highlight_row): while its row is open, its colour and top;
    // once closed, its rectangle and clip, drawn over the table after ImGui ends it.
    ImU32 open_mark = 0;
    float open_mark_top = 0.0F;
    std::vector<RowMark> marks;
};

// What the ui layer keeps for one frame, bound to ImGui's context by FrameScope.
struct FrameContext {
    a11y::Recorder* recorder = nullptr;
    std::vector<TableLayout> tables; // innermost last
};

// The frame's context, or nullptr outside a FrameScope.
FrameContext* frame_context();

// Text wrapped to the available width at spaces only (layout::wrap_words), drawn as one item
// (a group) so the item rectangle holds all its lines.
void wrapped_text(const char* text);

// The visible part of an ImGui label: "Anmelden###login" -> "Anmelden".
std::string visible_name(const char* label);
// The rectangle of the last ImGui item, in CSS pixels.
a11y::Rect last_item_rect();
// A stable id for a node that has no ImGui widget ID: from the ImGui ID stack, the parent
// node and the position among its siblings.
a11y::NodeId auto_id(const a11y::Recorder& recorder);
// State bits of the last ImGui item: disabled, and focused when it has ImGui's keyboard focus.
std::uint16_t last_item_states(bool include_focus);
// Adds a node for the last ImGui item; marks it focused when ImGui's focus is on it.
int record_item(a11y::Role role, a11y::NodeId id, std::string name, std::uint16_t states = 0);
// Puts the next control on whole pixels (its position and, where it has one, its width), so
// that its 1 px border is drawn crisp: at a fractional position it is spread over two pixels
// at half strength (measured 1.6:1 instead of 2.1:1 with ImGui's default border).
void snap_to_pixels();
// Pushes/pops the colours of a primary button.
void push_primary_colors();
void pop_primary_colors();

} // namespace einblick::client::ui::detail
