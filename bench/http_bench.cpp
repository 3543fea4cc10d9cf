// einblick_http_bench: the server over real loopback sockets with keep-alive clients, next to
// the in-process service path and raw SQLite measured in the same run, plus what idle,
// dripping and flooding clients cost. Prints Markdown for BENCHMARKS.md.
#include "bench_fixture.hpp"
#include "edge_pressure.hpp"
#include "einblick/server/api_server.hpp"
#include "raw_sqlite.hpp"
#include "report_format.hpp"
#include "server_child.hpp"
#include "write_paths.hpp"

#include <CLI/CLI.hpp>
#include <atomic>
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

const std::vector<int> concurrencies{1, 16, 64};

PathOptions path_options(const Options& o) {
    PathOptions p;
    p.agencies = o.agencies;
    p.history_rows = o.history_rows;
    p.events_per_writer = o.events_per_writer;
    p.batches = o.batches;
    p.concurrencies = concurrencies;
    return p;
}

std::vector<Connection> connections(int port, int count) {
    std::vector<Connection> all;
    for (int i = 0; i < count; ++i) {
        all.emplace_back(port);
    }
    return all;
}

LoadResult measure_health(int port, int requests) {
    auto conns = connections(port, 16);
    const std::string health = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    LoadResult result = run_closed_loop(conns, requests, [&](std::size_t, int) { return health; });
    if (result.failures > 0) {
        std::cerr << "warning: health: " << result.failures << " failed requests\n";
    }
    return result;
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
    const PathFigures service =
        measure_service(path_options(o), o.dir + "/einblick-bench-service.db");
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
    const PathFigures http = measure_http(path_options(o), server.port(), server.pid(), f);
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
            fmt(http.ingest[i].events_per_s, " events/s"),
            "service " + fmt(service.ingest[i].events_per_s, " events/s"),
            fmt(http.ingest[i].events_per_s / service.ingest[i].events_per_s));
    }
    row("raw SQLite, 1 row per commit (synchronous=FULL)", "",
        fmt(raw.single_commit_rows_per_s, " rows/s"),
        "HTTP@1: " + fmt(http.ingest[0].events_per_s / raw.single_commit_rows_per_s));
    row("batch ingest, 1000 events per request", fmt(http.batch_events_per_s, " events/s"),
        "service " + fmt(service.batch_events_per_s, " events/s") + "; raw SQLite 1000/commit " +
            fmt(raw.batch_rows_per_s, " rows/s"),
        fmt(http.batch_events_per_s / service.batch_events_per_s) + " / " +
            fmt(http.batch_events_per_s / raw.batch_rows_per_s));
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
