#pragma once
// What hostile or careless clients cost the server: /health/live latency while hundreds of
// idle and dripping connections are held, and the server's peak memory under floods.

#include "http_client.hpp"
#include "server_child.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace einblick::bench {

struct HeldFigures {
    Percentiles probe;
    double probe_max_us = 0;
    int probes = 0;
    int probe_failures = 0;
    int reopened = 0;           // attacker connections the server ended (timeouts) and reopened
    int descriptors_at_end = 0; // the server's open descriptors while held
};

// `idle` connections that never send, `dripping` ones that send one header line per second
// each and never finish their head; both reopened whenever the server ends them. Meanwhile
// one keep-alive client asks /health/live back to back for `seconds`.
HeldFigures measure_held(ServerProcess& server, int idle, int dripping, double seconds);

struct FloodFigure {
    std::string what;
    long peak_above_idle_kb = 0;
    std::string answers; // statuses seen, e.g. "413 x32"
};

// Each flood on a fresh server process from `start`: one that has served earlier load keeps
// freed memory in its allocator, which a flood would reuse without raising the peak. The
// figure is the process's peak resident size (VmHWM) minus its size before the flood.
using ServerFactory = std::function<std::unique_ptr<ServerProcess>()>;
std::vector<FloodFigure> measure_floods(const ServerFactory& start);

} // namespace einblick::bench
