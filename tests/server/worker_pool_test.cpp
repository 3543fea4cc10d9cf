// The edge's worker pool (einblick/server/worker_pool.hpp): a job goes to the thread that
// became free last, so that at low load one warm thread serves request after request instead of
// each of 64 taking its turn (BENCHMARKS.md, nineteenth stop); beyond the free threads jobs
// queue up to the bound and are refused after it; stopping drops what still queues.

#include "einblick/server/worker_pool.hpp"
#include "raw_connection.hpp"

#include <atomic>
#include <chrono>
#include <doctest/doctest.h>
#include <functional>
#include <future>
#include <set>
#include <thread>

using einblick::server::WorkerPool;
using einblick::testing::eventually;

namespace {

constexpr auto patience = std::chrono::seconds(20);

bool all_idle(const WorkerPool& pool, std::size_t threads) {
    return eventually([&] { return pool.idle_threads() == threads; }, patience);
}

// Runs one job and waits for it: the thread that ran it.
std::thread::id run_one(WorkerPool& pool) {
    std::promise<std::thread::id> ran;
    auto id = ran.get_future();
    REQUIRE(pool.submit([&ran] { ran.set_value(std::this_thread::get_id()); }));
    REQUIRE(id.wait_for(patience) == std::future_status::ready);
    return id.get();
}

// Jobs that count their start, wait until the gate opens, then count their end.
struct Gate {
    std::promise<void> opener;
    std::shared_future<void> open = opener.get_future().share();
    std::atomic<int> started = 0;
    std::atomic<int> ran = 0;

    std::function<void()> job() {
        return [this, opened = open] {
            ++started;
            opened.wait();
            ++ran;
        };
    }
};

// A pool of one thread, running a job that waits at `gate`. (A job handed to a thread that
// has not started it yet is dropped by stop(), as a queued one is.)
void occupy(WorkerPool& pool, Gate& gate) {
    REQUIRE(all_idle(pool, 1));
    REQUIRE(pool.submit(gate.job()));
    REQUIRE(eventually([&] { return gate.started == 1; }, patience));
}

} // namespace

TEST_CASE("worker pool: one job after the other runs on the thread that became free last") {
    constexpr std::size_t threads = 8;
    WorkerPool pool(threads, 16);
    REQUIRE(all_idle(pool, threads));
    std::set<std::thread::id> ran_on;
    for (int i = 0; i < 40; ++i) {
        ran_on.insert(run_one(pool));
        REQUIRE(all_idle(pool, threads)); // back among the waiting before the next job comes
    }
    // Handed out in turn, the 40 jobs would have run on all eight threads.
    CHECK(ran_on.size() == 1);
}

TEST_CASE("worker pool: beyond the free threads jobs queue up to the bound, then are refused") {
    WorkerPool pool(1, 2);
    Gate gate;
    occupy(pool, gate);
    CHECK(pool.submit(gate.job())); // queued: 1
    CHECK(pool.submit(gate.job())); // queued: 2, the bound
    CHECK_FALSE(pool.submit(gate.job()));
    gate.opener.set_value();
    CHECK(eventually([&] { return gate.ran == 3; }, patience));
    CHECK(all_idle(pool, 1));
    CHECK(gate.ran == 3);
}

TEST_CASE("worker pool: stopping lets a running job finish and drops the queued ones") {
    WorkerPool pool(1, 1000);
    Gate gate;
    occupy(pool, gate);
    REQUIRE(pool.submit(gate.job())); // queued
    std::thread stopper([&pool] { pool.stop(); });
    // Refused once stop() has begun; until then the pool takes (and queues) no-op jobs.
    REQUIRE(eventually([&pool] { return !pool.submit([] {}); }, patience));
    gate.opener.set_value();
    stopper.join();
    CHECK(gate.started == 1);
    CHECK(gate.ran == 1);
}
