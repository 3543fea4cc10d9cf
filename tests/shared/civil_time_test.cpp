#include "einblick/shared/civil_time.hpp"

#include <doctest/doctest.h>

using namespace einblick;

TEST_CASE("days_from_civil and back agree over leap years and centuries") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(2000, 3, 1) == 11017);
    CHECK(days_from_civil(1969, 12, 31) == -1);
    for (int year : {1900, 1999, 2000, 2024, 2026, 2100}) {
        for (int month = 1; month <= 12; ++month) {
            const int last = days_in_month(year, month);
            const UnixMillis instant = days_from_civil(year, month, last) * 86'400'000;
            const CivilDateTime back = civil_from_unix_millis(instant);
            CHECK(back.year == year);
            CHECK(back.month == month);
            CHECK(back.day == last);
        }
    }
}

TEST_CASE("leap years follow the Gregorian rule") {
    CHECK(is_leap_year(2024));
    CHECK_FALSE(is_leap_year(2026));
    CHECK_FALSE(is_leap_year(1900));
    CHECK(is_leap_year(2000));
    CHECK(days_in_month(2024, 2) == 29);
    CHECK(days_in_month(2025, 2) == 28);
}

TEST_CASE("RFC 3339 parsing accepts UTC, fractions and offsets") {
    CHECK(parse_rfc3339("1970-01-01T00:00:00Z") == 0);
    CHECK(parse_rfc3339("2026-11-28T12:00:00Z") == 1'795'867'200'000);
    CHECK(parse_rfc3339("2026-11-28T12:00:00.5Z") == 1'795'867'200'500);
    CHECK(parse_rfc3339("2026-11-28T13:00:00+01:00") == 1'795'867'200'000);
    CHECK(parse_rfc3339("2026-11-28T11:30:00-00:30") == 1'795'867'200'000);
    CHECK(parse_rfc3339("2024-02-29T00:00:00Z").has_value());
}

TEST_CASE("RFC 3339 parsing rejects what is not a valid instant") {
    for (const char* bad :
         {"", "2026-11-28", "2026-11-28T12:00:00", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
          "2026-11-28T24:00:00Z", "2026-11-28T12:00:00.Z", "2026-11-28T12:00:00Zjunk",
          "2026-11-28 12:00:00Z", "abcd-11-28T12:00:00Z", "2026-11-28T12:00:00+0100"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_rfc3339(bad).has_value());
    }
}

TEST_CASE("formatting as RFC 3339 UTC round-trips") {
    CHECK(format_rfc3339_utc(0) == "1970-01-01T00:00:00.000Z");
    CHECK(format_rfc3339_utc(1'795'867'200'123) == "2026-11-28T12:00:00.123Z");
    CHECK(parse_rfc3339(format_rfc3339_utc(1'234'567'890'123)) == 1'234'567'890'123);
}

TEST_CASE("Europe/Berlin switches between CET and CEST at 01:00 UTC on the last Sundays") {
    // 2026: summer time from 29 March to 25 October.
    const UnixMillis spring = *parse_rfc3339("2026-03-29T01:00:00Z");
    const UnixMillis autumn = *parse_rfc3339("2026-10-25T01:00:00Z");
    CHECK(berlin_utc_offset_minutes(spring - 1) == 60);
    CHECK(berlin_utc_offset_minutes(spring) == 120);
    CHECK(berlin_utc_offset_minutes(autumn - 1) == 120);
    CHECK(berlin_utc_offset_minutes(autumn) == 60);
    CHECK(berlin_utc_offset_minutes(*parse_rfc3339("2026-07-01T12:00:00Z")) == 120);
    CHECK(berlin_utc_offset_minutes(*parse_rfc3339("2026-01-15T12:00:00Z")) == 60);
}

TEST_CASE("German date format shows local Berlin time") {
    CHECK(format_german_date_time(*parse_rfc3339("2026-11-28T18:07:00Z")) == "28.11.2026, 19:07");
    CHECK(format_german_date_time(*parse_rfc3339("2026-07-01T22:30:00Z")) == "02.07.2026, 00:30");
    CHECK(format_german_date_time(*parse_rfc3339("2026-12-31T23:15:00Z")) == "01.01.2027, 00:15");
    CHECK(format_german_date(*parse_rfc3339("2026-03-29T00:59:59Z")) == "29.03.2026");
}

TEST_CASE("Berlin wall-clock times convert back to UTC in winter and summer") {
    CHECK(from_berlin_time({2026, 1, 15, 12, 0, 0, 0}) == *parse_rfc3339("2026-01-15T11:00:00Z"));
    CHECK(from_berlin_time({2026, 7, 15, 12, 0, 0, 0}) == *parse_rfc3339("2026-07-15T10:00:00Z"));
    CHECK(from_berlin_time({2026, 3, 29, 0, 0, 0, 0}) == *parse_rfc3339("2026-03-28T23:00:00Z"));
    CHECK(from_berlin_time({2026, 10, 26, 0, 0, 0, 0}) == *parse_rfc3339("2026-10-25T23:00:00Z"));
}

TEST_CASE("deadlines run one calendar month to the end of the matching day (§ 188 BGB)") {
    auto deadline = [](const char* received, int months) {
        return format_rfc3339_utc(deadline_after_months(*parse_rfc3339(received), months));
    };
    // 15 March (CET) -> 15 April 24:00 CEST = 21:59:59.999 UTC.
    CHECK(deadline("2026-03-15T10:00:00Z", 1) == "2026-04-15T21:59:59.999Z");
    // 31 January -> 28 February; in a leap year 29 February.
    CHECK(deadline("2026-01-31T10:00:00Z", 1) == "2026-02-28T22:59:59.999Z");
    CHECK(deadline("2028-01-31T10:00:00Z", 1) == "2028-02-29T22:59:59.999Z");
    // 30 April -> 30 May (not 31): the matching day exists.
    CHECK(deadline("2026-04-30T08:00:00Z", 1) == "2026-05-30T21:59:59.999Z");
    // Late evening in Berlin is already the next day: 31 Oct 23:30 CET is received on 1 Nov.
    CHECK(deadline("2026-10-31T23:30:00Z", 1) == "2026-12-01T22:59:59.999Z");
    // December -> January of the next year; an extension by two more months.
    CHECK(deadline("2026-12-31T09:00:00Z", 1) == "2027-01-31T22:59:59.999Z");
    CHECK(deadline("2026-12-31T09:00:00Z", 3) == "2027-03-31T21:59:59.999Z");
    CHECK(deadline("2026-11-30T09:00:00Z", 3) == "2027-02-28T22:59:59.999Z");
}
