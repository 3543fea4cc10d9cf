// [SECTION] Tables: a table node with rows of column headers and cells. Which row or cell is
// open is read back from the recorder's innermost node. Where the columns do not fit
// (layout::table_fits), the same calls draw stacked cards; the frame context keeps which.
#include "einblick/client/views/layout.hpp"
#include "einblick/client/views/style.hpp"
#include "ui_internal.hpp"

#include <imgui_internal.h>

namespace einblick::client::ui {
namespace {

a11y::Role open_role(const a11y::Recorder& rec) {
    const int parent = rec.current_parent();
    return parent < 0 ? a11y::Role::Group : rec.tree().nodes[static_cast<std::size_t>(parent)].role;
}

// Closes the open cell and, with `row` set, the open row too.
void close_open(a11y::Recorder& rec, bool row) {
    if (open_role(rec) == a11y::Role::Cell) {
        rec.close();
    }
    if (row && open_role(rec) == a11y::Role::Row) {
        rec.close();
    }
}

void open_row(a11y::Recorder& rec, const char* key) {
    a11y::Node node;
    node.id = key == nullptr ? detail::auto_id(rec) : ImGui::GetID(key);
    node.role = a11y::Role::Row;
    rec.open(std::move(node));
}

// The innermost ui:: table of the frame, or nullptr (outside a FrameScope, or no table).
detail::TableLayout* current_table() {
    detail::FrameContext* context = detail::frame_context();
    return context == nullptr || context->tables.empty() ? nullptr : &context->tables.back();
}

// [SECTION] Cards: a framed block per row, each cell its column's name over its value.
constexpr float card_padding = 10.0F;

// The card's height of the last frame, by its row's id: the background is drawn before the
// content (which it must not cover) and so before this frame's height is known; the first frame
// of a card draws its frame only.
float& last_card_height(ImGuiID card) {
    return *ImGui::GetStateStorage()->GetFloatRef(card, 0.0F);
}

// The highlight asked for in the last frame (highlight_row comes after table_row), as a
// packed colour; 0 for none.
int& card_highlight(ImGuiID card) {
    return *ImGui::GetStateStorage()->GetIntRef(card + 1U, 0);
}

// The marker asked for in the last frame, likewise.
int& card_marker(ImGuiID card) {
    return *ImGui::GetStateStorage()->GetIntRef(card + 2U, 0);
}

constexpr float marker_bar_width = 5.0F;
constexpr float marker_frame_width = 2.0F;

// A selected row's marker: a bar on its left and a frame around it.
void draw_marker(ImDrawList* draw, const ImVec2& min, const ImVec2& max, ImU32 color) {
    draw->AddRectFilled(min, ImVec2(min.x + marker_bar_width, max.y), color);
    draw->AddRect(min, max, color, 0.0F, 0, marker_frame_width);
}

// Ends the ImGui table's open row's marker: its rectangle is the row's background's (as
// TableEndRow computes it), clipped like it.
void close_mark(detail::TableLayout& table) {
    if (table.open_mark == 0U) {
        return;
    }
    const ImGuiTable* t = ImGui::GetCurrentTable();
    const float bottom =
        std::max(t->RowPosY2, ImGui::GetCurrentWindow()->DC.CursorMaxPos.y + t->CellPaddingY);
    ImRect rect(t->WorkRect.Min.x, table.open_mark_top, t->WorkRect.Max.x, bottom);
    rect.ClipWith(t->BgClipRect);
    if (rect.Min.y < rect.Max.y) {
        table.marks.push_back(
            {rect.Min, rect.Max, t->BgClipRect.Min, t->BgClipRect.Max, table.open_mark});
    }
    table.open_mark = 0U;
}

void begin_card(detail::TableLayout& table, ImGuiID card) {
    table.row_open = true;
    table.column = -1;
    table.card = card;
    table.row_min = ImGui::GetCursorScreenPos();
    const float height = last_card_height(card);
    const auto highlight = static_cast<ImU32>(card_highlight(card));
    if (highlight != 0U && height > 0.0F) {
        ImGui::GetWindowDrawList()->AddRectFilled(
            table.row_min, ImVec2(table.row_min.x + table.width, table.row_min.y + height),
            highlight, ImGui::GetStyle().ChildRounding);
    }
    card_highlight(card) = 0; // until highlight_row asks again in this frame
    const auto marker = static_cast<ImU32>(card_marker(card));
    if (marker != 0U && height > 0.0F) {
        draw_marker(ImGui::GetWindowDrawList(), table.row_min,
                    ImVec2(table.row_min.x + table.width, table.row_min.y + height), marker);
    }
    card_marker(card) = 0;
    ImGui::Dummy(ImVec2(0.0F, card_padding * 0.5F));
    ImGui::Indent(card_padding);
    // Cell text wraps inside the card's frame, not at the window's edge.
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + table.width - 2.0F * card_padding);
}

void end_card(detail::TableLayout& table) {
    if (!table.row_open) {
        return;
    }
    table.row_open = false;
    ImGui::PopTextWrapPos();
    ImGui::Unindent(card_padding);
    ImGui::Dummy(ImVec2(0.0F, card_padding * 0.5F));
    const ImVec2 max(table.row_min.x + table.width, ImGui::GetCursorScreenPos().y);
    last_card_height(table.card) = max.y - table.row_min.y;
    ImGui::GetWindowDrawList()->AddRect(table.row_min, max,
                                        ImGui::GetColorU32(views::palette::card_border),
                                        ImGui::GetStyle().ChildRounding);
    ImGui::Dummy(ImVec2(0.0F, ImGui::GetStyle().ItemSpacing.y * 0.5F));
}

// The column's name over the cell's value (muted, as a label).
void card_label(detail::TableLayout& table) {
    ++table.column;
    const auto index = static_cast<std::size_t>(table.column);
    if (index < table.columns.size() && !table.columns[index].name.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, views::palette::muted_text);
        detail::wrapped_text(table.columns[index].name.c_str());
        ImGui::PopStyleColor();
    }
}

// The table's node, at the ImGui table's outer rectangle or, for cards, where they start.
void record_table(a11y::Recorder& rec, const detail::TableLayout& table) {
    a11y::Node node;
    node.id = table.id;
    node.role = a11y::Role::Table;
    node.name = table.name;
    if (!table.cards) {
        const ImRect outer = ImGui::GetCurrentTable()->OuterRect;
        node.rect = a11y::Rect{outer.Min.x, outer.Min.y, outer.GetWidth(), outer.GetHeight()};
    } else {
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        node.rect = a11y::Rect{pos.x, pos.y, table.width, 0.0F};
    }
    rec.open(std::move(node));
}

// Once the columns are known (at the header row or the first row): an ImGui table if they
// fit (layout::columns_fit), else cards. A table ImGui will not draw (its window is clipped
// away) becomes cards too, which draw nothing visible but still record the rows.
void resolve(detail::TableLayout& table) {
    if (!table.pending) {
        return;
    }
    table.pending = false;
    std::vector<views::layout::ColumnSpec> specs;
    for (const detail::TableColumn& column : table.columns) {
        specs.push_back(column.spec);
    }
    table.cards =
        !views::layout::columns_fit(specs, table.width, em()) ||
        !ImGui::BeginTableEx(table.name.c_str(), table.id, static_cast<int>(table.columns.size()),
                             table.flags, table.size);
    if (!table.cards) {
        for (const detail::TableColumn& column : table.columns) {
            ImGui::TableSetupColumn(column.label.c_str(), column.flags, column.width_or_weight);
        }
        if (table.freeze_header) {
            ImGui::TableSetupScrollFreeze(0, 1);
        }
    }
    if (a11y::Recorder* rec = recorder()) {
        record_table(*rec, table);
    }
}

// The innermost table, its layout decided.
detail::TableLayout* resolved_table() {
    detail::TableLayout* table = current_table();
    if (table != nullptr) {
        resolve(*table);
    }
    return table;
}

} // namespace

bool begin_table(const char* id, const char* name, int columns, ImGuiTableFlags flags,
                 const ImVec2& size) {
    detail::FrameContext* context = detail::frame_context();
    if (context == nullptr) { // no frame to record into: a plain ImGui table
        return ImGui::BeginTable(id, columns, flags, size);
    }
    detail::TableLayout table;
    table.id = ImGui::GetID(id);
    table.name = name;
    table.flags = flags;
    table.size = size;
    // A table of a given width (size.x) is judged by that, else by the room left.
    table.width = size.x > 0.0F ? size.x : ImGui::GetContentRegionAvail().x;
    table.columns.reserve(static_cast<std::size_t>(columns));
    context->tables.push_back(std::move(table));
    return true;
}

bool table_as_cards() {
    const detail::TableLayout* table = resolved_table();
    return table != nullptr && table->cards;
}

void table_column(const char* name, ImGuiTableColumnFlags flags, float width_or_weight) {
    detail::TableLayout* table = current_table();
    if (table == nullptr) {
        ImGui::TableSetupColumn(name, flags, width_or_weight);
        return;
    }
    detail::TableColumn column;
    column.label = name;
    column.name = detail::visible_name(name);
    column.flags = flags;
    column.width_or_weight = width_or_weight;
    const bool fixed = (flags & ImGuiTableColumnFlags_WidthFixed) != 0;
    column.spec.fixed_width = fixed ? width_or_weight : 0.0F;
    column.spec.weight = fixed ? 0.0F : width_or_weight;
    table->columns.push_back(std::move(column));
}

void table_freeze_header() {
    if (detail::TableLayout* table = current_table()) {
        table->freeze_header = true;
    } else {
        ImGui::TableSetupScrollFreeze(0, 1);
    }
}

void highlight_row(const ImVec4& color, const ImVec4* marker) {
    const ImU32 marker_color = marker != nullptr ? ImGui::GetColorU32(*marker) : 0U;
    a11y::Recorder* rec = recorder();
    if (marker != nullptr && rec != nullptr && open_role(*rec) == a11y::Role::Row) {
        rec->at(rec->current_parent()).states |= a11y::state::current; // aria-current
    }
    detail::TableLayout* table = current_table();
    if (table != nullptr && table->cards) {
        card_highlight(table->card) = static_cast<int>(ImGui::GetColorU32(color));
        card_marker(table->card) = static_cast<int>(marker_color);
        return;
    }
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(color));
    if (table != nullptr && marker_color != 0U) {
        table->open_mark = marker_color;
        table->open_mark_top = ImGui::GetCurrentTable()->RowPosY1;
    }
}

void header_row() {
    if (detail::TableLayout* table = resolved_table(); table != nullptr && table->cards) {
        // Not drawn (each card names its cells), but recorded: the mirror's table keeps its
        // column headers, so a screen reader reads the cards as the same table.
        a11y::Recorder* rec = recorder();
        if (rec == nullptr) {
            return;
        }
        close_open(*rec, true);
        open_row(*rec, nullptr);
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        for (const detail::TableColumn& column : table->columns) {
            a11y::Node node;
            node.id = detail::auto_id(*rec);
            node.role = a11y::Role::ColumnHeader;
            node.name = column.name;
            node.rect = a11y::Rect{pos.x, pos.y, 0.0F, 0.0F};
            rec->add(std::move(node));
        }
        rec->close();
        return;
    }
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    a11y::Recorder* rec = recorder();
    if (rec != nullptr) {
        close_open(*rec, true);
        open_row(*rec, nullptr);
    }
    const int columns = ImGui::TableGetColumnCount();
    for (int column = 0; column < columns; ++column) {
        if (!ImGui::TableSetColumnIndex(column)) {
            continue;
        }
        const char* name = ImGui::TableGetColumnName(column);
        ImGui::TableHeader(name);
        if (rec != nullptr) {
            detail::record_item(a11y::Role::ColumnHeader, detail::auto_id(*rec), name);
        }
    }
    if (rec != nullptr) {
        rec->close();
    }
}

void table_row(const char* key) {
    if (detail::TableLayout* table = resolved_table(); table != nullptr && table->cards) {
        end_card(*table);
        ++table->rows;
        ImGui::PushID(table->rows);
        const ImGuiID by_position = ImGui::GetID("##card");
        ImGui::PopID();
        begin_card(*table, key != nullptr ? ImGui::GetID(key) : by_position);
    } else {
        if (table != nullptr) {
            close_mark(*table);
        }
        ImGui::TableNextRow();
    }
    if (a11y::Recorder* rec = recorder()) {
        close_open(*rec, true);
        open_row(*rec, key);
    }
}

void table_cell(const char* text, const ImVec4* color) {
    detail::TableLayout* table = current_table();
    const bool cards = table != nullptr && table->cards;
    if (cards) {
        ImGui::BeginGroup(); // the cell's rectangle holds its label and its value
        card_label(*table);
    } else {
        ImGui::TableNextColumn();
    }
    if (color != nullptr) {
        ImGui::PushStyleColor(ImGuiCol_Text, *color);
    }
    detail::wrapped_text(text);
    if (color != nullptr) {
        ImGui::PopStyleColor();
    }
    if (cards) {
        ImGui::EndGroup();
    }
    a11y::Recorder* rec = recorder();
    if (rec == nullptr) {
        return;
    }
    close_open(*rec, false);
    a11y::Node node;
    node.id = detail::auto_id(*rec);
    node.role = a11y::Role::Cell;
    node.name = text;
    node.rect = detail::last_item_rect();
    rec->open(std::move(node)); // stays open for content drawn after it, until the next cell
}

void table_control_cell() {
    if (detail::TableLayout* table = current_table(); table != nullptr && table->cards) {
        card_label(*table);
    } else {
        ImGui::TableNextColumn();
    }
    a11y::Recorder* rec = recorder();
    if (rec == nullptr) {
        return;
    }
    close_open(*rec, false);
    a11y::Node node;
    node.id = detail::auto_id(*rec);
    node.role = a11y::Role::Cell;
    // Empty: the rectangle grows to hold the content drawn into the cell.
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    node.rect = a11y::Rect{pos.x, pos.y, 0.0F, 0.0F};
    rec->open(std::move(node));
}

void end_table() {
    detail::TableLayout* table = resolved_table(); // a table without rows is decided here
    if (a11y::Recorder* rec = recorder()) {
        close_open(*rec, true);
        if (open_role(*rec) == a11y::Role::Table) {
            rec->close();
        }
    }
    const bool cards = table != nullptr && table->cards;
    if (cards) {
        end_card(*table);
    }
    std::vector<detail::RowMark> marks;
    if (table != nullptr && !cards) {
        close_mark(*table);
        marks = std::move(table->marks);
    }
    if (detail::FrameContext* context = detail::frame_context()) {
        context->tables.pop_back();
    }
    if (cards) {
        return;
    }
    ImGuiWindow* inner = ImGui::GetCurrentTable()->InnerWindow;
    ImGui::EndTable();
    // Over the ended table, in its own window (a scrolling table's child draws over its
    // parent's list).
    for (const detail::RowMark& mark : marks) {
        inner->DrawList->PushClipRect(mark.clip_min, mark.clip_max, false);
        draw_marker(inner->DrawList, mark.min, mark.max, mark.color);
        inner->DrawList->PopClipRect();
    }
}

} // namespace einblick::client::ui
