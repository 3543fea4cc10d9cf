#pragma once
// Figures for people: a citizen's accesses per month (Europe/Berlin months), and, for DPOs,
// which agencies access noticeably more this week than they usually do.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/actor.hpp"
#include "einblick/server/clock.hpp"
#include "einblick/server/identity_repository.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/api_statistics.hpp"

namespace einblick::server {

class StatisticsService {
public:
    static constexpr int months_shown = api::limits::monthly_statistics_months;
    static constexpr int baseline_weeks = 12;
    // Unusual: at least twice the usual weekly level and at least this many accesses.
    static constexpr double unusual_factor = 2.0;
    static constexpr std::int64_t unusual_minimum = 10;

    StatisticsService(AccessLogRepository& log, AgencyRepository& agencies, const Clock& clock)
        : log_(log), agencies_(agencies), clock_(clock) {}

    api::MonthlyStatistics monthly_for_citizen(const std::string& citizen_pseudonym);
    // Throws Forbidden for anyone but a DPO; a scoped DPO sees only their agency.
    api::AgencyVolumeStatistics agency_volume(const Actor& dpo);

private:
    AccessLogRepository& log_;
    AgencyRepository& agencies_;
    const Clock& clock_;
};

} // namespace einblick::server
