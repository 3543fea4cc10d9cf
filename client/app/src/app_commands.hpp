#pragma once
// Running the features' commands on the API client (app_commands.cpp). Each callback only
// posts its typed result; App stamps it with the session epoch and queues it.

#include "einblick/client/api_client.hpp"
#include "einblick/client/messages.hpp"

#include <functional>

namespace einblick::client::detail {

using Post = std::function<void(ApiMessage)>;

void run(ApiClient& api, const CitizenCommand& command, const Post& post);
void run(ApiClient& api, const DpoCommand& command, const Post& post);
void run(ApiClient& api, const AgencyCommand& command, const Post& post);

} // namespace einblick::client::detail
