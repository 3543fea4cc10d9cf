#pragma once
// Small drawing helpers shared by the screens.

#include <imgui.h>

namespace einblick::client::views::widgets {

inline const ImVec4 error_color{0.70F, 0.07F, 0.07F, 1.0F};
inline const ImVec4 muted_color{0.32F, 0.34F, 0.38F, 1.0F};

// A filled button with white text: the one main action of a screen.
bool primary_button(const char* label, const ImVec2& size = ImVec2(0, 0));
// A wrapped paragraph in the given colour.
void colored_paragraph(const ImVec4& color, const char* text);
// Text centred horizontally in the current window.
void centered_text(const char* text);
// Enter or keypad Enter went down in this frame.
bool enter_pressed();

} // namespace einblick::client::views::widgets
