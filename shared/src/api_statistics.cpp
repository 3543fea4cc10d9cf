#include "einblick/shared/api_statistics.hpp"

#include "api_json_common.hpp"
#include "einblick/shared/json_reader.hpp"

#include <nlohmann/json.hpp>

namespace einblick::api {
namespace {

bool read_number(const nlohmann::json& j, const char* key, double& out) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number()) {
        return false;
    }
    out = it->get<double>();
    return true;
}

} // namespace

void to_json(nlohmann::json& j, const MonthlyCount& v) {
    j = {{"month", v.month}, {"accesses", v.accesses}, {"checks_denied", v.checks_denied}};
}

void to_json(nlohmann::json& j, const MonthlyStatistics& v) {
    j = {{"months", v.months}};
}

void to_json(nlohmann::json& j, const AgencyVolume& v) {
    j = {{"agency", detail::agency_json(v.agency_code, v.agency_name)},
         {"this_week", v.this_week},
         {"usual_weekly", v.usual_weekly},
         {"ratio", v.ratio},
         {"unusual", v.unusual}};
}

void to_json(nlohmann::json& j, const AgencyVolumeStatistics& v) {
    j = {{"agencies", v.agencies}};
}

bool read(const nlohmann::json& j, MonthlyCount& v) {
    JsonReader r(j);
    v.month = r.text("month");
    v.accesses = r.integer("accesses");
    v.checks_denied = r.integer("checks_denied");
    return r.ok();
}

bool read(const nlohmann::json& j, MonthlyStatistics& v) {
    JsonReader r(j);
    v.months = r.objects<MonthlyCount>("months");
    return r.ok();
}

bool read(const nlohmann::json& j, AgencyVolume& v) {
    JsonReader r(j);
    detail::read_agency(r, j, "agency", v.agency_code, v.agency_name);
    v.this_week = r.integer("this_week");
    v.unusual = r.boolean("unusual");
    const bool numbers = j.is_object() && read_number(j, "usual_weekly", v.usual_weekly) &&
                         read_number(j, "ratio", v.ratio);
    return numbers && r.ok();
}

bool read(const nlohmann::json& j, AgencyVolumeStatistics& v) {
    JsonReader r(j);
    v.agencies = r.objects<AgencyVolume>("agencies");
    return r.ok();
}

} // namespace einblick::api
