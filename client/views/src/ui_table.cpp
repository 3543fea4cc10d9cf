// [SECTION] Tables: a table node with rows of column headers and cells. Which row or cell is
// open is read back from the recorder's innermost node, so no table state is kept here.
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

} // namespace

bool begin_table(const char* id, const char* name, int columns, ImGuiTableFlags flags,
                 const ImVec2& size) {
    const ImGuiID table_id = ImGui::GetID(id);
    if (!ImGui::BeginTable(id, columns, flags, size)) {
        return false;
    }
    if (a11y::Recorder* rec = recorder()) {
        const ImRect outer = ImGui::GetCurrentTable()->OuterRect;
        a11y::Node node;
        node.id = table_id;
        node.role = a11y::Role::Table;
        node.name = name;
        node.rect = a11y::Rect{outer.Min.x, outer.Min.y, outer.GetWidth(), outer.GetHeight()};
        rec->open(std::move(node));
    }
    return true;
}

void header_row() {
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
    ImGui::TableNextRow();
    if (a11y::Recorder* rec = recorder()) {
        close_open(*rec, true);
        open_row(*rec, key);
    }
}

void table_cell(const char* text, const ImVec4* color) {
    ImGui::TableNextColumn();
    if (color != nullptr) {
        ImGui::PushStyleColor(ImGuiCol_Text, *color);
    }
    ImGui::TextWrapped("%s", text);
    if (color != nullptr) {
        ImGui::PopStyleColor();
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
    ImGui::TableNextColumn();
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
    if (a11y::Recorder* rec = recorder()) {
        close_open(*rec, true);
        if (open_role(*rec) == a11y::Role::Table) {
            rec->close();
        }
    }
    ImGui::EndTable();
}

} // namespace einblick::client::ui
