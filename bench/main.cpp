// einblick_bench [--events N] [--threads N] [--db PATH]
// Prints a Markdown table of throughput and latency figures for BENCHMARKS.md.
#include "einblick/server/backend.hpp"
#include "einblick/shared/citizen_id.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

namespace {

using namespace einblick;
using namespace einblick::server;
using Steady = std::chrono::steady_clock;

std::string citizen_id(int n) {
    char ten[16];
    std::snprintf(ten, sizeof ten, "%010d", 1'000'000'000 + n % 999'999'999);
    return std::string(ten) + std::to_string(*citizen_id_check_digit(ten));
}

double seconds_since(Steady::time_point start) {
    return std::chrono::duration<double>(Steady::now() - start).count();
}

struct Percentiles {
    double p50_us;
    double p99_us;
};

Percentiles percentiles(std::vector<double> micros) {
    std::sort(micros.begin(), micros.end());
    auto at = [&](double q) {
        return micros[static_cast<std::size_t>(q * static_cast<double>(micros.size() - 1))];
    };
    return {at(0.5), at(0.99)};
}

struct Bench {
    explicit Bench(const std::string& path) : backend(options(path), clock) {
        agency = {backend.agencies.create("bench", "Benchmark-Behörde"), "bench",
                  "Benchmark-Behörde"};
        const RowId dpo = backend.accounts.create({"dpo", "x", "DPO", AccountRole::Dpo, {}, {}}, 0);
        api::PurposeContent content{"Benchmark", "Messung",         "§ 1 Test", "A6-1-e",
                                    {"address"}, {"melderegister"}, {},         730};
        purpose = backend.purpose_service.propose(Actor::agency_key(agency.id), content).id;
        backend.purpose_service.decide(Actor::dpo(dpo, std::nullopt), purpose, 1,
                                       PurposeDecision::Approve, "ok");
    }
    static BackendOptions options(const std::string& path) {
        BackendOptions o;
        o.database_path = path;
        o.pseudonym_key = Bytes(32, 1);
        return o;
    }
    AccessRequest request(int citizen) const {
        AccessRequest r;
        r.citizen_id = citizen_id(citizen);
        r.purpose_id = purpose;
        r.register_code = "melderegister";
        r.data_categories = {"address"};
        return r;
    }

    SystemClock clock;
    Backend backend;
    AgencyRecord agency;
    RowId purpose = 0;
};

void row(const std::string& what, const std::string& value) {
    std::cout << "| " << what << " | " << value << " |\n";
}

std::string fmt(double v, const char* unit) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.0f %s", v, unit);
    return buffer;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Einblick benchmark"};
    int events = 200'000;
    int threads = 16;
    int single = 2'000;
    std::string path = (std::filesystem::temp_directory_path() / "einblick-bench.db").string();
    app.add_option("--events", events, "Events to preload for the read benchmarks");
    app.add_option("--threads", threads, "Concurrent writers for the group-commit benchmark");
    app.add_option("--single", single, "Events written one by one by one writer");
    app.add_option("--db", path, "Database file (deleted first)");
    CLI11_PARSE(app, argc, argv);
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path + suffix);
    }
    Bench bench(path);
    AccessService& access = bench.backend.access;
    std::cout << "| measurement | result |\n|---|---|\n";

    // 1. One writer, one durable commit per event (synchronous=FULL).
    auto start = Steady::now();
    for (int i = 0; i < single; ++i) {
        access.record(bench.agency, bench.request(i), {});
    }
    row("1 writer, 1 event per request (fsync each)",
        fmt(single / seconds_since(start), "events/s"));

    // 2. Many writers: the group commit gathers concurrent requests into one transaction.
    const auto before = bench.backend.database.write_statistics();
    std::atomic<int> next{0};
    const int concurrent_total = single * 4;
    start = Steady::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (int i; (i = next++) < concurrent_total;) {
                access.record(bench.agency, bench.request(i), {});
            }
        });
    }
    for (auto& t : pool) {
        t.join();
    }
    const double concurrent_rate = concurrent_total / seconds_since(start);
    const auto after = bench.backend.database.write_statistics();
    row(std::to_string(threads) + " writers, 1 event per request (group commit)",
        fmt(concurrent_rate, "events/s"));
    char per_commit[64];
    std::snprintf(
        per_commit, sizeof per_commit, "%.1f",
        static_cast<double>(after.writes - before.writes) /
            static_cast<double>(std::max<std::uint64_t>(1, after.commits - before.commits)));
    row("events per durable commit under that load", per_commit);

    // 3. Bulk load through the batch API (1000 per request).
    start = Steady::now();
    for (int done = 0; done < events; done += 1000) {
        std::vector<AccessRequest> batch;
        for (int i = 0; i < 1000; ++i) {
            batch.push_back(bench.request(done + i));
        }
        access.record_batch(bench.agency, batch, {});
    }
    row("batch API, 1000 events per request", fmt(events / seconds_since(start), "events/s"));

    // 4. Reads: newest 50 of one citizen, and access checks (rules + durable log entry).
    std::vector<double> history_us;
    const int citizens = std::max(1, events / 50);
    for (int i = 0; i < 2000; ++i) {
        const auto t0 = Steady::now();
        HistoryQuery q;
        q.limit = 50;
        access.history(bench.backend.pseudonymizer.pseudonym(citizen_id((i * 7919) % citizens)), q);
        history_us.push_back(seconds_since(t0) * 1e6);
    }
    const auto h = percentiles(history_us);
    row("citizen history, newest 50 (" + std::to_string(events + single * 5) + " rows)",
        "p50 " + fmt(h.p50_us, "µs") + ", p99 " + fmt(h.p99_us, "µs"));

    std::vector<double> check_us(static_cast<std::size_t>(threads) * 200);
    next = 0;
    pool.clear();
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (int i; (i = next++) < static_cast<int>(check_us.size());) {
                const auto t0 = Steady::now();
                access.check(bench.agency, bench.request(i), false, {});
                check_us[static_cast<std::size_t>(i)] = seconds_since(t0) * 1e6;
            }
        });
    }
    for (auto& t : pool) {
        t.join();
    }
    const auto c = percentiles(check_us);
    row("access check incl. durable log entry, " + std::to_string(threads) + " concurrent",
        "p50 " + fmt(c.p50_us, "µs") + ", p99 " + fmt(c.p99_us, "µs"));
    std::cout << "\nchain intact: " << (bench.backend.log.verify_chain().intact ? "yes" : "NO")
              << "\n";
    return 0;
}
