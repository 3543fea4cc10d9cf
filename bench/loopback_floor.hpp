#pragma once
// A floor for the HTTP edge: the same round trips over loopback, answered by one thread that
// returns fixed bytes as soon as a request's head has arrived. No parsing, routing, workers or
// hand-overs between threads: what the kernel's loopback and this machine's scheduler cost.

#include "http_client.hpp"

#include <string>

namespace einblick::bench {

// `requests` GET requests in a closed loop over `connections` keep-alive connections, each
// answered with `answer` (a complete HTTP response, e.g. the server's own to the same request)
// by a responder thread in this process.
Percentiles measure_loopback_floor(const std::string& answer, int connections, int requests);

} // namespace einblick::bench
