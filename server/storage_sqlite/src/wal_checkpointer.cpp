#include "einblick/server/sqlite/wal_checkpointer.hpp"

#include "einblick/server/thread_setup.hpp"

#include <algorithm>
#include <chrono>
#include <sqlite3.h>

namespace einblick::server::sqlite {

WalCheckpointer::WalCheckpointer(const std::string& path, sqlite3* writer, int threshold_pages)
    : writer_(writer),
      own_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX), // its thread's alone
      threshold_pages_(threshold_pages), next_request_pages_(threshold_pages),
      finish_seconds_(writer_time_buckets()) { // a finish holds the writer as a commit does
    // The database file is synced before the log is reused, also across power loss.
    own_.exec("PRAGMA synchronous = FULL");
    sqlite3_wal_hook(writer_, &WalCheckpointer::on_commit, this);
    thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
    sqlite3_wal_hook(writer_, nullptr, nullptr);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wanted_.notify_one();
    thread_.join();
}

// Runs on the writer's thread inside each commit: notes the log's length and, every
// threshold's worth of new pages, asks the thread for a checkpoint.
int WalCheckpointer::on_commit(void* self, sqlite3* /*connection*/, const char* /*database*/,
                               int pages) {
    auto& checkpointer = *static_cast<WalCheckpointer*>(self);
    if (pages < checkpointer.log_pages_) { // started over after the thread's copy
        checkpointer.next_request_pages_ = checkpointer.threshold_pages_;
        checkpointer.finishing_ = false;
        ++checkpointer.started_over_;
    }
    checkpointer.log_pages_ = pages;
    if (!checkpointer.finishing_ && pages >= checkpointer.next_request_pages_) {
        checkpointer.next_request_pages_ = pages + checkpointer.threshold_pages_;
        {
            std::lock_guard lock(checkpointer.mutex_);
            checkpointer.due_ = true;
        }
        checkpointer.wanted_.notify_one();
    }
    return SQLITE_OK;
}

void WalCheckpointer::finish_between_batches(bool writes_waiting) {
    const int pages = log_pages_;
    if (pages < idle_mark * threshold_pages_ && !finishing_) {
        return;
    }
    if (pages < finish_mark * threshold_pages_ && !finishing_) {
        if (!writes_waiting) {
            ask_while_idle();
        }
        return;
    }
    const auto started = std::chrono::steady_clock::now();
    finishing_ = true; // from now on the thread copies when this asks, between batches
    const bool overdue = pages >= overdue_mark * threshold_pages_;
    int rest = 0; // pages left to copy
    {
        std::unique_lock lock(mutex_);
        if (copying_ && !overdue) {
            return; // asked again after the next batch
        }
        idle_.wait(lock, [this] { return !copying_; }); // while the thread holds the log, SQLite
                                                        // can neither copy it all nor start over
        // A count from before the log was started over is not of this log.
        const int copied = copied_pages_ <= pages ? copied_pages_.load() : 0;
        if (pages - copied > max_leftover_pages && !overdue) {
            due_ = true; // it copies what came since its last copy; the rest is shorter then
            lock.unlock();
            wanted_.notify_one();
            return;
        }
        due_ = false; // the writer copies it all now
        rest = pages - copied;
    }
    const bool finished = finish_on_writer();
    {
        std::lock_guard guard(finish_times_mutex_);
        finish_seconds_.observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    if (finished) {
        if (overdue) {
            ++finished_overdue_;
        } else {
            largest_rest_ = std::max(largest_rest_.load(), rest);
        }
        log_pages_ = 0; // the next transaction starts the log over
        copied_pages_ = 0;
        next_request_pages_ = threshold_pages_;
        finishing_ = false;
        ++finished_;
        ++started_over_;
    }
}

void WalCheckpointer::ask_while_idle() {
    {
        std::lock_guard lock(mutex_);
        if (copying_) {
            return; // its copy ends soon; the writer asks again when it next finds no work
        }
        due_ = true;
    }
    wanted_.notify_one();
}

BucketCounts WalCheckpointer::finish_seconds() const {
    std::lock_guard guard(finish_times_mutex_);
    return finish_seconds_;
}

bool WalCheckpointer::finish_on_writer() {
    // SQLITE_BUSY if a reader's snapshot still needs old pages: the log stays long, and the
    // next batch tries again.
    int log_frames = 0;
    int copied_frames = 0;
    return sqlite3_wal_checkpoint_v2(writer_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames,
                                     &copied_frames) == SQLITE_OK &&
           log_frames == copied_frames;
}

void WalCheckpointer::run() {
    name_this_thread("wal-checkpoint");
    // Nobody waits for a copy, except the writer for an overdue log's, and then the writes
    // and the workers wait too, leaving the cores to it.
    run_only_on_idle_cores();
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wanted_.wait(lock, [this] { return due_ || stopping_; });
            if (stopping_) {
                return;
            }
            due_ = false;
            copying_ = true;
        }
        int log_frames = 0;
        int copied_frames = 0;
        // A failure (disk full, I/O error) leaves the log longer, nothing lost: it is asked
        // again a threshold later, and the writer finishes it when the log is long.
        if (sqlite3_wal_checkpoint_v2(own_.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                      &log_frames, &copied_frames) == SQLITE_OK) {
            copied_pages_ = copied_frames;
        }
        ++checkpoints_;
        {
            std::lock_guard lock(mutex_);
            copying_ = false;
        }
        idle_.notify_all();
    }
}

} // namespace einblick::server::sqlite
