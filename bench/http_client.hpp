#pragma once
// A minimal HTTP/1.1 client over plain loopback sockets for einblick_http_bench: keep-alive
// connections, one request at a time per connection, driven by one thread with poll() so the
// client costs as little CPU as possible on a shared two-core machine.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace einblick::bench {

using Steady = std::chrono::steady_clock;

struct LoadResult {
    std::vector<double> latencies_us;
    double seconds = 0;
    int failures = 0;   // answers that were not 2xx, or connections lost
    int reconnects = 0; // the server ended keep-alive ("Connection: close")
    double rate() const { return static_cast<double>(latencies_us.size()) / seconds; }
};

// A connected, blocking TCP socket to 127.0.0.1:port from `source` (any 127.x.y.z address:
// distinct sources look like distinct clients to the server's per-address limit).
class Connection {
public:
    Connection(int port, const std::string& source = "127.0.0.1");
    ~Connection();
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    int fd() const { return fd_; }
    bool ok() const { return fd_ >= 0; }
    // False when the peer closed or reset the connection.
    bool send_all(const std::string& bytes);
    // Blocks until one complete response (Content-Length framing) has arrived; "" when the
    // peer closed first.
    std::string read_response();
    // Reads what is there without blocking; false once the peer has closed.
    bool poll_input(std::string& into);
    void close();
    // A new connection from the same source (after the server ended keep-alive).
    void reopen();

private:
    void open();

    int port_ = -1;
    std::string source_;
    int fd_ = -1;
    std::string buffer_;

    friend LoadResult run_closed_loop(std::vector<Connection>&, int,
                                      const std::function<std::string(std::size_t, int)>&);
};

// The length of the first complete response in `bytes`, or 0 if it is not complete yet.
std::size_t complete_response_length(const std::string& bytes);
int status_of(const std::string& response);
std::string header_value(const std::string& response, const std::string& name);

// Sends `total` requests over the connections, each connection one at a time (a closed
// loop: the next request leaves when the previous answer has arrived). `request(connection, i)` is
// the i-th request's bytes on connection `connection`.
LoadResult run_closed_loop(std::vector<Connection>& connections, int total,
                           const std::function<std::string(std::size_t, int)>& request);

struct Percentiles {
    double p50_us = 0;
    double p99_us = 0;
};
Percentiles percentiles(std::vector<double> micros);

} // namespace einblick::bench
