#pragma once
// The screens as functions that draw from AppState with Dear ImGui and emit intents. They do
// not call the network or change anything but the text fields ImGui edits in place (which is
// why most take AppState by non-const reference).
//
// One file per page in src/: <page>_view.cpp (a large one split by feature into
// <page>_<feature>.cpp beside it). Texts through tr() (i18n.hpp), colours from the palette
// (style.hpp), widgets only through ui:: (ui.hpp), so every page is mirrored for assistive
// technology.

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
void draw_login(LoginState& login, Language language, Intents& intents);
// Logged in: header (user, language switch, logout), the role's navigation, the current page.
void draw_dashboard(AppState& state, Intents& intents);

// [SECTION] Citizen pages
void draw_overview(AppState& state, Intents& intents);
void draw_history(AppState& state, Intents& intents);
// "Widerspruch einlegen" (form → check → confirmation); drawn instead of the page while open.
void draw_objection_flow(AppState& state, Intents& intents);
// Accesses per month: a bar chart and the same numbers as a table (part of the overview).
void draw_monthly(AppState& state, Intents& intents);
void draw_consents(AppState& state, Intents& intents);
void draw_objections(AppState& state, Intents& intents);
void draw_registry(AppState& state, Intents& intents); // also the DPO's
void draw_export(AppState& state, Intents& intents);

// [SECTION] DPO pages
void draw_objection_queue(AppState& state, Intents& intents);
void draw_purpose_review(AppState& state, Intents& intents);
void draw_unusual_access(AppState& state, Intents& intents);
// The log of the agency opened from draw_unusual_access (agency_log_view.cpp).
void draw_agency_log(AppState& state, Intents& intents);

// [SECTION] Agency pages
void draw_agency_purposes(AppState& state, Intents& intents);
void draw_api_keys(AppState& state, Intents& intents);

} // namespace einblick::client::views
