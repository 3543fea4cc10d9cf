#pragma once
// The screens as functions that draw from AppState with Dear ImGui and emit intents. They do
// not call the network or change anything but the text fields ImGui edits in place.

#include "einblick/client/a11y/recorder.hpp"
#include "einblick/client/app_state.hpp"
#include "einblick/client/messages.hpp"

#include <vector>

namespace einblick::client::views {

using Intents = std::vector<Intent>;

// Fills the whole display with the current screen and records its semantic tree into
// `recorder` (begin_frame … end_frame; the page's requests it holds reach the widgets).
// Call between ImGui::NewFrame and Render.
void draw_app(AppState& state, Intents& intents, a11y::Recorder& recorder);

void draw_starting();
void draw_login(LoginState& login, Intents& intents);
void draw_history(const AppState& state, Intents& intents);

} // namespace einblick::client::views
