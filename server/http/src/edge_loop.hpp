#pragma once
// The event loop behind HttpEdge. One thread (the one in serve()) owns every connection and
// every socket; workers only run complete requests and post their answers back through a
// queue and an eventfd. edge_loop.cpp: listener, accept, timers, completions, shutdown;
// edge_connection.cpp: one connection's reading, framing, dispatch, writing and refusals.

#include "einblick/server/http_wire.hpp"
#include "einblick/server/worker_pool.hpp"
#include "http_edge.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace einblick::server {

using EdgeClock = std::chrono::steady_clock;

namespace edge {

enum class Phase {
    Idle,       // no byte of the next request yet (keep-alive timeout)
    Head,       // reading the request head (head deadline, from its first byte)
    Body,       // reading the body (body deadline, from the end of the head)
    Processing, // a worker has the request (no deadline: it cannot be interrupted)
    Writing,    // writing the answer (write timeout without progress)
    Lingering,  // after a refusal: write side shut, reading and dropping until EOF or deadline
};

struct Connection {
    std::uint64_t id = 0;
    int fd = -1;
    PeerAddress peer;
    Phase phase = Phase::Idle;
    EdgeClock::time_point deadline = EdgeClock::time_point::max();
    wire::HeadReader head;
    wire::RequestHead request; // the parsed head of the request being read or run
    wire::BodyReader body_reader;
    std::string body;
    std::string pending; // bytes of the next request that arrived with this one
    std::string out;     // the answer being written
    std::size_t out_offset = 0;
    std::size_t in_flight_bytes = 0; // the request a worker has
    std::size_t charged = 0;         // this connection's share of the buffer budget
    int requests = 0;                // answered on this connection
    bool close_after_write = false;
    bool linger_after_write = false;

    explicit Connection(const wire::HeadLimits& limits) : head(limits) {}
};

// An answer a worker has finished.
struct Completion {
    std::uint64_t connection = 0;
    EdgeResponse response;
};

} // namespace edge

class HttpEdge::Loop {
public:
    Loop(EdgeOptions options, std::size_t max_body_bytes, EdgeHooks hooks);
    ~Loop();

    int bind(const std::string& address, int port);
    bool serve();
    void stop();

    std::string bind_error;
    std::atomic<bool> running{false};
    EdgeStatistics statistics() const;

private:
    using Connection = edge::Connection;

    // edge_loop.cpp
    void run_loop();
    void accept_connections();
    void refuse_connection(int fd, const std::string& ip, std::atomic<std::uint64_t>& reason);
    void take_completions();
    void expire_timers();
    void begin_drain();
    int wait_timeout_ms() const;
    void set_deadline(Connection& c, EdgeClock::time_point deadline);
    void close_connection(Connection& c);
    Connection* find(std::uint64_t id);
    void post(edge::Completion completion);
    bool try_charge(Connection& c, std::size_t bytes);
    void charge(Connection& c, std::size_t bytes);
    void release(Connection& c, std::size_t bytes);

    // edge_connection.cpp
    void on_event(Connection& c, std::uint32_t events);
    void read_request(Connection& c);
    bool consume(Connection& c, std::string_view data);
    bool head_complete(Connection& c, std::string_view rest);
    void dispatch(Connection& c, std::string_view rest);
    void finish(Connection& c, EdgeResponse response);
    void write_out(Connection& c);
    void after_write(Connection& c);
    void refuse(Connection& c, int status);
    void linger(Connection& c);
    void on_timeout(Connection& c);
    void drop_request_buffers(Connection& c);

    EdgeOptions options_;
    std::size_t max_body_bytes_;
    EdgeHooks hooks_;
    wire::HeadLimits head_limits_;

    int listen_fd_ = -1;
    int epoll_fd_ = -1;
    int wake_fd_ = -1; // eventfd: completions posted or stop() called
    std::atomic<bool> stop_requested_{false};
    bool draining_ = false;
    EdgeClock::time_point grace_deadline_ = EdgeClock::time_point::max();
    EdgeClock::time_point listener_paused_until_ = EdgeClock::time_point::min();
    bool listener_paused_ = false;

    std::uint64_t next_id_ = 1;
    std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> connections_;
    std::unordered_map<std::string, int> per_address_;
    std::set<std::pair<EdgeClock::time_point, std::uint64_t>> timers_;
    std::vector<std::uint64_t> read_again_; // stopped reading at the per-event cap
    std::unique_ptr<WorkerPool> workers_;

    std::mutex completions_mutex_;
    std::vector<edge::Completion> completions_;

    std::atomic<std::uint64_t> open_{0};
    std::atomic<std::uint64_t> accepted_{0};
    std::atomic<std::uint64_t> refused_capacity_{0};
    std::atomic<std::uint64_t> refused_address_{0};
    std::atomic<std::uint64_t> refused_descriptors_{0};
    std::atomic<std::uint64_t> requests_{0};
    std::atomic<std::uint64_t> refused_requests_{0};
    std::atomic<std::uint64_t> buffered_{0};
    std::atomic<std::uint64_t> peak_buffered_{0};
};

} // namespace einblick::server
