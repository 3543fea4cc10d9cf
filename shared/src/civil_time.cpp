#include "einblick/shared/civil_time.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace einblick {
namespace {

constexpr std::int64_t millis_per_second = 1000;
constexpr std::int64_t millis_per_day = 86'400'000;

// Floor division, so that instants before 1970 map to the right day.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

struct Date {
    int year;
    int month;
    int day;
};

// Inverse of days_from_civil (H. Hinnant's well-known civil calendar algorithm).
Date civil_from_days(std::int64_t days) {
    days += 719468;
    const std::int64_t era = floor_div(days, 146097);
    const auto day_of_era = static_cast<unsigned>(days - era * 146097);
    const unsigned year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const unsigned day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned mp = (5 * day_of_year + 2) / 153;
    const auto day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
    const auto month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const auto year =
        static_cast<int>(static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2));
    return {year, month, day};
}

// 0 = Sunday … 6 = Saturday.
int weekday_from_days(std::int64_t days) {
    return static_cast<int>(((days % 7) + 11) % 7);
}

std::int64_t last_sunday_of_month(int year, int month) {
    const std::int64_t last = days_from_civil(year, month, days_in_month(year, month));
    return last - weekday_from_days(last);
}

bool parse_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) {
        return false;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

} // namespace

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> lengths{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year)) {
        return 29;
    }
    return lengths.at(static_cast<std::size_t>(month - 1));
}

std::int64_t days_from_civil(int year, int month, int day) {
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = floor_div(y, 400);
    const auto year_of_era = static_cast<unsigned>(y - era * 400);
    const auto m = static_cast<unsigned>(month);
    const unsigned day_of_year =
        (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(day) - 1;
    const unsigned day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

CivilDateTime civil_from_unix_millis(UnixMillis instant) {
    const std::int64_t days = floor_div(instant, millis_per_day);
    const std::int64_t in_day = instant - days * millis_per_day;
    const Date date = civil_from_days(days);
    CivilDateTime out;
    out.year = date.year;
    out.month = date.month;
    out.day = date.day;
    out.hour = static_cast<int>(in_day / 3'600'000);
    out.minute = static_cast<int>(in_day / 60'000 % 60);
    out.second = static_cast<int>(in_day / millis_per_second % 60);
    out.millisecond = static_cast<int>(in_day % millis_per_second);
    return out;
}

UnixMillis unix_millis_from_civil(const CivilDateTime& utc) {
    return days_from_civil(utc.year, utc.month, utc.day) * millis_per_day +
           ((static_cast<std::int64_t>(utc.hour) * 60 + utc.minute) * 60 + utc.second) *
               millis_per_second +
           utc.millisecond;
}

std::optional<UnixMillis> parse_rfc3339(std::string_view text) {
    CivilDateTime t;
    if (!parse_digits(text, 0, 4, t.year) || text.size() < 20 || text[4] != '-' ||
        !parse_digits(text, 5, 2, t.month) || text[7] != '-' || !parse_digits(text, 8, 2, t.day) ||
        (text[10] != 'T' && text[10] != 't') || !parse_digits(text, 11, 2, t.hour) ||
        text[13] != ':' || !parse_digits(text, 14, 2, t.minute) || text[16] != ':' ||
        !parse_digits(text, 17, 2, t.second)) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int digits = 0;
        int millis = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (digits < 3) {
                millis = millis * 10 + (text[pos] - '0');
            }
            ++digits;
            ++pos;
        }
        if (digits == 0) {
            return std::nullopt;
        }
        for (int d = digits; d < 3; ++d) {
            millis *= 10;
        }
        t.millisecond = millis;
    }
    int offset_minutes = 0;
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos] == '+' ? 1 : -1;
        int oh = 0;
        int om = 0;
        if (!parse_digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
            !parse_digits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
            return std::nullopt;
        }
        offset_minutes = sign * (oh * 60 + om);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size() || t.month < 1 || t.month > 12 || t.day < 1 ||
        t.day > days_in_month(t.year, t.month) || t.hour > 23 || t.minute > 59 || t.second > 59) {
        return std::nullopt;
    }
    return unix_millis_from_civil(t) - static_cast<std::int64_t>(offset_minutes) * 60'000;
}

std::string format_rfc3339_utc(UnixMillis instant) {
    const CivilDateTime t = civil_from_unix_millis(instant);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", t.year, t.month,
                  t.day, t.hour, t.minute, t.second, t.millisecond);
    return buffer;
}

int berlin_utc_offset_minutes(UnixMillis instant) {
    // EU rule: summer time from 01:00 UTC on the last Sunday of March
    // to 01:00 UTC on the last Sunday of October.
    const int year = civil_from_unix_millis(instant).year;
    const std::int64_t one_hour = 3'600'000;
    const UnixMillis summer_start = last_sunday_of_month(year, 3) * millis_per_day + one_hour;
    const UnixMillis summer_end = last_sunday_of_month(year, 10) * millis_per_day + one_hour;
    return (instant >= summer_start && instant < summer_end) ? 120 : 60;
}

CivilDateTime to_berlin_time(UnixMillis instant) {
    return civil_from_unix_millis(
        instant + static_cast<std::int64_t>(berlin_utc_offset_minutes(instant)) * 60'000);
}

UnixMillis from_berlin_time(const CivilDateTime& local) {
    const UnixMillis as_if_utc = unix_millis_from_civil(local);
    // Try summer time first: correct if the instant it yields is indeed in summer time.
    const UnixMillis summer = as_if_utc - 120 * 60'000;
    return berlin_utc_offset_minutes(summer) == 120 ? summer : as_if_utc - 60 * 60'000;
}

UnixMillis deadline_after_months(UnixMillis instant, int months) {
    const CivilDateTime start = to_berlin_time(instant);
    const int month_index = start.month - 1 + months;
    CivilDateTime end_day;
    end_day.year = start.year + month_index / 12;
    end_day.month = month_index % 12 + 1;
    end_day.day = std::min(start.day, days_in_month(end_day.year, end_day.month));
    // Midnight at the start of the following day, minus one millisecond.
    const UnixMillis next_midnight =
        from_berlin_time(civil_from_unix_millis(unix_millis_from_civil(end_day) + millis_per_day));
    return next_midnight - 1;
}

std::string format_german_date_time(UnixMillis instant) {
    const CivilDateTime t = to_berlin_time(instant);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%02d.%02d.%04d, %02d:%02d", t.day, t.month, t.year,
                  t.hour, t.minute);
    return buffer;
}

std::string format_german_date(UnixMillis instant) {
    const CivilDateTime t = to_berlin_time(instant);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02d.%02d.%04d", t.day, t.month, t.year);
    return buffer;
}

} // namespace einblick
