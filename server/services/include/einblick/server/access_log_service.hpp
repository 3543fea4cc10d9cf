#pragma once
// The access log: agencies record each access to a citizen's data; citizens read their own.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "einblick/server/access_event_store.hpp"
#include "einblick/server/clock.hpp"
#include "einblick/server/crypto.hpp"
#include "einblick/server/service_error.hpp"
#include "einblick/shared/api_types.hpp"

namespace einblick::server {

// What an agency submits; the agency itself comes from its API key, never from the body.
struct AccessEventSubmission {
    std::string citizen_id; // the national identifier; pseudonymised before anything is stored
    std::string purpose;
    std::string legal_basis;
    std::vector<std::string> data_categories;
    std::optional<UnixMillis> occurred_at; // default: the time of receipt
};

struct HistoryQuery {
    std::optional<std::string> cursor; // opaque, from a previous page's next_cursor
    int limit = 50;
};

class AccessLogService {
public:
    static constexpr int max_page_size = 200;
    static constexpr UnixMillis max_clock_skew = 5 * 60 * 1000;

    AccessLogService(AccessEventStore& events, const Pseudonymizer& pseudonymizer,
                     const Clock& clock);

    // Validates, pseudonymises and stores; returns the event as the citizen will see it.
    // Throws ServiceError(Validation) naming each broken field.
    api::AccessEvent record(const AgencyRecord& agency, const AccessEventSubmission& submission);
    // All or nothing, in one durable commit. Field names are prefixed with "/<index>".
    std::vector<api::AccessEvent> record_all(const AgencyRecord& agency,
                                             std::span<const AccessEventSubmission> submissions);

    api::AccessEventPage history(const std::string& citizen_pseudonym, const HistoryQuery& query);

    static std::string encode_cursor(const HistoryCursor& cursor);
    static std::optional<HistoryCursor> decode_cursor(std::string_view text);

private:
    NewAccessEvent validate(const AgencyRecord& agency, const AccessEventSubmission& submission,
                            const std::string& field_prefix, Violations& violations) const;

    AccessEventStore& events_;
    const Pseudonymizer& pseudonymizer_;
    const Clock& clock_;
};

} // namespace einblick::server
