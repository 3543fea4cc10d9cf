#pragma once
// The three kinds of events that drive the client:
// - Intent: what the person asked for in a view (views only emit these, they never call out);
// - Command: what the update functions want the API client to do;
// - ApiMessage: a typed network result, queued and applied at the start of the next frame.

#include "einblick/client/result.hpp"
#include "einblick/shared/api_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace einblick::client {

namespace intent {
struct SubmitLogin {};
struct RetryLoad {}; // after the first page failed
struct LoadMore {};  // next page, also the retry after a failed next page
struct Logout {};
} // namespace intent

using Intent =
    std::variant<intent::SubmitLogin, intent::RetryLoad, intent::LoadMore, intent::Logout>;

namespace command {
struct RestoreSession {};
struct Login {
    api::LoginRequest request;
};
struct LoadEvents {
    std::optional<std::string> cursor;
};
struct Logout {};
} // namespace command

using Command =
    std::variant<command::RestoreSession, command::Login, command::LoadEvents, command::Logout>;

namespace message {
struct SessionRestored {
    Result<api::SessionInfo> result;
};
struct LoginFinished {
    Result<api::SessionInfo> result;
};
struct EventsLoaded {
    Result<api::AccessEventPage> result;
    bool first_page = true;
};
struct LoggedOut {
    Result<Done> result;
};
} // namespace message

using ApiMessage = std::variant<message::SessionRestored, message::LoginFinished,
                                message::EventsLoaded, message::LoggedOut>;

// A queued result and the session epoch of the request that produced it.
struct QueuedMessage {
    std::uint64_t epoch = 0;
    ApiMessage message;
};

} // namespace einblick::client
