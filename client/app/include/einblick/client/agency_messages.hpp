#pragma once
// Intents, commands and messages of agency staff's pages (see messages.hpp for the kinds).

#include "einblick/client/agency_state.hpp"
#include "einblick/client/result.hpp"
#include "einblick/shared/api_dashboard.hpp"
#include "einblick/shared/api_registry.hpp"

#include <cstdint>
#include <string>
#include <variant>

namespace einblick::client {

namespace intent::agency {
struct NewPurpose {};
struct RevisePurpose { // the form starts with the newest version's content
    std::int64_t purpose_id = 0;
};
struct TogglePurposeCategory {
    std::string code;
};
struct TogglePurposeRegister {
    std::string code;
};
struct CheckPurposeForm {}; // inline validation, e.g. when a field loses focus
struct SubmitPurpose {};
struct ClosePurposeForm {};
struct CreateApiKey {}; // ApiKeysState::new_label
struct DismissNewKey {};
struct AskRevokeApiKey {
    std::int64_t key_id = 0;
};
struct ConfirmRevokeApiKey {};
struct CancelRevokeApiKey {};
} // namespace intent::agency

using AgencyIntent =
    std::variant<intent::agency::NewPurpose, intent::agency::RevisePurpose,
                 intent::agency::TogglePurposeCategory, intent::agency::TogglePurposeRegister,
                 intent::agency::CheckPurposeForm, intent::agency::SubmitPurpose,
                 intent::agency::ClosePurposeForm, intent::agency::CreateApiKey,
                 intent::agency::DismissNewKey, intent::agency::AskRevokeApiKey,
                 intent::agency::ConfirmRevokeApiKey, intent::agency::CancelRevokeApiKey>;

namespace command::agency {
struct ProposePurpose {
    api::PurposeContent content;
};
struct RevisePurpose {
    std::int64_t purpose_id = 0;
    api::PurposeContent content;
};
struct LoadApiKeys {};
struct CreateApiKey {
    api::ApiKeyRequest request;
};
struct RevokeApiKey {
    std::int64_t key_id = 0;
};
} // namespace command::agency

using AgencyCommand = std::variant<command::agency::ProposePurpose, command::agency::RevisePurpose,
                                   command::agency::LoadApiKeys, command::agency::CreateApiKey,
                                   command::agency::RevokeApiKey>;

namespace message::agency {
struct PurposeSubmitted {
    Result<api::Purpose> result;
};
struct ApiKeysLoaded {
    Result<api::ItemList<api::ApiKey>> result;
};
struct ApiKeyCreated {
    Result<api::ApiKeyCreated> result;
};
struct ApiKeyRevoked {
    Result<Done> result;
    std::int64_t key_id = 0;
};
} // namespace message::agency

using AgencyMessage =
    std::variant<message::agency::PurposeSubmitted, message::agency::ApiKeysLoaded,
                 message::agency::ApiKeyCreated, message::agency::ApiKeyRevoked>;

} // namespace einblick::client
