#pragma once
// JSON shapes of the statistics: a citizen's accesses per month, and for DPOs each agency's
// access volume this week against its usual weekly level.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace einblick::api {

struct MonthlyCount {
    std::string month; // "2026-11" (Europe/Berlin)
    std::int64_t accesses = 0;
    std::int64_t checks_denied = 0;
};

struct MonthlyStatistics {
    std::vector<MonthlyCount> months; // oldest first, the current month last
};

struct AgencyVolume {
    std::string agency_code;
    std::string agency_name;
    std::int64_t this_week = 0; // accesses in the last 7 days
    double usual_weekly = 0;    // median of the 12 seven-day periods before
    double ratio = 0;           // this_week / usual_weekly (this_week when usual is 0)
    bool unusual = false;
};

struct AgencyVolumeStatistics {
    std::vector<AgencyVolume> agencies; // most unusual first
};

void to_json(nlohmann::json& j, const MonthlyCount& value);
void to_json(nlohmann::json& j, const MonthlyStatistics& value);
void to_json(nlohmann::json& j, const AgencyVolume& value);
void to_json(nlohmann::json& j, const AgencyVolumeStatistics& value);

bool read(const nlohmann::json& j, MonthlyCount& value);
bool read(const nlohmann::json& j, MonthlyStatistics& value);
bool read(const nlohmann::json& j, AgencyVolume& value);
bool read(const nlohmann::json& j, AgencyVolumeStatistics& value);

} // namespace einblick::api
