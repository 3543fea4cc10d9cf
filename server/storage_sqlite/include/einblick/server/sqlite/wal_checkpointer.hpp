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
// - when the writer finds no work and the log is long (`idle_mark` thresholds), it asks the
//   thread for another checkpoint and goes on at once. If no commit comes while it copies,
//   the copy has caught up with the log, and SQLite starts the log over in the next
//   transaction: nobody waited for it;
// - under continuous writing such a checkpoint never catches up with the log, and SQLite only
//   starts the log over after one that did. So once the log is longer still (`finish_mark`),
//   the writer finishes it itself between two batches (`finish_between_batches`), and the next
//   transaction starts the log over. It never waits for the thread's copy and copies little
//   itself: while more than `max_leftover_pages` are left to copy, it asks the thread for
//   another checkpoint, which copies what was appended during the last one, and so on, until
//   what is left is short. Waiting for the thread's copy, and copying up to a threshold's worth
//   of pages in the writer, held up every write queued behind it for up to 150 ms
//   (BENCHMARKS.md, ninth stop). Even so a finish holds every write that comes meanwhile for
//   its two syncs, 25-140 ms on this project's test machine (BENCHMARKS.md, eighteenth stop),
//   so it comes at 16 thresholds of log, not at 4. The sync of the database file is the long
//   one: SQLite syncs the file only after a copy that reaches the log's end, so the finish
//   writes back every page the thread's copies wrote since its last sync. Syncing after each
//   of the thread's copies made the finishes take 3 ms, and every commit meanwhile slower:
//   the access check's p99 in process went from 2 to 14 ms (BENCHMARKS.md, twentieth stop).
//   Only a log half again as long as the finishing length (`overdue_mark`), whose copies never
//   get short (a reader holding old pages, a disk slower than the writes), makes the writer
//   wait and copy it all.
// Checkpoints change no data and nothing acknowledged: every frame they copy is already durable
// in the log, and SQLite reuses the log only after the database file has been synced.

#include "einblick/server/sqlite/connection.hpp"
#include "einblick/server/storage_health.hpp"

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
    // The most pages of log the writer copies itself when it finishes: little to copy, so that
    // its finish costs mostly its two fsyncs (of the log and the file).
    static constexpr int max_leftover_pages = 128;
    // Log lengths, in thresholds: from `idle_mark` the writer asks the thread for a copy when
    // it finds no work, from `finish_mark` it finishes the log itself, and from `overdue_mark`
    // it waits for the thread's copy and copies all that is left.
    static constexpr int idle_mark = 4;
    static constexpr int finish_mark = 16;
    static constexpr int overdue_mark = 24;

    // Installs the hook on `writer`, the connection of the database's one writer at `path`
    // (before its thread writes), and starts the thread. A raw handle, so that the benchmark's
    // raw-SQLite floor keeps its log short with this same object (BENCHMARKS.md).
    WalCheckpointer(const std::string& path, sqlite3* writer, int threshold_pages);
    // Removes the hook and stops the thread; call after the writer has stopped writing.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    // On the writer's thread, outside a transaction: once the log is long, asks the thread for
    // a copy when no writes wait; once it is longer still, finishes the checkpoint when little
    // is left to copy, so that the next transaction starts the log over, and otherwise asks
    // the thread to copy more.
    void finish_between_batches(bool writes_waiting);

    // Checkpoints run beside the writer, and finished by it, so far (for tests and metrics).
    std::uint64_t checkpoints() const { return checkpoints_; }
    std::uint64_t finished_by_writer() const { return finished_; }
    // Times the log started over: after the writer's finishes, and after a copy of the thread
    // that caught up with the log while the writer had no work.
    std::uint64_t started_over() const { return started_over_; }
    // Of the writer's finishes, those of a log overdue (copied all by the writer, after waiting
    // for the thread), and the most pages any other finish left for the writer to copy.
    std::uint64_t finished_overdue() const { return finished_overdue_; }
    int largest_rest_copied_by_writer() const { return largest_rest_; }
    // Each time the writer tried to finish the log, by how long it held the writer (waiting
    // for the thread's copy when overdue, copying the rest, the syncs): every write queued
    // meanwhile waited as long.
    BucketCounts finish_seconds() const;

private:
    static int on_commit(void* self, sqlite3* connection, const char* database, int pages);
    void run();
    // Copies the rest of the log on the writer's connection; true when nothing is left.
    bool finish_on_writer();
    // Asks the thread for a copy unless one runs (the writer asks again when next idle).
    void ask_while_idle();

    sqlite3* writer_;
    SqliteConnection own_;
    int threshold_pages_;
    int next_request_pages_; // log length at which the thread is asked next (writer thread only)
    bool finishing_ = false; // the log is long: finish_between_batches asks the thread, not commits
    std::atomic<int> log_pages_{0};
    // Pages of the current log that the thread's last checkpoint had copied into the file.
    std::atomic<int> copied_pages_{0};
    std::mutex mutex_;
    std::condition_variable wanted_;
    std::condition_variable idle_; // the thread's checkpoint has ended
    bool due_ = false;
    bool copying_ = false; // the thread's checkpoint runs (it holds the log meanwhile)
    bool stopping_ = false;
    std::atomic<std::uint64_t> checkpoints_{0};
    std::atomic<std::uint64_t> finished_{0};
    std::atomic<std::uint64_t> started_over_{0};
    std::atomic<std::uint64_t> finished_overdue_{0};
    std::atomic<int> largest_rest_{0};
    mutable std::mutex finish_times_mutex_;
    BucketCounts finish_seconds_;
    std::thread thread_;
};

} // namespace einblick::server::sqlite
