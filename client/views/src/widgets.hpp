#pragma once
// Small drawing helpers shared by the screens; everything a person reads or uses goes through
// the accessible widgets in einblick/client/views/ui.hpp.

#include <imgui.h>

namespace einblick::client::views::widgets {

// A status message centred horizontally in the current window.
void centered_status(const char* text, bool busy);
// Enter or keypad Enter went down in this frame.
bool enter_pressed();

} // namespace einblick::client::views::widgets
