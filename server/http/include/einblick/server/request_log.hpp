#pragma once
// The request log: one JSON object per line (README.md, "Request log"), and the request id that
// ties a line to the answer's X-Request-Id header. Lines hold no personal data: the route
// template instead of the path, no query string, no citizen identifier or pseudonym.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace einblick::server {

// Ids unique within a run (a counter) and across runs (a random prefix from libsodium): a
// support case can quote one without it saying anything about the request.
class RequestIds {
public:
    RequestIds();
    std::string next();

private:
    std::string prefix_;
    std::atomic<std::uint64_t> counter_{0};
};

struct RequestLogEntry {
    std::chrono::system_clock::time_point time;
    std::string request_id;
    std::string method;               // "-" when the request line could not be read
    std::optional<std::string> route; // the registered template; none for unknown routes
    int status = 0;
    std::optional<double> duration_ms; // none for the edge's own refusals
    std::size_t bytes_in = 0;          // request body, after de-chunking
    std::size_t bytes_out = 0;         // the answer as sent: status line, headers, body
    std::string client;                // as client_address decides (--trusted-proxy)
};

// The line for `entry`, ending in '\n'. Control characters are escaped and invalid UTF-8 is
// replaced, so no value can end the line early or corrupt it.
std::string request_log_line(const RequestLogEntry& entry);

// Writes whole lines to a file descriptor (stderr by default): each with one write(2) under a
// lock, so lines from different threads never interleave.
class RequestLog {
public:
    explicit RequestLog(int fd = 2) : fd_(fd) {}
    void write(const std::string& line);

private:
    int fd_;
    std::mutex mutex_;
};

// What the handlers of one request found out, for the log line and metrics. The worker running
// the request makes it current for that time (CurrentRequest); httplib's handlers reach it
// through current_request(), as httplib has no place for it in its Request.
struct RequestContext {
    std::string id;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::optional<std::string> route;
    std::string method;
    std::string client;
    int status = 0;
    std::size_t bytes_in = 0;
};

// The context of the request this thread runs, or nullptr.
RequestContext* current_request();

class CurrentRequest {
public:
    explicit CurrentRequest(RequestContext& context);
    ~CurrentRequest();
    CurrentRequest(const CurrentRequest&) = delete;
    CurrentRequest& operator=(const CurrentRequest&) = delete;

private:
    RequestContext* previous_;
};

} // namespace einblick::server
