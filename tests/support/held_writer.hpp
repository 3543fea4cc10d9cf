#pragma once
// Holds a database's writer busy so that writes queue up behind it: batching shown without
// timing assumptions.

#include "einblick/server/sqlite/database.hpp"

#include <chrono>
#include <future>
#include <thread>

namespace einblick::testing {

// Holds the writer thread inside a job of its own until released, so that the writes submitted
// meanwhile queue up and reach the writer together: batching shown without timing assumptions.
class HeldWriter {
public:
    explicit HeldWriter(server::SqliteDatabase& db) : released_(release_.get_future().share()) {
        std::future<void> busy = busy_.get_future(); // before the writer can set it
        thread_ = std::thread([&db, this] {
            db.write([this](SQLite::Database&) {
                busy_.set_value();
                released_.wait();
            });
        });
        busy.wait();
    }
    ~HeldWriter() {
        if (thread_.joinable()) {
            release_.set_value();
            thread_.join();
        }
    }
    HeldWriter(const HeldWriter&) = delete;
    HeldWriter& operator=(const HeldWriter&) = delete;

    // Waits until `writes` jobs wait in the queue, then lets the writer go on. Returns whether
    // they all queued; gives up after a minute so that a broken queue fails instead of hanging.
    bool release_when_queued(const server::SqliteDatabase& db, std::size_t writes) {
        const bool all_queued = wait_until_queued(db, writes);
        release_.set_value();
        thread_.join();
        return all_queued;
    }

    // Waits until `writes` jobs wait in the queue (a minute at most); whether they do. Used
    // between submissions, it puts the jobs of one batch in a known order.
    static bool wait_until_queued(const server::SqliteDatabase& db, std::size_t writes) {
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(1);
        while (db.queued_writes() < writes && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return db.queued_writes() >= writes;
    }

private:
    std::promise<void> busy_;
    std::promise<void> release_;
    std::shared_future<void> released_;
    std::thread thread_;
};

} // namespace einblick::testing
