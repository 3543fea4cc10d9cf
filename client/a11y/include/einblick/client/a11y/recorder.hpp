#pragma once
// Builds the semantic tree while the views draw, and carries the page's requests (focus this,
// press that, the text box now holds this) to the widgets of the next frame.
//
// Owned by the frame loop (platform) or a test, never a static: one per ImGui context.

#include "einblick/client/a11y/tree.hpp"

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace einblick::client::a11y {

// What a mirrored text box holds after the person edited it in the page. Offsets are bytes
// into the UTF-8 text; -1 when unknown.
struct TextEdit {
    std::string text;
    int selection_start = -1;
    int selection_end = -1;
};

class Recorder {
public:
    // Starts an empty tree. Requests queued since the last frame stay until end_frame().
    // `page_language` (BCP 47) is the language of the page the tree is mirrored into.
    void begin_frame(std::string page_language = {});
    // Adds a node that holds the following nodes until close(); returns its index.
    int open(Node node);
    // Ends the innermost open node; its rectangle grows to hold its children's.
    void close();
    // Adds a node without children; returns its index.
    int add(Node node);
    // Where the widget being recorded is drawn: its window's clip rectangle, asked for each
    // node added without a clip of its own (the views set it, as only they know ImGui).
    using ClipSource = std::function<std::optional<Rect>()>;
    void set_clip_source(ClipSource source) { clip_source_ = std::move(source); }
    // Closes whatever is still open and drops requests no widget took. A node without a
    // language of its own inside one marked with another language than the page's (an English
    // note in a German data cell) is marked with the page's language, as the DOM would
    // otherwise pass the outer language down to it. Marks the focused node (see
    // request_focus).
    void end_frame();

    Node& at(int index) { return tree_.nodes.at(static_cast<std::size_t>(index)); }
    const Tree& tree() const { return tree_; }
    // The innermost open node's index (-1 at top level) and how many children it has so far.
    int current_parent() const { return stack_.empty() ? -1 : stack_.back(); }
    int children_so_far() const;
    // Nesting depth of open nodes (for wrappers that check their begin/end pairs).
    std::size_t depth() const { return stack_.size(); }

    // The widget at `index` has keyboard focus in ImGui this frame. The last call wins.
    void mark_focused(int index);
    // The id of the widget marked focused in this frame so far, 0 if none.
    NodeId focused_id() const;
    // The widget `id` asks ImGui for the focus itself (the app moves it, e.g. to a field after
    // an error): like request_focus, the tree reports it focused until ImGui gets there, and
    // an older request no longer stands.
    void focus_moving_to(NodeId id);

    // [SECTION] Requests from the page (assistive technology, Tab, clicks on the mirror).
    // The page's focus is where the person is: ImGui takes a frame or two to follow it, and
    // until it has (for at most `focus_patience` frames) the tree reports the node the page
    // focused, not ImGui's older focus. Otherwise the mirror would move the page's focus back
    // to a field the person already left, and what they type next would land there.
    //
    // A focus request no widget takes, for a node that may hold the page's focus without
    // being a control (takes_static_focus: a tab panel a skip link leads to, a dialog), puts
    // the focus on that node: the tree reports it focused (the page moves there, the ring is
    // drawn around it) until another request comes or the pointer is pressed. (ImGui's own
    // focus may move meanwhile, e.g. its navigation picks a first item: keys go to the page,
    // so that is not the person's doing.) Views ask for it the same way, with request_focus
    // during the frame.
    void request_focus(NodeId id);
    void request_activate(NodeId id);
    void request_edit(NodeId id, TextEdit edit);
    // The pointer was pressed (on the canvas or a control): the page's focus follows it, not
    // a node it rested on.
    void pointer_pressed() { static_focus_ = 0; }
    // Escape in a dialog (or another node that can be dismissed): the view closes it.
    void request_dismiss(NodeId id);
    // Each returns the request once, to the widget with that id.
    bool take_focus_request(NodeId id);
    bool take_activation(NodeId id);
    std::optional<TextEdit> take_edit(NodeId id);
    bool take_dismissal(NodeId id);
    bool has_requests() const;

    // The node that holds the page's focus without being a control (see request_focus), 0 if
    // none.
    NodeId static_focus() const { return static_focus_; }
    // Whether the focus is on the node at `index` or inside it, in this frame so far (ImGui's
    // focus, or the page's while ImGui follows it).
    bool focus_within(int index) const;

    static constexpr int focus_patience = 8;

private:
    void restore_page_language();
    void settle_focus();
    void settle_static_focus();
    bool is_inside(int index, int ancestor) const;

    Tree tree_;
    std::string page_language_;
    std::vector<int> stack_;
    std::vector<int> child_counts_; // parallel to stack_
    int top_level_count_ = 0;
    int focused_index_ = -1;
    NodeId focus_request_ = 0;
    NodeId pending_focus_ = 0;     // the focus asked for until ImGui's gets there
    int pending_focus_frames_ = 0; // frames since it was asked for
    NodeId static_focus_ = 0;      // a non-control the page's focus is on (see request_focus)
    std::unordered_set<NodeId> dismissals_;
    std::unordered_set<NodeId> activations_;
    std::unordered_map<NodeId, TextEdit> edits_;
    ClipSource clip_source_;
};

} // namespace einblick::client::a11y
