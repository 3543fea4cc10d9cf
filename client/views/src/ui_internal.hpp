#pragma once
// Helpers shared by the ui_*.cpp files: recording the last ImGui item as a node.

#include "einblick/client/views/ui.hpp"

#include <imgui.h>
#include <string>

namespace einblick::client::ui::detail {

// The visible part of an ImGui label: "Anmelden###login" -> "Anmelden".
std::string visible_name(const char* label);
// The rectangle of the last ImGui item, in CSS pixels.
a11y::Rect last_item_rect();
// A stable id for a node that has no ImGui widget ID: from the ImGui ID stack, the parent
// node and the position among its siblings.
a11y::NodeId auto_id(const a11y::Recorder& recorder);
// State bits of the last ImGui item: disabled, and focused when it has ImGui's keyboard focus.
std::uint16_t last_item_states(bool include_focus);
// Adds a node for the last ImGui item; marks it focused when ImGui's focus is on it.
int record_item(a11y::Role role, a11y::NodeId id, std::string name, std::uint16_t states = 0);
// Puts the next control on whole pixels (its position and, where it has one, its width), so
// that its 1 px border is drawn crisp: at a fractional position it is spread over two pixels
// at half strength (measured 1.6:1 instead of 2.1:1 with ImGui's default border).
void snap_to_pixels();
// Pushes/pops the colours of a primary button.
void push_primary_colors();
void pop_primary_colors();

} // namespace einblick::client::ui::detail
