#pragma once
// The three kinds of events that drive the client:
// - Intent: what the person asked for in a view (views only emit these, they never call out);
// - Command: what the update functions want the API client (or the platform) to do;
// - ApiMessage: a typed network result, queued and applied at the start of the next frame.
// Each kind is a variant of the common alternatives below plus one nested variant per feature
// (citizen_messages.hpp, dpo_messages.hpp, agency_messages.hpp). A feature's struct converts
// to the outer variant directly: `intents.push_back(intent::dpo::SubmitDecision{})`.

#include "einblick/client/agency_messages.hpp"
#include "einblick/client/citizen_messages.hpp"
#include "einblick/client/dpo_messages.hpp"
#include "einblick/client/log_verification.hpp"
#include "einblick/client/result.hpp"
#include "einblick/client/route.hpp"
#include "einblick/client/state_common.hpp"
#include "einblick/shared/api_dashboard.hpp"
#include "einblick/shared/api_registry.hpp"
#include "einblick/shared/api_types.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace einblick::client {

namespace intent {
struct SubmitLogin {};
// Reloads what failed on the current page (for History: the first page).
struct RetryLoad {};
struct LoadMore {}; // next page, also the retry after a failed next page
struct Logout {};
struct Navigate {
    Page page = Page::Overview;
};
struct SetLanguage {
    Language language = Language::German;
};
// The browser's location (at start, Back, Forward, an edited address): show what it names.
// Before login it waits in AppState::pending_route.
struct ApplyRoute {
    Route route;
};
} // namespace intent

using Intent = std::variant<intent::SubmitLogin, intent::RetryLoad, intent::LoadMore,
                            intent::Logout, intent::Navigate, intent::SetLanguage,
                            intent::ApplyRoute, CitizenIntent, DpoIntent, AgencyIntent>;

namespace command {
struct RestoreSession {};
struct Login {
    api::LoginRequest request;
};
struct LoadEvents {
    std::optional<std::string> cursor;
    EventQuery query = {};
};
struct Logout {};
struct LoadPurposes {};
struct LoadVocabulary {};
// Not a request of the app: the platform downloads this same-origin URL (the session cookie
// goes with it; the answer is an attachment).
struct OpenDownload {
    std::string url;
};
// Not a state change: the browser checks these entries against the signed log
// (log_verifier.hpp) and answers message::LogVerified.
struct VerifyLog {
    std::vector<api::AccessEvent> events;
};
} // namespace command

using Command =
    std::variant<command::RestoreSession, command::Login, command::LoadEvents, command::Logout,
                 command::LoadPurposes, command::LoadVocabulary, command::OpenDownload,
                 command::VerifyLog, CitizenCommand, DpoCommand, AgencyCommand>;

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
    EventQuery query = {}; // dropped when the filters changed meanwhile
};
struct LoggedOut {
    Result<Done> result;
};
struct PurposesLoaded {
    Result<api::ItemList<api::Purpose>> result;
};
struct VocabularyLoaded {
    Result<api::Vocabulary> result;
};
struct LogVerified {
    Result<LogVerification> result; // always a success: what went wrong is in its status
};
} // namespace message

using ApiMessage =
    std::variant<message::SessionRestored, message::LoginFinished, message::EventsLoaded,
                 message::LoggedOut, message::PurposesLoaded, message::VocabularyLoaded,
                 message::LogVerified, CitizenMessage, DpoMessage, AgencyMessage>;

// A queued result and the session epoch of the request that produced it.
struct QueuedMessage {
    std::uint64_t epoch = 0;
    ApiMessage message;
};

} // namespace einblick::client
