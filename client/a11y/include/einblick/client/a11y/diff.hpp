#pragma once
// Turns the previous frame's tree and this frame's into the few DOM operations that make the
// mirror match, so the page touches only what changed (usually nothing).

#include "einblick/client/a11y/tree.hpp"

#include <string>
#include <vector>

namespace einblick::client::a11y {

enum class OpKind : std::uint8_t {
    Remove, // the element and everything in it goes
    Create, // new element under `parent`, right after sibling `after` (0: first child)
    Move,   // existing element to a new place (same meaning of parent/after), then Update
    Update, // new name, value, states or rectangle
    Focus,  // ImGui moved the keyboard focus here: move the page's focus too
};

struct Op {
    OpKind kind = OpKind::Update;
    NodeId id = 0;
    NodeId parent = 0;
    NodeId after = 0;
    const Node* node = nullptr; // into the new tree (not for Remove)
};

// Operations in an order the page can apply one by one: removals, then the new tree in
// document order (so `parent` and `after` always exist already), then focus. `page_focus` is
// the node the page said it moved its focus to since `before` was published (0: it said
// nothing); when the new tree's focus is elsewhere, the page is told even though the tree's
// focus did not change.
std::vector<Op> diff(const Tree& before, const Tree& after, NodeId page_focus = 0);

// The operations as compact JSON for the page's einblickA11y.apply() (see a11y_mirror.js):
// [{"k":"c","id":7,"p":0,"a":0,"r":"button","n":"Anmelden","v":"","d":"","s":0,"l":0,
//   "x":10,"y":20,"w":100,"h":30}, {"k":"r","id":9}, {"k":"f","id":7}]
// A node that controls another (a selected tab its panel) also has "t": the controlled id.
std::string to_json(const std::vector<Op>& ops);

} // namespace einblick::client::a11y
