#include "a11y_bridge.hpp"

#include "einblick/client/a11y/diff.hpp"

#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

// clang-format off
EM_JS(void, einblick_js_a11y_apply, (const char* json), {
    if (window["einblickA11y"]) window["einblickA11y"]["apply"](UTF8ToString(json));
});
// clang-format on

namespace einblick::client::platform {

void A11yBridge::publish(const a11y::Tree& tree) {
    const std::vector<a11y::Op> ops = a11y::diff(published_, tree, page_focus_);
    page_focus_ = 0;
    if (!ops.empty()) {
        einblick_js_a11y_apply(a11y::to_json(ops).c_str());
        operations_sent_ += ops.size();
    }
    published_ = tree;
}

} // namespace einblick::client::platform
