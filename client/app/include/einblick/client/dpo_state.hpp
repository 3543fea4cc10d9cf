#pragma once
// State of the DPO's pages: the objection queue and the opened objection with its decision and
// extension drafts, purpose approvals, unusual access volume.

#include "einblick/client/citizen_state.hpp"
#include "einblick/client/state_common.hpp"
#include "einblick/shared/api_registry.hpp"
#include "einblick/shared/api_rights.hpp"
#include "einblick/shared/api_statistics.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace einblick::client {

enum class QueueFilter { Pending, All };

struct QueueRow {
    api::Objection objection;
    std::string received_at;
    std::string due_at;
    bool overdue = false; // pending and past its deadline
    bool extended = false;
};

struct DecisionDraft {
    std::optional<api::ObjectionDecision> outcome; // none until chosen
    std::string reason;
    // The draft passed the checks and is shown for a last look: the binding decision is sent
    // only from this check step (intent::dpo::SubmitDecision), never from the form itself.
    bool checked = false;
};

struct ExtensionDraft {
    int months = api::limits::objection_extension_months_min; // up to …_months_max
    std::string reason;
};

enum class CaseAction { None, Decide, Extend };

// The opened objection. Drafts survive a failed send, a 412 reload and a re-login.
struct ObjectionCase {
    std::optional<std::int64_t> id;
    Remote<api::Objection> objection; // its `revision` is sent as If-Match
    DecisionDraft decision;
    ExtensionDraft extension;
    bool submitting = false;
    CaseAction action = CaseAction::None; // what `errors` and `error` belong to
    FieldErrors errors;
    std::optional<std::string> error;  // e.g. changed meanwhile (412): reloaded, check and resend
    std::optional<std::string> notice; // "Die Entscheidung wurde gespeichert."
};

// A proposed purpose version awaiting the DPO's decision.
struct ReviewItem {
    std::int64_t purpose_id = 0;
    int version = 0;
    std::string agency_name;
    api::PurposeVersion proposed;
    std::optional<api::PurposeVersion> in_force; // what it would replace
};

struct PurposeReview {
    std::optional<std::int64_t> purpose_id; // the selected proposal
    int version = 0;
    std::optional<api::PurposeDecision> decision; // none until chosen
    std::string reason;
    bool submitting = false;
    FieldErrors errors;
    std::optional<std::string> error;
    std::optional<std::string> notice;
};

// One row of an agency's log as the DPO sees it: the citizen's history row (time, purpose,
// legal basis, data, refusal) and the pseudonymous citizen reference.
struct AgencyLogRow {
    EventRow event;
    std::string citizen_ref; // "B-3f9a1c2e7d"
};

// An agency's log, opened from "Auffällige Zugriffe": the seven days the figures count,
// newest first, a page at a time.
struct AgencyLog {
    std::optional<std::string> agency_code; // none: the volume table is shown
    std::string agency_name;
    UnixMillis from = 0;
    Remote<std::vector<AgencyLogRow>> rows;
    std::optional<std::string> next_cursor;
    bool loading_more = false;
    std::optional<std::string> more_error; // the last "Weitere laden" failed
};

struct DpoState {
    QueueFilter queue_filter = QueueFilter::Pending;
    Remote<std::vector<QueueRow>> queue; // by deadline, oldest due first
    ObjectionCase open_case;
    PurposeReview review;
    Remote<api::AgencyVolumeStatistics> volume; // most unusual first
    AgencyLog agency_log;
};

} // namespace einblick::client
