#pragma once
// The client's state transitions as plain functions: state in, state changed, commands out.
// No I/O happens here, which is what makes the whole flow testable natively.
// Implemented per feature: update.cpp (session, navigation), update_history.cpp,
// update_citizen.cpp, update_citizen_flows.cpp, update_dpo.cpp, update_agency.cpp.

#include "einblick/client/app_state.hpp"
#include "einblick/client/messages.hpp"

#include <vector>

namespace einblick::client {

using Commands = std::vector<Command>;

// At start: check whether a session cookie from before a reload is still valid.
Commands start(AppState& state);
Commands on_intent(AppState& state, const Intent& intent);
// `epoch` is the session epoch at the time the request was made.
Commands on_message(AppState& state, std::uint64_t epoch, const ApiMessage& message);

EventRow make_event_row(const api::AccessEvent& event);

} // namespace einblick::client
