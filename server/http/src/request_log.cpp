#include "einblick/server/request_log.hpp"

#include "einblick/server/crypto.hpp"
#include "einblick/shared/civil_time.hpp"

#include <cerrno>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace einblick::server {
namespace {

thread_local RequestContext* current = nullptr;

UnixMillis unix_millis(std::chrono::system_clock::time_point time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

} // namespace

RequestIds::RequestIds() : prefix_(to_hex(random_bytes(6))) {}

std::string RequestIds::next() {
    return prefix_ + '-' + std::to_string(counter_.fetch_add(1, std::memory_order_relaxed) + 1);
}

std::string request_log_line(const RequestLogEntry& entry) {
    nlohmann::json line = {
        {"time", format_rfc3339_utc(unix_millis(entry.time))},
        {"request_id", entry.request_id},
        {"method", entry.method},
        {"route", entry.route ? nlohmann::json(*entry.route) : nlohmann::json(nullptr)},
        {"status", entry.status},
        {"duration_ms", entry.duration_ms ? nlohmann::json(*entry.duration_ms) : nullptr},
        {"bytes_in", entry.bytes_in},
        {"bytes_out", entry.bytes_out},
        {"client", entry.client},
    };
    // dump() escapes every control character (\r, \n, NUL, ESC); `replace` keeps a line for
    // bytes that are not UTF-8 instead of throwing.
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

void RequestLog::write(const std::string& line) {
    const std::lock_guard lock(mutex_);
    std::size_t written = 0;
    // One write for the whole line; the loop only finishes a short write (a full pipe).
    while (written < line.size()) {
        const ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return; // a log that cannot be written must not stop the request
        }
        written += static_cast<std::size_t>(n);
    }
}

RequestContext* current_request() {
    return current;
}

CurrentRequest::CurrentRequest(RequestContext& context) : previous_(current) {
    current = &context;
}

CurrentRequest::~CurrentRequest() {
    current = previous_;
}

} // namespace einblick::server
