#include "write_paths.hpp"

#include "einblick/server/sqlite_storage.hpp"
#include "einblick/shared/civil_time.hpp"
#include "loopback_floor.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unistd.h>
#include <utility>

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
                ++batches_;
            }
        });
    }
    ~BatchLoad() {
        stop_ = true;
        thread_.join();
    }
    BatchLoad(const BatchLoad&) = delete;
    BatchLoad& operator=(const BatchLoad&) = delete;
    int batches() const { return batches_; } // completed so far

private:
    std::atomic<bool> stop_{false};
    std::atomic<int> batches_{0};
    std::thread thread_;
};

constexpr int load_citizens = 50'000'000; // batch load's citizens: above all others used

// The history's filters as the API names them (GET /api/v1/me/access-events); bit i of a
// combination sets filter i.
constexpr std::array<const char*, 6> filter_names{"agency", "purpose", "outcome",
                                                  "from",   "to",      "category"};
constexpr int filter_combinations = 1 << filter_names.size();
constexpr int all_filters = filter_combinations - 1;
constexpr int history_page = 50;

std::string combination_name(int bits) {
    std::string name;
    for (std::size_t i = 0; i < filter_names.size(); ++i) {
        if ((bits & (1 << i)) != 0) {
            if (!name.empty()) {
                name += '+';
            }
            name += filter_names[i];
        }
    }
    return name.empty() ? "no filter" : name;
}

// Values that select the fixture's history rows: record_history records them all for the first
// agency and its purpose, allowed, category "address", at the time the fixture was prepared
// (with --size --reuse possibly days before this run): hence from 400 days ago to a day ahead.
struct FilterValues {
    std::string agency;
    server::RowId purpose = 0;
    UnixMillis from = 0;
    UnixMillis to = 0;
};

FilterValues filter_values(const Fixture& f) {
    constexpr UnixMillis day = 24LL * 3'600'000;
    const UnixMillis now = server::SystemClock{}.now();
    return {f.agencies[0].record.code, f.agencies[0].purpose, now - 400 * day, now + day};
}

server::HistoryFilter history_filter(const FilterValues& v, int bits) {
    server::HistoryFilter filter;
    if ((bits & 1) != 0) {
        filter.agency_code = v.agency;
    }
    if ((bits & 2) != 0) {
        filter.purpose_id = v.purpose;
    }
    if ((bits & 4) != 0) {
        filter.outcome = server::AccessOutcome::Allowed;
    }
    if ((bits & 8) != 0) {
        filter.from = v.from;
    }
    if ((bits & 16) != 0) {
        filter.to = v.to;
    }
    if ((bits & 32) != 0) {
        filter.data_category = "address";
    }
    return filter;
}

std::string url_encoded(const std::string& text) {
    constexpr const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

// The same query as the API's request target.
std::string history_target(const FilterValues& v, int bits, const std::string& cursor = "") {
    std::string target = "/api/v1/me/access-events?limit=" + std::to_string(history_page);
    auto add = [&](const char* name, const std::string& value) {
        target += std::string("&") + name + "=" + url_encoded(value);
    };
    if ((bits & 1) != 0) {
        add("agency", v.agency);
    }
    if ((bits & 2) != 0) {
        add("purpose", std::to_string(v.purpose));
    }
    if ((bits & 4) != 0) {
        add("outcome", "allowed");
    }
    if ((bits & 8) != 0) {
        add("from", format_rfc3339_utc(v.from));
    }
    if ((bits & 16) != 0) {
        add("to", format_rfc3339_utc(v.to));
    }
    if ((bits & 32) != 0) {
        add("category", "address");
    }
    if (!cursor.empty()) {
        add("cursor", cursor);
    }
    return target;
}

struct CombinationReads {
    int bits = 0;
    std::vector<double> latencies_us;
    int rows = 0; // on the page
};

FilterFigures summarize(const std::vector<CombinationReads>& combinations) {
    FilterFigures out;
    std::vector<double> every;
    out.combinations = static_cast<int>(combinations.size());
    out.fewest_rows = combinations.empty() ? 0 : combinations.front().rows;
    for (const CombinationReads& c : combinations) {
        every.insert(every.end(), c.latencies_us.begin(), c.latencies_us.end());
        const Percentiles p = percentiles(c.latencies_us);
        if (out.worst_name.empty() || p.p99_us > out.worst.p99_us) {
            out.worst = p;
            out.worst_name = combination_name(c.bits);
        }
        out.reads_per_combination = static_cast<int>(c.latencies_us.size());
        out.fewest_rows = std::min(out.fewest_rows, c.rows);
        out.most_rows = std::max(out.most_rows, c.rows);
    }
    out.all = percentiles(every);
    return out;
}

constexpr int fewest_reads = 5; // of a figure, whatever its time budget

// `reads` calls of read(), each timed.
template <typename Read> std::vector<double> timed(int reads, Read read) {
    std::vector<double> us;
    us.reserve(static_cast<std::size_t>(reads));
    for (int i = 0; i < reads; ++i) {
        const auto t0 = Steady::now();
        read();
        us.push_back(micros_since(t0));
    }
    return us;
}

// Up to `reads` calls of read(), each timed, until `budget_s` seconds have passed (at least
// fewest_reads).
template <typename Read> TimedReads budgeted(int reads, double budget_s, Read read) {
    std::vector<double> us;
    const auto start = Steady::now();
    for (int i = 0; i < reads && (i < fewest_reads || micros_since(start) < budget_s * 1e6); ++i) {
        const auto t0 = Steady::now();
        read();
        us.push_back(micros_since(t0));
    }
    return {percentiles(us), static_cast<int>(us.size())};
}

// " <=0.5 ms: 12 <=1 ms: 3 …": what was observed between two counts, by bucket.
void print_buckets(const server::BucketCounts& before, const server::BucketCounts& after) {
    const bool same_buckets = !after.bounds.empty() && after.bounds == before.bounds;
    for (std::size_t i = 0; same_buckets && i < after.counts.size(); ++i) {
        const unsigned long long n = after.counts[i] - before.counts[i];
        if (n > 0) {
            std::fprintf(stderr, " %s%g ms: %llu", i < after.bounds.size() ? "<=" : ">",
                         1000 * (i < after.bounds.size() ? after.bounds[i] : after.bounds.back()),
                         n);
        }
    }
}

// On stderr, for finding a tail's cause: the commits made while `what` ran, by duration
// ("service: check", "HTTP: check while ingesting", ...), and on a SQLite file the writer's
// finishes of the write-ahead log meanwhile, which hold every queued write as long.
void report_commit_times(const std::string& what, const server::StorageStatistics& before,
                         const server::StorageStatistics& after) {
    std::fprintf(stderr, "%s: %llu commits of %llu writes; by duration:", what.c_str(),
                 static_cast<unsigned long long>(after.batches - before.batches),
                 static_cast<unsigned long long>(after.writes - before.writes));
    print_buckets(before.commit_seconds, after.commit_seconds);
    if (before.wal && after.wal) {
        std::fprintf(stderr, "; the log finished %llu times, tries by duration:",
                     static_cast<unsigned long long>(after.wal->finishes - before.wal->finishes));
        print_buckets(before.wal->finish_seconds, after.wal->finish_seconds);
        std::fprintf(
            stderr, "; it started over %llu times; the thread copied it %llu times",
            static_cast<unsigned long long>(after.wal->restarts - before.wal->restarts),
            static_cast<unsigned long long>(after.wal->checkpoints - before.wal->checkpoints));
    }
    std::fprintf(stderr, "\n");
}

// The access-check load through the service, alone and while ingesting: check_concurrency
// threads, 100 checks each, each thread checking for one agency, citizens from `first_citizen`
// on. One definition, so that both figures measure the same requests.
Percentiles service_checks(server::Backend& backend, const PathOptions& o, const Fixture& f,
                           int first_citizen, const char* what) {
    std::vector<double> check_us(static_cast<std::size_t>(o.check_concurrency) *
                                 static_cast<std::size_t>(o.checks_per_caller));
    const server::StorageStatistics before = backend.storage.health.statistics();
    threads_rate(o.check_concurrency, static_cast<int>(check_us.size()), [&](int t, int i) {
        const BenchAgency& a = f.agencies[static_cast<std::size_t>(t) % f.agencies.size()];
        const auto t0 = Steady::now();
        backend.access.check(a.record, access_request(f, a, first_citizen + i), false, {});
        check_us[static_cast<std::size_t>(i)] = micros_since(t0);
    });
    report_commit_times(std::string("service: ") + what, before,
                        backend.storage.health.statistics());
    return percentiles(check_us);
}

// The service path's reads while `load` ingests; checks for citizens from `citizen` on.
ReadsWhileIngesting service_reads(server::Backend& backend, const PathOptions& o, const Fixture& f,
                                  const std::string& pseudonym, int citizen) {
    ReadsWhileIngesting r;
    const FilterValues values = filter_values(f);
    std::vector<CombinationReads> combinations;
    for (int bits = 0; bits < filter_combinations; ++bits) {
        server::HistoryQuery q;
        q.limit = history_page;
        q.filter = history_filter(values, bits);
        CombinationReads c;
        c.bits = bits;
        c.latencies_us = timed(o.reads_per_filter, [&] {
            c.rows = static_cast<int>(backend.access.history(pseudonym, q).items.size());
        });
        combinations.push_back(std::move(c));
    }
    r.history = summarize(combinations);
    auto page_2 = [&](int bits, int& rows) {
        server::HistoryQuery q;
        q.limit = history_page;
        q.filter = history_filter(values, bits);
        q.cursor = backend.access.history(pseudonym, q).next_cursor;
        if (!q.cursor) {
            return TimedReads{}; // one page only
        }
        return budgeted(o.reads_per_page, o.seconds_per_read_figure, [&] {
            rows = static_cast<int>(backend.access.history(pseudonym, q).items.size());
        });
    };
    r.page_2 = page_2(0, r.page_2_rows);
    r.page_2_all_filters = page_2(all_filters, r.page_2_all_filters_rows);

    r.check = service_checks(backend, o, f, citizen, "check while ingesting");

    const server::Actor dpo = server::Actor::dpo(f.dpo, std::nullopt);
    const double budget = o.seconds_per_read_figure;
    r.objection_queue = budgeted(o.reads_per_page, budget, [&] {
        r.objections = static_cast<int>(
            backend.objection_service.queue(dpo, server::ObjectionStatus::Pending).size());
    });
    r.monthly_statistics = budgeted(o.reads_per_page, budget,
                                    [&] { backend.statistics.monthly_for_citizen(pseudonym); });
    r.agency_volume =
        budgeted(o.reads_per_page, budget, [&] { backend.statistics.agency_volume(dpo); });
    return r;
}

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
    // Writes and durable commits so far: SQLite's write queue, or on PostgreSQL the access log's
    // group-commit writer (the only queued writes there).
    auto writes_and_commits = [&]() -> std::pair<std::uint64_t, std::uint64_t> {
        if (server::SqliteStorage* sqlite = backend.sqlite()) {
            const auto w = sqlite->database.write_statistics();
            return {static_cast<std::uint64_t>(w.writes), static_cast<std::uint64_t>(w.commits)};
        }
        const server::StorageStatistics s = backend.storage.health.statistics();
        return {static_cast<std::uint64_t>(s.writes), static_cast<std::uint64_t>(s.batches)};
    };
    int citizen = 0;
    for (const int c : o.concurrencies) {
        const int total = ingest_total(o, c);
        const auto before = writes_and_commits();
        const ProcessCost cost_before = process_cost(::getpid());
        const MachineCpu machine_before = machine_cpu();
        IngestFigure figure;
        figure.writers = c;
        figure.events_per_s = threads_rate(c, total, [&](int t, int i) {
            const BenchAgency& a = f.agencies[static_cast<std::size_t>(t) % f.agencies.size()];
            backend.access.record(a.record, access_request(f, a, citizen + i), {});
        });
        figure.cost = cost_per_item(cost_before, process_cost(::getpid()), total);
        figure.machine_busy = machine_busy(machine_before, machine_cpu());
        const auto after = writes_and_commits();
        figure.events_per_commit =
            static_cast<double>(after.first - before.first) /
            static_cast<double>(std::max<std::uint64_t>(1, after.second - before.second));
        figures.ingest.push_back(figure);
        citizen += total;
    }
    const ProcessCost cost_before = process_cost(::getpid());
    const auto start = Steady::now();
    for (int b = 0; b < o.batches; ++b, citizen += 1000) {
        backend.access.record_batch(f.agencies[0].record, batch_of(f, f.agencies[0], citizen), {});
    }
    figures.batch_events_per_s = o.batches * 1000 / (micros_since(start) / 1e6);
    figures.batch_cost = cost_per_item(cost_before, process_cost(::getpid()), o.batches * 1000);

    figures.check = service_checks(backend, o, f, citizen, "check");
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
    figures.history = read_history();
    {
        BatchLoad load([&](int b) {
            const BenchAgency& loader = f.agencies[1 % f.agencies.size()];
            backend.access.record_batch(loader.record,
                                        batch_of(f, loader, load_citizens + b * 1000), {});
        });
        figures.history_while_batch = read_history();
    }
    citizen += o.check_concurrency * o.checks_per_caller;
    if (o.reads_while_ingesting) {
        BatchLoad load([&](int b) {
            const BenchAgency& loader = f.agencies[1 % f.agencies.size()];
            backend.access.record_batch(loader.record,
                                        batch_of(f, loader, load_citizens + b * 1000), {});
        });
        const auto reads_start = Steady::now();
        figures.while_ingesting = service_reads(backend, o, f, pseudonym, citizen);
        figures.while_ingesting->seconds = micros_since(reads_start) / 1e6;
        figures.while_ingesting->ingest_events_per_s =
            load.batches() * 1000 / figures.while_ingesting->seconds;
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

std::string session_cookie(int port, const std::string& username, const std::string& password) {
    Connection c(port);
    const std::string body =
        R"({"username":")" + username + R"(","password":")" + password + R"("})";
    c.send_all(post("/api/v1/session", "-", body));
    const std::string answer = c.read_response();
    const std::string cookie = header_value(answer, "Set-Cookie");
    return cookie.substr(0, cookie.find(';'));
}

std::string get(const std::string& target, const std::string& cookie) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + "\r\n\r\n";
}

// One request on a connection of its own, outside the measurement: its JSON body (null when
// the answer was not 200).
nlohmann::json fetch_json(int port, const std::string& request, const char* what) {
    Connection c(port);
    c.send_all(request);
    const std::string answer = c.read_response();
    const std::size_t body = answer.find("\r\n\r\n");
    if (status_of(answer) != 200 || body == std::string::npos) {
        std::cerr << "warning: " << what << ": status " << status_of(answer) << '\n';
        return nullptr;
    }
    return nlohmann::json::parse(answer.substr(body + 4), nullptr, false);
}

// The value of an unlabelled sample `name` in Prometheus' text format, or -1 without one.
double metric_value(const std::string& text, const std::string& name) {
    const std::string at_line_start = "\n" + name + " ";
    const std::size_t found = text.find(at_line_start);
    if (found == std::string::npos) {
        return -1;
    }
    return std::strtod(text.c_str() + found + at_line_start.size(), nullptr);
}

// An unlabelled histogram `name` in Prometheus' text format (cumulative buckets, "+Inf" last)
// as counts per bucket, as the storage keeps them; empty without one.
server::BucketCounts histogram_counts(const std::string& text, const std::string& name) {
    const std::string prefix = "\n" + name + "_bucket{le=\"";
    std::vector<double> bounds;
    std::vector<std::uint64_t> cumulative;
    for (std::size_t at = text.find(prefix); at != std::string::npos;
         at = text.find(prefix, at + 1)) {
        const std::size_t from = at + prefix.size();
        const std::size_t close = text.find("\"}", from);
        if (close == std::string::npos) {
            break;
        }
        const std::string bound = text.substr(from, close - from);
        if (bound != "+Inf") {
            bounds.push_back(std::strtod(bound.c_str(), nullptr));
        }
        cumulative.push_back(
            static_cast<std::uint64_t>(std::strtod(text.c_str() + close + 2, nullptr)));
    }
    server::BucketCounts counts(bounds);
    if (cumulative.size() != counts.counts.size()) {
        return {};
    }
    for (std::size_t i = 0; i < cumulative.size(); ++i) {
        counts.counts[i] = cumulative[i] - (i > 0 ? cumulative[i - 1] : 0);
    }
    return counts;
}

// The server's own counts of writes and group commits, and its commits by duration, from GET
// /metrics (open to loopback peers): over HTTP the events per commit and the commits' times
// come from the server, as in process from the storage. Nullopt when the server does not
// report the counts.
std::optional<server::StorageStatistics> server_storage_statistics(int port) {
    Connection c(port);
    c.send_all("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const std::string answer = c.read_response();
    const double writes = metric_value(answer, "einblick_storage_writes_total");
    const double commits = metric_value(answer, "einblick_storage_write_batches_total");
    if (status_of(answer) != 200 || writes < 0 || commits < 0) {
        return std::nullopt;
    }
    server::StorageStatistics statistics;
    statistics.writes = static_cast<std::uint64_t>(writes);
    statistics.batches = static_cast<std::uint64_t>(commits);
    statistics.commit_seconds = histogram_counts(answer, "einblick_storage_commit_seconds");
    const double finishes = metric_value(answer, "einblick_storage_wal_finishes_total");
    if (finishes >= 0) {
        statistics.wal = server::WalStatistics{
            static_cast<std::uint64_t>(
                std::max(0.0, metric_value(answer, "einblick_storage_wal_checkpoints_total"))),
            static_cast<std::uint64_t>(finishes),
            static_cast<std::uint64_t>(
                std::max(0.0, metric_value(answer, "einblick_storage_wal_restarts_total"))),
            histogram_counts(answer, "einblick_storage_wal_finish_seconds")};
    }
    return statistics;
}

int items_of(const nlohmann::json& page) {
    return page.is_object() && page.contains("items") && page["items"].is_array()
               ? static_cast<int>(page["items"].size())
               : 0;
}

// `reads` times the same request on one keep-alive connection, one after the other.
std::vector<double> http_reads(int port, const std::string& request, int reads, const char* what) {
    auto reader = connections(port, 1);
    return checked(run_closed_loop(reader, reads, [&](std::size_t, int) { return request; }), what)
        .latencies_us;
}

// One request on `c`, waiting for its answer (reopened first when the server or an earlier
// run_closed_loop closed it): the answer, "" when the connection was lost.
std::string request_once(Connection& c, const std::string& request) {
    if (!c.ok()) {
        c.reopen();
    }
    std::string answer = c.send_all(request) ? c.read_response() : std::string();
    if (answer.empty() || header_value(answer, "Connection") == "close") {
        c.close();
    }
    return answer;
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

// The background writer over HTTP: one batch request after the other on one keep-alive
// connection, each waiting for its answer. (run_closed_loop closes its connections when done,
// so a loader calling it once per batch sent only its first batch.)
auto http_batch_load(int port, const Fixture& f) {
    return [&f, loader = std::make_shared<Connection>(port)](int b) {
        const std::string answer = request_once(
            *loader, batch_request(f, f.agencies[1 % f.agencies.size()], load_citizens + b * 1000));
        if (status_of(answer) / 100 != 2) {
            std::cerr << "warning: batch load: status " << status_of(answer) << '\n';
        }
    };
}

// The access-check load, alone and while ingesting: check_concurrency keep-alive connections,
// 100 checks each, each connection checking for one agency, citizens from `first_citizen` on.
// One definition, so that both figures measure the same requests.
Percentiles http_checks(int port, const PathOptions& o, const Fixture& f, int first_citizen,
                        const char* what) {
    auto checkers = connections(port, o.check_concurrency);
    const auto before = server_storage_statistics(port);
    const Percentiles result =
        percentiles(checked(run_closed_loop(checkers, o.check_concurrency * o.checks_per_caller,
                                            [&](std::size_t conn, int i) {
                                                const BenchAgency& a =
                                                    f.agencies[conn % f.agencies.size()];
                                                return post("/api/v1/access-checks", a.key,
                                                            access_json(f, a, first_citizen + i));
                                            }),
                            what)
                        .latencies_us);
    const auto after = server_storage_statistics(port);
    if (before && after) {
        report_commit_times(std::string("HTTP: ") + what, *before, *after);
    }
    return result;
}

// The same up to `reads` times, until `budget_s` seconds have passed (at least fewest_reads).
TimedReads budgeted_http_reads(int port, const std::string& request, int reads, double budget_s,
                               const char* what) {
    Connection reader(port);
    std::vector<double> us;
    int failures = 0;
    const auto start = Steady::now();
    for (int i = 0; i < reads && (i < fewest_reads || micros_since(start) < budget_s * 1e6); ++i) {
        const auto t0 = Steady::now();
        const std::string answer = request_once(reader, request);
        us.push_back(micros_since(t0));
        failures += status_of(answer) == 200 ? 0 : 1;
    }
    if (failures > 0) {
        std::cerr << "warning: " << what << ": " << failures << " failed requests\n";
    }
    return {percentiles(us), static_cast<int>(us.size())};
}

ReadsWhileIngesting http_reads_while_ingesting(int port, const PathOptions& o, const Fixture& f,
                                               const std::string& citizen_cookie, int citizen) {
    ReadsWhileIngesting r;
    const double budget = o.seconds_per_read_figure;
    const FilterValues values = filter_values(f);
    std::vector<CombinationReads> combinations;
    for (int bits = 0; bits < filter_combinations; ++bits) {
        const std::string request = get(history_target(values, bits), citizen_cookie);
        CombinationReads c;
        c.bits = bits;
        c.rows = items_of(fetch_json(port, request, "history"));
        c.latencies_us = http_reads(port, request, o.reads_per_filter, "history filters");
        combinations.push_back(std::move(c));
    }
    r.history = summarize(combinations);
    auto page_2 = [&](int bits, int& rows) {
        const nlohmann::json first =
            fetch_json(port, get(history_target(values, bits), citizen_cookie), "history");
        if (!first.is_object() || !first.contains("next_cursor") ||
            !first["next_cursor"].is_string()) {
            return TimedReads{}; // one page only
        }
        const std::string request = get(
            history_target(values, bits, first["next_cursor"].get<std::string>()), citizen_cookie);
        rows = items_of(fetch_json(port, request, "history page 2"));
        return budgeted_http_reads(port, request, o.reads_per_page, budget, "history page 2");
    };
    r.page_2 = page_2(0, r.page_2_rows);
    r.page_2_all_filters = page_2(all_filters, r.page_2_all_filters_rows);

    r.check = http_checks(port, o, f, citizen, "check while ingesting");

    const std::string dpo_cookie = session_cookie(port, f.dpo_username, f.dpo_password);
    const std::string queue = get("/api/v1/objections", dpo_cookie);
    r.objections = items_of(fetch_json(port, queue, "objection queue"));
    r.objection_queue =
        budgeted_http_reads(port, queue, o.reads_per_page, budget, "objection queue");
    r.monthly_statistics =
        budgeted_http_reads(port, get("/api/v1/me/statistics/monthly", citizen_cookie),
                            o.reads_per_page, budget, "monthly statistics");
    r.agency_volume = budgeted_http_reads(port, get("/api/v1/statistics/agency-weekly", dpo_cookie),
                                          o.reads_per_page, budget, "agency-volume statistics");
    return r;
}

} // namespace

PathFigures measure_http(const PathOptions& o, int port, pid_t server_pid, const Fixture& f) {
    PathFigures figures;
    int citizen = 0;
    for (const int c : o.concurrencies) {
        const int total = ingest_total(o, c);
        auto conns = connections(port, c);
        const auto counts_before = server_storage_statistics(port);
        const ProcessCost cost_before = process_cost(server_pid);
        const ProcessCost client_before = process_cost(::getpid());
        const MachineCpu machine_before = machine_cpu();
        const auto r = checked(run_closed_loop(conns, total,
                                               [&](std::size_t conn, int i) {
                                                   const BenchAgency& a =
                                                       f.agencies[conn % f.agencies.size()];
                                                   return post("/api/v1/access-events", a.key,
                                                               access_json(f, a, citizen + i));
                                               }),
                               "ingest");
        IngestFigure figure{c, r.rate(), 0,
                            cost_per_item(cost_before, process_cost(server_pid), total)};
        figure.machine_busy = machine_busy(machine_before, machine_cpu());
        figure.client_cpu_us = cost_per_item(client_before, process_cost(::getpid()), total).cpu_us;
        const auto counts_after = server_storage_statistics(port);
        if (counts_before && counts_after && counts_after->batches > counts_before->batches) {
            figure.events_per_commit =
                static_cast<double>(counts_after->writes - counts_before->writes) /
                static_cast<double>(counts_after->batches - counts_before->batches);
        }
        figures.ingest.push_back(figure);
        citizen += total;
    }
    auto one = connections(port, 1);
    const ProcessCost cost_before = process_cost(server_pid);
    const auto batch =
        checked(run_closed_loop(one, o.batches,
                                [&](std::size_t, int b) {
                                    return batch_request(f, f.agencies[0], citizen + b * 1000);
                                }),
                "batch");
    figures.batch_events_per_s = batch.rate() * 1000;
    figures.batch_cost = cost_per_item(cost_before, process_cost(server_pid), o.batches * 1000);
    citizen += o.batches * 1000;

    figures.check = http_checks(port, o, f, citizen, "check");
    {
        auto probes = connections(port, o.check_concurrency);
        figures.edge = percentiles(
            checked(run_closed_loop(probes, o.check_concurrency * o.checks_per_caller,
                                    [](std::size_t, int) { return get("/health/live", ""); }),
                    "edge")
                .latencies_us);
        Connection probe(port); // the closed loop closed its connections at the end
        probe.send_all(get("/health/live", ""));
        figures.loopback = measure_loopback_floor(probe.read_response(), o.check_concurrency,
                                                  o.check_concurrency * o.checks_per_caller);
    }
    const std::string citizen_cookie = session_cookie(port, f.username, f.password);
    const std::string history = get("/api/v1/me/access-events?limit=50", citizen_cookie);
    auto read_history = [&] {
        auto reader = connections(port, 1);
        return percentiles(checked(run_closed_loop(reader, o.history_reads,
                                                   [&](std::size_t, int) { return history; }),
                                   "history")
                               .latencies_us);
    };
    figures.history = read_history();
    {
        BatchLoad load(http_batch_load(port, f));
        figures.history_while_batch = read_history();
    }
    citizen += o.check_concurrency * o.checks_per_caller;
    if (o.reads_while_ingesting) {
        BatchLoad load(http_batch_load(port, f));
        const auto reads_start = Steady::now();
        figures.while_ingesting = http_reads_while_ingesting(port, o, f, citizen_cookie, citizen);
        figures.while_ingesting->seconds = micros_since(reads_start) / 1e6;
        figures.while_ingesting->ingest_events_per_s =
            load.batches() * 1000 / figures.while_ingesting->seconds;
    }
    return figures;
}

} // namespace einblick::bench
