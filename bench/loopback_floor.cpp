#include "loopback_floor.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace einblick::bench {
namespace {

// Closes what was opened (negative: not opened) and throws with the system's reason.
[[noreturn]] void fail(const char* what, int first, int second) {
    const std::string reason = std::strerror(errno);
    for (const int fd : {first, second}) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    throw std::runtime_error(std::string("loopback floor: ") + what + ": " + reason);
}

// Listens on 127.0.0.1 at a free port and answers every request head ("\r\n\r\n") on every
// accepted connection with the same bytes, from one thread, until destroyed.
class LoopbackResponder {
public:
    explicit LoopbackResponder(std::string answer) : answer_(std::move(answer)) {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        stop_ = ::eventfd(0, EFD_CLOEXEC);
        if (listener_ < 0 || stop_ < 0) {
            fail("socket", listener_, stop_);
        }
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
            ::listen(listener_, 64) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            fail("listen", listener_, stop_);
        }
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~LoopbackResponder() {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(stop_, &one, sizeof one);
        thread_.join();
        for (const Peer& peer : peers_) {
            if (peer.fd >= 0) {
                ::close(peer.fd);
            }
        }
        ::close(listener_);
        ::close(stop_);
    }
    LoopbackResponder(const LoopbackResponder&) = delete;
    LoopbackResponder& operator=(const LoopbackResponder&) = delete;

    int port() const { return port_; }

private:
    struct Peer {
        int fd;
        std::string pending; // bytes of a request head not complete yet
    };

    void serve() {
        std::vector<pollfd> polled;
        for (;;) {
            polled.assign({{stop_, POLLIN, 0}, {listener_, POLLIN, 0}});
            for (const Peer& peer : peers_) {
                polled.push_back({peer.fd, POLLIN, 0});
            }
            if (::poll(polled.data(), polled.size(), -1) < 0 && errno != EINTR) {
                return;
            }
            if (polled[0].revents != 0) {
                return;
            }
            // Peers first: polled[2 + i] is peers_[i] until an accept appends to peers_.
            for (std::size_t i = 0; i + 2 < polled.size(); ++i) {
                if (polled[i + 2].revents != 0) {
                    answer_ready(peers_[i]);
                }
            }
            if (polled[1].revents & POLLIN) {
                const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
                if (fd >= 0) {
                    const int yes = 1;
                    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
                    peers_.push_back({fd, {}});
                }
            }
        }
    }

    // Reads what arrived and answers each complete head; a peer that closed is closed here
    // too and no longer polled (poll ignores a negative descriptor).
    void answer_ready(Peer& peer) {
        char bytes[4096];
        const ssize_t n = ::recv(peer.fd, bytes, sizeof bytes, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            return;
        }
        if (n <= 0) {
            ::close(peer.fd);
            peer.fd = -1;
            return;
        }
        peer.pending.append(bytes, static_cast<std::size_t>(n));
        std::size_t end;
        while ((end = peer.pending.find("\r\n\r\n")) != std::string::npos) {
            peer.pending.erase(0, end + 4);
            if (::send(peer.fd, answer_.data(), answer_.size(), MSG_NOSIGNAL) !=
                static_cast<ssize_t>(answer_.size())) {
                peer.pending.clear();
                return;
            }
        }
    }

    std::string answer_;
    int listener_ = -1;
    int stop_ = -1;
    int port_ = 0;
    std::vector<Peer> peers_;
    std::thread thread_;
};

} // namespace

Percentiles measure_loopback_floor(const std::string& answer, int connections, int requests) {
    if (answer.empty() || complete_response_length(answer) != answer.size()) {
        throw std::runtime_error("loopback floor: the answer to send is not one whole response");
    }
    LoopbackResponder responder(answer);
    std::vector<Connection> clients;
    for (int i = 0; i < connections; ++i) {
        clients.emplace_back(responder.port());
    }
    const std::string request = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    LoadResult result =
        run_closed_loop(clients, requests, [&](std::size_t, int) { return request; });
    if (result.failures != 0 || static_cast<int>(result.latencies_us.size()) != requests) {
        throw std::runtime_error("loopback floor: " + std::to_string(result.failures) +
                                 " failures, " + std::to_string(result.latencies_us.size()) +
                                 " of " + std::to_string(requests) + " answers");
    }
    return percentiles(std::move(result.latencies_us));
}

} // namespace einblick::bench
