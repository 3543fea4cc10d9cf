#include "raw_connection.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstdint>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace einblick::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

bool connect_to(int fd, int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
}

int milliseconds_left(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::max<long long>(left, 0));
}

// The length of a complete response at the start of `data`, or 0 if it is not complete yet.
std::size_t complete_response(const std::string& data) {
    const auto end = data.find("\r\n\r\n");
    if (end == std::string::npos) {
        return 0;
    }
    std::string head = data.substr(0, end);
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::size_t length = 0;
    if (const auto at = head.find("\r\ncontent-length:"); at != std::string::npos) {
        length = std::stoul(head.substr(at + 17));
    }
    const std::size_t total = end + 4 + length;
    return data.size() >= total ? total : 0;
}

} // namespace

RawConnection::RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    REQUIRE(fd_ >= 0);
    REQUIRE(connect_to(fd_, port));
}

RawConnection::RawConnection(int port, int receive_buffer_bytes)
    : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    REQUIRE(fd_ >= 0);
    REQUIRE(::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes,
                         sizeof receive_buffer_bytes) == 0);
    REQUIRE(connect_to(fd_, port));
}

RawConnection::~RawConnection() {
    ::close(fd_);
}

int RawConnection::local_port() const {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.sin_port);
}

void RawConnection::send(std::string_view bytes) {
    REQUIRE(try_send(bytes));
}

bool RawConnection::try_send(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::string RawConnection::read_until(const std::string& needle, milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::string received;
    received.swap(unread_);
    while (needle.empty() || received.find(needle) == std::string::npos) {
        pollfd p{fd_, POLLIN, 0};
        const int left = milliseconds_left(deadline);
        if (left == 0 || ::poll(&p, 1, left) <= 0) {
            break;
        }
        char buffer[65536];
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) {
            break;
        }
        received.append(buffer, static_cast<std::size_t>(n));
    }
    return received;
}

std::string RawConnection::read_response(milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::string received;
    received.swap(unread_);
    while (complete_response(received) == 0) {
        pollfd p{fd_, POLLIN, 0};
        const int left = milliseconds_left(deadline);
        if (left == 0 || ::poll(&p, 1, left) <= 0) {
            return received;
        }
        char buffer[65536];
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) {
            return received;
        }
        received.append(buffer, static_cast<std::size_t>(n));
    }
    const std::size_t length = complete_response(received);
    unread_ = received.substr(length);
    received.resize(length);
    return received;
}

std::string RawConnection::flood(std::string_view head, std::string_view piece, std::size_t repeat,
                                 milliseconds timeout) {
    if (!try_send(head)) {
        return read_response(timeout);
    }
    const auto deadline = Clock::now() + timeout;
    std::size_t offset = 0;
    for (std::size_t sent = 0; sent < repeat;) {
        pollfd p{fd_, POLLIN | POLLOUT, 0};
        const int left = milliseconds_left(deadline);
        if (left == 0 || ::poll(&p, 1, left) <= 0 || (p.revents & (POLLIN | POLLERR)) != 0) {
            break; // answered (or gone): stop sending
        }
        const ssize_t n =
            ::send(fd_, piece.data() + offset, piece.size() - offset, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        offset += static_cast<std::size_t>(n);
        if (offset == piece.size()) {
            offset = 0;
            ++sent;
        }
    }
    return read_response(milliseconds(milliseconds_left(deadline)));
}

bool RawConnection::closed_by_peer(milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        pollfd p{fd_, POLLIN, 0};
        const int left = milliseconds_left(deadline);
        if (left == 0 || ::poll(&p, 1, left) <= 0) {
            return false;
        }
        char buffer[4096];
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) {
            return true;
        }
    }
}

bool accepts_connections(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    const bool connected = connect_to(fd, port);
    ::close(fd);
    return connected;
}

bool eventually(const std::function<bool()>& condition, milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!condition()) {
        if (Clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(milliseconds(10));
    }
    return true;
}

std::string status_line(const std::string& response) {
    const auto end = response.find("\r\n");
    return end == std::string::npos ? "" : response.substr(0, end);
}

std::string body_of(const std::string& response) {
    const auto end = response.find("\r\n\r\n");
    return end == std::string::npos ? "" : response.substr(end + 4);
}

} // namespace einblick::testing
