// Durability of the real `einblick` executable under SIGKILL (issue 12 item 5). Cycle after
// cycle, concurrent writers send single events and batches to the server, each request with an
// Idempotency-Key of its own and each event with a correlation id of its own; the server is
// killed with SIGKILL at a random moment and started again on the same database. Then:
// - every acknowledged event (a 201 answer) is stored exactly once, with the id and seq the
//   answer gave;
// - no event is stored twice, acknowledged or not;
// - seq is gapless from 1 to the head's last_seq;
// - `einblick verify` finds every entry, tree node and signed checkpoint intact;
// - a retry of each unanswered request with its key stores it, or answers the stored result
//   (200, the same events): never a second copy; a replay of an acknowledged one answers the
//   same ids.
//
// EINBLICK_CRASH_CYCLES sets the number of kills (default 20, for CI; bench/crash_soak.sh runs
// 1,000), EINBLICK_CRASH_SEED the random seed (printed, to repeat a run). No assertion is about
// time: the random moments only decide where the kills land.
//
// On the PostgreSQL registration (pg.crash) the database is a schema of its own on the run's
// throwaway cluster (TestDatabase), and the default is 8 kills: each start there migrates and
// checks the schema over the network, and the SQLite registration already covers the writer's
// recovery logic 20 times.

#include "child_process.hpp"
#include "einblick/server/pg/connection.hpp"
#include "einblick/shared/citizen_id.hpp"
#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <doctest/doctest.h>
#include <httplib.h>
#include <iomanip>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

using namespace einblick::testing;
using nlohmann::json;

namespace {

constexpr int writer_count = 4;
constexpr int max_batch = 40;
constexpr int replays_per_cycle = 16;
const Bytes pseudonym_seed(32, 0xaa);
const Bytes checkpoint_seed(32, 0x5c);
constexpr const char* log_origin = "crash.test/log";

long environment_number(const char* name, long fallback) {
    const char* value = std::getenv(name);
    return value == nullptr || *value == '\0' ? fallback : std::stol(value);
}

std::string hex(const Bytes& bytes) {
    std::ostringstream text;
    for (const auto byte : bytes) {
        text << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(byte);
    }
    return text.str();
}

// One request as sent: enough to send it again, and to know its events.
struct Request {
    std::string path; // "/api/v1/access-events" or "/api/v1/access-events/batch"
    std::string key;
    std::string body;
    std::vector<std::string> correlations; // in the order sent
    int status = 0;                        // 0: no answer
    json answer;
};

// What an event's stored row must be: the answer's id and seq.
struct Stored {
    std::string id;
    std::int64_t seq = 0;
};

// The events of a 200/201 answer, in the order sent (a single event or a batch).
std::vector<json> answered_events(const Request& request) {
    if (request.answer.contains("events")) {
        return request.answer["events"].get<std::vector<json>>();
    }
    return {request.answer};
}

// Sends `request` once; its status and answer, or status 0 when no answer came.
void send(httplib::Client& client, const std::string& api_key, Request& request) {
    const httplib::Headers headers{{"Authorization", "Bearer " + api_key},
                                   {"Idempotency-Key", request.key}};
    const auto result =
        client.Post(request.path.c_str(), headers, request.body, "application/json");
    if (!result) {
        request.status = 0;
        return;
    }
    request.status = result->status;
    request.answer = json::parse(result->body, nullptr, false);
}

httplib::Client client_for(int port) {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(std::chrono::seconds(30));
    client.set_read_timeout(std::chrono::seconds(120)); // ASan on a loaded machine
    client.set_write_timeout(std::chrono::seconds(120));
    return client;
}

// A writer's requests: single events mostly, batches of 2..max_batch now and then.
class RequestMaker {
public:
    RequestMaker(int cycle, int writer, std::uint64_t seed, std::int64_t purpose,
                 const std::vector<std::string>& citizens)
        : prefix_(std::to_string(cycle) + "." + std::to_string(writer)), random_(seed),
          purpose_(purpose), citizens_(citizens) {}

    Request next() {
        Request request;
        const int n = count_++;
        request.key = "crash-" + prefix_ + "." + std::to_string(n);
        const bool batch = std::uniform_int_distribution<int>(0, 3)(random_) == 0;
        const int events = batch ? std::uniform_int_distribution<int>(2, max_batch)(random_) : 1;
        json items = json::array();
        for (int i = 0; i < events; ++i) {
            const std::string correlation =
                "c" + prefix_ + "." + std::to_string(n) + "." + std::to_string(i);
            request.correlations.push_back(correlation);
            const auto& citizen = citizens_[std::uniform_int_distribution<std::size_t>(
                0, citizens_.size() - 1)(random_)];
            items.push_back({{"citizen_id", citizen},
                             {"purpose_id", purpose_},
                             {"register", "melderegister"},
                             {"data_categories", {"address"}},
                             {"correlation_id", correlation}});
        }
        if (batch) {
            request.path = "/api/v1/access-events/batch";
            request.body = json{{"events", items}}.dump();
        } else {
            request.path = "/api/v1/access-events";
            request.body = items[0].dump();
        }
        return request;
    }

private:
    std::string prefix_;
    std::mt19937_64 random_;
    std::int64_t purpose_;
    const std::vector<std::string>& citizens_;
    int count_ = 0;
};

// The server on the test's database: started, its verifier key and port read from its output.
class Server {
public:
    explicit Server(const std::string& db)
        : process_({"serve", "--db", db, "--port", "0", "--no-request-log", "--log-origin",
                    log_origin}) {
        const std::string signed_as = process_.wait_for_line("log checkpoints signed as ");
        REQUIRE_FALSE(signed_as.empty());
        verifier_key_ = signed_as.substr(signed_as.rfind(' ') + 1);
        const std::string listening = process_.wait_for_line("listening on http://127.0.0.1:");
        REQUIRE_FALSE(listening.empty());
        port_ = port_of(listening);
    }

    int port() const { return port_; }
    const std::string& verifier_key() const { return verifier_key_; }
    Process& process() { return process_; }

private:
    Process process_;
    std::string verifier_key_;
    int port_ = -1;
};

// What the test has seen over all cycles.
struct Ledger {
    std::unordered_map<std::string, Stored> acknowledged; // by correlation id
    std::vector<Request> unanswered;                      // of the last cycle
    std::vector<Request> answered;                        // of the last cycle
    std::int64_t acknowledged_requests = 0;
    std::int64_t unanswered_requests = 0;
    std::int64_t retries_stored_before = 0; // retry answered 200: the kill came after the commit
    std::int64_t retries_stored_now = 0;    // retry answered 201: the kill came before it
    std::int64_t lost = 0;                  // summed over every check
    std::int64_t duplicates = 0;
    std::int64_t gaps = 0;

    // Records an acknowledged request's events; false if the answer does not fit the request.
    bool acknowledge(const Request& request) {
        const std::vector<json> events = answered_events(request);
        if (events.size() != request.correlations.size()) {
            return false;
        }
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (events[i].value("correlation_id", "") != request.correlations[i]) {
                return false;
            }
            acknowledged[request.correlations[i]] = {events[i].value("id", ""),
                                                     events[i].value("seq", std::int64_t{0})};
        }
        ++acknowledged_requests;
        return true;
    }
};

// The stored log, read-only, beside the running server.
struct LogScan {
    std::int64_t rows = 0;
    std::int64_t head = 0;
    std::int64_t gaps = 0;
    std::int64_t lost = 0;
    std::int64_t duplicates = 0;
    std::int64_t mismatched = 0; // stored, but with another id or seq than acknowledged
    std::int64_t foreign = 0;    // a row no request of the test sent
    std::string first_problem;
};

// One stored row: seq, id, correlation id (nothing for NULL).
struct ScannedRow {
    std::int64_t seq = 0;
    std::int64_t id = 0;
    std::optional<std::string> correlation;
};

// The head's last_seq and every row by seq, in one consistent view (even if a checkpoint is
// signed meanwhile), from a SQLite file or a PostgreSQL schema.
std::vector<ScannedRow> stored_rows(const std::string& db, std::int64_t& head) {
    const std::string rows_sql = "SELECT seq, id, correlation_id FROM access_log ORDER BY seq";
    const std::string head_sql = "SELECT last_seq FROM access_log_head";
    std::vector<ScannedRow> rows;
    if (einblick::server::pg::is_postgresql_url(db)) {
        einblick::server::pg::Connection c(db);
        c.execute_script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        head = c.execute(head_sql).int64(0, 0);
        const auto result = c.execute(rows_sql);
        for (int row = 0; row < result.rows(); ++row) {
            rows.push_back(
                {result.int64(row, 0), result.int64(row, 1),
                 result.is_null(row, 2) ? std::nullopt : std::optional(result.text(row, 2))});
        }
        c.execute_script("COMMIT");
        return rows;
    }
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    SQLite::Transaction snapshot(raw);
    head = raw.execAndGet(head_sql).getInt64();
    SQLite::Statement query(raw, rows_sql);
    while (query.executeStep()) {
        rows.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getInt64(),
                        query.getColumn(2).isNull()
                            ? std::nullopt
                            : std::optional(query.getColumn(2).getString())});
    }
    return rows;
}

LogScan scan_log(const std::string& db, const Ledger& ledger) {
    LogScan scan;
    std::unordered_map<std::string, std::vector<Stored>> rows;
    const auto note = [&scan](const std::string& problem) {
        if (scan.first_problem.empty()) {
            scan.first_problem = problem;
        }
    };
    for (const ScannedRow& stored : stored_rows(db, scan.head)) {
        const std::int64_t seq = stored.seq;
        ++scan.rows;
        if (seq != scan.rows) {
            ++scan.gaps;
            note("seq " + std::to_string(seq) + " at row " + std::to_string(scan.rows));
        }
        if (!stored.correlation) {
            ++scan.foreign;
            note("seq " + std::to_string(seq) + " has no correlation id");
            continue;
        }
        rows[*stored.correlation].push_back({std::to_string(stored.id), seq});
    }
    if (scan.head != scan.rows) {
        ++scan.gaps;
        note("head last_seq " + std::to_string(scan.head) + " but " + std::to_string(scan.rows) +
             " rows");
    }
    for (const auto& [correlation, stored] : rows) {
        if (stored.size() > 1) {
            scan.duplicates += static_cast<std::int64_t>(stored.size()) - 1;
            note(correlation + " stored " + std::to_string(stored.size()) + " times");
        }
    }
    for (const auto& [correlation, expected] : ledger.acknowledged) {
        const auto found = rows.find(correlation);
        if (found == rows.end()) {
            ++scan.lost;
            note("acknowledged " + correlation + " (id " + expected.id + ") is missing");
        } else if (found->second.front().id != expected.id ||
                   found->second.front().seq != expected.seq) {
            ++scan.mismatched;
            note(correlation + " stored as id " + found->second.front().id +
                 ", acknowledged as id " + expected.id);
        }
    }
    return scan;
}

// After a restart: the unanswered requests retried with their keys, some acknowledged ones
// replayed, then the stored log checked against everything acknowledged so far.
void check_after_restart(Server& server, const std::string& db, const std::string& api_key,
                         Ledger& ledger, std::mt19937_64& random) {
    httplib::Client client = client_for(server.port());
    const auto ready = client.Get("/health/ready");
    REQUIRE(ready);
    CHECK(ready->status == 200); // the integrity check at start passed

    for (Request& request : ledger.unanswered) {
        CAPTURE(request.key);
        send(client, api_key, request);
        // 200: the killed server had committed it (the stored events); 201: it had not.
        REQUIRE((request.status == 200 || request.status == 201));
        (request.status == 200 ? ledger.retries_stored_before : ledger.retries_stored_now)++;
        CHECK(ledger.acknowledge(request));
    }
    std::shuffle(ledger.answered.begin(), ledger.answered.end(), random);
    for (std::size_t i = 0; i < ledger.answered.size() && i < replays_per_cycle; ++i) {
        Request replay = ledger.answered[i];
        CAPTURE(replay.key);
        send(client, api_key, replay);
        CHECK(replay.status == 200);
        const std::vector<json> first = answered_events(ledger.answered[i]);
        const std::vector<json> again = answered_events(replay);
        REQUIRE(first.size() == again.size());
        for (std::size_t e = 0; e < first.size(); ++e) {
            CHECK(again[e]["id"] == first[e]["id"]);
            CHECK(again[e]["seq"] == first[e]["seq"]);
        }
    }
    ledger.unanswered.clear();
    ledger.answered.clear();

    const LogScan scan = scan_log(db, ledger);
    ledger.lost += scan.lost;
    ledger.duplicates += scan.duplicates;
    ledger.gaps += scan.gaps;
    INFO("first problem: " << scan.first_problem);
    CHECK(scan.lost == 0);
    CHECK(scan.duplicates == 0);
    CHECK(scan.gaps == 0);
    CHECK(scan.mismatched == 0);
    CHECK(scan.foreign == 0);
    CHECK(scan.rows == static_cast<std::int64_t>(ledger.acknowledged.size()));

    std::string out;
    std::string err;
    const int verified = run({"verify", "--db", db, "--key", server.verifier_key()}, &out, &err);
    INFO("einblick verify: " << out << err);
    CHECK(verified == 0);
    CHECK(out.find("intact: " + std::to_string(scan.rows) + " entr") != std::string::npos);
}

} // namespace

TEST_CASE("SIGKILL at random moments under concurrent writers: every acknowledged event is "
          "stored exactly once, seq is gapless, the log verifies, retries replay") {
    const long cycles =
        environment_number("EINBLICK_CRASH_CYCLES", postgres_url_for_tests() ? 8 : 20);
    const auto seed = static_cast<std::uint64_t>(
        environment_number("EINBLICK_CRASH_SEED", static_cast<long>(std::random_device{}())));
    MESSAGE("crash test: " << cycles << " cycles, EINBLICK_CRASH_SEED=" << seed);
    std::mt19937_64 random(seed);

    const TempDir dir("einblick-crash");
    const TestDatabase database(dir.file("crash.db"));
    const std::string& db = database.db();
    std::string api_key;
    std::int64_t purpose = 0;
    {
        TestBackend prepare({}, db, [](BackendOptions& options) {
            options.pseudonym_key = pseudonym_seed;
            options.pseudonym_sector = BackendOptions{}.pseudonym_sector;
            options.log_origin = log_origin;
            options.checkpoint_key = checkpoint_seed;
        });
        prepare.clock.set(SystemClock().now());
        const AgencyRecord agency = prepare.add_agency("crash-test", "Absturzprüfung");
        api_key = prepare.add_api_key(agency);
        purpose = prepare.approved_purpose(agency);
    }
    std::vector<std::string> citizens;
    for (const char* first_ten : {"1234567890", "2345678901", "3456789012", "4567890123"}) {
        citizens.push_back(valid_citizen_id(first_ten));
    }
    ::setenv("EINBLICK_PSEUDONYM_KEY", hex(pseudonym_seed).c_str(), 1);
    ::setenv("EINBLICK_CHECKPOINT_KEY", hex(checkpoint_seed).c_str(), 1);

    Ledger ledger;
    std::string verifier_key;
    for (long cycle = 0; cycle <= cycles; ++cycle) {
        CAPTURE(cycle);
        Server server(db);
        if (verifier_key.empty()) {
            verifier_key = server.verifier_key();
        }
        CHECK(server.verifier_key() == verifier_key);
        check_after_restart(server, db, api_key, ledger, random);
        if (cycle == cycles) {
            server.process().signal(SIGTERM);
            CHECK(server.process().wait() == 0);
            break;
        }

        // Writers until the kill; each stops at its first request without an answer.
        std::mutex mutex;
        std::vector<std::thread> writers;
        for (int w = 0; w < writer_count; ++w) {
            writers.emplace_back([&, w, writer_seed = random()] {
                RequestMaker maker(static_cast<int>(cycle), w, writer_seed, purpose, citizens);
                httplib::Client client = client_for(server.port());
                for (;;) {
                    Request request = maker.next();
                    send(client, api_key, request);
                    const std::lock_guard lock(mutex);
                    if (request.status == 0) {
                        ledger.unanswered.push_back(std::move(request));
                        return;
                    }
                    ledger.answered.push_back(std::move(request));
                }
            });
        }
        const int kill_after_ms = std::uniform_int_distribution<int>(50, 1200)(random);
        std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms));
        server.process().signal(SIGKILL);
        CHECK(server.process().wait() == -SIGKILL);
        for (std::thread& writer : writers) {
            writer.join();
        }
        ledger.unanswered_requests += static_cast<std::int64_t>(ledger.unanswered.size());
        for (const Request& request : ledger.answered) {
            CAPTURE(request.key);
            CAPTURE(request.answer.dump());
            CHECK(request.status == 201); // each key is sent once in a cycle
            CHECK(ledger.acknowledge(request));
        }
    }
    MESSAGE("crash test: " << cycles << " kills, " << ledger.acknowledged_requests
                           << " acknowledged requests with " << ledger.acknowledged.size()
                           << " events; " << ledger.unanswered_requests << " unanswered, on retry "
                           << ledger.retries_stored_before << " already stored (200) and "
                           << ledger.retries_stored_now << " stored then (201); " << ledger.lost
                           << " lost, " << ledger.duplicates << " duplicated, " << ledger.gaps
                           << " sequence gaps");
    CHECK(ledger.acknowledged_requests > 0);
}
