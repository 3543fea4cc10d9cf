#pragma once
// Deletes access-log entries recorded longer ago than the retention period (default two years,
// the Datenschutzcockpit rule; GDPR Art. 5(1)(e)): always the oldest entries, a prefix of the
// log, counted from the time of recording, never from the agency's occurred_at (which may lie
// in the past only within AccessService's backdating window). The tree keeps their leaves.
// The deletion itself is recorded as a count.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/clock.hpp"

namespace einblick::server {

class RetentionService {
public:
    static constexpr int default_retention_days = 730;

    RetentionService(AccessLogRepository& log, const Clock& clock,
                     int retention_days = default_retention_days);
    // Returns how many entries were deleted.
    std::int64_t run_once();
    int retention_days() const { return retention_days_; }

private:
    AccessLogRepository& log_;
    const Clock& clock_;
    int retention_days_;
};

} // namespace einblick::server
