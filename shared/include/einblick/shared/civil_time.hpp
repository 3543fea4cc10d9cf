#pragma once
// Time as the API and the UI need it: instants are UTC milliseconds since the epoch; the API
// writes them as RFC 3339 UTC strings; people see them in German format, Europe/Berlin.
//
// Neither libstdc++ 12 nor Emscripten's libc++ ships the C++20 time-zone database, so the
// Europe/Berlin rule (CET/CEST, EU summer time since 1996) is implemented here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace einblick {

using UnixMillis = std::int64_t;

struct CivilDateTime {
    int year = 1970;
    int month = 1; // 1..12
    int day = 1;   // 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
    int millisecond = 0;
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
std::int64_t days_from_civil(int year, int month, int day);
CivilDateTime civil_from_unix_millis(UnixMillis instant);
UnixMillis unix_millis_from_civil(const CivilDateTime& utc);

bool is_leap_year(int year);
int days_in_month(int year, int month);

// "2026-11-28T18:07:57Z" or with fraction and offset ("...57.123+01:00"). Nothing on failure.
std::optional<UnixMillis> parse_rfc3339(std::string_view text);
// Always UTC with millisecond precision: "2026-11-28T18:07:57.000Z".
std::string format_rfc3339_utc(UnixMillis instant);

// Offset of Europe/Berlin from UTC at this instant: 60 (CET) or 120 (CEST) minutes.
int berlin_utc_offset_minutes(UnixMillis instant);
CivilDateTime to_berlin_time(UnixMillis instant);

// The UTC instant of a wall-clock time in Europe/Berlin (for times that exist only once).
UnixMillis from_berlin_time(const CivilDateTime& local);

// The end of a period of `months` calendar months that starts with an event at `instant`
// (§§ 187 Abs. 1, 188 Abs. 2 and 3 BGB, as used for GDPR Art. 12(3) deadlines): the last
// millisecond of the day, in Europe/Berlin, whose number matches the day of the event,
// `months` months later; if that month is shorter, its last day.
// Received 15.03. -> 15.04., 24:00; received 31.01. -> 28.02. (29.02. in leap years), 24:00.
UnixMillis deadline_after_months(UnixMillis instant, int months);

// "28.11.2026, 19:07" (Europe/Berlin).
std::string format_german_date_time(UnixMillis instant);
// "28.11.2026" (Europe/Berlin).
std::string format_german_date(UnixMillis instant);

} // namespace einblick
