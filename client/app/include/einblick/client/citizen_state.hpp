#pragma once
// State of the citizen's pages: overview, history (filters, sorting, detail), consents,
// objections, the objection and consent flows, monthly statistics, export.

#include "einblick/client/log_verification.hpp"
#include "einblick/client/state_common.hpp"
#include "einblick/shared/api_dashboard.hpp"
#include "einblick/shared/api_registry.hpp"
#include "einblick/shared/api_rights.hpp"
#include "einblick/shared/api_statistics.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace einblick::client {

// One access event, formatted once when it arrives rather than in every frame.
struct EventRow {
    std::string id;
    std::string occurred_at; // "28.11.2026, 19:07", Europe/Berlin
    std::string agency_code;
    std::string agency_name;
    std::string purpose;
    std::string legal_basis;
    std::string data_categories; // German labels, comma separated
    // Empty for an access that took place; for an access check the agency was refused, why
    // ("Abruf abgelehnt: Zweck nicht genehmigt"), so it is never mistaken for an access.
    std::string refusal;
    UnixMillis instant = 0;                 // for sorting
    std::optional<std::int64_t> purpose_id; // for the registry entry in the detail
    std::string register_name;              // German label
    bool is_check = false;                  // an access check rather than an access
    // Reported late (nachträglich gemeldet): recorded more than a day after occurred_at, when
    // it was recorded ("02.12.2026, 10:00", Europe/Berlin); empty for an entry on time.
    std::string reported_late_at;
};

// [SECTION] History

enum class Period { All, Last30Days, Last90Days, Last12Months, Custom };
enum class HistorySort { Newest, Oldest, Agency, Purpose };

// The filters as the person edits them; applied with intent::citizen::ApplyHistoryFilter.
struct HistoryFilterForm {
    std::string agency_code; // empty: every agency
    std::optional<std::int64_t> purpose_id;
    std::string category; // data category code; empty: all
    Period period = Period::All;
    std::string from_text;                     // Custom: "TT.MM.JJJJ" (or "JJJJ-MM-TT")
    std::string to_text;                       // Custom: inclusive last day
    std::optional<api::AccessOutcome> outcome; // none: every outcome
    bool operator==(const HistoryFilterForm&) const = default;
};

// The query the shown rows were loaded with.
struct EventQuery {
    std::string agency_code;
    std::optional<std::int64_t> purpose_id;
    std::string category;
    std::optional<UnixMillis> from;
    std::optional<UnixMillis> to; // exclusive
    std::optional<api::AccessOutcome> outcome;
    bool operator==(const EventQuery&) const = default;
};

// The selected row's detail: the purpose's registry entry, fetched when selected.
struct EventDetail {
    std::string event_id;
    // A copy: an access opened from the overview may not be among the history's rows (a
    // filter hides it, or its page has not arrived yet), and the detail still shows it.
    EventRow row;
    std::optional<std::int64_t> purpose_id;
    Remote<api::Purpose> purpose;
};

struct HistoryState {
    LoadPhase phase = LoadPhase::Loading;
    std::vector<EventRow> rows;
    std::optional<std::string> next_cursor; // set while the server has more pages
    bool loading_more = false;
    std::optional<std::string> error; // of the first page (phase Failed) or of "load more"
    bool requested = false;           // the first page was asked for in this session
    HistoryFilterForm filter_form;
    HistoryFilterForm applied;               // the form as `query` was made from it (the URL)
    std::optional<std::string> filter_error; // e.g. an unreadable date
    EventQuery query;
    HistorySort sort = HistorySort::Newest;
    std::optional<EventDetail> detail;
    // An access a link named that is not among the rows: fetched on its own, then opened.
    std::optional<std::string> opening_event_id;
    // The browser's own check of the shown entries against the signed log.
    HistoryTrust trust;
};

// [SECTION] Overview

// Counted from the history window of the last 30 days, paged through up to a limit.
struct OverviewState {
    bool requested = false;
    bool counting = false; // pages of the 30-day window still arriving
    std::optional<std::string> error;
    UnixMillis window_from = 0;
    int accesses_30d = 0;
    int denied_checks_30d = 0;
    bool count_is_lower_bound = false; // more than the pages the overview reads
    int pages_read = 0;
    std::vector<EventRow> latest; // newest few
};

// [SECTION] Consents and objections

struct ConsentRow {
    api::Consent consent;
    std::string granted_at; // "28.11.2026"
    std::string expires_at;
    std::string withdrawn_at;  // empty unless withdrawn
    bool expires_soon = false; // given and expiring within 30 days
};

struct ObjectionRow {
    api::Objection objection;
    std::string received_at; // "28.11.2026"
    std::string due_at;      // "28.12.2026" (end of that day)
    std::string original_due_at;
    std::string decided_at; // empty while pending
    bool extended = false;
};

struct ConsentsState {
    Remote<std::vector<ConsentRow>> list; // newest first
    std::optional<std::int64_t> withdrawing_id;
    std::optional<std::string> notice; // "Ihre Einwilligung wurde widerrufen."
    std::optional<std::string> error;  // of the last withdrawal
};

struct ObjectionsState {
    Remote<std::vector<ObjectionRow>> list; // newest first
};

// "Widerspruch einlegen": form → check your answers → send → confirmation.
struct ObjectionFlow {
    FlowStep step = FlowStep::Closed;
    std::optional<std::int64_t> event_id; // the access objected to, or
    std::optional<std::int64_t> purpose_id;
    std::string target_label; // "Zulassung eines Fahrzeugs – Kfz-Zulassungsbehörde Leipzig"
    std::string reason;       // edited in place
    bool restrict_processing = false;
    FieldErrors errors;
    std::optional<std::string> error; // why sending failed; submit again to retry
    // Done: reference number and deadline, formatted in German.
    std::string reference;
    std::string due_at; // "28.12.2026"
};

// "Einwilligung erteilen": purpose and expiry date → check → send → confirmation.
struct ConsentFlow {
    FlowStep step = FlowStep::Closed;
    std::optional<std::int64_t> purpose_id; // an approved A6-1-a purpose of the registry
    std::string expires_text;               // "TT.MM.JJJJ", edited in place
    FieldErrors errors;
    std::optional<std::string> error;
    std::optional<ConsentRow> granted; // Done
};

// [SECTION] Everything the citizen sees.

struct CitizenState {
    OverviewState overview;
    Remote<api::MonthlyStatistics> monthly; // api::limits::monthly_statistics_months, oldest first
    ConsentsState consents;
    ObjectionsState objections;
    ObjectionFlow objection_flow;
    ConsentFlow consent_flow;
    std::optional<api::ExportFormat> last_download; // the export handed to the platform last
};

} // namespace einblick::client
