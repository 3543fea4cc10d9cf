#include "edge_loop.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <limits>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace einblick::server {
namespace {

constexpr std::uint64_t listener_key = 0;
constexpr std::uint64_t wake_key = std::numeric_limits<std::uint64_t>::max();
// Accepting stops this long when the process has no descriptor left (EMFILE).
constexpr auto descriptor_pause = std::chrono::milliseconds(100);
// Connections accepted per wake-up before the loop turns to the others.
constexpr int accepts_per_event = 128;

std::string ip_text(const sockaddr_storage& address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
        ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    } else if (address.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
        if (IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr)) {
            // One client, one address, whichever socket family it arrived on.
            ::inet_ntop(AF_INET, &v6.sin6_addr.s6_addr[12], text, sizeof text);
        } else {
            ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        }
    }
    return text;
}

int port_of(const sockaddr_storage& address) {
    if (address.ss_family == AF_INET) {
        return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
    }
    if (address.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
    }
    return -1;
}

std::string system_error(const char* what) {
    return std::string(what) + ": " + std::strerror(errno);
}

void add_to_epoll(int epoll_fd, int fd, std::uint32_t events, std::uint64_t key) {
    epoll_event event{};
    event.events = events;
    event.data.u64 = key;
    if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) {
        throw std::runtime_error(system_error("epoll_ctl"));
    }
}

} // namespace

HttpEdge::Loop::Loop(EdgeOptions options, std::size_t max_body_bytes, EdgeHooks hooks)
    : options_(options), max_body_bytes_(max_body_bytes),
      hooks_(std::move(hooks)), head_limits_{options.max_head_bytes, options.max_header_line_bytes,
                                             options.max_header_fields} {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_fd_ < 0 || wake_fd_ < 0) {
        throw std::runtime_error(system_error("cannot create the event loop"));
    }
    add_to_epoll(epoll_fd_, wake_fd_, EPOLLIN, wake_key);
}

HttpEdge::Loop::~Loop() {
    if (workers_) {
        workers_->stop();
    }
    for (auto& [id, connection] : connections_) {
        ::close(connection->fd);
    }
    if (listen_fd_ >= 0) {
        ::close(listen_fd_);
    }
    ::close(wake_fd_);
    ::close(epoll_fd_);
}

int HttpEdge::Loop::bind(const std::string& address, int port) {
    sockaddr_storage storage{};
    socklen_t length = 0;
    auto& v4 = reinterpret_cast<sockaddr_in&>(storage);
    auto& v6 = reinterpret_cast<sockaddr_in6&>(storage);
    if (::inet_pton(AF_INET, address.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(static_cast<std::uint16_t>(port));
        length = sizeof v4;
    } else if (::inet_pton(AF_INET6, address.c_str(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(static_cast<std::uint16_t>(port));
        length = sizeof v6;
    } else {
        bind_error = "'" + address + "' is not an IP address";
        return -1;
    }
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        bind_error = system_error("socket");
        return -1;
    }
    // SO_REUSEADDR lets a restart bind while old connections sit in TIME_WAIT, but on Linux it
    // never lets two sockets listen on one port. SO_REUSEPORT (httplib's default) would: a
    // second server would start and the kernel would split the requests between the two.
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&storage), length) != 0 ||
        ::listen(fd, options_.listen_backlog) != 0) {
        bind_error = std::strerror(errno);
        ::close(fd);
        return -1;
    }
    sockaddr_storage bound{};
    socklen_t bound_length = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_length);
    listen_fd_ = fd;
    return port_of(bound);
}

bool HttpEdge::Loop::serve() {
    if (listen_fd_ < 0) {
        return false;
    }
    add_to_epoll(epoll_fd_, listen_fd_, EPOLLIN, listener_key);
    workers_ = std::make_unique<WorkerPool>(std::max(1, options_.workers),
                                            std::max<std::size_t>(1, options_.max_queued_requests));
    running = true;
    run_loop();
    // Requests still queued are dropped; one a worker is running cannot be interrupted and is
    // waited for (a database write in progress completes).
    workers_->stop();
    running = false;
    return true;
}

void HttpEdge::Loop::stop() {
    stop_requested_ = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
}

EdgeStatistics HttpEdge::Loop::statistics() const {
    EdgeStatistics s;
    s.open_connections = open_;
    s.accepted_connections = accepted_;
    s.refused_over_capacity = refused_capacity_;
    s.refused_per_address = refused_address_;
    s.refused_descriptor_limit = refused_descriptors_;
    s.refused_connections =
        s.refused_over_capacity + s.refused_per_address + s.refused_descriptor_limit;
    s.requests = requests_;
    s.refused_requests = refused_requests_;
    s.buffered_bytes = buffered_;
    s.peak_buffered_bytes = peak_buffered_;
    return s;
}

void HttpEdge::Loop::run_loop() {
    std::vector<epoll_event> events(256);
    for (;;) {
        if (stop_requested_ && !draining_) {
            begin_drain();
        }
        if (draining_ && (connections_.empty() || EdgeClock::now() >= grace_deadline_)) {
            break;
        }
        const int timeout = read_again_.empty() ? wait_timeout_ms() : 0;
        const int n =
            ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout);
        if (n < 0 && errno != EINTR) {
            throw std::runtime_error(system_error("epoll_wait"));
        }
        for (int i = 0; i < n; ++i) {
            const std::uint64_t key = events[static_cast<std::size_t>(i)].data.u64;
            if (key == wake_key) {
                std::uint64_t count = 0;
                [[maybe_unused]] const auto got = ::read(wake_fd_, &count, sizeof count);
                take_completions();
            } else if (key == listener_key) {
                accept_connections();
            } else if (Connection* c = find(key)) {
                on_event(*c, events[static_cast<std::size_t>(i)].events);
            }
        }
        std::vector<std::uint64_t> again;
        again.swap(read_again_);
        for (const std::uint64_t id : again) {
            if (Connection* c = find(id); c != nullptr && c->phase == edge::Phase::Lingering) {
                linger(*c);
            } else if (c != nullptr) {
                read_request(*c);
            }
        }
        if (listener_paused_ && !draining_ && EdgeClock::now() >= listener_paused_until_) {
            listener_paused_ = false;
            add_to_epoll(epoll_fd_, listen_fd_, EPOLLIN, listener_key);
        }
        expire_timers();
    }
    // Grace over (or nothing left): whatever is still open is closed.
    while (!connections_.empty()) {
        close_connection(*connections_.begin()->second);
    }
}

int HttpEdge::Loop::wait_timeout_ms() const {
    EdgeClock::time_point next = EdgeClock::time_point::max();
    if (!timers_.empty()) {
        next = timers_.begin()->first;
    }
    if (listener_paused_) {
        next = std::min(next, listener_paused_until_);
    }
    if (draining_) {
        next = std::min(next, grace_deadline_);
    }
    if (next == EdgeClock::time_point::max()) {
        return -1;
    }
    const auto left = next - EdgeClock::now();
    if (left <= EdgeClock::duration::zero()) {
        return 0;
    }
    // Rounded up: waking a little late is harmless, waking early spins.
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    return static_cast<int>(std::min<long long>(ms, 60'000));
}

void HttpEdge::Loop::accept_connections() {
    for (int i = 0; i < accepts_per_event; ++i) {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length,
                                 SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) {
                continue;
            }
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // Level-triggered, the listener would wake the loop again at once: pause it.
                ++refused_descriptors_;
                ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
                listener_paused_ = true;
                listener_paused_until_ = EdgeClock::now() + descriptor_pause;
            }
            return;
        }
        std::string ip = ip_text(address);
        if (open_ >= static_cast<std::uint64_t>(std::max(0, options_.max_connections))) {
            refuse_connection(fd, ip, refused_capacity_);
            continue;
        }
        const auto known = per_address_.find(ip);
        if (known != per_address_.end() && known->second >= options_.max_connections_per_address) {
            refuse_connection(fd, ip, refused_address_);
            continue;
        }
        // Every answer goes out in one write; without this, a small write would wait for the
        // client's delayed ACK of the previous one (about 40 ms per keep-alive request).
        const int yes = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);

        auto connection = std::make_unique<Connection>(head_limits_);
        Connection& c = *connection;
        c.id = next_id_++;
        c.fd = fd;
        c.peer.remote_ip = std::move(ip);
        c.peer.remote_port = port_of(address);
        sockaddr_storage local{};
        socklen_t local_length = sizeof local;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length);
        c.peer.local_ip = ip_text(local);
        c.peer.local_port = port_of(local);
        // Edge-triggered: the loop reads until EAGAIN and remembers where it stopped.
        add_to_epoll(epoll_fd_, fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, c.id);
        ++per_address_[c.peer.remote_ip];
        ++open_;
        ++accepted_;
        connections_.emplace(c.id, std::move(connection));
        set_deadline(c, EdgeClock::now() + options_.keep_alive_timeout);
    }
}

void HttpEdge::Loop::refuse_connection(int fd, const std::string& ip,
                                       std::atomic<std::uint64_t>& reason) {
    ++reason;
    // Rendered for each refusal: every answer carries its own request id and log line.
    EdgeRefusal refusal;
    refusal.status = 503;
    refusal.retry_after_seconds = 1;
    refusal.peer_ip = ip;
    const std::string answer = hooks_.render_refusal(refusal);
    // Best effort: the socket's buffer is empty, the answer small.
    [[maybe_unused]] const auto sent = ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    ::shutdown(fd, SHUT_WR);
    ::close(fd);
}

void HttpEdge::Loop::post(edge::Completion completion) {
    bool was_empty = false;
    {
        std::lock_guard guard(completions_mutex_);
        was_empty = completions_.empty();
        completions_.push_back(std::move(completion));
    }
    if (was_empty) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
    }
}

void HttpEdge::Loop::take_completions() {
    std::vector<edge::Completion> done;
    {
        std::lock_guard guard(completions_mutex_);
        done.swap(completions_);
    }
    for (edge::Completion& completion : done) {
        if (Connection* c = find(completion.connection)) {
            finish(*c, std::move(completion.response));
        }
    }
}

void HttpEdge::Loop::begin_drain() {
    draining_ = true;
    grace_deadline_ = EdgeClock::now() + options_.shutdown_grace;
    if (listen_fd_ >= 0) {
        if (!listener_paused_) {
            ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
        }
        ::close(listen_fd_);
        listen_fd_ = -1;
    }
    std::vector<Connection*> idle;
    for (auto& [id, connection] : connections_) {
        if (connection->phase == edge::Phase::Idle) {
            idle.push_back(connection.get());
        }
    }
    for (Connection* c : idle) {
        close_connection(*c);
    }
}

void HttpEdge::Loop::expire_timers() {
    const auto now = EdgeClock::now();
    while (!timers_.empty() && timers_.begin()->first <= now) {
        const std::uint64_t id = timers_.begin()->second;
        timers_.erase(timers_.begin());
        if (Connection* c = find(id)) {
            c->deadline = EdgeClock::time_point::max();
            on_timeout(*c);
        }
    }
}

void HttpEdge::Loop::set_deadline(Connection& c, EdgeClock::time_point deadline) {
    if (c.deadline != EdgeClock::time_point::max()) {
        timers_.erase({c.deadline, c.id});
    }
    c.deadline = deadline;
    if (deadline != EdgeClock::time_point::max()) {
        timers_.insert({deadline, c.id});
    }
}

HttpEdge::Loop::Connection* HttpEdge::Loop::find(std::uint64_t id) {
    const auto it = connections_.find(id);
    return it == connections_.end() ? nullptr : it->second.get();
}

void HttpEdge::Loop::close_connection(Connection& c) {
    set_deadline(c, EdgeClock::time_point::max());
    release(c, c.charged);
    ::close(c.fd); // also removes it from the epoll set
    const auto address = per_address_.find(c.peer.remote_ip);
    if (address != per_address_.end() && --address->second <= 0) {
        per_address_.erase(address);
    }
    --open_;
    connections_.erase(c.id); // c is gone from here on
}

bool HttpEdge::Loop::try_charge(Connection& c, std::size_t bytes) {
    if (buffered_ + bytes > options_.buffer_budget_bytes) {
        return false;
    }
    charge(c, bytes);
    return true;
}

void HttpEdge::Loop::charge(Connection& c, std::size_t bytes) {
    c.charged += bytes;
    const std::uint64_t now = buffered_ += bytes;
    if (now > peak_buffered_) {
        peak_buffered_ = now;
    }
}

void HttpEdge::Loop::release(Connection& c, std::size_t bytes) {
    bytes = std::min(bytes, c.charged);
    c.charged -= bytes;
    buffered_ -= bytes;
}

HttpEdge::HttpEdge(EdgeOptions options, std::size_t max_body_bytes, EdgeHooks hooks)
    : loop_(std::make_unique<Loop>(options, max_body_bytes, std::move(hooks))) {}

HttpEdge::~HttpEdge() = default;

int HttpEdge::bind(const std::string& address, int port) {
    return loop_->bind(address, port);
}

const std::string& HttpEdge::bind_error() const {
    return loop_->bind_error;
}

bool HttpEdge::serve() {
    return loop_->serve();
}

void HttpEdge::stop() {
    loop_->stop();
}

bool HttpEdge::is_running() const {
    return loop_->running;
}

EdgeStatistics HttpEdge::statistics() const {
    return loop_->statistics();
}

} // namespace einblick::server
