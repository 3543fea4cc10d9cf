// The text forms of the storage enums (as stored, as logged in the canonical encoding, and as
// the API shows them) and the rules that need no storage at all. Every backend uses these.

#include "einblick/server/records.hpp"

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/consent_repository.hpp"
#include "einblick/server/objection_repository.hpp"
#include "einblick/server/purpose_repository.hpp"

namespace einblick::server {

std::string to_text(ActorRole role) {
    switch (role) {
    case ActorRole::Citizen:
        return "citizen";
    case ActorRole::Dpo:
        return "dpo";
    case ActorRole::Agency:
        return "agency";
    case ActorRole::System:
        return "system";
    }
    return "system";
}

std::string to_text(LogKind kind) {
    return kind == LogKind::Check ? "check" : "access";
}

std::string to_text(LogOutcome outcome) {
    return outcome == LogOutcome::Allowed ? "allowed" : "denied";
}

std::optional<LogOutcome> log_outcome_from_text(const std::string& text) {
    if (text == "allowed") {
        return LogOutcome::Allowed;
    }
    if (text == "denied") {
        return LogOutcome::Denied;
    }
    return std::nullopt;
}

ConsentState consent_state(const ConsentRecord& consent, UnixMillis now) {
    if (consent.withdrawn_at) {
        return ConsentState::Withdrawn;
    }
    return now >= consent.expires_at ? ConsentState::Expired : ConsentState::Given;
}

std::string to_text(ObjectionStatus status) {
    switch (status) {
    case ObjectionStatus::Pending:
        return "pending";
    case ObjectionStatus::Upheld:
        return "upheld";
    case ObjectionStatus::Rejected:
        return "rejected";
    }
    return "pending";
}

std::optional<ObjectionStatus> objection_status_from_text(const std::string& text) {
    for (auto status :
         {ObjectionStatus::Pending, ObjectionStatus::Upheld, ObjectionStatus::Rejected}) {
        if (to_text(status) == text) {
            return status;
        }
    }
    return std::nullopt;
}

std::string to_text(PurposeStatus status) {
    switch (status) {
    case PurposeStatus::Proposed:
        return "proposed";
    case PurposeStatus::Approved:
        return "approved";
    case PurposeStatus::Rejected:
        return "rejected";
    case PurposeStatus::Superseded:
        return "superseded";
    case PurposeStatus::Retired:
        return "retired";
    }
    return "proposed";
}

std::optional<PurposeStatus> purpose_status_from_text(const std::string& text) {
    for (auto status : {PurposeStatus::Proposed, PurposeStatus::Approved, PurposeStatus::Rejected,
                        PurposeStatus::Superseded, PurposeStatus::Retired}) {
        if (to_text(status) == text) {
            return status;
        }
    }
    return std::nullopt;
}

} // namespace einblick::server
