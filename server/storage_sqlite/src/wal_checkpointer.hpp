#pragma once
// WAL checkpoints mostly beside the writer instead of inside its commits.
//
// SQLite copies the write-ahead log back into the database file (a checkpoint) by default in
// the commit that takes the log past 1000 pages, on the committing connection: here the single
// writer, so every write queued behind that commit waited for the copy and its fsync, the tail
// of an access check's latency (BENCHMARKS.md, issue 12). This object replaces the automatic
// checkpoint on the writer with a WAL hook and splits the work in two:
// - every `threshold_pages` pages of new log, a thread with its own connection runs a PASSIVE
//   checkpoint: it copies what is in the log and syncs the file, blocking neither the writer
//   nor any reader;
// - under continuous writing such a checkpoint never catches up with the log, and SQLite only
//   starts the log over after one that did. So once the log is `finish_pages` long, the writer
//   finishes it itself between two batches (`finish_between_batches`), when nothing is being
//   appended: only the few pages written since the last copy are left to copy, and the next
//   transaction starts the log over.
// Checkpoints change no data and nothing acknowledged: every frame they copy is already durable
// in the log, and SQLite reuses the log only after the database file has been synced.

#include "einblick/server/sqlite/connection.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace einblick::server::sqlite {

class WalCheckpointer {
public:
    static constexpr int default_threshold_pages = 1000; // SQLite's own automatic threshold

    // Installs the hook on `writer` (before its thread writes) and starts the thread.
    WalCheckpointer(const std::string& path, SqliteConnection& writer,
                    int threshold_pages = default_threshold_pages);
    // Removes the hook and stops the thread; call after the writer has stopped writing.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    // On the writer's thread, outside a transaction: finishes the checkpoint once the log is
    // long (4 × the threshold; 16 × while writes wait), so the next transaction starts it over.
    // It first waits for the thread's own checkpoint to end and cancels one asked for: while
    // the thread holds the log, SQLite can neither finish the copy nor start the log over.
    void finish_between_batches(bool writes_waiting);

    // Checkpoints run beside the writer, and finished by it, so far (for tests and metrics).
    std::uint64_t checkpoints() const { return checkpoints_; }
    std::uint64_t finished_by_writer() const { return finished_; }

private:
    static int on_commit(void* self, sqlite3* connection, const char* database, int pages);
    void run();

    SqliteConnection& writer_;
    SqliteConnection own_;
    int threshold_pages_;
    int next_request_pages_; // log length at which the thread is asked next (writer thread only)
    std::atomic<int> log_pages_{0};
    std::mutex mutex_;
    std::condition_variable wanted_;
    std::condition_variable idle_; // the thread's checkpoint has ended
    bool due_ = false;
    bool copying_ = false; // the thread's checkpoint runs (it holds the log meanwhile)
    bool stopping_ = false;
    std::atomic<std::uint64_t> checkpoints_{0};
    std::atomic<std::uint64_t> finished_{0};
    std::thread thread_;
};

} // namespace einblick::server::sqlite
