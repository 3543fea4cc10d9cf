#include "write_paths.hpp"

#include <atomic>
#include <iostream>
#include <thread>

namespace einblick::bench {
namespace {

double micros_since(Steady::time_point start) {
    return std::chrono::duration<double, std::micro>(Steady::now() - start).count();
}

// Runs work(thread, i) for i in [0, total) on `concurrency` threads; the rate per second.
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
    return total / (micros_since(start) / 1e6);
}

std::vector<server::AccessRequest> batch_of(const Fixture& f, const BenchAgency& agency,
                                            int first) {
    std::vector<server::AccessRequest> batch;
    batch.reserve(1000);
    for (int i = 0; i < 1000; ++i) {
        batch.push_back(access_request(f, agency, first + i));
    }
    return batch;
}

// A background writer sending 1000-event batches until stopped: reads measured meanwhile see
// the log grow at full speed.
class BatchLoad {
public:
    template <typename Send> explicit BatchLoad(Send send) {
        thread_ = std::thread([this, send] {
            for (int b = 0; !stop_; ++b) {
                send(b);
            }
        });
    }
    ~BatchLoad() {
        stop_ = true;
        thread_.join();
    }
    BatchLoad(const BatchLoad&) = delete;
    BatchLoad& operator=(const BatchLoad&) = delete;

private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

constexpr int load_citizens = 50'000'000; // batch load's citizens: above all others used

} // namespace

int ingest_total(const PathOptions& o, int concurrency) {
    return std::max(1000, o.events_per_writer * concurrency);
}

PathFigures measure_service(const PathOptions& o, const std::string& db, bool preloaded) {
    server::SystemClock clock;
    server::Backend backend(backend_options(db, preloaded), clock);
    const Fixture f =
        preloaded ? rebuilt_fixture(o.agencies) : prepare(backend, o.agencies, o.history_rows);
    PathFigures figures;
    int citizen = 0;
    for (const int c : o.concurrencies) {
        const int total = ingest_total(o, c);
        const auto before = backend.database.write_statistics();
        IngestFigure figure{
            c, threads_rate(c, total, [&](int t, int i) {
                const BenchAgency& a = f.agencies[static_cast<std::size_t>(t) % f.agencies.size()];
                backend.access.record(a.record, access_request(f, a, citizen + i), {});
            })};
        const auto after = backend.database.write_statistics();
        figure.events_per_commit =
            static_cast<double>(after.writes - before.writes) /
            static_cast<double>(std::max<std::uint64_t>(1, after.commits - before.commits));
        figures.ingest.push_back(figure);
        citizen += total;
    }
    const auto start = Steady::now();
    for (int b = 0; b < o.batches; ++b, citizen += 1000) {
        backend.access.record_batch(f.agencies[0].record, batch_of(f, f.agencies[0], citizen), {});
    }
    figures.batch_events_per_s = o.batches * 1000 / (micros_since(start) / 1e6);

    std::vector<double> check_us(static_cast<std::size_t>(o.check_concurrency) * 100);
    threads_rate(o.check_concurrency, static_cast<int>(check_us.size()), [&](int t, int i) {
        const BenchAgency& a = f.agencies[static_cast<std::size_t>(t) % f.agencies.size()];
        const auto t0 = Steady::now();
        backend.access.check(a.record, access_request(f, a, citizen + i), false, {});
        check_us[static_cast<std::size_t>(i)] = micros_since(t0);
    });
    const std::string pseudonym = backend.pseudonymizer.pseudonym(f.citizen_id);
    auto read_history = [&] {
        std::vector<double> history_us;
        for (int i = 0; i < o.history_reads; ++i) {
            const auto t0 = Steady::now();
            server::HistoryQuery q;
            q.limit = 50;
            backend.access.history(pseudonym, q);
            history_us.push_back(micros_since(t0));
        }
        return percentiles(history_us);
    };
    figures.check = percentiles(check_us);
    figures.history = read_history();
    {
        BatchLoad load([&](int b) {
            const BenchAgency& loader = f.agencies[1 % f.agencies.size()];
            backend.access.record_batch(loader.record,
                                        batch_of(f, loader, load_citizens + b * 1000), {});
        });
        figures.history_while_batch = read_history();
    }
    return figures;
}

namespace {

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

std::string batch_request(const Fixture& f, const BenchAgency& agency, int first) {
    std::string events;
    for (int i = 0; i < 1000; ++i) {
        if (i > 0) {
            events += ',';
        }
        events += access_json(f, agency, first + i);
    }
    return post("/api/v1/access-events/batch", agency.key, R"({"events":[)" + events + "]}");
}

} // namespace

PathFigures measure_http(const PathOptions& o, int port, const Fixture& f) {
    PathFigures figures;
    int citizen = 0;
    for (const int c : o.concurrencies) {
        const int total = ingest_total(o, c);
        auto conns = connections(port, c);
        const auto r = checked(run_closed_loop(conns, total,
                                               [&](std::size_t conn, int i) {
                                                   const BenchAgency& a =
                                                       f.agencies[conn % f.agencies.size()];
                                                   return post("/api/v1/access-events", a.key,
                                                               access_json(f, a, citizen + i));
                                               }),
                               "ingest");
        figures.ingest.push_back({c, r.rate(), 0});
        citizen += total;
    }
    auto one = connections(port, 1);
    const auto batch =
        checked(run_closed_loop(one, o.batches,
                                [&](std::size_t, int b) {
                                    return batch_request(f, f.agencies[0], citizen + b * 1000);
                                }),
                "batch");
    figures.batch_events_per_s = batch.rate() * 1000;
    citizen += o.batches * 1000;

    auto checkers = connections(port, o.check_concurrency);
    figures.check =
        percentiles(checked(run_closed_loop(checkers, o.check_concurrency * 100,
                                            [&](std::size_t conn, int i) {
                                                const BenchAgency& a =
                                                    f.agencies[conn % f.agencies.size()];
                                                return post("/api/v1/access-checks", a.key,
                                                            access_json(f, a, citizen + i));
                                            }),
                            "check")
                        .latencies_us);
    const std::string history = "GET /api/v1/me/access-events?limit=50 HTTP/1.1\r\nHost: "
                                "127.0.0.1\r\nCookie: " +
                                session_cookie(port, f) + "\r\n\r\n";
    auto read_history = [&] {
        auto reader = connections(port, 1);
        return percentiles(checked(run_closed_loop(reader, o.history_reads,
                                                   [&](std::size_t, int) { return history; }),
                                   "history")
                               .latencies_us);
    };
    figures.history = read_history();
    {
        BatchLoad load([&, loader = std::make_shared<std::vector<Connection>>(
                               connections(port, 1))](int b) {
            checked(run_closed_loop(*loader, 1,
                                    [&](std::size_t, int) {
                                        return batch_request(f, f.agencies[1 % f.agencies.size()],
                                                             load_citizens + b * 1000);
                                    }),
                    "batch load");
        });
        figures.history_while_batch = read_history();
    }
    return figures;
}

} // namespace einblick::bench
