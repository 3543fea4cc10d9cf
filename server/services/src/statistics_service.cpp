#include "einblick/server/statistics_service.hpp"

#include "einblick/server/service_error.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace einblick::server {
namespace {

std::string month_key(int year, int month) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
    return buffer;
}

double median(std::vector<std::int64_t> values) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 == 1
               ? static_cast<double>(values[mid])
               : (static_cast<double>(values[mid - 1]) + static_cast<double>(values[mid])) / 2;
}

} // namespace

api::MonthlyStatistics StatisticsService::monthly_for_citizen(const std::string& pseudonym) {
    const CivilDateTime today = to_berlin_time(clock_.now());
    // The first day of the oldest month shown, at Berlin midnight.
    int year = today.year;
    int month = today.month - (months_shown - 1);
    while (month < 1) {
        month += 12;
        --year;
    }
    api::MonthlyStatistics out;
    std::map<std::string, std::size_t> index;
    for (int i = 0; i < months_shown; ++i) {
        const int m = (month - 1 + i) % 12 + 1;
        const int y = year + (month - 1 + i) / 12;
        index[month_key(y, m)] = out.months.size();
        out.months.push_back({month_key(y, m), 0, 0});
    }
    const UnixMillis from = from_berlin_time({year, month, 1, 0, 0, 0, 0});
    for (const LogFact& fact : log_.facts_for_citizen(pseudonym, from)) {
        const CivilDateTime local = to_berlin_time(fact.occurred_at);
        const auto it = index.find(month_key(local.year, local.month));
        if (it == index.end()) {
            continue;
        }
        api::MonthlyCount& count = out.months[it->second];
        if (fact.kind == AccessKind::Access) {
            ++count.accesses;
        } else if (fact.outcome == AccessOutcome::Denied) {
            ++count.checks_denied;
        }
    }
    return out;
}

api::AgencyVolumeStatistics StatisticsService::agency_volume(const Actor& dpo) {
    if (dpo.role != ActorRole::Dpo) {
        throw ServiceError(ErrorKind::Forbidden, "Keine Berechtigung",
                           "Diese Auswertung steht nur Datenschutzbeauftragten zur Verfügung.");
    }
    std::map<RowId, std::vector<std::int64_t>> weeks; // per agency: index 0 = this week
    for (const AgencyWeekCount& c : log_.weekly_access_counts(clock_.now(), baseline_weeks + 1)) {
        auto& series = weeks[c.agency_id];
        series.resize(baseline_weeks + 1, 0);
        series[static_cast<std::size_t>(c.weeks_ago)] = c.accesses;
    }
    api::AgencyVolumeStatistics out;
    for (const AgencyRecord& agency : agencies_.list()) {
        if (!dpo.is_dpo_for(agency.id)) {
            continue;
        }
        std::vector<std::int64_t> series = weeks[agency.id];
        series.resize(baseline_weeks + 1, 0);
        api::AgencyVolume volume;
        volume.agency_code = agency.code;
        volume.agency_name = agency.name;
        volume.this_week = series[0];
        volume.usual_weekly = median({series.begin() + 1, series.end()});
        volume.ratio = volume.usual_weekly > 0
                           ? static_cast<double>(volume.this_week) / volume.usual_weekly
                           : static_cast<double>(volume.this_week);
        volume.unusual =
            volume.this_week >= unusual_minimum &&
            static_cast<double>(volume.this_week) >= unusual_factor * volume.usual_weekly;
        out.agencies.push_back(volume);
    }
    std::stable_sort(out.agencies.begin(), out.agencies.end(), [](const auto& a, const auto& b) {
        return a.unusual != b.unusual ? a.unusual : a.ratio > b.ratio;
    });
    return out;
}

} // namespace einblick::server
