#pragma once
// The semantic tree of one frame: what a screen reader needs to know about every widget the
// views drew (role, accessible name, value, states, where it is, what it belongs to). Rebuilt
// each frame by a Recorder; the platform mirrors it into hidden DOM elements.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace einblick::client::a11y {

// ARIA roles the client uses. The page maps each to an element (real <button>, <input>, …)
// or a <div> with the role (assets/a11y_mirror.js, role_name()).
enum class Role : std::uint8_t {
    Group,
    Main,
    Region,
    Form,
    Dialog,
    Navigation,
    Heading,
    Text,
    Button,
    Link,
    TextBox,
    CheckBox,
    Radio,
    RadioGroup,
    ComboBox,
    Option,
    TabList,
    Tab,
    TabPanel,
    Table,
    Row,
    ColumnHeader,
    Cell,
    Status,
    Alert,
    ProgressBar,
    // A picture (a chart) named by its text alternative; nothing inside is read.
    Image,
    // A figure: a picture together with what explains it (the chart and its table).
    Figure,
    List,
    ListItem,
};

// ARIA role name ("button", "textbox", …).
const char* role_name(Role role);
// Whether the role takes keyboard focus (gets a focusable element in the mirror).
bool is_interactive(Role role);
// Whether the page may move its focus onto such a node although it is not a control: a
// dialog, a tab panel, a heading or a landmark, as a skip link or an opened panel does.
bool takes_static_focus(Role role);

// Bit flags: the ARIA states of a node.
namespace state {
inline constexpr std::uint16_t focused = 1U << 0;
inline constexpr std::uint16_t disabled = 1U << 1;
inline constexpr std::uint16_t checked = 1U << 2;
inline constexpr std::uint16_t selected = 1U << 3;
inline constexpr std::uint16_t expanded = 1U << 4;
inline constexpr std::uint16_t invalid = 1U << 5;
inline constexpr std::uint16_t required = 1U << 6;
inline constexpr std::uint16_t busy = 1U << 7;
// A text box whose content is secret (password): its value is never put into the tree.
inline constexpr std::uint16_t protected_text = 1U << 8;
// A text box for several lines (the mirror makes it a <textarea>).
inline constexpr std::uint16_t multiline = 1U << 9;
// A text box that shows text to read and copy (a key shown once), not to edit.
inline constexpr std::uint16_t read_only = 1U << 10;
// A button that shows or hides what it controls (a disclosure such as the narrow layout's
// menu): the mirror gives it aria-expanded from `expanded`, true or false.
inline constexpr std::uint16_t expandable = 1U << 11;
// The current item of a set (aria-current="true"): the history's row whose detail is shown.
inline constexpr std::uint16_t current = 1U << 12;
} // namespace state

// Screen rectangle in CSS pixels (ImGui's logical coordinates; the canvas is at 0,0).
struct Rect {
    float x = 0.0F;
    float y = 0.0F;
    float width = 0.0F;
    float height = 0.0F;

    bool empty() const { return width <= 0.0F || height <= 0.0F; }
    friend bool operator==(const Rect&, const Rect&) = default;
};

// The smallest rectangle holding both; an empty one does not count.
Rect unite(const Rect& a, const Rect& b);

using NodeId = std::uint32_t; // stable across frames (ImGui's ID of the widget); 0 = none

struct Node {
    NodeId id = 0;
    Role role = Role::Group;
    std::string name;        // accessible name ("Anmelden", "Benutzername")
    std::string value;       // text box content, progress text; never a password
    std::string description; // extra help, e.g. the error a field is invalid for
    std::string lang;        // BCP 47 code when the text is not in the page's language
    std::uint16_t states = 0;
    std::uint8_t level = 0; // heading level 1–6
    // The node this one controls (aria-controls): a selected tab's panel, an open menu.
    // 0 = none.
    NodeId controls = 0;
    Rect rect;
    // The part of the screen the node's window draws in (ImGui's clip rectangle), when the
    // node may reach outside it: a control scrolled under the fixed header is drawn cut off,
    // and its mirrored element must be cut off the same way, or it catches the presses meant
    // for the header. Unset: drawn whole.
    std::optional<Rect> clip;
    int parent = -1; // index into Tree::nodes; -1 for a top-level node

    bool has(std::uint16_t flag) const { return (states & flag) != 0; }
    // Equal as the DOM sees it (ignores the parent index, which the diff handles by id).
    bool same_content(const Node& other) const;
};

// Nodes in pre-order (document order = reading and tab order); parents precede children.
struct Tree {
    std::vector<Node> nodes;

    // Index of the node with this id, or -1.
    int find(NodeId id) const;
    // Id of the node's parent, 0 for top-level nodes.
    NodeId parent_id(int index) const;
    // Indices of the direct children of `index` (-1: the top-level nodes), in order.
    std::vector<int> children(int index) const;
    // The focused node's id, 0 if none.
    NodeId focused() const;
};

} // namespace einblick::client::a11y
