// [SECTION] Where the keyboard focus goes besides the controls: the skip link, the tab panel
// it leads to, and dialogs (Escape closes them; the caller gives the focus back).
#include "einblick/client/views/style.hpp"
#include "ui_internal.hpp"

#include <imgui_internal.h>

namespace einblick::client::ui {
namespace {

void open_node(a11y::NodeId id, a11y::Role role, const char* name) {
    if (a11y::Recorder* rec = recorder()) {
        a11y::Node node;
        node.id = id;
        node.role = role;
        node.name = name;
        rec->open(std::move(node));
    }
}

void close_node() {
    if (a11y::Recorder* rec = recorder()) {
        rec->close();
    }
}

// The skip link as a sighted keyboard user sees it while it has the focus: a filled label
// over the page's top left corner (the focus ring is drawn around it as around any control).
void draw_visible_skip_link(const ImVec2& pos, const ImVec2& size, const std::string& name) {
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    draw->AddRectFilled(pos, max, ImGui::GetColorU32(views::palette::brand),
                        ImGui::GetStyle().FrameRounding);
    const ImVec2 padding = ImGui::GetStyle().FramePadding;
    draw->AddText(ImVec2(pos.x + padding.x, pos.y + padding.y),
                  ImGui::GetColorU32(views::palette::text_on_brand), name.c_str());
}

} // namespace

a11y::NodeId node_id(const char* str_id) {
    return ImGui::GetID(str_id);
}

void move_focus(a11y::NodeId id) {
    if (a11y::Recorder* rec = recorder()) {
        rec->request_focus(id);
    }
}

bool skip_link(const char* label, a11y::NodeId target) {
    const ImGuiID id = ImGui::GetID(label);
    a11y::Recorder* rec = recorder();
    if (rec != nullptr && rec->take_focus_request(id)) {
        ImGui::SetKeyboardFocusHere();
    }
    const std::string name = detail::visible_name(label);
    const ImVec2 padding = ImGui::GetStyle().FramePadding;
    const ImVec2 text = ImGui::CalcTextSize(name.c_str());
    const ImVec2 size(text.x + padding.x * 2.0F, text.y + padding.y * 2.0F);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton(label, size);
    const bool activated = rec != nullptr && rec->take_activation(id);
    const bool shown = ImGui::IsItemFocused() && (rec == nullptr || rec->static_focus() == 0);
    detail::record_item(a11y::Role::Link, id, name);
    if (shown) {
        draw_visible_skip_link(pos, size, name);
    }
    ImGui::SetCursorScreenPos(pos); // no room of its own: what follows starts where it is
    if (pressed || activated) {
        move_focus(target);
        return true;
    }
    return false;
}

void begin_tab_panel(a11y::NodeId id, const char* name) {
    open_node(id, a11y::Role::TabPanel, name);
}

void end_tab_panel() {
    close_node();
}

bool begin_dialog(const char* str_id, const char* name) {
    const a11y::NodeId id = ImGui::GetID(str_id);
    open_node(id, a11y::Role::Dialog, name);
    a11y::Recorder* rec = recorder();
    return rec != nullptr && rec->take_dismissal(id);
}

bool end_dialog() {
    a11y::Recorder* rec = recorder();
    if (rec == nullptr) {
        return false;
    }
    const bool focus_inside = rec->focus_within(rec->current_parent());
    rec->close();
    return focus_inside;
}

} // namespace einblick::client::ui
