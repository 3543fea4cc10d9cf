#pragma once
// Keeps the page's DOM mirror (assets/a11y_mirror.js) in step with the semantic tree: after
// each frame only the difference to the previous frame's tree goes to the page.

#include "einblick/client/a11y/tree.hpp"

namespace einblick::client::platform {

class A11yBridge {
public:
    // Sends the operations that turn the last published tree into `tree`; nothing when the
    // frame changed nothing (the usual case).
    void publish(const a11y::Tree& tree);
    // The page moved its focus to `id` (Tab, a click, assistive technology).
    void page_focused(a11y::NodeId id) { page_focus_ = id; }
    // Operations sent so far (for diagnostics in the browser test).
    unsigned long operations_sent() const { return operations_sent_; }

private:
    a11y::Tree published_;
    a11y::NodeId page_focus_ = 0; // since the last publish, 0 if the page said nothing
    unsigned long operations_sent_ = 0;
};

} // namespace einblick::client::platform
