#include "http_client.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace einblick::bench {
namespace {

sockaddr_in loopback(const std::string& ip, int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, ip.c_str(), &address.sin_addr);
    return address;
}

double micros_since(Steady::time_point start) {
    return std::chrono::duration<double, std::micro>(Steady::now() - start).count();
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

} // namespace

Connection::Connection(int port, const std::string& source) : port_(port), source_(source) {
    open();
}

void Connection::reopen() {
    close();
    buffer_.clear();
    open();
}

void Connection::open() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
        throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    }
    // Like any HTTP client library: a request leaves in one segment, without waiting.
    const int yes = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    const sockaddr_in from = loopback(source_, 0);
    const sockaddr_in to = loopback("127.0.0.1", port_);
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0 ||
        ::connect(fd_, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) {
        const std::string reason = std::strerror(errno);
        close();
        throw std::runtime_error("connect from " + source_ + ": " + reason);
    }
}

Connection::~Connection() {
    close();
}

Connection::Connection(Connection&& other) noexcept
    : port_(other.port_), source_(std::move(other.source_)), fd_(std::exchange(other.fd_, -1)),
      buffer_(std::move(other.buffer_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        close();
        port_ = other.port_;
        source_ = std::move(other.source_);
        fd_ = std::exchange(other.fd_, -1);
        buffer_ = std::move(other.buffer_);
    }
    return *this;
}

void Connection::close() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

bool Connection::send_all(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

std::string Connection::read_response() {
    char chunk[64 * 1024];
    for (;;) {
        if (const std::size_t length = complete_response_length(buffer_); length > 0) {
            std::string response = buffer_.substr(0, length);
            buffer_.erase(0, length);
            return response;
        }
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return "";
        }
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

bool Connection::poll_input(std::string& into) {
    char chunk[16 * 1024];
    for (;;) {
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
        if (n > 0) {
            into.append(chunk, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
}

std::size_t complete_response_length(const std::string& bytes) {
    const std::size_t end = bytes.find("\r\n\r\n");
    if (end == std::string::npos) {
        return 0;
    }
    const std::string length = header_value(bytes.substr(0, end + 2), "content-length");
    const std::size_t body = length.empty() ? 0 : std::stoul(length);
    const std::size_t total = end + 4 + body;
    return bytes.size() >= total ? total : 0;
}

int status_of(const std::string& response) {
    return response.size() > 12 ? std::atoi(response.c_str() + 9) : 0;
}

std::string header_value(const std::string& response, const std::string& name) {
    const std::size_t end = response.find("\r\n\r\n");
    const std::string head =
        lower(end == std::string::npos ? response : response.substr(0, end + 2));
    const std::size_t at = head.find("\r\n" + lower(name) + ":");
    if (at == std::string::npos) {
        return "";
    }
    std::size_t from = at + 3 + name.size();
    while (from < head.size() && head[from] == ' ') {
        ++from;
    }
    return response.substr(from, head.find("\r\n", from) - from);
}

LoadResult run_closed_loop(std::vector<Connection>& connections, int total,
                           const std::function<std::string(std::size_t, int)>& request) {
    LoadResult result;
    result.latencies_us.reserve(static_cast<std::size_t>(total));
    std::vector<Steady::time_point> sent_at(connections.size());
    std::vector<pollfd> fds;
    int next = 0;
    auto send_next = [&](std::size_t c) {
        if (next >= total || !connections[c].send_all(request(c, next))) {
            connections[c].close();
            return;
        }
        ++next;
        sent_at[c] = Steady::now();
    };
    const auto start = Steady::now();
    for (std::size_t c = 0; c < connections.size(); ++c) {
        send_next(c);
    }
    for (;;) {
        fds.clear();
        for (const Connection& c : connections) {
            fds.push_back({c.fd(), POLLIN, 0}); // a closed one (-1) is ignored by poll
        }
        if (std::none_of(fds.begin(), fds.end(), [](const pollfd& p) { return p.fd >= 0; })) {
            break;
        }
        if (::poll(fds.data(), fds.size(), 60'000) <= 0) {
            throw std::runtime_error("no answer for a minute");
        }
        for (std::size_t c = 0; c < connections.size(); ++c) {
            if (fds[c].fd < 0 || fds[c].revents == 0) {
                continue;
            }
            Connection& connection = connections[c];
            const bool open = connection.poll_input(connection.buffer_);
            bool answered = false;
            bool closing = false;
            while (const std::size_t length = complete_response_length(connection.buffer_)) {
                const int status = status_of(connection.buffer_);
                closing =
                    header_value(connection.buffer_.substr(0, length), "Connection") == "close";
                connection.buffer_.erase(0, length);
                result.latencies_us.push_back(micros_since(sent_at[c]));
                result.failures += status < 200 || status > 299 ? 1 : 0;
                answered = true;
            }
            if (answered && (closing || !open) && next < total) {
                connection.reopen();
                ++result.reconnects;
                send_next(c);
            } else if (!open) {
                result.failures += answered ? 0 : 1;
                connection.close();
            } else if (answered) {
                send_next(c);
            }
        }
    }
    result.seconds = std::chrono::duration<double>(Steady::now() - start).count();
    return result;
}

Percentiles percentiles(std::vector<double> micros) {
    if (micros.empty()) {
        return {};
    }
    std::sort(micros.begin(), micros.end());
    auto at = [&](double q) {
        return micros[static_cast<std::size_t>(q * static_cast<double>(micros.size() - 1))];
    };
    return {at(0.5), at(0.99)};
}

} // namespace einblick::bench
