// einblick_http_bench: the server over real loopback sockets with keep-alive clients, next to
// the in-process service path and raw SQLite measured in the same run, plus what idle,
// dripping and flooding clients cost. Prints Markdown for BENCHMARKS.md.
#include "bench_fixture.hpp"
#include "edge_pressure.hpp"
#include "einblick/server/api_server.hpp"
#include "raw_sqlite.hpp"
#include "server_child.hpp"

#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

namespace {

using namespace einblick;
using namespace einblick::bench;

struct Options {
    std::string dir = std::filesystem::temp_directory_path().string();
    int agencies = 64;
    int history_rows = 5000;
    int health_requests = 100'000;
    int events_per_writer = 100; // single-event ingest: per concurrent agency, at least 1000
    int batches = 20;            // of 1000 events
    int held = 500;              // idle and as many dripping
    double held_seconds = 15;
    int workers = server::EdgeOptions{}.workers; // as `einblick serve`
};

// Figures of one path (in-process or HTTP) at the same load.
struct PathFigures {
    std::vector<double> ingest_rate; // per concurrency in `concurrencies`
    double batch_rate = 0;
    Percentiles check;
    Percentiles history;
};

const std::vector<int> concurrencies{1, 16, 64};
constexpr int check_concurrency = 16;

int ingest_total(const Options& o, int concurrency) {
    return std::max(1000, o.events_per_writer * concurrency);
}

std::string fmt(double v, const char* unit = "") {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, v >= 100 || v == 0 ? "%.0f%s" : "%.2f%s", v, unit);
    return buffer;
}

std::string ms(const Percentiles& p) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "p50 %.2f ms, p99 %.2f ms", p.p50_us / 1000,
                  p.p99_us / 1000);
    return buffer;
}

// --- in process: the services, called from threads, no HTTP ---

template <typename Work> double threads_rate(int concurrency, int total, Work work) {
    std::atomic<int> next{0};
    const auto start = Steady::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < concurrency; ++t) {
        pool.emplace_back([&, t] {
            for (int i; (i = next++) < total;) {
                work(t, i);
            }
        });
    }
    for (auto& t : pool) {
        t.join();
    }
    return total / std::chrono::duration<double>(Steady::now() - start).count();
}

PathFigures measure_in_process(const Options& o) {
    server::SystemClock clock;
    server::Backend backend(backend_options(o.dir + "/einblick-bench-service.db"), clock);
    const Fixture f = prepare(backend, o.agencies, o.history_rows);
    PathFigures figures;
    int citizen = 0;
    for (const int c : concurrencies) {
        const int total = ingest_total(o, c);
        figures.ingest_rate.push_back(threads_rate(c, total, [&](int t, int i) {
            const BenchAgency& a = f.agencies[static_cast<std::size_t>(t) % f.agencies.size()];
            backend.access.record(a.record, access_request(f, a, citizen + i), {});
        }));
        citizen += total;
    }
    const auto start = Steady::now();
    for (int b = 0; b < o.batches; ++b, citizen += 1000) {
        std::vector<server::AccessRequest> batch;
        for (int i = 0; i < 1000; ++i) {
            batch.push_back(access_request(f, f.agencies[0], citizen + i));
        }
        backend.access.record_batch(f.agencies[0].record, batch, {});
    }
    figures.batch_rate =
        o.batches * 1000 / std::chrono::duration<double>(Steady::now() - start).count();

    std::vector<double> check_us(check_concurrency * 100);
    threads_rate(check_concurrency, static_cast<int>(check_us.size()), [&](int t, int i) {
        const BenchAgency& a = f.agencies[static_cast<std::size_t>(t)];
        const auto t0 = Steady::now();
        backend.access.check(a.record, access_request(f, a, citizen + i), false, {});
        check_us[static_cast<std::size_t>(i)] =
            std::chrono::duration<double, std::micro>(Steady::now() - t0).count();
    });
    figures.check = percentiles(check_us);
    std::vector<double> history_us;
    const std::string pseudonym = backend.pseudonymizer.pseudonym(f.citizen_id);
    for (int i = 0; i < 2000; ++i) {
        const auto t0 = Steady::now();
        server::HistoryQuery q;
        q.limit = 50;
        backend.access.history(pseudonym, q);
        history_us.push_back(std::chrono::duration<double, std::micro>(Steady::now() - t0).count());
    }
    figures.history = percentiles(history_us);
    return figures;
}

// --- over HTTP: the same work as requests on keep-alive connections ---

std::string post(const std::string& path, const std::string& key, const std::string& body) {
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

std::vector<Connection> connections(int port, int count) {
    std::vector<Connection> all;
    for (int i = 0; i < count; ++i) {
        all.emplace_back(port);
    }
    return all;
}

LoadResult checked(LoadResult result, const char* what) {
    if (result.failures > 0) {
        std::cerr << "warning: " << what << ": " << result.failures << " failed requests\n";
    }
    return result;
}

std::string session_cookie(int port, const Fixture& f) {
    Connection c(port);
    const std::string body =
        R"({"username":")" + f.username + R"(","password":")" + f.password + R"("})";
    c.send_all(post("/api/v1/session", "-", body));
    const std::string answer = c.read_response();
    const std::string cookie = header_value(answer, "Set-Cookie");
    return cookie.substr(0, cookie.find(';'));
}

PathFigures measure_http(const Options& o, int port, const Fixture& f) {
    PathFigures figures;
    int citizen = 0;
    for (const int c : concurrencies) {
        const int total = ingest_total(o, c);
        auto conns = connections(port, c);
        const auto r = checked(run_closed_loop(conns, total,
                                               [&](std::size_t conn, int i) {
                                                   const BenchAgency& a = f.agencies[conn];
                                                   return post("/api/v1/access-events", a.key,
                                                               access_json(f, a, citizen + i));
                                               }),
                               "ingest");
        figures.ingest_rate.push_back(r.rate());
        citizen += total;
    }
    auto one = connections(port, 1);
    const auto batch =
        checked(run_closed_loop(one, o.batches,
                                [&](std::size_t, int b) {
                                    std::string events;
                                    for (int i = 0; i < 1000; ++i) {
                                        events +=
                                            (i ? "," : "") +
                                            access_json(f, f.agencies[0], citizen + b * 1000 + i);
                                    }
                                    return post("/api/v1/access-events/batch", f.agencies[0].key,
                                                R"({"events":[)" + events + "]}");
                                }),
                "batch");
    figures.batch_rate = batch.rate() * 1000;
    citizen += o.batches * 1000;

    auto sixteen = connections(port, check_concurrency);
    figures.check =
        percentiles(checked(run_closed_loop(sixteen, check_concurrency * 100,
                                            [&](std::size_t conn, int i) {
                                                const BenchAgency& a = f.agencies[conn];
                                                return post("/api/v1/access-checks", a.key,
                                                            access_json(f, a, citizen + i));
                                            }),
                            "check")
                        .latencies_us);
    const std::string history = "GET /api/v1/me/access-events?limit=50 HTTP/1.1\r\nHost: "
                                "127.0.0.1\r\nCookie: " +
                                session_cookie(port, f) + "\r\n\r\n";
    auto reader = connections(port, 1);
    figures.history = percentiles(
        checked(run_closed_loop(reader, 2000, [&](std::size_t, int) { return history; }), "history")
            .latencies_us);
    return figures;
}

LoadResult measure_health(int port, int requests) {
    auto conns = connections(port, 16);
    const std::string health = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    return checked(run_closed_loop(conns, requests, [&](std::size_t, int) { return health; }),
                   "health");
}

void row(const std::string& what, const std::string& http, const std::string& baseline,
         const std::string& ratio) {
    std::cout << "| " << what << " | " << http << " | " << baseline << " | " << ratio << " |\n";
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Einblick HTTP benchmark"};
    Options o;
    bool child = false;
    std::string child_db;
    app.add_flag("--server-child", child)->group("");
    app.add_option("--db", child_db)->group("");
    app.add_option("--dir", o.dir, "Folder for the database files (deleted first)");
    app.add_option("--agencies", o.agencies, "Agencies (and the most concurrent clients)");
    app.add_option("--history-rows", o.history_rows, "Rows in the measured citizen's history");
    app.add_option("--health-requests", o.health_requests, "/health/live requests");
    app.add_option("--events-per-writer", o.events_per_writer, "Single-event ingest per client");
    app.add_option("--held", o.held, "Idle connections held (and as many dripping)");
    app.add_option("--held-seconds", o.held_seconds, "How long /health/live is probed then");
    app.add_option("--workers", o.workers, "The server's --workers");
    CLI11_PARSE(app, argc, argv);
    if (child) {
        return run_server_child(child_db, o.agencies, o.history_rows, o.workers);
    }
    std::filesystem::create_directories(o.dir); // a fresh folder is the usual choice

    const RawSqliteFigures raw =
        measure_raw_sqlite(o.dir + "/einblick-bench-raw.db", 500, o.batches * 1000 * 5);
    const PathFigures service = measure_in_process(o);
    // The fixture again on a throwaway backend: the same ids and keys the server's has.
    server::SystemClock clock;
    Fixture f;
    {
        server::Backend scratch(backend_options(":memory:"), clock);
        f = prepare(scratch, o.agencies, 0);
    }
    ServerProcess server(o.dir + "/einblick-bench-http.db", o.agencies, o.history_rows, o.workers);
    const long idle_kb = server.resident_kb();
    const LoadResult health = measure_health(server.port(), o.health_requests);
    const PathFigures http = measure_http(o, server.port(), f);
    const long loaded_kb = server.resident_kb();
    const HeldFigures held = measure_held(server, o.held, o.held, o.held_seconds);
    const int exit_code = server.stop();
    long fresh_idle_kb = 0;
    const std::vector<FloodFigure> floods = measure_floods([&] {
        auto fresh =
            std::make_unique<ServerProcess>(o.dir + "/einblick-bench-flood.db", 1, 0, o.workers);
        fresh_idle_kb = fresh->resident_kb();
        return fresh;
    });

    std::cout << "| measurement | HTTP (server process) | baseline, same run | ratio |\n"
                 "|---|---:|---:|---:|\n";
    row("/health/live, 16 keep-alive connections", fmt(health.rate(), " req/s"),
        "target 10,000 req/s", fmt(health.rate() / 10'000.0, " × target"));
    for (std::size_t i = 0; i < concurrencies.size(); ++i) {
        row("single-event ingest, " + std::to_string(concurrencies[i]) + " concurrent agencies",
            fmt(http.ingest_rate[i], " events/s"),
            "service " + fmt(service.ingest_rate[i], " events/s"),
            fmt(http.ingest_rate[i] / service.ingest_rate[i]));
    }
    row("raw SQLite, 1 row per commit (synchronous=FULL)", "",
        fmt(raw.single_commit_rows_per_s, " rows/s"),
        "HTTP@1: " + fmt(http.ingest_rate[0] / raw.single_commit_rows_per_s));
    row("batch ingest, 1000 events per request", fmt(http.batch_rate, " events/s"),
        "service " + fmt(service.batch_rate, " events/s") + "; raw SQLite 1000/commit " +
            fmt(raw.batch_rows_per_s, " rows/s"),
        fmt(http.batch_rate / service.batch_rate) + " / " +
            fmt(http.batch_rate / raw.batch_rows_per_s));
    row("access check incl. durable log entry, 16 concurrent", ms(http.check),
        "service " + ms(service.check), fmt(http.check.p99_us / service.check.p99_us) + " (p99)");
    row("citizen history, newest 50 of " + std::to_string(o.history_rows), ms(http.history),
        "service " + ms(service.history) + "; raw SQLite " + ms(raw.newest_50),
        fmt(http.history.p99_us / service.history.p99_us) + " (p99)");
    row("server RSS idle / after the load above",
        fmt(idle_kb / 1024.0, " MiB") + " / " + fmt(loaded_kb / 1024.0, " MiB"), "", "");
    row("/health/live with " + std::to_string(o.held) + " idle + " + std::to_string(o.held) +
            " dripping held (" + std::to_string(held.probes) + " probes)",
        ms(held.probe) + ", max " + fmt(held.probe_max_us / 1000, " ms"), "target p99 100 ms",
        fmt(held.probe.p99_us / 100'000.0, " × target"));
    std::cout << "\nHeld connections: " << held.reopened
              << " reopened after the server ended them (timeouts), " << held.descriptors_at_end
              << " server descriptors open at the end, " << held.probe_failures
              << " failed probes.\n\nEach flood on a fresh server process (idle RSS "
              << fmt(fresh_idle_kb / 1024.0, " MiB")
              << "):\n\n| flood | peak RSS above idle | answers |\n|---|---:|---|\n";
    for (const FloodFigure& flood : floods) {
        std::cout << "| " << flood.what << " | " << fmt(flood.peak_above_idle_kb / 1024.0, " MiB")
                  << " | " << flood.answers << " |\n";
    }
    std::cout << "\nhealth reconnects (keep-alive limit): " << health.reconnects
              << "; server exit code after SIGTERM: " << exit_code << "\n";
    return 0;
}
