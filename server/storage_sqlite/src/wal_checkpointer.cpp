#include "wal_checkpointer.hpp"

#include <sqlite3.h>

namespace einblick::server::sqlite {

WalCheckpointer::WalCheckpointer(const std::string& path, SqliteConnection& writer,
                                 int threshold_pages)
    : writer_(writer),
      own_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX), // its thread's alone
      threshold_pages_(threshold_pages), next_request_pages_(threshold_pages) {
    // The database file is synced before the log is reused, also across power loss.
    own_.exec("PRAGMA synchronous = FULL");
    sqlite3_wal_hook(writer_.getHandle(), &WalCheckpointer::on_commit, this);
    thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
    sqlite3_wal_hook(writer_.getHandle(), nullptr, nullptr);
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
    if (pages < checkpointer.log_pages_) { // the log was started over
        checkpointer.next_request_pages_ = checkpointer.threshold_pages_;
    }
    checkpointer.log_pages_ = pages;
    if (pages >= checkpointer.next_request_pages_) {
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
    // Writes waiting would wait for it: then only when the log has grown far.
    if (log_pages_ < (writes_waiting ? 16 : 4) * threshold_pages_) {
        return;
    }
    {
        std::unique_lock lock(mutex_);
        idle_.wait(lock, [this] { return !copying_; });
        due_ = false; // the writer copies it all now
    }
    // SQLITE_BUSY if a reader's snapshot still needs old pages: the log stays long, and the
    // next batch tries again.
    int log_frames = 0;
    int copied_frames = 0;
    if (sqlite3_wal_checkpoint_v2(writer_.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                  &log_frames, &copied_frames) == SQLITE_OK &&
        log_frames == copied_frames) {
        log_pages_ = 0; // the next transaction starts the log over
        next_request_pages_ = threshold_pages_;
        ++finished_;
    }
}

void WalCheckpointer::run() {
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
        sqlite3_wal_checkpoint_v2(own_.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames,
                                  &copied_frames);
        ++checkpoints_;
        {
            std::lock_guard lock(mutex_);
            copying_ = false;
        }
        idle_.notify_all();
    }
}

} // namespace einblick::server::sqlite
