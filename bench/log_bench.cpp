// einblick_log_bench [--entries N] [--db PATH] [--reuse] [--samples N]
// The verifiable log at size (issue 11): fills a database with N entries through the access
// log repository (the rows, chain and tree nodes the services write, in transactions of 10,000
// entries), then measures what verifiers ask for: the tree head, one inclusion proof, the 50
// proofs of a history page in one read, and consistency proofs, each at the full size. Prints a
// Markdown table for BENCHMARKS.md.
#include "bench_fixture.hpp"
#include "einblick/server/backend.hpp"

#include <CLI/CLI.hpp>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <time.h>
#include <vector>

namespace {

using namespace einblick;
using namespace einblick::server;
using Steady = std::chrono::steady_clock;

double seconds_since(Steady::time_point start) {
    return std::chrono::duration<double>(Steady::now() - start).count();
}

// Wall-clock percentiles, and the 99th percentile of the time the measuring thread itself ran
// on a CPU. On a loaded machine the wall-clock tail is mostly time spent waiting for a core;
// the CPU-time tail is the work, which no other process can lengthen.
struct Percentiles {
    double p50_us;
    double p99_us;
    double max_us;
    double cpu_p99_us;
};

double at(const std::vector<double>& sorted, double q) {
    return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

Percentiles percentiles(std::vector<double> micros, std::vector<double> cpu_micros) {
    std::sort(micros.begin(), micros.end());
    std::sort(cpu_micros.begin(), cpu_micros.end());
    return {at(micros, 0.5), at(micros, 0.99), micros.back(), at(cpu_micros, 0.99)};
}

std::string latency(const Percentiles& p) {
    char text[128];
    std::snprintf(text, sizeof text, "p50 %.0f µs, p99 %.0f µs, max %.0f µs (CPU time p99 %.0f µs)",
                  p.p50_us, p.p99_us, p.max_us, p.cpu_p99_us);
    return text;
}

double thread_cpu_micros() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

// Entries shaped like the demo's: 1,000 citizens, two agencies, the times of one day.
NewLogEntry entry(std::int64_t n, RowId agency, UnixMillis now) {
    NewLogEntry e;
    e.kind = n % 3 == 0 ? AccessKind::Check : AccessKind::Access;
    e.outcome = n % 17 == 0 ? AccessOutcome::Denied : AccessOutcome::Allowed;
    e.reason = e.outcome == AccessOutcome::Allowed ? "allowed" : "consent_missing";
    e.citizen_pseudonym = std::string(56, 'c') + std::to_string(10'000'000 + n % 1000);
    e.agency_id = agency;
    e.register_code = "melderegister";
    e.data_categories = {"address"};
    e.legal_basis = "Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 34 BMG";
    e.correlation_id = "AZ-" + std::to_string(n);
    e.occurred_at = now - 86'400'000 + n % 86'400'000;
    e.recorded_at = now;
    return e;
}

void fill(Backend& backend, std::int64_t from, std::int64_t to, RowId agency) {
    constexpr std::int64_t per_transaction = 10'000;
    const UnixMillis now = backend.clock.now();
    const auto start = Steady::now();
    std::vector<NewLogEntry> batch;
    for (std::int64_t n = from; n < to; n += per_transaction) {
        batch.clear();
        for (std::int64_t i = n; i < std::min(to, n + per_transaction); ++i) {
            batch.push_back(entry(i, agency, now));
        }
        backend.storage.log.append(batch);
        if ((n / per_transaction) % 50 == 49) {
            std::cerr << "  " << n + per_transaction << " entries, "
                      << static_cast<int>(static_cast<double>(n + per_transaction - from) /
                                          seconds_since(start))
                      << " entries/s\n";
        }
    }
    const double seconds = seconds_since(start);
    std::fprintf(stderr, "loaded %lld entries in %.0f s (%.0f entries/s)\n",
                 static_cast<long long>(to - from), seconds,
                 static_cast<double>(to - from) / std::max(seconds, 1e-9));
}

template <typename F> Percentiles timed(int samples, F&& run) {
    std::vector<double> micros;
    std::vector<double> cpu_micros;
    micros.reserve(static_cast<std::size_t>(samples));
    cpu_micros.reserve(static_cast<std::size_t>(samples));
    for (int i = 0; i < samples; ++i) {
        const double cpu0 = thread_cpu_micros();
        const auto t0 = Steady::now();
        run(i);
        micros.push_back(seconds_since(t0) * 1e6);
        cpu_micros.push_back(thread_cpu_micros() - cpu0);
    }
    return percentiles(std::move(micros), std::move(cpu_micros));
}

void row(const std::string& what, const std::string& value) {
    std::cout << "| " << what << " | " << value << " |\n";
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Einblick verifiable-log benchmark"};
    std::int64_t entries = 1'000'000;
    int samples = 2'000;
    bool reuse = false;
    std::string path = (std::filesystem::temp_directory_path() / "einblick-log-bench.db").string();
    app.add_option("--entries", entries, "Entries in the log")->check(CLI::Range(2, 1 << 30));
    app.add_option("--samples", samples, "Measurements per figure")
        ->check(CLI::Range(10, 1'000'000));
    app.add_option("--db", path, "Database file");
    app.add_flag("--reuse", reuse, "Keep the file and append only the entries it lacks");
    CLI11_PARSE(app, argc, argv);

    BackendOptions options = bench::backend_options(path, reuse);
    options.checkpoint_key = Bytes(32, 7);
    SystemClock clock;
    Backend backend(options, clock);
    const auto agencies = backend.agencies.list();
    const RowId agency = agencies.empty() ? backend.agencies.create("bench", "Benchmark-Behörde")
                                          : agencies.front().id;
    const std::int64_t stored = backend.storage.log.tree_head().size;
    if (stored < entries) {
        fill(backend, stored, entries, agency);
    }
    const std::int64_t size = backend.storage.log.tree_head().size;
    const auto file_bytes = std::filesystem::file_size(path);

    std::mt19937_64 random(42);
    auto any_index = [&] {
        return static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(size));
    };

    // The physical floor in the same run, on the same file: raw SQLite reading one random entry
    // by its primary key on a connection of its own. Its p99 shows how much of a proof's p99 is
    // this machine's noise (other processes, the page cache) rather than the tree.
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    SQLite::Statement one_row(raw, "SELECT * FROM access_log WHERE id = ?");
    const Percentiles floor = timed(samples, [&](int) {
        one_row.reset();
        one_row.bind(1, 1 + any_index());
        one_row.executeStep();
    });

    std::cout << "| measurement (" << size << " entries, " << file_bytes / 1'000'000
              << " MB file) | result |\n|---|---|\n";
    row("baseline: raw SQLite, one random entry by primary key", latency(floor));
    row("tree head (root of the whole tree)",
        latency(timed(samples, [&](int) { backend.storage.log.tree_head(); })));
    row("inclusion proof, one entry", latency(timed(samples, [&](int) {
            backend.storage.log.inclusion_proof(any_index(), size);
        })));
    row("inclusion proofs, 50 entries of a history page in one read",
        latency(timed(samples / 10, [&](int) {
            std::vector<std::int64_t> page(50);
            std::generate(page.begin(), page.end(), any_index);
            backend.storage.log.inclusion_proofs(page, size);
        })));
    row("consistency proof, random older size to the full size", latency(timed(samples, [&](int) {
            backend.storage.log.consistency_proof(1 + any_index() % (size - 1), size);
        })));
    row("consistency proof, last second's growth (size − 1,000 to size)",
        latency(timed(samples, [&](int) {
            backend.storage.log.consistency_proof(std::max<std::int64_t>(1, size - 1000), size);
        })));
    row("one durable append, then a signed checkpoint of the new head (sign_current)",
        latency(timed(std::min(samples, 200), [&](int i) {
            backend.storage.log.append(std::vector{entry(size + i, agency, clock.now())});
            backend.checkpoints.sign_current();
        })));
    return 0;
}
