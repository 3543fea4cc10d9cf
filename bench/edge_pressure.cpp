#include "edge_pressure.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <poll.h>
#include <sys/socket.h>
#include <thread>

namespace einblick::bench {
namespace {

const std::string health = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
const std::string drip_start = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n";
const std::string login_head = "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Content-Type: application/json\r\n";

// Eight client addresses, 127.0.0.2 to 127.0.0.9: like eight hosts, each under the server's
// limit per address.
std::string source_of(int i) {
    return "127.0.0." + std::to_string(2 + i % 8);
}

struct Held {
    Connection connection;
    bool dripping = false;
};

// The attacker's side: keeps every connection open, reopening what the server ends.
class Attacker {
public:
    Attacker(int port, int idle, int dripping) {
        for (int i = 0; i < idle + dripping; ++i) {
            held_.push_back({Connection(port, source_of(i)), i >= idle});
            start(held_.back());
        }
        thread_ = std::thread([this] { run(); });
    }
    ~Attacker() {
        stop_ = true;
        thread_.join();
    }
    int reopened() const { return reopened_; }

private:
    void start(Held& h) {
        if (h.dripping) {
            h.connection.send_all(drip_start);
        }
    }
    void reopen(Held& h) {
        h.connection.reopen();
        start(h);
        ++reopened_;
    }
    // One tenth of the dripping connections get a header line every 100 ms: one line per
    // connection per second. Any connection the server has closed is reopened.
    void run() {
        std::string sink;
        for (int tick = 0; !stop_; ++tick) {
            for (std::size_t i = static_cast<std::size_t>(tick % 10); i < held_.size(); i += 10) {
                Held& h = held_[i];
                if (h.dripping &&
                    !h.connection.send_all("X-Drip: " + std::to_string(tick) + "\r\n")) {
                    reopen(h);
                }
            }
            for (Held& h : held_) {
                sink.clear();
                if (!h.connection.poll_input(sink) || !sink.empty()) {
                    reopen(h); // closed, or answered (408) and about to close
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }

    std::vector<Held> held_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<int> reopened_{0};
};

// Sends `head`, then `piece` up to `repeat` times while the server reads and has not
// answered; returns the answer's status (0: none).
int flood(Connection& c, const std::string& head, const std::string& piece, int repeat) {
    if (!c.send_all(head)) {
        return 0;
    }
    for (int i = 0; i < repeat; ++i) {
        pollfd answered{c.fd(), POLLIN, 0};
        if (::poll(&answered, 1, 0) == 1 || !c.send_all(piece)) {
            break;
        }
    }
    return status_of(c.read_response());
}

std::string tally(const std::vector<int>& statuses) {
    std::map<int, int> counts;
    for (const int s : statuses) {
        ++counts[s];
    }
    std::string text;
    for (const auto& [status, count] : counts) {
        text += (text.empty() ? "" : ", ") + std::to_string(status) + " ×" + std::to_string(count);
    }
    return text;
}

// `parallel` connections flood at once, each from its own thread.
FloodFigure parallel_flood(const ServerFactory& start, const std::string& what, int parallel,
                           const std::string& head, const std::string& piece, int repeat) {
    const auto fresh = start();
    ServerProcess& server = *fresh;
    const long idle = server.resident_kb();
    std::vector<int> statuses(static_cast<std::size_t>(parallel));
    std::vector<std::thread> threads;
    for (int i = 0; i < parallel; ++i) {
        threads.emplace_back([&, i] {
            Connection c(server.port(), source_of(i));
            statuses[static_cast<std::size_t>(i)] = flood(c, head, piece, repeat);
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    return {what, server.peak_kb() - idle, tally(statuses)};
}

// `count` connections each send `bytes` of an incomplete request and hold it; the peak is
// read while all are held.
FloodFigure held_flood(const ServerFactory& start, const std::string& what, int count,
                       const std::string& bytes) {
    const auto fresh = start();
    ServerProcess& server = *fresh;
    const long idle = server.resident_kb();
    std::vector<Connection> held;
    std::vector<int> statuses;
    for (int i = 0; i < count; ++i) {
        held.emplace_back(server.port(), source_of(i));
        held.back().send_all(bytes);
    }
    // Whatever the server refused has been answered by now; the rest it holds.
    Connection probe(server.port());
    probe.send_all(health);
    statuses.push_back(status_of(probe.read_response()));
    const long peak = server.peak_kb() - idle;
    for (Connection& c : held) {
        std::string answer;
        c.poll_input(answer);
        statuses.push_back(answer.empty() ? 0 : status_of(answer));
    }
    return {what, peak,
            "probe " + std::to_string(statuses[0]) +
                "; held: " + tally({statuses.begin() + 1, statuses.end()}) + " (0 = still held)"};
}

} // namespace

HeldFigures measure_held(ServerProcess& server, int idle, int dripping, double seconds) {
    HeldFigures figures;
    Attacker attacker(server.port(), idle, dripping);
    Connection probe(server.port());
    std::vector<double> micros;
    const auto end = Steady::now() + std::chrono::duration<double>(seconds);
    while (Steady::now() < end) {
        const auto t0 = Steady::now();
        std::string answer;
        if (!probe.send_all(health) || status_of(answer = probe.read_response()) != 200) {
            ++figures.probe_failures;
            probe.reopen();
            continue;
        }
        micros.push_back(std::chrono::duration<double, std::micro>(Steady::now() - t0).count());
        if (header_value(answer, "Connection") == "close") {
            probe.reopen();
        }
    }
    figures.descriptors_at_end = server.open_descriptors();
    figures.reopened = attacker.reopened();
    figures.probes = static_cast<int>(micros.size());
    figures.probe = percentiles(micros);
    for (const double m : micros) {
        figures.probe_max_us = std::max(figures.probe_max_us, m);
    }
    return figures;
}

std::vector<FloodFigure> measure_floods(const ServerFactory& server) {
    std::vector<FloodFigure> figures;
    const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
    figures.push_back(parallel_flood(server, "32 × 64 MiB chunked login bodies", 32,
                                     login_head + "Transfer-Encoding: chunked\r\n\r\n", chunk,
                                     1024));
    std::string fields;
    for (int i = 0; i < 1000; ++i) {
        fields += "X-Field-" + std::to_string(i) + ": v\r\n";
    }
    figures.push_back(parallel_flood(server, "32 × 200,000 header fields", 32,
                                     "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n", fields,
                                     200));
    figures.push_back(
        parallel_flood(server, "32 × one 64 MiB header line", 32,
                       "GET /health/live HTTP/1.1\r\nX-Long: ", std::string(0x10000, 'a'), 1024));
    figures.push_back(
        held_flood(server, "200 × 1 MiB bodies held one byte short", 200,
                   login_head + "Content-Length: 1048576\r\n\r\n" + std::string(1048575, ' ')));
    std::string padding;
    for (int i = 0; i < 7; ++i) {
        padding += "X-Pad-" + std::to_string(i) + ": " + std::string(4000, 'a') + "\r\n";
    }
    figures.push_back(
        held_flood(server, "1000 × 28 KiB heads held unfinished", 1000, drip_start + padding));
    return figures;
}

} // namespace einblick::bench
