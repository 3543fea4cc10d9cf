// The server's threads and their scheduling (server/platform, thread_setup.hpp): a worker runs
// a write as SCHED_BATCH, so that waking up it never preempts the storage writer every durable
// request waits for, and a read or an access check as SCHED_OTHER; the writer runs SCHED_OTHER,
// also when a SCHED_BATCH thread created it; SQLite's WAL checkpoint thread runs SCHED_IDLE. Read
// from /proc/self/task, as `ps -L` would.

#include "einblick/server/sqlite/database.hpp"
#include "raw_connection.hpp"
#include "route_coverage.hpp"
#include "temp_dir.hpp"
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

// The policies of the threads named `name`, once there are `count` of them (threads name
// themselves as they start).
std::vector<int> policies_of(const std::string& name, int count) {
    std::vector<int> policies;
    eventually(
        [&] {
            policies.clear();
            for (const ThreadSeen& thread : threads_of_this_process()) {
                if (thread.name == name) {
                    policies.push_back(thread.policy);
                }
            }
            return static_cast<int>(policies.size()) >= count;
        },
        std::chrono::seconds(20));
    return policies;
}

std::string request(const std::string& method, const std::string& path) {
    return method + " " + path +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
           (method == "GET" ? "" : "Content-Length: 2\r\n") + "\r\n" +
           (method == "GET" ? "" : "{}");
}

// Sends one request and reads its answer, then gives the policy of the server's one worker. The
// worker sets its policy before it runs a request, so the answer's arrival settles it.
int worker_policy_after(RawConnection& client, const std::string& method, const std::string& path) {
    client.send(request(method, path));
    REQUIRE_FALSE(client.read_response(std::chrono::seconds(20)).empty());
    const std::vector<int> policies = policies_of("http-worker", 1);
    REQUIRE(policies.size() == 1);
    return policies.front();
}

} // namespace

TEST_CASE("threads: the storage writer runs SCHED_OTHER, also when a SCHED_BATCH thread built "
          "the storage") {
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

    int writers = 0;
    for (const ThreadSeen& thread : threads_of_this_process()) {
        if (thread.name.ends_with("-writer")) { // sqlite-writer or pg-writer
            CAPTURE(thread.name);
            ++writers;
            CHECK(thread.policy == SCHED_OTHER);
        }
    }
    CHECK(writers == 1);
}

TEST_CASE("threads: the WAL's copies run SCHED_IDLE, also when a SCHED_BATCH thread opened the "
          "file" *
          doctest::test_suite("sqlite")) {
    // Nobody waits for a copy of the write-ahead log into the file: it must not take a core
    // from the writer or the workers (BENCHMARKS.md, eighteenth stop).
    const TempDir dir;
    std::unique_ptr<einblick::server::SqliteDatabase> db;
    std::thread([&] {
        const sched_param none{};
        pthread_setschedparam(pthread_self(), SCHED_BATCH, &none);
        db = std::make_unique<einblick::server::SqliteDatabase>(dir.file("idle.db"));
    }).join();
    CHECK(policies_of("wal-checkpoint", 1) == std::vector<int>{SCHED_IDLE});
    CHECK(policies_of("sqlite-writer", 1) == std::vector<int>{SCHED_OTHER});
}

TEST_CASE("threads: a worker runs a write as SCHED_BATCH, and a read or an access check as "
          "SCHED_OTHER") {
    // The access check is the one write marked prompt: an official waits on it before acting.
    std::vector<std::string> prompt;
    for (const RegisteredRoute& route : production_routes()) {
        if (route.prompt) {
            prompt.push_back(route_name(route));
        }
    }
    CHECK(prompt == std::vector<std::string>{"POST /api/v1/access-checks"});

    TestBackend backend;
    HttpOptions options;
    options.log_requests = false;
    options.edge.workers = 1; // every request on the same thread
    RunningServer server(backend, options);
    REQUIRE(policies_of("http-worker", 1) == std::vector<int>{SCHED_OTHER});

    RawConnection client(server.port());
    // A POST or DELETE, refused or not, is a write; GET is a read.
    CHECK(worker_policy_after(client, "POST", "/api/v1/session") == SCHED_BATCH);
    CHECK(worker_policy_after(client, "POST", "/api/v1/session") == SCHED_BATCH);
    CHECK(worker_policy_after(client, "GET", "/health/live") == SCHED_OTHER);
    CHECK(worker_policy_after(client, "GET", "/health/live") == SCHED_OTHER);
    CHECK(worker_policy_after(client, "DELETE", "/api/v1/session") == SCHED_BATCH);
    // Refused here too (no key), but scheduled by the route the path names.
    CHECK(worker_policy_after(client, "POST", "/api/v1/access-checks") == SCHED_OTHER);
    CHECK(worker_policy_after(client, "POST", "/api/v1/access-events") == SCHED_BATCH);
    CHECK(worker_policy_after(client, "POST", "/api/v1/access-checks?language=en") == SCHED_OTHER);
    CHECK(worker_policy_after(client, "POST", "/api/v1/access-checks/x") == SCHED_BATCH);
}

TEST_CASE("threads: a worker leaves alone a policy the server did not set") {
    TestBackend backend;
    HttpOptions options;
    options.log_requests = false;
    options.edge.workers = 1;
    // The workers inherit SCHED_IDLE from the thread that starts serving, as they would inherit
    // a policy an operator chose with chrt (SCHED_IDLE needs no privilege; real-time would).
    int starter_policy = -1;
    std::unique_ptr<RunningServer> server;
    std::thread([&] {
        const sched_param none{};
        pthread_setschedparam(pthread_self(), SCHED_IDLE, &none);
        starter_policy = ::sched_getscheduler(0);
        server = std::make_unique<RunningServer>(backend, options);
    }).join();
    REQUIRE(starter_policy == SCHED_IDLE);
    RawConnection client(server->port());
    CHECK(worker_policy_after(client, "POST", "/api/v1/session") == SCHED_IDLE);
    CHECK(worker_policy_after(client, "GET", "/health/live") == SCHED_IDLE);
}
