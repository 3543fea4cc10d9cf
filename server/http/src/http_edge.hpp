#pragma once
// The server's network edge: its own listening socket and one epoll event loop that accepts,
// reads each request completely (head within a deadline, body by its framing within the body
// limit), hands complete requests to a bounded worker pool and writes the answers, so that no
// client can hold a worker by being slow. See docs/ARCHITECTURE.md, "The HTTP edge".

#include "einblick/server/api_server.hpp"
#include "einblick/server/thread_setup.hpp"
#include "request_runner.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace einblick::server {

// An answer the edge gives by itself, before a request reaches httplib.
struct EdgeRefusal {
    int status = 0;
    std::string method; // empty when the head could not be read
    std::string target;
    std::string accept_language;
    std::string peer_ip; // the connection's, for the request log
    std::optional<int> retry_after_seconds;
};

struct EdgeHooks {
    // Runs one complete request, on a worker thread.
    std::function<EdgeResponse(const EdgeRequest&)> run;
    // How the worker is to be scheduled for a request (its method and target), on the loop
    // thread before the request is handed over.
    std::function<RequestKind(std::string_view method, std::string_view target)> kind_of;
    // The complete answer (status line, headers, body) for a refusal, on the loop thread. The
    // edge closes the connection after it.
    std::function<std::string(const EdgeRefusal&)> render_refusal;
};

class HttpEdge {
public:
    HttpEdge(EdgeOptions options, std::size_t max_body_bytes, EdgeHooks hooks);
    ~HttpEdge();
    HttpEdge(const HttpEdge&) = delete;
    HttpEdge& operator=(const HttpEdge&) = delete;

    int bind(const std::string& address, int port);
    const std::string& bind_error() const;
    bool serve();
    void stop();
    bool is_running() const;
    EdgeStatistics statistics() const;

private:
    class Loop;
    std::unique_ptr<Loop> loop_;
};

} // namespace einblick::server
