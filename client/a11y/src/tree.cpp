#include "einblick/client/a11y/tree.hpp"

#include <algorithm>

namespace einblick::client::a11y {

const char* role_name(Role role) {
    switch (role) {
    case Role::Group:
        return "group";
    case Role::Main:
        return "main";
    case Role::Region:
        return "region";
    case Role::Form:
        return "form";
    case Role::Dialog:
        return "dialog";
    case Role::Navigation:
        return "navigation";
    case Role::Heading:
        return "heading";
    case Role::Text:
        return "text";
    case Role::Button:
        return "button";
    case Role::Link:
        return "link";
    case Role::TextBox:
        return "textbox";
    case Role::CheckBox:
        return "checkbox";
    case Role::Radio:
        return "radio";
    case Role::RadioGroup:
        return "radiogroup";
    case Role::ComboBox:
        return "combobox";
    case Role::Option:
        return "option";
    case Role::TabList:
        return "tablist";
    case Role::Tab:
        return "tab";
    case Role::TabPanel:
        return "tabpanel";
    case Role::Table:
        return "table";
    case Role::Row:
        return "row";
    case Role::ColumnHeader:
        return "columnheader";
    case Role::Cell:
        return "cell";
    case Role::Status:
        return "status";
    case Role::Alert:
        return "alert";
    case Role::ProgressBar:
        return "progressbar";
    case Role::Image:
        return "img";
    case Role::Figure:
        return "figure";
    case Role::List:
        return "list";
    case Role::ListItem:
        return "listitem";
    }
    return "group";
}

bool is_interactive(Role role) {
    switch (role) {
    case Role::Button:
    case Role::Link:
    case Role::TextBox:
    case Role::CheckBox:
    case Role::Radio:
    case Role::ComboBox:
    case Role::Tab:
        return true;
    default:
        return false;
    }
}

bool takes_static_focus(Role role) {
    switch (role) {
    case Role::Main:
    case Role::Region:
    case Role::Dialog:
    case Role::TabPanel:
    case Role::Heading:
        return true;
    default:
        return false;
    }
}

Rect unite(const Rect& a, const Rect& b) {
    if (a.empty()) {
        return b;
    }
    if (b.empty()) {
        return a;
    }
    const float left = std::min(a.x, b.x);
    const float top = std::min(a.y, b.y);
    const float right = std::max(a.x + a.width, b.x + b.width);
    const float bottom = std::max(a.y + a.height, b.y + b.height);
    return Rect{left, top, right - left, bottom - top};
}

bool Node::same_content(const Node& other) const {
    return id == other.id && role == other.role && states == other.states && level == other.level &&
           rect == other.rect && clip == other.clip && name == other.name && value == other.value &&
           description == other.description && lang == other.lang && controls == other.controls;
}

int Tree::find(NodeId id) const {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].id == id) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

NodeId Tree::parent_id(int index) const {
    const int parent = nodes.at(static_cast<std::size_t>(index)).parent;
    return parent < 0 ? 0 : nodes.at(static_cast<std::size_t>(parent)).id;
}

std::vector<int> Tree::children(int index) const {
    std::vector<int> result;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].parent == index) {
            result.push_back(static_cast<int>(i));
        }
    }
    return result;
}

NodeId Tree::focused() const {
    for (const Node& node : nodes) {
        if (node.has(state::focused)) {
            return node.id;
        }
    }
    return 0;
}

} // namespace einblick::client::a11y
