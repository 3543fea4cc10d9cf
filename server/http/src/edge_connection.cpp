// One connection on the edge's loop: read a request completely, hand it to a worker, write the
// answer in one piece, then wait for the next request or close.
#include "edge_loop.hpp"
#include "einblick/server/thread_setup.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <exception>
#include <iostream>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace einblick::server {
namespace {

// Bytes read per recv() and per connection before the loop turns to the others.
constexpr std::size_t read_chunk = 64 * 1024;
constexpr std::size_t read_per_event = 16 * read_chunk;
constexpr std::string_view continue_answer = "HTTP/1.1 100 Continue\r\n\r\n";

// The loop thread's receive buffer.
std::array<char, read_chunk>& receive_buffer() {
    static thread_local std::array<char, read_chunk> buffer;
    return buffer;
}

bool reading(edge::Phase phase) {
    return phase == edge::Phase::Idle || phase == edge::Phase::Head || phase == edge::Phase::Body;
}

// A client that writes the head and the body of a request separately waits, under Nagle, for
// our ACK of the head before it sends the body; a delayed ACK would make that 40 ms. Whenever
// a request is incomplete after a read, acknowledge at once.
void acknowledge_now(int fd) {
    const int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &yes, sizeof yes);
}

} // namespace

void HttpEdge::Loop::on_event(Connection& c, std::uint32_t events) {
    const std::uint64_t id = c.id; // c may be closed (and gone) by what follows
    if ((events & EPOLLERR) != 0) {
        close_connection(c);
        return;
    }
    if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) != 0) {
        if (reading(c.phase)) {
            read_request(c);
        } else if (c.phase == edge::Phase::Lingering) {
            linger(c);
        }
        // Processing or Writing: the bytes wait in the socket; the loop reads them once the
        // answer is out (edge-triggered, so it always tries a read then).
    }
    Connection* still = find(id);
    if (still != nullptr && (events & EPOLLOUT) != 0 && still->phase == edge::Phase::Writing) {
        write_out(*still);
    }
}

void HttpEdge::Loop::read_request(Connection& c) {
    std::array<char, read_chunk>& buffer = receive_buffer();
    std::size_t taken = 0;
    while (reading(c.phase)) {
        if (taken >= read_per_event) {
            read_again_.push_back(c.id);
            return;
        }
        // Never more than the budget has room for: a full budget refuses, it does not grow.
        const std::size_t room = options_.buffer_budget_bytes -
                                 std::min<std::size_t>(buffered_, options_.buffer_budget_bytes);
        if (room == 0) {
            refuse(c, 503);
            return;
        }
        const ssize_t n = ::recv(c.fd, buffer.data(), std::min(buffer.size(), room), 0);
        if (n > 0) {
            taken += static_cast<std::size_t>(n);
            if (!consume(c, std::string_view(buffer.data(), static_cast<std::size_t>(n)))) {
                return;
            }
            continue;
        }
        if (n == 0) {
            // The client is gone; an incomplete request gets no answer.
            close_connection(c);
            return;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            if (c.phase != edge::Phase::Idle) {
                acknowledge_now(c.fd);
            }
            return;
        }
        close_connection(c);
        return;
    }
}

bool HttpEdge::Loop::consume(Connection& c, std::string_view data) {
    while (!data.empty()) {
        if (c.phase == edge::Phase::Idle) {
            c.phase = edge::Phase::Head;
            set_deadline(c, EdgeClock::now() + options_.request_head_timeout);
        }
        if (c.phase == edge::Phase::Head) {
            if (!try_charge(c, data.size())) {
                refuse(c, 503);
                return false;
            }
            const std::size_t before = c.head.bytes().size();
            std::size_t used = 0;
            const wire::HeadReader::Status status = c.head.feed(data, used);
            release(c, data.size() - (c.head.bytes().size() - before));
            data.remove_prefix(used);
            switch (status) {
            case wire::HeadReader::Status::NeedMore:
                return true;
            case wire::HeadReader::Status::UriTooLong:
                refuse(c, 414);
                return false;
            case wire::HeadReader::Status::FieldsTooLarge:
                refuse(c, 431);
                return false;
            case wire::HeadReader::Status::Complete:
                if (!head_complete(c, data)) {
                    return false;
                }
                continue;
            }
        }
        if (c.phase == edge::Phase::Body) {
            if (!try_charge(c, data.size())) {
                refuse(c, 503);
                return false;
            }
            const std::size_t before = c.body.size();
            std::size_t used = 0;
            const wire::BodyReader::Status status = c.body_reader.feed(data, used, c.body);
            release(c, data.size() - (c.body.size() - before));
            data.remove_prefix(used);
            switch (status) {
            case wire::BodyReader::Status::NeedMore:
                return true;
            case wire::BodyReader::Status::TooLarge:
                refuse(c, 413);
                return false;
            case wire::BodyReader::Status::Malformed:
                refuse(c, 400);
                return false;
            case wire::BodyReader::Status::Complete:
                dispatch(c, data);
                return false;
            }
        }
        return false;
    }
    return true;
}

bool HttpEdge::Loop::head_complete(Connection& c, std::string_view rest) {
    wire::ParsedHead parsed = wire::parse_head(c.head.bytes(), max_body_bytes_);
    c.request = std::move(parsed.head);
    if (parsed.status != 0) {
        refuse(c, parsed.status);
        return false;
    }
    if (c.request.framing == wire::BodyFraming::None ||
        (c.request.framing == wire::BodyFraming::Length && c.request.content_length == 0)) {
        dispatch(c, rest);
        return false;
    }
    c.body_reader = wire::BodyReader(c.request.framing, c.request.content_length, max_body_bytes_);
    if (c.request.framing == wire::BodyFraming::Length) {
        // Not the whole declared length: memory follows the bytes that arrive.
        c.body.reserve(static_cast<std::size_t>(
            std::min<std::uint64_t>(c.request.content_length, read_chunk)));
    }
    c.phase = edge::Phase::Body;
    set_deadline(c, EdgeClock::now() + options_.body_timeout);
    if (c.request.expect_continue && rest.empty()) {
        // The body is wanted and within the limit: say so now, from the loop (the send buffer
        // is empty here, so this small write goes out whole).
        const ssize_t sent =
            ::send(c.fd, continue_answer.data(), continue_answer.size(), MSG_NOSIGNAL);
        if (sent != static_cast<ssize_t>(continue_answer.size())) {
            close_connection(c);
            return false;
        }
    }
    return true;
}

void HttpEdge::Loop::dispatch(Connection& c, std::string_view rest) {
    // Bytes after the request (pipelining) wait until this one is answered.
    c.pending.assign(rest);
    EdgeRequest request;
    request.wire = wire::canonical_head(c.request, c.body.size());
    request.wire.append(c.body);
    request.peer = c.peer;
    request.must_close =
        draining_ || c.request.wants_close || c.requests + 1 >= options_.keep_alive_max_requests;
    const RequestKind kind = hooks_.kind_of(c.request.method, c.request.target);
    // The request now lives in the job: its bytes stay charged until the answer is written.
    const std::size_t pending = c.pending.size();
    drop_request_buffers(c);
    release(c, c.charged);
    charge(c, pending + request.wire.size());
    c.in_flight_bytes = request.wire.size();
    c.phase = edge::Phase::Processing;
    set_deadline(c, EdgeClock::time_point::max());

    const std::uint64_t id = c.id;
    auto job = [this, id, kind, request = std::move(request)]() mutable {
        // A batch write yields to the storage writer (thread_setup.hpp).
        set_policy_for_request(kind);
        edge::Completion completion;
        completion.connection = id;
        try {
            completion.response = hooks_.run(request);
        } catch (const std::exception& error) {
            std::cerr << "error: request failed: " << error.what() << '\n';
            completion.response = {}; // answered 500 by the loop
        }
        request = {}; // free the request on the worker, not on the loop
        post(std::move(completion));
    };
    if (!workers_->submit(std::move(job))) {
        c.in_flight_bytes = 0;
        refuse(c, 503); // every worker busy and the queue full
        return;
    }
    ++requests_;
}

void HttpEdge::Loop::finish(Connection& c, EdgeResponse response) {
    release(c, c.in_flight_bytes);
    c.in_flight_bytes = 0;
    if (response.bytes.empty()) {
        refuse(c, 500); // httplib wrote nothing: an exception escaped it
        return;
    }
    ++c.requests;
    c.out = std::move(response.bytes);
    c.out_offset = 0;
    // An answer is never refused for the budget (its work is done), but it counts: while
    // answers fill the budget, new request bytes are refused.
    charge(c, c.out.size());
    c.close_after_write = response.close || draining_;
    c.linger_after_write = false;
    c.phase = edge::Phase::Writing;
    set_deadline(c, EdgeClock::now() + options_.write_timeout);
    write_out(c);
}

void HttpEdge::Loop::write_out(Connection& c) {
    while (c.out_offset < c.out.size()) {
        const ssize_t n =
            ::send(c.fd, c.out.data() + c.out_offset, c.out.size() - c.out_offset, MSG_NOSIGNAL);
        if (n > 0) {
            c.out_offset += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // A slow reader costs this buffer and no worker; the write timeout restarts with
            // every bit of progress.
            set_deadline(c, EdgeClock::now() + options_.write_timeout);
            return;
        }
        close_connection(c);
        return;
    }
    after_write(c);
}

void HttpEdge::Loop::after_write(Connection& c) {
    release(c, c.out.size());
    std::string().swap(c.out); // a large answer's memory goes back now, not at the next one
    c.out_offset = 0;
    if (c.linger_after_write) {
        ::shutdown(c.fd, SHUT_WR);
        c.phase = edge::Phase::Lingering;
        set_deadline(c, EdgeClock::now() + options_.linger_timeout);
        linger(c);
        return;
    }
    if (c.close_after_write || draining_) {
        close_connection(c);
        return;
    }
    c.phase = edge::Phase::Idle;
    c.head.reset();
    set_deadline(c, EdgeClock::now() + options_.keep_alive_timeout);
    if (!c.pending.empty()) {
        std::string next;
        next.swap(c.pending);
        release(c, next.size());
        if (!consume(c, next)) {
            return; // dispatched, refused or closed
        }
    }
    read_request(c);
}

void HttpEdge::Loop::refuse(Connection& c, int status) {
    ++refused_requests_;
    EdgeRefusal refusal;
    refusal.status = status;
    refusal.peer_ip = c.peer.remote_ip;
    if (c.phase == edge::Phase::Body || !c.request.method.empty()) {
        refusal.method = c.request.method;
        refusal.target = c.request.target;
        if (const auto language = c.request.field("Accept-Language")) {
            refusal.accept_language = *language;
        }
    }
    if (status == 503) {
        refusal.retry_after_seconds = 1;
    }
    drop_request_buffers(c);
    std::string().swap(c.pending);
    release(c, c.charged - c.in_flight_bytes);
    c.out = hooks_.render_refusal(refusal);
    c.out_offset = 0;
    charge(c, c.out.size());
    c.close_after_write = true;
    c.linger_after_write = true;
    c.phase = edge::Phase::Writing;
    set_deadline(c, EdgeClock::now() + options_.write_timeout);
    write_out(c);
}

void HttpEdge::Loop::linger(Connection& c) {
    // Read and drop whatever the client still sends, so that closing does not reset the
    // connection before the client has read the refusal.
    std::array<char, read_chunk>& buffer = receive_buffer();
    for (std::size_t taken = 0; taken < read_per_event;) {
        const ssize_t n = ::recv(c.fd, buffer.data(), buffer.size(), 0);
        if (n > 0) {
            taken += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        close_connection(c); // EOF or error
        return;
    }
    // Still more: the deadline bounds how long this goes on; come back after the others.
    read_again_.push_back(c.id);
}

void HttpEdge::Loop::on_timeout(Connection& c) {
    switch (c.phase) {
    case edge::Phase::Head:
    case edge::Phase::Body:
        refuse(c, 408);
        return;
    case edge::Phase::Idle:
    case edge::Phase::Writing:
    case edge::Phase::Lingering:
        close_connection(c);
        return;
    case edge::Phase::Processing:
        return;
    }
}

void HttpEdge::Loop::drop_request_buffers(Connection& c) {
    c.request = {};
    c.head.reset();
    std::string().swap(c.body);
    c.body_reader = {};
}

} // namespace einblick::server
