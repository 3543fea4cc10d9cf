#pragma once
// The screens as functions that draw from AppState with Dear ImGui and emit intents. They do
// not call the network or change anything but the text fields ImGui edits in place.

#include "einblick/client/app_state.hpp"
#include "einblick/client/messages.hpp"

#include <vector>

namespace einblick::client::views {

using Intents = std::vector<Intent>;

// Fills the whole display with the current screen. Call between ImGui::NewFrame and Render.
void draw_app(AppState& state, Intents& intents);

void draw_starting();
void draw_login(LoginState& login, Intents& intents);
void draw_history(const AppState& state, Intents& intents);

} // namespace einblick::client::views
