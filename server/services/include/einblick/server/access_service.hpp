#pragma once
// Access checks (Zulässigkeitsprüfung) and the access log. Before fetching, an agency asks
// whether it may access categories C of citizen X from register R for purpose P; the answer
// is allow or deny with a machine-readable reason, and anything unknown or failing denies.
// Every check and every access is logged and shows in the citizen's history.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/clock.hpp"
#include "einblick/server/consent_repository.hpp"
#include "einblick/server/crypto.hpp"
#include "einblick/server/objection_repository.hpp"
#include "einblick/server/purpose_repository.hpp"
#include "einblick/server/service_error.hpp"
#include "einblick/shared/api_registry.hpp"
#include "einblick/shared/api_rules.hpp"

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace einblick::server {

// What an agency sends with a check or an access; its own identity comes from its key.
struct AccessRequest {
    std::string citizen_id; // the national identifier; pseudonymised at the door
    RowId purpose_id = 0;
    std::optional<int> purpose_version; // accesses only: must be the version in force
    std::string register_code;
    std::vector<std::string> data_categories;
    std::optional<std::string> official;
    std::optional<std::string> correlation_id;
    std::optional<UnixMillis> occurred_at; // accesses only; default: time of receipt
};

// Makes a retry safe: the same key with the same request returns the first answer. A key
// belongs to the agency and to the endpoint it was first used on (check, record or
// record_batch): the same key elsewhere, or with another request, is a Conflict.
struct Idempotency {
    std::optional<std::string> key;
    Bytes request_hash; // of the whole request (for a batch: all its events)
};

struct RecordedAccess {
    api::AccessEvent event;
    bool replayed = false;
};

struct HistoryQuery {
    std::optional<std::string> cursor; // opaque, from a previous page's next_cursor
    int limit = api::limits::history_page_size_default;
    HistoryFilter filter;
};

// The result of applying the rules, before anything is logged.
struct Evaluation {
    AccessOutcome outcome = AccessOutcome::Denied;
    std::string reason; // an AccessReason's wire text
    std::optional<PurposeVersionRecord> version;
    std::optional<RowId> consent_id;
    std::string legal_basis;
};

// Purposes read once per request (or once per batch): one batch often names one purpose
// thousands of times, and all its entries must be judged against the same registry state.
class PurposeLookup {
public:
    explicit PurposeLookup(PurposeRepository& purposes) : purposes_(purposes) {}
    const std::optional<PurposeRecord>& find(RowId id);

private:
    PurposeRepository& purposes_;
    std::map<RowId, std::optional<PurposeRecord>> cache_;
};

class AccessService {
public:
    static constexpr UnixMillis max_clock_skew = api::limits::access_future_minutes_max * 60 * 1000;
    static constexpr UnixMillis day_millis = 86'400'000;
    // recorded_at - occurred_at above this: the entry is "reported late" (to_api).
    static constexpr UnixMillis late_after =
        static_cast<UnixMillis>(api::limits::access_late_after_hours) * 3'600'000;

    // `backdating_window_days`: how far an access event's occurred_at may lie before now; an
    // older one is refused (rule `too_old`), so that retention, which counts from the time of
    // recording, never keeps an entry shorter than its own time suggests by more than that.
    AccessService(AccessLogRepository& log, PurposeRepository& purposes,
                  ConsentRepository& consents, ObjectionRepository& objections,
                  const Pseudonymizer& pseudonymizer, const Clock& clock,
                  int backdating_window_days = api::limits::backdating_window_days_default);

    int backdating_window_days() const { return backdating_window_days_; }

    // Logs the check; with `record_access` an allowed check is logged as the access itself.
    api::AccessCheckResult check(const AgencyRecord& agency, const AccessRequest& request,
                                 bool record_access, const Idempotency& idempotency);
    // An access that happened. Logged with the outcome the rules give (a denied outcome makes
    // an unlawful access visible). Throws Validation for unknown or foreign purposes.
    RecordedAccess record(const AgencyRecord& agency, const AccessRequest& request,
                          const Idempotency& idempotency);
    // All or nothing, one durable commit. Violations are prefixed with "/events/<index>". One
    // key stands for the whole batch: the same batch again replays every event.
    std::vector<RecordedAccess> record_batch(const AgencyRecord& agency,
                                             std::span<const AccessRequest> requests,
                                             const Idempotency& idempotency);

    api::AccessEventPage history(const std::string& citizen_pseudonym, const HistoryQuery& query);
    // All of this citizen's entries, newest first (the history's order), read page by page.
    std::vector<LogEntryRecord> entries_of(const std::string& citizen_pseudonym);
    // One entry of this citizen's log; "absent" and "not yours" are the same nothing.
    std::optional<LogEntryRecord> entry_of(const std::string& citizen_pseudonym, RowId id);

    // The rules, without logging: exposed for tests and for the DPO's "why" view.
    Evaluation evaluate(const AgencyRecord& agency, const std::string& citizen_pseudonym,
                        const AccessRequest& request, UnixMillis now);
    Evaluation evaluate(const AgencyRecord& agency, const std::string& citizen_pseudonym,
                        const AccessRequest& request, UnixMillis now, PurposeLookup& purposes);

    // Checks limit, cursor and period of a history query (Validation); the decoded cursor.
    static std::optional<HistoryCursor> validate(const HistoryQuery& query);
    // A page from the rows read with limit + 1: the extra row only says that more follow.
    static api::AccessEventPage page_of(std::vector<LogEntryRecord> rows, int limit);
    static std::string encode_cursor(const HistoryCursor& cursor);
    static std::optional<HistoryCursor> decode_cursor(std::string_view text);
    static api::AccessEvent to_api(const LogEntryRecord& entry);

private:
    NewLogEntry prepare_access(const AgencyRecord& agency, const AccessRequest& request,
                               const Idempotency& idempotency, const std::string& prefix,
                               Violations& violations, PurposeLookup& purposes);
    std::vector<AppendResult> append(std::span<const NewLogEntry> entries);

    AccessLogRepository& log_;
    PurposeRepository& purposes_;
    ConsentRepository& consents_;
    ObjectionRepository& objections_;
    const Pseudonymizer& pseudonymizer_;
    const Clock& clock_;
    int backdating_window_days_;
};

} // namespace einblick::server
