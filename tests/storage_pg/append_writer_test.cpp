// Group commit of the access log's appends on PostgreSQL (pg::AppendWriter): concurrent calls
// share one transaction and one commit, each call stays all-or-nothing, and a batch that loses
// its connection fails as a whole with StorageUnavailable and leaves nothing behind. Bursts are
// made deterministic without timing: the writer is paused, the calls are queued one by one
// (each thread started once the one before it is in the queue), and the writer is resumed.
#include "einblick/server/log_chain.hpp"
#include "einblick/server/pg/access_log_repository.hpp"
#include "einblick/server/pg/identity_repository.hpp"
#include "einblick/server/storage_health.hpp"
#include "log_test_support.hpp"

#include <chrono>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <test_cluster.hpp>
#include <thread>
#include <vector>

using namespace einblick::server;
using einblick::UnixMillis;

namespace {

constexpr std::size_t pool_size = 4;

UnixMillis now_millis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct PgLog {
    pg::Connection setup{einblick::testing::test_cluster_url()};
    einblick::testing::ScratchSchema schema{setup};
    std::string schema_name = einblick::testing::migrated_schema(setup, schema);
    pg::Pool pool{einblick::testing::test_cluster_url(), pool_size, schema_name};
    PgAgencyRepository agencies{pool};
    RowId agency = agencies.create("kfz", "Kfz-Zulassung");
    std::optional<PgAccessLogRepository> log{std::in_place, pool};
    UnixMillis now = now_millis();

    pg::AppendWriter& writer() { return log->append_writer(); }

    // An access now (counted in access_counts_hourly: within the counted weeks).
    NewLogEntry entry(const std::string& pseudonym) const {
        return einblick::testing::access_at(agency, now, pseudonym);
    }

    NewLogEntry keyed(const std::string& pseudonym, const std::string& key, char request) const {
        NewLogEntry e = entry(pseudonym);
        e.idempotency_key = key;
        e.request_hash = Bytes(32, static_cast<std::uint8_t>(request));
        return e;
    }

    // A connection of its own in the case's schema, outside the pool.
    std::unique_ptr<pg::Connection> connection_in_schema() const {
        auto c = std::make_unique<pg::Connection>(einblick::testing::test_cluster_url());
        c->execute("SELECT set_config('search_path', quote_ident($1), false)", {schema_name});
        return c;
    }
};

// One append call on a thread of its own, and what it got.
struct QueuedCall {
    std::vector<AppendResult> results;
    std::exception_ptr error;
    std::thread thread;

    bool failed_with_storage_unavailable() const {
        try {
            if (error) {
                std::rethrow_exception(error);
            }
        } catch (const StorageUnavailable&) {
            return true;
        } catch (...) {
        }
        return false;
    }
    bool failed_with_conflict() const {
        try {
            if (error) {
                std::rethrow_exception(error);
            }
        } catch (const IdempotencyConflict&) {
            return true;
        } catch (...) {
        }
        return false;
    }
};

// Calls queued in a paused writer, in the order they were added.
class Burst {
public:
    explicit Burst(pg::AppendWriter& writer) : writer_(writer) { writer_.pause(); }
    ~Burst() { finish(); }
    Burst(const Burst&) = delete;
    Burst& operator=(const Burst&) = delete;

    // Starts an append of `entries` and returns once it waits in the writer's queue.
    QueuedCall& add(std::vector<NewLogEntry> entries) {
        auto& call = *calls_.emplace_back(std::make_unique<QueuedCall>());
        const std::size_t queued_before = writer_.queued_calls();
        call.thread = std::thread([this, &call, batch = std::move(entries)] {
            try {
                call.results = writer_.append(batch);
            } catch (...) {
                call.error = std::current_exception();
            }
        });
        while (writer_.queued_calls() == queued_before) {
            std::this_thread::yield(); // the call is queued, not taken: the writer is paused
        }
        return call;
    }

    std::size_t size() const { return calls_.size(); }

    // Resumes the writer and waits for every call's answer.
    void finish() {
        writer_.resume();
        for (auto& call : calls_) {
            if (call->thread.joinable()) {
                call->thread.join();
            }
        }
    }

private:
    pg::AppendWriter& writer_;
    std::vector<std::unique_ptr<QueuedCall>> calls_;
};

} // namespace

TEST_CASE("a burst of concurrent appends shares one commit and ends in one gapless, verifying "
          "chain") {
    PgLog r;
    r.log->append(std::vector{r.entry("warm-up")});
    constexpr int calls = 16;
    const pg::AppendStatistics before = r.writer().statistics();
    int entries = 0;
    {
        Burst burst(r.writer());
        for (int i = 0; i < calls; ++i) {
            std::vector<NewLogEntry> batch{r.entry("c" + std::to_string(i))};
            if (i % 4 == 0) { // calls of two entries as well
                batch.push_back(r.entry("c" + std::to_string(i)));
            }
            entries += static_cast<int>(batch.size());
            burst.add(std::move(batch));
        }
        CHECK(r.writer().queued_calls() == calls);
        burst.finish();
    }
    const pg::AppendStatistics after = r.writer().statistics();
    CHECK(after.calls - before.calls == calls);
    CHECK(after.commits - before.commits == 1); // every call of the burst in one commit
    CHECK(after.commits < after.calls);

    const ChainCheck check = r.log->verify_chain();
    CHECK(check.intact);
    CHECK(check.rows == entries + 1);
    CHECK(r.log->tree_head().size == entries + 1);
    for (int i = 0; i < calls; ++i) {
        CHECK(r.log->count_for_citizen("c" + std::to_string(i)) == (i % 4 == 0 ? 2 : 1));
    }
}

TEST_CASE("a burst of keyed calls goes in together, in a few round trips for the whole batch, and "
          "stores every value as it was sent") {
    PgLog r;
    r.log->append(std::vector{r.entry("warm-up")});
    constexpr int calls = 48;
    // Values that PostgreSQL's array syntax would misread if they were not quoted.
    const std::vector<std::string> awkward{"SB \"17\"",        "a,b", "{x}", "NULL", "back\\slash",
                                           "Müller\tZeile\n2", " ",   ""};
    const pg::AppendStatistics before = r.writer().statistics();
    // Calls of 24 agencies: their names and hourly counts must not cost a round trip each.
    std::vector<std::pair<RowId, std::string>> agencies{{r.agency, "kfz"}};
    while (agencies.size() < 24) {
        const std::string code = "amt-" + std::to_string(agencies.size());
        agencies.emplace_back(r.agencies.create(code, "Amt " + code), code);
    }
    const auto agency_of = [&](int call) {
        return agencies[static_cast<std::size_t>(call) % agencies.size()];
    };
    std::vector<QueuedCall*> queued;
    Burst burst(r.writer()); // owns the calls until the case ends
    for (int i = 0; i < calls; ++i) {
        NewLogEntry e = r.keyed("k" + std::to_string(i), "key-" + std::to_string(i), 'a');
        e.agency_id = agency_of(i).first;
        e.official = awkward[static_cast<std::size_t>(i) % awkward.size()];
        if (i % 3 != 0) {
            e.correlation_id = "AZ " + awkward[static_cast<std::size_t>(i + 1) % awkward.size()];
        }
        e.data_categories = {"address", "na\"me"};
        queued.push_back(&burst.add({e}));
    }
    burst.finish();
    const pg::AppendStatistics after = r.writer().statistics();
    CHECK(after.commits - before.commits == 1);
    CHECK(after.commits_call_by_call == before.commits_call_by_call);
    // One by one, each call cost at least five (savepoint, key look-up, row, key row, release);
    // and not one per agency either (its name, its hourly count).
    CHECK(after.round_trips - before.round_trips < agencies.size());
    MESSAGE(calls << " keyed calls of " << agencies.size() << " agencies in "
                  << after.round_trips - before.round_trips << " round trips");

    std::set<std::int64_t> seqs;
    for (int i = 0; i < calls; ++i) {
        const QueuedCall& call = *queued[static_cast<std::size_t>(i)];
        REQUIRE_FALSE(call.error);
        REQUIRE(call.results.size() == 1);
        const LogEntryRecord& answered = call.results[0].entry;
        CHECK_FALSE(call.results[0].replayed);
        seqs.insert(answered.seq);
        CHECK(answered.agency.id == agency_of(i).first);
        CHECK(answered.agency.code == agency_of(i).second);
        const auto stored = r.log->find(answered.id);
        REQUIRE(stored.has_value());
        CHECK(stored->seq == answered.seq);
        CHECK(stored->citizen_pseudonym == "k" + std::to_string(i));
        CHECK(stored->official == awkward[static_cast<std::size_t>(i) % awkward.size()]);
        CHECK(stored->correlation_id == answered.correlation_id);
        CHECK(stored->data_categories == std::vector<std::string>{"address", "na\"me"});
    }
    CHECK(seqs.size() == calls);
    CHECK(*seqs.begin() == 2);
    CHECK(*seqs.rbegin() == calls + 1);
    const ChainCheck check = r.log->verify_chain(); // each row hashes as it was sent
    CHECK(check.intact);
    CHECK(check.rows == calls + 1);
    CHECK(r.log->tree_head().size == calls + 1);
    // Every call counted, under its own agency.
    const auto counted = r.connection_in_schema()->execute(
        "SELECT count(DISTINCT agency_id), sum(accesses) FROM access_counts_hourly");
    CHECK(counted.int64(0, 0) == static_cast<std::int64_t>(agencies.size()));
    CHECK(counted.int64(0, 1) == calls + 1);

    // The same request again: its key is stored, so it runs call by call and replays.
    NewLogEntry again = r.keyed("k5", "key-5", 'a');
    again.agency_id = agency_of(5).first;
    const std::vector<AppendResult> replayed = r.log->append(std::vector{again});
    CHECK(replayed.at(0).replayed);
    CHECK(replayed.at(0).entry.id == queued[5]->results[0].entry.id);
    CHECK(r.writer().statistics().commits_call_by_call == before.commits_call_by_call + 1);
}

TEST_CASE("a call naming an unknown agency fails alone: its batch runs again call by call and "
          "stores the others without a gap") {
    PgLog r;
    const pg::AppendStatistics before = r.writer().statistics();
    Burst burst(r.writer());
    QueuedCall& first = burst.add({r.entry("p-first")});
    NewLogEntry unknown = r.entry("p-unknown");
    unknown.agency_id = r.agency + 1000;
    QueuedCall& failing = burst.add({unknown});
    QueuedCall& last = burst.add({r.entry("p-last")});
    burst.finish();

    REQUIRE_FALSE(first.error);
    REQUIRE_FALSE(last.error);
    CHECK(failing.error);
    CHECK_FALSE(failing.failed_with_storage_unavailable());
    CHECK(first.results.at(0).entry.seq == 1);
    CHECK(last.results.at(0).entry.seq == 2);
    const pg::AppendStatistics after = r.writer().statistics();
    CHECK(after.commits - before.commits == 1);
    CHECK(after.commits_call_by_call - before.commits_call_by_call == 1);
    CHECK(r.log->count_for_citizen("p-unknown") == 0);
    CHECK(r.log->verify_chain().intact);
    CHECK(r.log->tree_head().size == 2);
    // The next batch, with nothing to fail, goes together again.
    CHECK(r.log->append(std::vector{r.entry("p-after")}).at(0).entry.seq == 3);
    CHECK(r.writer().statistics().commits_call_by_call == after.commits_call_by_call);
}

TEST_CASE("appends racing unpaused end in one chain holding every acknowledged entry once, in "
          "fewer commits than calls") {
    PgLog r;
    constexpr int threads = 8;
    constexpr int calls_per_thread = 20;
    std::vector<std::vector<LogEntryRecord>> acknowledged(threads);
    std::vector<std::thread> racers;
    for (int t = 0; t < threads; ++t) {
        racers.emplace_back([&, t] {
            for (int i = 0; i < calls_per_thread; ++i) {
                for (const AppendResult& result :
                     r.log->append(std::vector{r.entry("t" + std::to_string(t))})) {
                    acknowledged[static_cast<std::size_t>(t)].push_back(result.entry);
                }
            }
        });
    }
    for (auto& racer : racers) {
        racer.join();
    }
    std::map<std::int64_t, RowId> by_seq;
    std::set<RowId> ids;
    for (const auto& entries : acknowledged) {
        for (const LogEntryRecord& entry : entries) {
            CHECK(by_seq.emplace(entry.seq, entry.id).second);
            CHECK(ids.insert(entry.id).second);
            CHECK(r.log->find(entry.id).has_value());
        }
    }
    constexpr std::int64_t total = threads * calls_per_thread;
    REQUIRE(static_cast<std::int64_t>(by_seq.size()) == total);
    CHECK(by_seq.begin()->first == 1);
    CHECK(by_seq.rbegin()->first == total);
    CHECK(r.log->verify_chain().intact);
    const pg::AppendStatistics statistics = r.writer().statistics();
    CHECK(statistics.calls == total);
    CHECK(statistics.commits <= statistics.calls); // fewer under load; timing decides how many
    MESSAGE(statistics.calls << " racing calls in " << statistics.commits << " commits");
}

TEST_CASE("a call that conflicts fails alone, its rows taken back; the others of its batch are "
          "stored, and a replay within the batch answers the earlier call's entry") {
    PgLog r;
    r.log->append(std::vector{r.keyed("p-taken", "taken", 'a')}); // seq 1
    const pg::AppendStatistics before = r.writer().statistics();
    Burst burst(r.writer());
    QueuedCall& first = burst.add({r.keyed("p-first", "k1", 'b')});
    // A new entry, then one whose key was used for another request: the whole call fails,
    // its first entry with it.
    QueuedCall& half = burst.add({r.entry("p-half"), r.keyed("p-half", "taken", 'z')});
    QueuedCall& replay = burst.add({r.keyed("p-first", "k1", 'b')});
    QueuedCall& reused = burst.add({r.keyed("p-first", "k1", 'x')});
    QueuedCall& last = burst.add({r.entry("p-last")});
    burst.finish();

    REQUIRE_FALSE(first.error);
    CHECK(first.results.at(0).entry.seq == 2);
    CHECK(half.failed_with_conflict());
    REQUIRE_FALSE(replay.error);
    CHECK(replay.results.at(0).replayed);
    CHECK(replay.results.at(0).entry.id == first.results.at(0).entry.id);
    CHECK(reused.failed_with_conflict());
    REQUIRE_FALSE(last.error);
    CHECK(last.results.at(0).entry.seq == 3); // the failed call's seq handed out again: no gap
    CHECK(r.writer().statistics().commits - before.commits == 1);
    // Its keys stored or repeated: the batch ran call by call, in savepoints.
    CHECK(r.writer().statistics().commits_call_by_call - before.commits_call_by_call == 1);

    CHECK(r.log->count_for_citizen("p-half") == 0);
    const ChainCheck check = r.log->verify_chain();
    CHECK(check.intact);
    CHECK(check.rows == 3);
    CHECK(r.log->tree_head().size == 3);
    // A new call after the batch: the head, tree and counts in memory matched the database.
    CHECK(r.log->append(std::vector{r.entry("p-after")}).at(0).entry.seq == 4);
    CHECK(r.log->verify_chain().intact);
}

TEST_CASE("a batch whose connection is killed answers every caller with StorageUnavailable, "
          "stores none of it, and the next batch runs on a new connection") {
    PgLog r;
    r.log->append(std::vector{r.entry("p-before")}); // seq 1, and its hour's counts row
    const pg::AppendStatistics before = r.writer().statistics();

    // Holds the counts row the batch updates last, after inserting all of its entries.
    const auto blocker = r.connection_in_schema();
    blocker->execute_script("BEGIN");
    blocker->execute("SELECT accesses FROM access_counts_hourly FOR UPDATE");
    const std::int64_t blocker_pid = blocker->execute("SELECT pg_backend_pid()").int64(0, 0);

    constexpr int calls = 5;
    Burst burst(r.writer());
    std::vector<QueuedCall*> killed;
    for (int i = 0; i < calls; ++i) {
        killed.push_back(&burst.add({r.entry("p-killed"), r.entry("p-killed")}));
    }
    r.writer().resume();
    std::int64_t writer_pid = 0;
    while (writer_pid == 0) { // the writer waits for the blocker's row: its batch is inserted
        const pg::Result waiting = r.setup.execute(
            "SELECT pid FROM pg_stat_activity WHERE $1::int = ANY (pg_blocking_pids(pid))",
            {blocker_pid});
        writer_pid = waiting.rows() > 0 ? waiting.int64(0, 0) : 0;
    }
    r.setup.execute("SELECT pg_terminate_backend($1::int)", {writer_pid});
    burst.finish();
    blocker->execute_script("ROLLBACK");

    for (const QueuedCall* call : killed) {
        CHECK(call->failed_with_storage_unavailable());
    }
    const pg::AppendStatistics after = r.writer().statistics();
    CHECK(after.calls - before.calls == calls);
    CHECK(after.commits == before.commits);
    CHECK(r.log->count_for_citizen("p-killed") == 0);
    CHECK(r.log->tree_head().size == 1);
    CHECK(r.log->verify_chain().rows == 1);

    const std::vector<AppendResult> next = r.log->append(std::vector{r.entry("p-after")});
    CHECK(next.at(0).entry.seq == 2);
    CHECK(r.log->verify_chain().intact);
    CHECK(r.writer().statistics().commits == before.commits + 1);
}

TEST_CASE("the writer answers every accepted call before it stops") {
    PgLog r;
    std::vector<std::unique_ptr<QueuedCall>> calls;
    r.writer().pause();
    for (int i = 0; i < 3; ++i) {
        auto& call = *calls.emplace_back(std::make_unique<QueuedCall>());
        const std::size_t queued_before = r.writer().queued_calls();
        call.thread = std::thread([&r, &call, i] {
            try {
                call.results = r.log->append(std::vector{r.entry("s" + std::to_string(i))});
            } catch (...) {
                call.error = std::current_exception();
            }
        });
        while (r.writer().queued_calls() == queued_before) {
            std::this_thread::yield();
        }
    }
    r.log.reset(); // paused, three calls queued: the destructor runs them, then stops
    for (auto& call : calls) {
        call->thread.join();
        CHECK_FALSE(call->error);
        CHECK(call->results.size() == 1);
    }
    PgAccessLogRepository reopened(r.pool);
    CHECK(reopened.verify_chain().rows == 3);
}
