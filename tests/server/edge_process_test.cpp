// The HTTP edge of the real `einblick` executable: its memory under floods (the peak resident
// memory of the server process, from /proc), one server per port, and SIGTERM with a slow
// client. Loopback only; every wait has a deadline and no assertion is about time. On the
// PostgreSQL registration (pg.edge) each server works in a schema of its own (TestDatabase).

#include "child_process.hpp"
#include "raw_connection.hpp"
#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <doctest/doctest.h>
#include <signal.h>
#include <string>
#include <thread>
#include <zlib.h>

using namespace einblick::testing;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

constexpr milliseconds answer_time = seconds(30);

// A server on a fresh database and a free port (no demo data: its memory is the edge's).
class Server {
public:
    explicit Server(const std::string& name, std::vector<std::string> flags = {})
        : dir_(name), database_(dir_.file("e.db")), process_([&] {
              ::setenv("EINBLICK_PSEUDONYM_KEY", std::string(64, 'a').c_str(), 1);
              std::vector<std::string> args{"serve",  "--db", database_.db(),
                                            "--port", "0",    "--no-request-log"};
              args.insert(args.end(), flags.begin(), flags.end());
              return args;
          }()) {
        const std::string line = process_.wait_for_line("listening on http://127.0.0.1:");
        REQUIRE_FALSE(line.empty());
        port_ = port_of(line);
    }

    int port() const { return port_; }
    Process& process() { return process_; }
    long peak_kb() const { return process_.status_kb("VmHWM"); }

private:
    TempDir dir_;
    TestDatabase database_;
    Process process_;
    int port_ = -1;
};

std::string health(RawConnection& connection) {
    connection.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    return status_line(connection.read_response(answer_time));
}

// `inflated` bytes of spaces, gzip-compressed (about a thousandth of the size).
std::string gzip_of_spaces(std::size_t inflated) {
    z_stream stream{};
    REQUIRE(deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string input(1024 * 1024, ' ');
    std::string output;
    char buffer[65536];
    for (std::size_t done = 0; done < inflated; done += input.size()) {
        stream.next_in = reinterpret_cast<Bytef*>(input.data());
        stream.avail_in = static_cast<uInt>(input.size());
        const int flush = done + input.size() >= inflated ? Z_FINISH : Z_NO_FLUSH;
        do {
            stream.next_out = reinterpret_cast<Bytef*>(buffer);
            stream.avail_out = sizeof buffer;
            deflate(&stream, flush);
            output.append(buffer, sizeof buffer - stream.avail_out);
        } while (stream.avail_out == 0);
    }
    deflateEnd(&stream);
    return output;
}

} // namespace

TEST_CASE("floods of chunked bodies, header fields and compressed bodies are refused, and the "
          "server's peak memory stays bounded") {
    const std::string bomb = gzip_of_spaces(256u * 1024 * 1024);
    Server server("einblick-edge-floods");
    RawConnection warm(server.port());
    REQUIRE(health(warm) == "HTTP/1.1 200 OK");
    const long before = server.peak_kb();
    REQUIRE(before > 0);
    const std::string login = "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Content-Type: application/json\r\n";

    RawConnection chunked(server.port()); // 64 MiB, chunked, before any authentication
    const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
    const std::string too_large =
        chunked.flood(login + "Transfer-Encoding: chunked\r\n\r\n", chunk, 1024, answer_time);
    CHECK(status_line(too_large) == "HTTP/1.1 413 Payload Too Large");

    RawConnection fields(server.port()); // 200,000 header fields
    std::string thousand;
    for (int i = 0; i < 1000; ++i) {
        thousand += "X-Field-" + std::to_string(i) + ": v\r\n";
    }
    const std::string too_many = fields.flood("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                                              thousand, 200, answer_time);
    CHECK(status_line(too_many) == "HTTP/1.1 431 Request Header Fields Too Large");

    RawConnection line(server.port()); // one header line of 64 MiB
    const std::string too_long = line.flood(
        "GET /health/live HTTP/1.1\r\nX-Long: ", std::string(0x10000, 'a'), 1024, answer_time);
    CHECK(status_line(too_long) == "HTTP/1.1 431 Request Header Fields Too Large");

    RawConnection compressed(server.port()); // 256 MiB once inflated
    const std::string refused = compressed.flood(
        login + "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(bomb.size()) +
            "\r\n\r\n",
        bomb, 1, answer_time);
    CHECK(status_line(refused) == "HTTP/1.1 415 Unsupported Media Type");

    // Still serving, and the peak is what a few requests cost, not what was sent. (The issue's
    // target for any flood is 100 MB above idle; the bound here is a third of that.)
    RawConnection after(server.port());
    CHECK(health(after) == "HTTP/1.1 200 OK");
    const long grown_kb = server.peak_kb() - before;
    INFO("peak resident memory grew by " << grown_kb << " kB");
    CHECK(grown_kb <= 32 * 1024);
}

TEST_CASE("a second server on a port in use fails to start with one error line") {
    Server first("einblick-edge-first");
    const einblick::testing::TempDir other("einblick-edge-second");
    const TestDatabase database(other.file("s.db"));
    Process second({"serve", "--db", database.db(), "--port", std::to_string(first.port()),
                    "--no-request-log"});
    // It must not come up (with SO_REUSEPORT it did, and took half the requests).
    CHECK(second.wait_for_line("listening on", 60'000).empty());
    const std::optional<int> code = second.wait_for(answer_time);
    REQUIRE(code.has_value());
    CHECK(*code != 0);
    const std::string& err = second.stderr_text();
    const auto error_line = err.find("einblick: error: ");
    REQUIRE(error_line != std::string::npos);
    CHECK(err.find("einblick: error: ", error_line + 1) == std::string::npos);
    const std::string message = err.substr(error_line, err.find('\n', error_line) - error_line);
    CHECK(message.find(":" + std::to_string(first.port())) != std::string::npos);
    CHECK(message.find("in use") != std::string::npos);

    RawConnection still(first.port());
    CHECK(health(still) == "HTTP/1.1 200 OK");
}

TEST_CASE("SIGTERM with a slow client: the server exits 0 once the shutdown grace has passed") {
    // Only the grace can end the slow request: its head deadline is far away.
    Server server("einblick-edge-sigterm",
                  {"--shutdown-grace", "2", "--request-head-timeout", "600"});
    RawConnection slow(server.port());
    // One whole request first: from then on the connection is surely the server's.
    REQUIRE(health(slow) == "HTTP/1.1 200 OK");
    slow.send("GET /health/live HTTP/1.1\r\n");
    std::atomic<bool> dripping{true};
    std::thread drip([&] {
        while (dripping && slow.try_send("X-Drip: x\r\n")) {
            std::this_thread::sleep_for(milliseconds(100));
        }
    });
    server.process().signal(SIGTERM);
    const std::optional<int> code = server.process().wait_for(seconds(60));
    dripping = false;
    drip.join();
    REQUIRE(code.has_value());
    CHECK(*code == 0);
}
