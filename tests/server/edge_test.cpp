// The HTTP edge under idle, slow, oversized and hostile clients, in process: both ends of every
// connection live here, so a test can look at the server's socket, and the edge's own counters
// (ApiServer::edge_statistics) say how many bytes it buffered. Loopback only; every wait has a
// deadline and no assertion is about time.

#include "einblick/server/http_wire.hpp"
#include "raw_connection.hpp"
#include "test_backend.hpp"

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <doctest/doctest.h>
#include <filesystem>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <vector>

using namespace einblick::testing;
using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

// An answer that should come at once; the deadline only ends a test that would hang.
constexpr milliseconds answer_time = seconds(20);

std::string get(const std::string& path, const std::string& fields = "") {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + fields + "\r\n";
}

std::string post_head(const std::string& path, const std::string& fields) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
           fields + "\r\n";
}

std::string hex(std::size_t value) {
    char text[32];
    std::snprintf(text, sizeof text, "%zx", value);
    return text;
}

std::string problem_type(const std::string& answer) {
    const json problem = json::parse(body_of(answer), nullptr, false);
    return problem.is_object() ? problem.value("type", "") : "";
}

bool has_header(const std::string& answer, const std::string& line) {
    return answer.substr(0, answer.find("\r\n\r\n")).find("\r\n" + line) != std::string::npos;
}

// Whether `answer` is one complete response: its head and exactly Content-Length bytes.
bool is_complete(const std::string& answer) {
    const auto end = answer.find("\r\n\r\n");
    const auto field = answer.find("\r\nContent-Length: ");
    if (end == std::string::npos || field == std::string::npos || field > end) {
        return false;
    }
    return answer.size() - (end + 4) == std::stoul(answer.substr(field + 18));
}

// The server's end of a client's connection: the descriptor in this process whose local port
// is the server's and whose peer is the client.
int server_end_of(int server_port, int client_port) {
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
        const int fd = std::stoi(entry.path().filename().string());
        sockaddr_in local{};
        sockaddr_in peer{};
        socklen_t local_length = sizeof local;
        socklen_t peer_length = sizeof peer;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) == 0 &&
            ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) == 0 &&
            local.sin_family == AF_INET && ntohs(local.sin_port) == server_port &&
            ntohs(peer.sin_port) == client_port) {
            return fd;
        }
    }
    return -1;
}

// Hundreds of connections, both ends in this process.
void allow_many_descriptors() {
    rlimit limit{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    REQUIRE(limit.rlim_cur >= 2048);
}

std::vector<std::unique_ptr<RawConnection>> connections(int port, int count) {
    std::vector<std::unique_ptr<RawConnection>> all;
    for (int i = 0; i < count; ++i) {
        all.push_back(std::make_unique<RawConnection>(port));
    }
    return all;
}

} // namespace

TEST_CASE("edge: accepted connections have TCP_NODELAY and every keep-alive answer arrives in "
          "one read") {
    TestBackend backend;
    RunningServer server(backend);
    RawConnection client(server.port());
    for (int i = 0; i < 30; ++i) {
        CAPTURE(i);
        client.send(i % 3 == 2   ? post_head("/api/v1/session", "Content-Length: 2\r\n") + "{}"
                    : i % 3 == 1 ? get("/api/v1/vocabulary")
                                 : get("/health/live"));
        pollfd ready{client.fd(), POLLIN, 0};
        REQUIRE(::poll(&ready, 1, static_cast<int>(answer_time.count())) == 1);
        // Head and body went out in one write: the first read has all of it. (Written in two,
        // the body waited for the client's delayed ACK of the head.)
        std::string answer(256 * 1024, '\0');
        const ssize_t n = ::recv(client.fd(), answer.data(), answer.size(), 0);
        REQUIRE(n > 0);
        answer.resize(static_cast<std::size_t>(n));
        CHECK(is_complete(answer));
        CHECK_FALSE(has_header(answer, "Connection: close"));
    }
    const int server_end = server_end_of(server.port(), client.local_port());
    REQUIRE(server_end >= 0);
    int nodelay = 0;
    socklen_t length = sizeof nodelay;
    REQUIRE(::getsockopt(server_end, IPPROTO_TCP, TCP_NODELAY, &nodelay, &length) == 0);
    CHECK(nodelay != 0);
}

TEST_CASE("edge: /health/live answers while hundreds of idle and dripping connections are held") {
    allow_many_descriptors();
    TestBackend backend;
    HttpOptions options;
    options.edge.max_connections_per_address = 1000;
    // Nothing but the test ends them: they are held for its whole length.
    options.edge.keep_alive_timeout = std::chrono::minutes(10);
    options.edge.request_head_timeout = std::chrono::minutes(10);
    RunningServer server(backend, options);
    const auto idle = connections(server.port(), 250);
    const auto dripping = connections(server.port(), 250);
    for (const auto& c : dripping) {
        c->send("GET /health/live HTTP/1.1\r\n");
    }
    for (int round = 0; round < 10; ++round) {
        CAPTURE(round);
        for (const auto& c : dripping) {
            c->send("X-Drip-" + std::to_string(round) + ": one line at a time\r\n");
        }
        RawConnection probe(server.port());
        probe.send(get("/health/live", "Connection: close\r\n"));
        const std::string answer = probe.read_response(answer_time);
        REQUIRE(status_line(answer) == "HTTP/1.1 200 OK");
    }
    // None of them was answered, refused or dropped: each is held, and costs no worker.
    const EdgeStatistics statistics = server.server().edge_statistics();
    CHECK(statistics.open_connections >= 500);
    CHECK(statistics.refused_connections == 0);
    CHECK(statistics.refused_requests == 0);
}

TEST_CASE("edge: a head that is still dripping when its deadline passes is answered 408") {
    TestBackend backend;
    HttpOptions options;
    options.edge.request_head_timeout = seconds(1);
    RunningServer server(backend, options);
    RawConnection slow(server.port());
    slow.send("GET /health/live HTTP/1.1\r\n");
    // A line every 100 ms: each read makes progress, so only a deadline for the whole head
    // (not one per read) ends it.
    std::atomic<bool> dripping{true};
    std::thread drip([&] {
        while (dripping && slow.try_send("X-Drip: x\r\n")) {
            std::this_thread::sleep_for(milliseconds(100));
        }
    });
    const std::string answer = slow.read_response(answer_time);
    dripping = false;
    drip.join();
    CHECK(status_line(answer) == "HTTP/1.1 408 Request Timeout");
    CHECK(problem_type(answer) == "urn:einblick:problem:request-timeout");
    CHECK(slow.closed_by_peer(answer_time));
}

TEST_CASE("edge: a chunked body is refused with 413 as soon as it passes the limit") {
    TestBackend backend;
    const AgencyRecord agency = backend.add_agency("kfz", "Kfz-Zulassungsbehörde Leipzig");
    const std::string key = backend.add_api_key(agency);
    const RowId purpose = backend.approved_purpose(agency);
    HttpOptions options;
    RunningServer server(backend, options);

    // 64 MiB offered to the login, before any authentication: refused after the first MiB.
    const std::string chunk = hex(64 * 1024) + "\r\n" + std::string(64 * 1024, ' ') + "\r\n";
    RawConnection flood(server.port());
    const std::string answer = flood.flood(
        post_head("/api/v1/session", "Transfer-Encoding: chunked\r\n"), chunk, 1024, answer_time);
    CHECK(status_line(answer) == "HTTP/1.1 413 Payload Too Large");
    CHECK(problem_type(answer) == "urn:einblick:problem:payload-too-large");
    CHECK(has_header(answer, "Connection: close"));
    // What the edge held for it: at most the body limit, one head and one read.
    CHECK(server.server().edge_statistics().peak_buffered_bytes <=
          options.max_body_bytes + options.edge.max_head_bytes + 64 * 1024);

    // A valid batch padded to 2 MiB, chunked, from an agency with a valid key: refused as it
    // is with Content-Length, not stored.
    const json event{{"citizen_id", valid_citizen_id("4567890123")},
                     {"purpose_id", purpose},
                     {"register", "melderegister"},
                     {"data_categories", {"address"}}};
    std::string batch = json{{"events", {event}}}.dump();
    batch.append(2 * 1024 * 1024 - batch.size(), ' ');
    RawConnection chunked(server.port());
    const std::string refused = chunked.flood(
        post_head("/api/v1/access-events/batch",
                  "Authorization: Bearer " + key + "\r\nTransfer-Encoding: chunked\r\n"),
        hex(batch.size()) + "\r\n" + batch + "\r\n0\r\n\r\n", 1, answer_time);
    CHECK(status_line(refused) == "HTTP/1.1 413 Payload Too Large");
}

TEST_CASE("edge: too many or too long header fields are refused with 431, a long target with 414") {
    TestBackend backend;
    HttpOptions options;
    RunningServer server(backend, options);

    std::string fields;
    for (int i = 0; i < 200; ++i) {
        fields += "X-Field-" + std::to_string(i) + ": v\r\n";
    }
    RawConnection many(server.port());
    const std::string too_many = many.flood(get("/health/live", fields), "", 0, answer_time);
    CHECK(status_line(too_many) == "HTTP/1.1 431 Request Header Fields Too Large");
    CHECK(problem_type(too_many) == "urn:einblick:problem:header-fields-too-large");

    // A 64 MiB header line: refused at its ninth KiB.
    RawConnection line(server.port());
    const std::string too_long = line.flood(
        "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: ", std::string(64 * 1024, 'a'),
        1024, answer_time);
    CHECK(status_line(too_long) == "HTTP/1.1 431 Request Header Fields Too Large");

    RawConnection target(server.port());
    const std::string long_target =
        target.flood("GET /" + std::string(9000, 'a'), std::string(1024, 'a'), 64, answer_time);
    CHECK(status_line(long_target) == "HTTP/1.1 414 URI Too Long");

    CHECK(server.server().edge_statistics().peak_buffered_bytes <=
          options.edge.max_head_bytes + 64 * 1024);
    // Up to the limit, fields are fine.
    std::string hundred;
    for (std::size_t i = 1; i < options.edge.max_header_fields; ++i) {
        hundred += "X-Field-" + std::to_string(i) + ": v\r\n";
    }
    RawConnection fine(server.port());
    fine.send(get("/health/live", hundred));
    CHECK(status_line(fine.read_response(answer_time)) == "HTTP/1.1 200 OK");
}

TEST_CASE("edge: a POST without Content-Length has an empty body and keeps its connection") {
    TestBackend backend;
    RunningServer server(backend);
    RawConnection client(server.port());
    // No framing: per RFC 9112 the body is empty, and the route answers at once (here: who
    // are you?) instead of a worker waiting for the connection to end.
    client.send("POST /api/v1/purposes/1/retirement HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const std::string answer = client.read_response(answer_time);
    CHECK(status_line(answer) == "HTTP/1.1 401 Unauthorized");
    client.send(get("/health/live"));
    CHECK(status_line(client.read_response(answer_time)) == "HTTP/1.1 200 OK");
}

TEST_CASE("edge: a compressed request body is refused with 415 before it is read") {
    TestBackend backend;
    RunningServer server(backend);
    RawConnection client(server.port());
    // httplib would inflate it without any limit (a few hundred KiB of gzip become GiBs).
    client.send(
        post_head("/api/v1/session", "Content-Encoding: gzip\r\nContent-Length: 500000\r\n"));
    const std::string answer = client.read_response(answer_time);
    CHECK(status_line(answer) == "HTTP/1.1 415 Unsupported Media Type");
    CHECK(problem_type(answer) == "urn:einblick:problem:unsupported-media-type");
}

TEST_CASE("edge: a full buffer budget refuses new request bytes with 503 instead of growing") {
    TestBackend backend;
    HttpOptions options;
    options.edge.buffer_budget_bytes = 256 * 1024;
    RunningServer server(backend, options);
    const std::string head =
        post_head("/api/v1/session", "Content-Length: " + std::to_string(200'000) + "\r\n");

    RawConnection first(server.port());
    first.send(head + std::string(150'000, ' '));
    REQUIRE(eventually([&] { return server.server().edge_statistics().buffered_bytes >= 150'000; },
                       answer_time));
    // The second would take the budget past its size: refused, the first keeps its bytes.
    RawConnection second(server.port());
    const std::string refused = second.flood(head, std::string(150'000, ' '), 1, answer_time);
    CHECK(status_line(refused) == "HTTP/1.1 503 Service Unavailable");
    CHECK(has_header(refused, "Retry-After: 1"));
    CHECK(problem_type(refused) == "urn:einblick:problem:unavailable");
    first.send(std::string(50'000, ' '));
    CHECK(status_line(first.read_response(answer_time)) == "HTTP/1.1 400 Bad Request");
    CHECK(server.server().edge_statistics().peak_buffered_bytes <=
          options.edge.buffer_budget_bytes + 64 * 1024);
}

TEST_CASE("edge: connections beyond the limit per client address are answered 503 and counted") {
    TestBackend backend;
    HttpOptions options;
    options.edge.max_connections_per_address = 4;
    RunningServer server(backend, options);
    auto held = connections(server.port(), 4);
    for (const auto& c : held) {
        c->send(get("/health/live"));
        REQUIRE(status_line(c->read_response(answer_time)) == "HTTP/1.1 200 OK");
    }
    RawConnection fifth(server.port());
    const std::string refused = fifth.read_response(answer_time);
    CHECK(status_line(refused) == "HTTP/1.1 503 Service Unavailable");
    CHECK(fifth.closed_by_peer(answer_time));
    CHECK(server.server().edge_statistics().refused_per_address == 1);

    held.pop_back();
    REQUIRE(eventually([&] { return server.server().edge_statistics().open_connections == 3; },
                       answer_time));
    RawConnection again(server.port());
    again.send(get("/health/live"));
    CHECK(status_line(again.read_response(answer_time)) == "HTTP/1.1 200 OK");
}

TEST_CASE("edge: stop() closes idle connections, finishes requests in flight and closes the rest "
          "after the grace") {
    TestBackend backend;
    HttpOptions options;
    options.edge.shutdown_grace = seconds(3);
    options.edge.request_head_timeout = std::chrono::minutes(10);
    auto server = std::make_unique<RunningServer>(backend, options);
    const int port = server->port();
    RawConnection idle(port);
    RawConnection in_flight(port);
    in_flight.send(post_head("/api/v1/session", "Content-Length: 2\r\n") + "{");
    RawConnection slow(port);
    slow.send("GET /health/live HTTP/1.1\r\n");
    REQUIRE(eventually([&] { return server->server().edge_statistics().open_connections == 3; },
                       answer_time));
    // The slow client keeps sending a line now and then, for as long as it is let.
    std::atomic<bool> dripping{true};
    std::thread drip([&] {
        while (dripping && slow.try_send("X-Drip: x\r\n")) {
            std::this_thread::sleep_for(milliseconds(100));
        }
    });
    std::atomic<bool> stopped{false};
    std::thread stopper([&] {
        server.reset(); // stop(), then wait for serve() to return
        stopped = true;
    });

    CHECK(idle.closed_by_peer(answer_time));
    in_flight.send("}");
    const std::string answer = in_flight.read_response(answer_time);
    CHECK(status_line(answer) == "HTTP/1.1 400 Bad Request");
    CHECK(has_header(answer, "Connection: close"));
    // The slow one never completes its request: the grace ends it, and the server stops.
    const bool stopped_in_time = eventually([&] { return stopped.load(); }, seconds(60));
    dripping = false;
    drip.join();
    if (!stopped_in_time) {
        ::shutdown(slow.fd(), SHUT_RDWR); // let a server that waits for it finish
    }
    stopper.join();
    CHECK(stopped_in_time);
}

TEST_CASE("edge: answers a client reads slowly are finished by the loop while the only worker "
          "answers others") {
    TestBackend backend;
    HttpOptions options;
    options.edge.workers = 1;
    RunningServer server(backend, options);
    // 64 pipelined answers of the OpenAPI document (6 MB) into a window of a few KiB: more than
    // the server's socket takes (4 MiB at most here), so the loop's write of one of them stops
    // part-way and waits for room, holding the rest.
    constexpr int pipelined = 64;
    RawConnection slow(server.port(), 4096);
    std::string requests;
    for (int i = 0; i < pipelined; ++i) {
        requests += get("/api/openapi.yaml");
    }
    slow.send(requests);
    // Stuck: the edge holds more than one answer's worth, and no more leaves.
    std::uint64_t last = 0;
    REQUIRE(eventually(
        [&] {
            const std::uint64_t now = server.server().edge_statistics().buffered_bytes;
            const bool stuck = now > 64 * 1024 && now == last;
            last = now;
            return stuck;
        },
        answer_time));
    // The one worker is free meanwhile: a slow reader costs buffer, not a worker.
    RawConnection other(server.port());
    for (int i = 0; i < 3; ++i) {
        other.send(get("/health/live"));
        CHECK(status_line(other.read_response(answer_time)) == "HTTP/1.1 200 OK");
    }
    std::string first_body;
    for (int i = 0; i < pipelined; ++i) {
        CAPTURE(i);
        const std::string answer = slow.read_response(answer_time);
        REQUIRE(is_complete(answer));
        CHECK(status_line(answer) == "HTTP/1.1 200 OK");
        if (i == 0) {
            first_body = body_of(answer);
            CHECK(first_body.size() > 64 * 1024);
        } else {
            CHECK(body_of(answer) == first_body);
        }
    }
    CHECK(eventually([&] { return server.server().edge_statistics().buffered_bytes == 0; },
                     answer_time));
}

TEST_CASE("edge: keep-alive ends after the configured requests or idle time") {
    TestBackend backend;
    HttpOptions options;
    options.edge.keep_alive_max_requests = 3;
    options.edge.keep_alive_timeout = seconds(1);
    RunningServer server(backend, options);
    RawConnection client(server.port());
    for (int i = 1; i <= 3; ++i) {
        client.send(get("/health/live"));
        const std::string answer = client.read_response(answer_time);
        CHECK(status_line(answer) == "HTTP/1.1 200 OK");
        CHECK(has_header(answer, "Connection: close") == (i == 3));
    }
    CHECK(client.closed_by_peer(answer_time));
    RawConnection idle(server.port());
    idle.send(get("/health/live"));
    CHECK(status_line(idle.read_response(answer_time)) == "HTTP/1.1 200 OK");
    CHECK(idle.closed_by_peer(answer_time)); // after a second without a request
}
