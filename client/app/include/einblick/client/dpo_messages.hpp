#pragma once
// Intents, commands and messages of the DPO's pages (see messages.hpp for the kinds).

#include "einblick/client/dpo_state.hpp"
#include "einblick/client/result.hpp"
#include "einblick/shared/api_dashboard.hpp"
#include "einblick/shared/api_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace einblick::client {

namespace intent::dpo {
struct SetQueueFilter {
    QueueFilter filter = QueueFilter::Pending;
};
struct OpenObjection { // loads it with its current revision (ETag)
    std::int64_t objection_id = 0;
};
struct CloseObjection {};
struct ReviewDecision {};  // checks the decision draft and shows it for a last look
struct EditDecision {};    // back from that check step to the form
struct SubmitDecision {};  // from the check step: ObjectionCase::decision, with If-Match
struct SubmitExtension {}; // ObjectionCase::extension, with If-Match
struct SelectProposal {
    std::int64_t purpose_id = 0;
    int version = 0;
};
struct CloseProposal {};
struct SubmitPurposeDecision {}; // PurposeReview::decision and reason
struct OpenAgencyLog {           // from "Auffällige Zugriffe": the agency's last seven days
    std::string agency_code;
    std::string agency_name;
};
struct CloseAgencyLog {};
struct LoadMoreAgencyLog {};
} // namespace intent::dpo

using DpoIntent = std::variant<
    intent::dpo::SetQueueFilter, intent::dpo::OpenObjection, intent::dpo::CloseObjection,
    intent::dpo::ReviewDecision, intent::dpo::EditDecision, intent::dpo::SubmitDecision,
    intent::dpo::SubmitExtension, intent::dpo::SelectProposal, intent::dpo::CloseProposal,
    intent::dpo::SubmitPurposeDecision, intent::dpo::OpenAgencyLog, intent::dpo::CloseAgencyLog,
    intent::dpo::LoadMoreAgencyLog>;

namespace command::dpo {
struct LoadQueue {
    QueueFilter filter = QueueFilter::Pending;
};
struct LoadObjection {
    std::int64_t objection_id = 0;
};
struct DecideObjection {
    std::int64_t objection_id = 0;
    int revision = 0; // sent as If-Match: "<revision>"
    api::ObjectionDecisionRequest request;
};
struct ExtendObjection {
    std::int64_t objection_id = 0;
    int revision = 0;
    api::ObjectionExtensionRequest request;
};
struct DecidePurpose {
    std::int64_t purpose_id = 0;
    int version = 0;
    api::PurposeDecisionRequest request;
};
struct LoadVolume {};
struct LoadAgencyLog {
    std::string agency_code;
    UnixMillis from = 0;
    std::optional<std::string> cursor; // none: the first page
};
} // namespace command::dpo

using DpoCommand = std::variant<command::dpo::LoadQueue, command::dpo::LoadObjection,
                                command::dpo::DecideObjection, command::dpo::ExtendObjection,
                                command::dpo::DecidePurpose, command::dpo::LoadVolume,
                                command::dpo::LoadAgencyLog>;

namespace message::dpo {
struct QueueLoaded {
    Result<api::ItemList<api::Objection>> result;
    QueueFilter filter = QueueFilter::Pending;
};
struct ObjectionLoaded {
    Result<api::Objection> result;
    std::int64_t objection_id = 0;
};
struct ObjectionChanged { // answer to a decision or an extension
    Result<api::Objection> result;
    std::int64_t objection_id = 0;
};
struct PurposeDecided {
    Result<api::Purpose> result;
    std::int64_t purpose_id = 0;
};
struct VolumeLoaded {
    Result<api::AgencyVolumeStatistics> result;
};
struct AgencyLogLoaded {
    Result<api::AccessEventPage> result;
    std::string agency_code;
    bool more = false; // a further page ("Weitere laden"), not the first
};
} // namespace message::dpo

using DpoMessage = std::variant<message::dpo::QueueLoaded, message::dpo::ObjectionLoaded,
                                message::dpo::ObjectionChanged, message::dpo::PurposeDecided,
                                message::dpo::VolumeLoaded, message::dpo::AgencyLogLoaded>;

} // namespace einblick::client
