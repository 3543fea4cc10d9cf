#include "einblick/client/a11y/recorder.hpp"

#include <utility>

namespace einblick::client::a11y {

void Recorder::begin_frame(std::string page_language) {
    page_language_ = std::move(page_language);
    tree_.nodes.clear();
    stack_.clear();
    child_counts_.clear();
    top_level_count_ = 0;
    focused_index_ = -1;
}

int Recorder::add(Node node) {
    node.parent = current_parent();
    if (!node.clip && clip_source_) {
        node.clip = clip_source_();
    }
    node.states = static_cast<std::uint16_t>(node.states & ~state::focused);
    tree_.nodes.push_back(std::move(node));
    if (child_counts_.empty()) {
        ++top_level_count_;
    } else {
        ++child_counts_.back();
    }
    return static_cast<int>(tree_.nodes.size()) - 1;
}

int Recorder::open(Node node) {
    const int index = add(std::move(node));
    stack_.push_back(index);
    child_counts_.push_back(0);
    return index;
}

void Recorder::close() {
    if (stack_.empty()) {
        return;
    }
    const int index = stack_.back();
    stack_.pop_back();
    child_counts_.pop_back();
    // Children were appended after their parent, so they are the following nodes whose
    // ancestor chain reaches `index`; direct children carry the union of their own already.
    Rect rect = at(index).rect;
    for (std::size_t i = static_cast<std::size_t>(index) + 1; i < tree_.nodes.size(); ++i) {
        if (tree_.nodes[i].parent == index) {
            rect = unite(rect, tree_.nodes[i].rect);
        }
    }
    at(index).rect = rect;
}

int Recorder::children_so_far() const {
    return child_counts_.empty() ? top_level_count_ : child_counts_.back();
}

void Recorder::end_frame() {
    while (!stack_.empty()) {
        close();
    }
    settle_focus();
    if (focused_index_ >= 0) {
        at(focused_index_).states |= state::focused;
    }
    restore_page_language();
    // Requests arrive between frames; one that no widget of this frame took (the widget went
    // away, or was disabled) must not fire later on something else.
    focus_request_ = 0;
    activations_.clear();
    edits_.clear();
    dismissals_.clear();
}

void Recorder::restore_page_language() {
    if (page_language_.empty()) {
        return;
    }
    // Pre-order: a parent's effective language is known before its children's.
    std::vector<const std::string*> effective(tree_.nodes.size(), &page_language_);
    for (std::size_t i = 0; i < tree_.nodes.size(); ++i) {
        Node& node = tree_.nodes[i];
        const std::string& inherited =
            node.parent < 0 ? page_language_ : *effective[static_cast<std::size_t>(node.parent)];
        if (node.lang.empty() && inherited != page_language_) {
            node.lang = page_language_;
        }
        effective[i] = node.lang.empty() ? &inherited : &node.lang;
    }
}

void Recorder::settle_focus() {
    if (pending_focus_ == 0) {
        settle_static_focus();
        return;
    }
    const int pending_index = tree_.find(pending_focus_);
    const bool caught_up = focused_id() == pending_focus_;
    const bool not_taken = focus_request_ == pending_focus_; // no widget of this frame took it
    if (not_taken && pending_index >= 0 && takes_static_focus(at(pending_index).role)) {
        static_focus_ = pending_focus_;
        pending_focus_ = 0;
        settle_static_focus();
        return;
    }
    if (caught_up || not_taken || pending_index < 0 || ++pending_focus_frames_ > focus_patience) {
        pending_focus_ = 0;
        return;
    }
    focused_index_ = pending_index;
}

// The page's focus stays on the non-control until the node goes away; a new request or a
// press of the pointer has cleared it already.
void Recorder::settle_static_focus() {
    if (static_focus_ == 0) {
        return;
    }
    const int index = tree_.find(static_focus_);
    if (index < 0) {
        static_focus_ = 0;
        return;
    }
    focused_index_ = index;
}

bool Recorder::is_inside(int index, int ancestor) const {
    for (int at_index = index; at_index >= 0;
         at_index = tree_.nodes[static_cast<std::size_t>(at_index)].parent) {
        if (at_index == ancestor) {
            return true;
        }
    }
    return false;
}

bool Recorder::focus_within(int index) const {
    if (index < 0) {
        return false;
    }
    const int pending = pending_focus_ != 0 ? tree_.find(pending_focus_) : -1;
    return is_inside(focused_index_, index) || is_inside(pending, index);
}

void Recorder::mark_focused(int index) {
    focused_index_ = index;
}

NodeId Recorder::focused_id() const {
    return focused_index_ < 0 ? 0 : tree_.nodes.at(static_cast<std::size_t>(focused_index_)).id;
}

void Recorder::request_focus(NodeId id) {
    focus_request_ = id;
    pending_focus_ = id;
    pending_focus_frames_ = 0;
    static_focus_ = 0;
}

void Recorder::focus_moving_to(NodeId id) {
    pending_focus_ = id;
    pending_focus_frames_ = 0;
    static_focus_ = 0;
}

void Recorder::request_dismiss(NodeId id) {
    dismissals_.insert(id);
}

bool Recorder::take_dismissal(NodeId id) {
    return dismissals_.erase(id) > 0;
}

void Recorder::request_activate(NodeId id) {
    activations_.insert(id);
}

void Recorder::request_edit(NodeId id, TextEdit edit) {
    edits_[id] = std::move(edit); // the newest content wins
}

bool Recorder::take_focus_request(NodeId id) {
    if (id == 0 || focus_request_ != id) {
        return false;
    }
    focus_request_ = 0;
    return true;
}

bool Recorder::take_activation(NodeId id) {
    return activations_.erase(id) > 0;
}

std::optional<TextEdit> Recorder::take_edit(NodeId id) {
    const auto found = edits_.find(id);
    if (found == edits_.end()) {
        return std::nullopt;
    }
    TextEdit edit = std::move(found->second);
    edits_.erase(found);
    return edit;
}

bool Recorder::has_requests() const {
    return focus_request_ != 0 || !activations_.empty() || !edits_.empty() || !dismissals_.empty();
}

} // namespace einblick::client::a11y
