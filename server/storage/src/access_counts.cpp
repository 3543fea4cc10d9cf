#include "einblick/server/access_counts.hpp"

#include <algorithm>

namespace einblick::server {

std::int64_t counted_hour(UnixMillis at) {
    return (at - 1) / access_count_hour_millis;
}

void HourlyAccessCounts::add(const NewLogEntry& e) {
    const std::int64_t hour = counted_hour(e.occurred_at);
    if (e.kind == AccessKind::Access && e.occurred_at > 0 && hour >= from_hour_) {
        ++counts_[{hour, e.agency_id}];
    }
}

// The hours from counts_from_hour on come from the counts the writer keeps; the log itself,
// through its time index, counts the hours before (before the backend began counting). An hour
// that a period's edge splits (when `now` is not on the hour; the demo's clock runs on from its
// start, so it seldom is) is its count, divided at the edge by counting the smaller of its two
// parts in the log: at most half an hour of the log per past edge, and for the current hour
// only its accesses reported ahead of `now`.
std::vector<AgencyWeekCount> weekly_access_counts(WeeklyCountRows& rows, UnixMillis now,
                                                  int weeks) {
    constexpr UnixMillis hour_millis = access_count_hour_millis;
    constexpr std::int64_t hours_per_week = access_count_hours_per_week;
    constexpr UnixMillis week_millis = hours_per_week * hour_millis;
    // The edge now - k weeks lies inside the counted hour now_hour - k * 168 (or, when `now` is
    // on the hour, where it begins, so that the whole hour is in the newer period). The hours
    // between two edges' hours belong wholly to one period.
    const std::int64_t now_hour = now / hour_millis;
    const std::int64_t counted_from = rows.counts_from_hour();
    std::map<std::pair<RowId, int>, std::int64_t> sums;
    const auto add = [&](RowId agency, int period, std::int64_t accesses) {
        if (period >= 0 && period < weeks && accesses > 0) {
            sums[{agency, period}] += accesses;
        }
    };
    // The counted hour h from now_hour - 1 down is in period (now_hour - 1 - h) / 168, unless an
    // edge lies in it.
    rows.counted_by_period(
        now_hour - 1, std::max(now_hour - hours_per_week * weeks + 1, counted_from), now_hour, add);
    const UnixMillis from = now - weeks * week_millis; // excluded
    if (from < counted_from * hour_millis) {
        // Hours before the counts begin (hour counted_from - 1 ends at counted_from hours).
        rows.logged_by_period(now, week_millis, from, std::min(counted_from * hour_millis, now),
                              add);
    }
    for (int k = 0; k <= weeks; ++k) {
        const std::int64_t hour = now_hour - k * hours_per_week;
        if (hour < counted_from) {
            continue; // counted from the log above
        }
        const AgencyCounts whole = rows.counted_in_hour(hour);
        if (whole.empty()) {
            continue;
        }
        const UnixMillis begins = hour * hour_millis; // excluded, as counted_hour counts
        const UnixMillis edge = now - k * week_millis;
        if (edge == begins) {
            for (const auto& [agency, accesses] : whole) {
                add(agency, k - 1, accesses);
            }
            continue;
        }
        // (begins, edge] is in period k, (edge, begins + 1 hour] in period k - 1. After the
        // newest edge, `now`, lies only what was reported ahead of the clock (rarely more than
        // nothing), before it all of the current hour's writes.
        const bool older_smaller = k > 0 && edge - begins <= begins + hour_millis - edge;
        const AgencyCounts part = older_smaller ? rows.logged_between(begins, edge)
                                                : rows.logged_between(edge, begins + hour_millis);
        const int part_period = older_smaller ? k : k - 1;
        const int rest_period = older_smaller ? k - 1 : k;
        for (const auto& [agency, accesses] : whole) {
            const auto in_part = part.find(agency);
            const std::int64_t part_accesses = in_part == part.end() ? 0 : in_part->second;
            add(agency, part_period, part_accesses);
            add(agency, rest_period, accesses - part_accesses);
        }
    }
    std::vector<AgencyWeekCount> counts;
    counts.reserve(sums.size());
    for (const auto& [key, accesses] : sums) {
        counts.push_back({key.first, key.second, accesses});
    }
    return counts;
}

} // namespace einblick::server
