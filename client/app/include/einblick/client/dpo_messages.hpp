#pragma once
// Intents, commands and messages of the DPO's pages (see messages.hpp for the kinds).

#include "einblick/client/dpo_state.hpp"
#include "einblick/client/result.hpp"
#include "einblick/shared/api_dashboard.hpp"

#include <cstdint>
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
struct SubmitDecision {};  // ObjectionCase::decision, with If-Match
struct SubmitExtension {}; // ObjectionCase::extension, with If-Match
struct SelectProposal {
    std::int64_t purpose_id = 0;
    int version = 0;
};
struct CloseProposal {};
struct SubmitPurposeDecision {}; // PurposeReview::decision and reason
} // namespace intent::dpo

using DpoIntent = std::variant<intent::dpo::SetQueueFilter, intent::dpo::OpenObjection,
                               intent::dpo::CloseObjection, intent::dpo::SubmitDecision,
                               intent::dpo::SubmitExtension, intent::dpo::SelectProposal,
                               intent::dpo::CloseProposal, intent::dpo::SubmitPurposeDecision>;

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
} // namespace command::dpo

using DpoCommand = std::variant<command::dpo::LoadQueue, command::dpo::LoadObjection,
                                command::dpo::DecideObjection, command::dpo::ExtendObjection,
                                command::dpo::DecidePurpose, command::dpo::LoadVolume>;

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
} // namespace message::dpo

using DpoMessage = std::variant<message::dpo::QueueLoaded, message::dpo::ObjectionLoaded,
                                message::dpo::ObjectionChanged, message::dpo::PurposeDecided,
                                message::dpo::VolumeLoaded>;

} // namespace einblick::client
