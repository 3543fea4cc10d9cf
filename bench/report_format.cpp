#include "report_format.hpp"

#include <cstdio>

namespace einblick::bench {

std::string fmt(double v, const char* unit) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, v >= 100 || v == 0 ? "%.0f%s" : "%.2f%s", v, unit);
    return buffer;
}

std::string ms(const Percentiles& p) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "p50 %.2f ms, p99 %.2f ms", p.p50_us / 1000,
                  p.p99_us / 1000);
    return buffer;
}

std::string mib(long kb) {
    if (kb < 0) {
        return "n/a";
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.1f MiB", static_cast<double>(kb) / 1024.0);
    return buffer;
}

} // namespace einblick::bench
