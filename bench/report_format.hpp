#pragma once
// Formatting shared by the benchmarks' Markdown output.

#include "http_client.hpp"

#include <string>

namespace einblick::bench {

// A figure with a unit: no decimals from 100 on (and for 0), else two.
std::string fmt(double v, const char* unit = "");
// "p50 1.23 ms, p99 4.56 ms".
std::string ms(const Percentiles& p);
// Kilobytes as mebibytes, "12.3 MiB"; "n/a" for a negative (unknown) figure.
std::string mib(long kb);

} // namespace einblick::bench
