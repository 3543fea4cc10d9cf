#include "einblick/client/a11y/diff.hpp"

#include <unordered_map>

namespace einblick::client::a11y {
namespace {

struct Placement {
    NodeId parent = 0;
    NodeId after = 0; // previous sibling, 0 for the first child
};

// Where each node sits, by index: parent id and previous sibling id.
std::vector<Placement> placements(const Tree& tree) {
    std::vector<Placement> result(tree.nodes.size());
    std::vector<NodeId> last_child(tree.nodes.size(), 0);
    NodeId last_top_level = 0;
    for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
        const int parent = tree.nodes[i].parent;
        NodeId& previous =
            parent < 0 ? last_top_level : last_child[static_cast<std::size_t>(parent)];
        result[i] =
            Placement{parent < 0 ? 0 : tree.nodes[static_cast<std::size_t>(parent)].id, previous};
        previous = tree.nodes[i].id;
    }
    return result;
}

std::unordered_map<NodeId, std::size_t> index_by_id(const Tree& tree) {
    std::unordered_map<NodeId, std::size_t> index;
    index.reserve(tree.nodes.size());
    for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
        index.emplace(tree.nodes[i].id, i);
    }
    return index;
}

// The element of a node can only be updated in place while it stays the same kind of element:
// a node whose id now holds another role (or heading level) is a new element. Ids made from
// the position among siblings (text, headings) are reused by whatever comes to stand there.
bool same_element(const Node& a, const Node& b) {
    return a.role == b.role && a.level == b.level;
}

// Which nodes of `before` lose their element: gone from `after`, turned into another kind of
// element, or inside an element that goes (the page removes an element with its subtree).
std::vector<bool> lost_elements(const Tree& before, const Tree& after,
                                const std::unordered_map<NodeId, std::size_t>& after_index) {
    std::vector<bool> lost(before.nodes.size(), false);
    for (std::size_t i = 0; i < before.nodes.size(); ++i) {
        const Node& node = before.nodes[i];
        const auto now = after_index.find(node.id);
        const bool parent_lost = node.parent >= 0 && lost[static_cast<std::size_t>(node.parent)];
        lost[i] = parent_lost || now == after_index.end() ||
                  !same_element(node, after.nodes[now->second]);
    }
    return lost;
}

void append_removals(const Tree& before, const std::vector<bool>& lost, std::vector<Op>& ops) {
    for (std::size_t i = 0; i < before.nodes.size(); ++i) {
        const Node& node = before.nodes[i];
        // Removing the parent's element removes this one too.
        const bool parent_lost = node.parent >= 0 && lost[static_cast<std::size_t>(node.parent)];
        if (lost[i] && !parent_lost) {
            ops.push_back(Op{OpKind::Remove, node.id, 0, 0, nullptr});
        }
    }
}

} // namespace

std::vector<Op> diff(const Tree& before, const Tree& after, NodeId page_focus) {
    std::vector<Op> ops;
    const auto before_index = index_by_id(before);
    const auto after_index = index_by_id(after);
    const std::vector<bool> lost = lost_elements(before, after, after_index);
    append_removals(before, lost, ops);

    const std::vector<Placement> old_places = placements(before);
    const std::vector<Placement> new_places = placements(after);
    for (std::size_t i = 0; i < after.nodes.size(); ++i) {
        const Node& node = after.nodes[i];
        const Placement& place = new_places[i];
        const auto old = before_index.find(node.id);
        if (old == before_index.end() || lost[old->second]) {
            ops.push_back(Op{OpKind::Create, node.id, place.parent, place.after, &node});
            continue;
        }
        const Placement& old_place = old_places[old->second];
        if (old_place.parent != place.parent || old_place.after != place.after) {
            ops.push_back(Op{OpKind::Move, node.id, place.parent, place.after, &node});
        } else if (!node.same_content(before.nodes[old->second])) {
            ops.push_back(Op{OpKind::Update, node.id, place.parent, place.after, &node});
        }
    }

    // Only a change of ImGui's focus moves the page's focus: a page focus ImGui cannot follow
    // (the canvas, the address bar) is left alone instead of being pulled back every frame.
    const NodeId focus = after.focused();
    const auto focused_before = before_index.find(focus);
    const bool recreated = focused_before != before_index.end() && lost[focused_before->second];
    // The page moved its focus since the last frame, and the frame put it elsewhere (a link
    // that was pressed as it took the focus moves it on to a field, which may hold ImGui's
    // focus still): the tree did not change, the page's focus must.
    const bool page_elsewhere = page_focus != 0 && page_focus != focus;
    if (focus != 0 && (focus != before.focused() || recreated || page_elsewhere)) {
        ops.push_back(Op{OpKind::Focus, focus, 0, 0, &after.nodes[after_index.at(focus)]});
    }
    return ops;
}

} // namespace einblick::client::a11y
