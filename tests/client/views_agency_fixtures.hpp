#pragma once
// What the tests of the agency staff's screens share (views_agency_purposes_test.cpp,
// views_api_keys_test.cpp): times from RFC 3339 text and look-ups in the recorded tree (the
// nodes inside a node, the cells of a row, counts, the focused node).

#include "a11y_harness.hpp"
#include "einblick/shared/civil_time.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace einblick::client::testing::agency_screens {

using a11y::Role;

inline einblick::UnixMillis at(const char* rfc3339) {
    return einblick::parse_rfc3339(rfc3339).value();
}

inline const a11y::Tree& tree(const A11yHarness& imgui) {
    return imgui.recorder.tree();
}

inline int index_of(const A11yHarness& imgui, const a11y::Node& node) {
    return static_cast<int>(&node - tree(imgui).nodes.data());
}

// Every node inside `node`, in document order.
inline std::vector<const a11y::Node*> inside(const A11yHarness& imgui, const a11y::Node& node) {
    std::vector<const a11y::Node*> out;
    const auto& nodes = tree(imgui).nodes;
    const int root = index_of(imgui, node);
    for (std::size_t i = static_cast<std::size_t>(root) + 1; i < nodes.size(); ++i) {
        int parent = nodes[i].parent;
        while (parent > root) {
            parent = nodes[static_cast<std::size_t>(parent)].parent;
        }
        if (parent != root) {
            break; // pre-order: the subtree has ended
        }
        out.push_back(&nodes[i]);
    }
    return out;
}

inline std::vector<std::string> names(const std::vector<const a11y::Node*>& nodes, Role role) {
    std::vector<std::string> out;
    for (const a11y::Node* node : nodes) {
        if (node->role == role) {
            out.push_back(node->name);
        }
    }
    return out;
}

// The texts of the cells of the row that holds a cell named `first_cell`.
inline std::vector<std::string> row_of(const A11yHarness& imgui, const std::string& first_cell) {
    const a11y::Node& cell = imgui.node(Role::Cell, first_cell);
    return names(inside(imgui, imgui.parent_of(cell)), Role::Cell);
}

inline bool contains(const std::vector<std::string>& texts, const std::string& text) {
    return std::find(texts.begin(), texts.end(), text) != texts.end();
}

inline int count(const A11yHarness& imgui, Role role, const std::string& name) {
    int n = 0;
    for (const a11y::Node& node : tree(imgui).nodes) {
        n += node.role == role && node.name == name ? 1 : 0;
    }
    return n;
}

inline const a11y::Node* focused(const A11yHarness& imgui) {
    const int index = tree(imgui).find(tree(imgui).focused());
    return index < 0 ? nullptr : &tree(imgui).nodes[static_cast<std::size_t>(index)];
}

} // namespace einblick::client::testing::agency_screens
