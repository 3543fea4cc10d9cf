#pragma once
// A small JSON summary of the state for the browser test (window.einblickTestState()).
// Contains no password and no session secret.

#include "einblick/client/app_state.hpp"

#include <string>

namespace einblick::client {

// {"screen":"history","loading":false,"error":null,"rows":50,"has_more":true,
//  "first_row":{"occurred_at":"28.11.2026, 19:07","agency":"…",...},
//  "log":{"status":"verified","verified":50,"not_confirmed":0,"widest_count":50,"widest_ms":3.1,…}}
std::string test_snapshot_json(const AppState& state);

} // namespace einblick::client
