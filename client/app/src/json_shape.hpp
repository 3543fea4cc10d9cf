#pragma once
// Non-throwing checks that a parsed JSON value has exactly the shape that the from_json
// functions of einblick/shared/api_types.hpp read. The client runs these before from_json:
// in the browser, exceptions cannot be caught (see client/CMakeLists.txt), so a malformed
// answer must be recognised without one.

#include <nlohmann/json.hpp>

namespace einblick::client::detail {

bool is_session_info(const nlohmann::json& j);
bool is_access_event(const nlohmann::json& j);
bool is_access_event_page(const nlohmann::json& j);
bool is_problem(const nlohmann::json& j);

} // namespace einblick::client::detail
