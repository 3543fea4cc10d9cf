// [SECTION] Widgets that choose one of several: select (combobox with options) and tabs.
#include "einblick/client/views/style.hpp"
#include "ui_internal.hpp"

#include <imgui_internal.h>

namespace einblick::client::ui {
namespace {

a11y::Recorder* prepare(ImGuiID id) {
    a11y::Recorder* rec = recorder();
    if (rec != nullptr && rec->take_focus_request(id)) {
        ImGui::SetKeyboardFocusHere();
    }
    return rec;
}

// The options are recorded even while the list is closed: the page's <select> needs them to
// be operable without ImGui's popup.
bool record_options(a11y::Recorder* rec, ImGuiID combo_id, bool open, int& current,
                    const std::vector<std::string>& items, const a11y::Rect& combo_rect) {
    bool changed = false;
    for (int i = 0; i < static_cast<int>(items.size()); ++i) {
        const std::string& item = items[static_cast<std::size_t>(i)];
        const a11y::NodeId option_id = ImHashData(&i, sizeof i, combo_id);
        a11y::Rect rect = combo_rect;
        if (open) {
            ImGui::PushID(i);
            if (ImGui::Selectable(item.c_str(), i == current)) {
                changed |= current != i;
                current = i;
            }
            ImGui::PopID();
            rect = detail::last_item_rect();
        }
        if (rec == nullptr) {
            continue;
        }
        if (rec->take_activation(option_id)) {
            changed |= current != i;
            current = i;
        }
        a11y::Node node;
        node.id = option_id;
        node.role = a11y::Role::Option;
        node.name = item;
        node.states = i == current ? a11y::state::selected : 0;
        node.rect = rect;
        rec->add(std::move(node));
    }
    return changed;
}

} // namespace

bool select(const char* label, int& current, const std::vector<std::string>& items,
            bool label_above) {
    detail::snap_to_pixels();
    const ImGuiID id = ImGui::GetID(label);
    a11y::Recorder* rec = prepare(id);
    const bool valid = current >= 0 && current < static_cast<int>(items.size());
    const char* preview = valid ? items[static_cast<std::size_t>(current)].c_str() : "";
    if (label_above) {
        detail::wrapped_text(detail::visible_name(label).c_str()); // the combobox carries the name
        ImGui::SetNextItemWidth(-FLT_MIN);
    }
    const bool open =
        ImGui::BeginCombo(label_above ? (std::string("##") + label).c_str() : label, preview);
    // BeginCombo's item is the combo frame even while its popup is open.
    const a11y::Rect combo_rect = open ? a11y::Rect{} : detail::last_item_rect();
    int index = -1;
    if (rec != nullptr) {
        a11y::Node node;
        node.id = id;
        node.role = a11y::Role::ComboBox;
        node.name = detail::visible_name(label);
        node.value = preview;
        node.states = static_cast<std::uint16_t>(detail::last_item_states(!open) |
                                                 (open ? a11y::state::expanded : 0));
        node.rect = combo_rect;
        const bool focused = open || node.has(a11y::state::focused);
        index = rec->open(std::move(node));
        if (focused) {
            rec->mark_focused(index);
        }
    }
    const bool changed = record_options(rec, id, open, current, items, combo_rect);
    if (rec != nullptr) {
        if (changed) {
            rec->at(index).value = items[static_cast<std::size_t>(current)];
        }
        rec->close();
    }
    if (open) {
        ImGui::EndCombo();
    }
    return changed;
}

bool begin_tabs(const char* name, a11y::NodeId panel) {
    if (!ImGui::BeginTabBar(name)) {
        return false;
    }
    if (a11y::Recorder* rec = recorder()) {
        a11y::Node node;
        node.id = detail::auto_id(*rec);
        node.role = a11y::Role::TabList;
        node.name = detail::visible_name(name);
        node.controls = panel; // handed on to the selected tab, cleared in end_tabs
        rec->open(std::move(node));
    }
    return true;
}

bool tab(const char* label, bool selected) {
    const ImGuiID id = ImGui::GetID(label);
    a11y::Recorder* rec = prepare(id);
    // Which tab is selected is the caller's state, so tabs are buttons coloured as selected,
    // not ImGui tab items that keep their own selection.
    // The selected one is filled in the brand colour with light text, 3:1 apart from the
    // others (WCAG 1.4.11 for the state), whatever the palette.
    if (selected) {
        ImGui::PushStyleColor(ImGuiCol_Tab, views::palette::brand);
        ImGui::PushStyleColor(ImGuiCol_TabHovered, views::palette::brand_hovered);
        ImGui::PushStyleColor(ImGuiCol_Text, views::palette::text_on_brand);
    }
    const bool pressed = ImGui::TabItemButton(label);
    if (selected) {
        ImGui::PopStyleColor(3);
    }
    const bool activated = rec != nullptr && rec->take_activation(id);
    const int index = detail::record_item(a11y::Role::Tab, id, detail::visible_name(label),
                                          selected ? a11y::state::selected : 0);
    if (selected && index >= 0 && rec->current_parent() >= 0) {
        // Only the selected tab's panel is in the page: the others control nothing there.
        rec->at(index).controls = rec->at(rec->current_parent()).controls;
    }
    return pressed || activated;
}

void end_tabs() {
    if (a11y::Recorder* rec = recorder()) {
        if (rec->current_parent() >= 0) {
            rec->at(rec->current_parent()).controls = 0;
        }
        rec->close();
    }
    ImGui::EndTabBar();
}

} // namespace einblick::client::ui
