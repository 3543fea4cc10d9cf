// The server's threads and their scheduling (server/platform, thread_setup.hpp): the request
// threads (the edge's loop and its workers) run SCHED_BATCH, so that waking up they never
// preempt the storage writer every durable request waits for; the writer runs SCHED_OTHER,
// also when a request thread created it. Read from /proc/self/task, as `ps -L` would.

#include "test_backend.hpp"

#include <chrono>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <pthread.h>
#include <sched.h>
#include <string>
#include <thread>
#include <vector>

using namespace einblick::testing;

namespace {

struct ThreadSeen {
    std::string name;
    int policy = -1;
};

std::vector<ThreadSeen> threads_of_this_process() {
    std::vector<ThreadSeen> threads;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
        ThreadSeen thread;
        std::ifstream(entry.path() / "comm") >> thread.name;
        thread.policy = ::sched_getscheduler(std::stoi(entry.path().filename().string()));
        if (thread.policy >= 0) { // -1: the thread ended while the list was read
            threads.push_back(thread);
        }
    }
    return threads;
}

bool ends_with(const std::string& text, const std::string& end) {
    return text.size() >= end.size() &&
           text.compare(text.size() - end.size(), end.size(), end) == 0;
}

int policy_of(std::thread& thread) {
    int policy = -1;
    sched_param parameters{};
    pthread_getschedparam(thread.native_handle(), &policy, &parameters);
    return policy;
}

} // namespace

TEST_CASE("threads: the edge's workers run SCHED_BATCH and the storage writer SCHED_OTHER, also "
          "when a request thread built the storage") {
    std::unique_ptr<TestBackend> backend;
    // A thread created by a SCHED_BATCH thread starts as SCHED_BATCH: the writer must leave it.
    int builder_policy = -1;
    std::thread([&] {
        const sched_param none{};
        pthread_setschedparam(pthread_self(), SCHED_BATCH, &none);
        builder_policy = ::sched_getscheduler(0);
        backend = std::make_unique<TestBackend>();
    }).join();
    REQUIRE(builder_policy == SCHED_BATCH);

    HttpOptions options;
    options.log_requests = false;
    options.edge.workers = 8;
    RunningServer server(*backend, options);

    // The pool's threads name themselves as they start.
    std::vector<ThreadSeen> threads;
    int workers = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    do {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        threads = threads_of_this_process();
        workers = 0;
        for (const ThreadSeen& thread : threads) {
            workers += thread.name == "http-worker" ? 1 : 0;
        }
    } while (workers < options.edge.workers && std::chrono::steady_clock::now() < deadline);
    REQUIRE(workers == options.edge.workers);

    int writers = 0;
    for (const ThreadSeen& thread : threads) {
        CAPTURE(thread.name);
        if (thread.name == "http-worker") {
            CHECK(thread.policy == SCHED_BATCH);
        }
        if (ends_with(thread.name, "-writer")) { // sqlite-writer or pg-writer
            ++writers;
            CHECK(thread.policy == SCHED_OTHER);
        }
    }
    CHECK(writers == 1);
}

TEST_CASE("threads: the thread that runs the edge's loop runs SCHED_BATCH while it serves and "
          "gets its own policy back after") {
    TestBackend backend;
    HttpOptions options;
    options.log_requests = false;
    options.edge.workers = 2;
    ApiServer server(backend.backend->services(), options);
    REQUIRE(server.bind("127.0.0.1", 0) > 0);
    const int policy_before = ::sched_getscheduler(0);
    REQUIRE(policy_before == SCHED_OTHER);
    int policy_after = -1;
    bool served = false;
    std::thread serving([&] {
        served = server.serve();
        policy_after = ::sched_getscheduler(0);
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!server.is_running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const int policy_while_serving = policy_of(serving);
    server.stop();
    serving.join();
    CHECK(served);
    CHECK(policy_while_serving == SCHED_BATCH);
    CHECK(policy_after == SCHED_OTHER);
}
