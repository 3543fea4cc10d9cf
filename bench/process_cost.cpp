#include "process_cost.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace einblick::bench {
namespace {

std::string proc_file(pid_t pid, const char* name) {
    return "/proc/" + std::to_string(pid) + "/" + name;
}

// utime and stime (fields 14 and 15 of /proc/<pid>/stat, in clock ticks), in microseconds.
double cpu_us(pid_t pid) {
    std::ifstream file(proc_file(pid, "stat"));
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    const auto name_end = text.rfind(')');
    if (name_end == std::string::npos) {
        throw std::runtime_error("cannot read " + proc_file(pid, "stat"));
    }
    std::istringstream fields(text.substr(name_end + 2));
    std::string field;
    for (int i = 3; i < 14; ++i) { // fields 3 (state) to 13
        fields >> field;
    }
    double user_ticks = 0;
    double system_ticks = 0;
    fields >> user_ticks >> system_ticks;
    if (!fields) {
        throw std::runtime_error("cannot read the CPU times in " + proc_file(pid, "stat"));
    }
    return (user_ticks + system_ticks) * 1e6 / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::uint64_t written_bytes(pid_t pid) {
    std::ifstream file(proc_file(pid, "io"));
    for (std::string key; file >> key;) {
        std::uint64_t value = 0;
        file >> value;
        if (key == "wchar:") {
            return value;
        }
    }
    throw std::runtime_error("cannot read wchar in " + proc_file(pid, "io"));
}

} // namespace

ProcessCost process_cost(pid_t pid) {
    return {cpu_us(pid), written_bytes(pid)};
}

MachineCpu machine_cpu() {
    std::ifstream file("/proc/stat");
    std::string label;
    file >> label;
    if (label != "cpu") {
        throw std::runtime_error("cannot read /proc/stat");
    }
    // user nice system idle iowait irq softirq steal (guest time is already in user and nice)
    double ticks[8] = {};
    for (double& t : ticks) {
        file >> t;
    }
    if (!file) {
        throw std::runtime_error("cannot read the CPU times in /proc/stat");
    }
    MachineCpu cpu;
    for (int i = 0; i < 8; ++i) {
        cpu.all_ticks += ticks[i];
        cpu.busy_ticks += (i == 3 || i == 4) ? 0 : ticks[i];
    }
    return cpu;
}

double machine_busy(const MachineCpu& before, const MachineCpu& after) {
    const double all = after.all_ticks - before.all_ticks;
    return all > 0 ? (after.busy_ticks - before.busy_ticks) / all : 0;
}

CostPerItem cost_per_item(const ProcessCost& before, const ProcessCost& after, double items) {
    if (items <= 0) {
        return {};
    }
    return {(after.cpu_us - before.cpu_us) / items,
            static_cast<double>(after.written_bytes - before.written_bytes) / items};
}

} // namespace einblick::bench
