#pragma once
// A plain TCP connection to 127.0.0.1, for requests sent in parts, slowly or not at all, which
// httplib's client cannot do, and helpers to wait on conditions with a deadline.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace einblick::testing {

class RawConnection {
public:
    explicit RawConnection(int port); // connects (REQUIRE)
    // Connects with a receive buffer of about `receive_buffer_bytes`, set before connecting so
    // that the window the server sees stays that small: a client that reads slowly.
    RawConnection(int port, int receive_buffer_bytes);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    int fd() const { return fd_; }
    int local_port() const;

    // Sends all bytes (REQUIRE).
    void send(std::string_view bytes);
    // Sends all bytes; false when the peer has closed or reset the connection.
    bool try_send(std::string_view bytes);
    // Reads until `needle` has arrived (or, with an empty needle, until the peer closes) or the
    // time is up; returns everything read.
    std::string read_until(const std::string& needle, std::chrono::milliseconds timeout);
    // One complete response (head and Content-Length body), or what came before the peer
    // closed or the time was up.
    std::string read_response(std::chrono::milliseconds timeout);
    // Sends `head`, then `piece` up to `repeat` times for as long as the peer reads and has
    // not answered, then reads the answer: a flood that stops once it is refused.
    std::string flood(std::string_view head, std::string_view piece, std::size_t repeat,
                      std::chrono::milliseconds timeout);
    // Whether the peer closes the connection within the time.
    bool closed_by_peer(std::chrono::milliseconds timeout);

private:
    int fd_;
    std::string unread_; // bytes after the last response returned
};

// Whether something listens on 127.0.0.1:port.
bool accepts_connections(int port);

// Polls `condition` until it holds or the time is up; returns whether it held.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

// "HTTP/1.1 200 OK" of a response, or "" if there is none.
std::string status_line(const std::string& response);
// The body after the blank line.
std::string body_of(const std::string& response);

} // namespace einblick::testing
