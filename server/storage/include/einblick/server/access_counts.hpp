#pragma once
// The access counts every backend keeps beside the log, without the SQL: which hour an access
// is counted in, an append's accesses per (hour, agency) for access_counts_hourly, and how the
// weekly counts are put together from the hourly counts and the log. Each backend runs its own
// statements (the interface WeeklyCountRows) and writes its own rows.

#include "einblick/server/access_log_repository.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace einblick::server {

inline constexpr UnixMillis access_count_hour_millis = 3'600'000;
inline constexpr std::int64_t access_count_hours_per_week = 7 * 24;

// The hour an instant is counted in: hour h holds the instants in (h hours, h + 1 hours], the
// same half-open side as the weekly periods (now - 7 days, now], so that an hour lies wholly in
// one period unless a period's edge falls inside it (weekly_access_counts divides those).
std::int64_t counted_hour(UnixMillis at);

// An append's accesses per (hour, agency), added by the backend to access_counts_hourly once at
// its end. Hours before `from_hour` (the head's counts_from_hour) are not counted.
class HourlyAccessCounts {
public:
    using Counts = std::map<std::pair<std::int64_t, RowId>, std::int64_t>; // (hour, agency)

    explicit HourlyAccessCounts(std::int64_t from_hour) : from_hour_(from_hour) {}

    void add(const NewLogEntry& e);
    const Counts& counts() const { return counts_; }

private:
    std::int64_t from_hour_;
    Counts counts_;
};

// Accesses per agency.
using AgencyCounts = std::map<RowId, std::int64_t>;

// The reads weekly_access_counts makes, each a statement of the backend, all in one snapshot of
// the log and its counts.
class WeeklyCountRows {
public:
    // One row of a grouped count: an agency, its period (weeks before now) and its accesses.
    using AddRow = std::function<void(RowId agency, int period, std::int64_t accesses)>;

    virtual ~WeeklyCountRows() = default;

    // The head's counts_from_hour: access_counts_hourly holds the hours from this one on (0
    // without a head row).
    virtual std::int64_t counts_from_hour() = 0;
    // Per agency and period (last_hour - hour) / 168, the sum of the counted hours in
    // [from_hour, last_hour] but those with (edge_hour - hour) % 168 == 0.
    virtual void counted_by_period(std::int64_t last_hour, std::int64_t from_hour,
                                   std::int64_t edge_hour, const AddRow& add) = 0;
    // Per agency and period (now - occurred_at) / week_millis, the accesses logged with
    // occurred_at in (after, up_to].
    virtual void logged_by_period(UnixMillis now, UnixMillis week_millis, UnixMillis after,
                                  UnixMillis up_to, const AddRow& add) = 0;
    // Accesses per agency in one counted hour, from access_counts_hourly.
    virtual AgencyCounts counted_in_hour(std::int64_t hour) = 0;
    // Accesses per agency with occurred_at in (after, up_to], from the log.
    virtual AgencyCounts logged_between(UnixMillis after, UnixMillis up_to) = 0;
};

// Periods of seven days before `now`: period k holds (now - (k + 1) weeks, now - k weeks], by
// the time of access; AccessLogRepository::weekly_access_counts, from the backend's reads.
std::vector<AgencyWeekCount> weekly_access_counts(WeeklyCountRows& rows, UnixMillis now, int weeks);

} // namespace einblick::server
