#pragma once
// What a stretch of work cost a process: CPU time (user and system, all threads) and the bytes
// it handed to write(2)/pwrite(2) (/proc/<pid>/io wchar: SQLite's WAL frames and database
// pages, before the kernel's caching). Divided by the events of the stretch, these show how
// much work each event is, next to the raw floor's rows, whatever the machine's speed.

#include <cstdint>
#include <sys/types.h>

namespace einblick::bench {

struct ProcessCost {
    double cpu_us = 0;
    std::uint64_t written_bytes = 0;
};

// The process's totals so far, from /proc/<pid>/stat and /proc/<pid>/io.
ProcessCost process_cost(pid_t pid);

// Per item, between two samples of the same process.
struct CostPerItem {
    double cpu_us = 0;
    double written_bytes = 0;
};
CostPerItem cost_per_item(const ProcessCost& before, const ProcessCost& after, double items);

// The whole machine's CPU time so far, all cores, from the first line of /proc/stat: busy (user,
// nice, system, interrupts, steal) and in all (busy, idle and I/O wait), in clock ticks.
struct MachineCpu {
    double busy_ticks = 0;
    double all_ticks = 0;
};
MachineCpu machine_cpu();

// How busy the machine's cores were between two samples, 0 to 1: whether a path was limited by
// the CPU (every process on the machine, the bench's own client too) or by waiting.
double machine_busy(const MachineCpu& before, const MachineCpu& after);

} // namespace einblick::bench
