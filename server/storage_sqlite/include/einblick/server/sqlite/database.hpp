#pragma once
// One SQLite database (a file, or ":memory:" for tests) in WAL mode, migrated on open.
//
// Writes go through a single writer thread that gathers all writes waiting at that moment into
// one transaction and one durable commit (group commit): with synchronous=FULL every write is on
// disk before its caller returns, yet a burst of concurrent writes costs one fsync, not one each.
// One failing write does not undo the others: a write that fails before it changed a row has
// nothing to undo; when one fails after changing rows, the batch is rolled back and run again
// with each write in a savepoint of its own (a savepoint for every write cost the writer its
// statements and a copy of every page each write changed; BENCHMARKS.md, sixth stop).
// Reads use a pool of read-only connections and, thanks to WAL, never wait for the writer.
//
// One writer per database: the object holds an exclusive lock (flock) on "<path>.lock" for its
// lifetime, so a second server on the same file, in this process or another, is refused at
// start instead of writing beside the first (WAL would let both open it).
//
// Rules for callers: a write job uses only the connection it is given, opens no transaction of
// its own, and does not call read() or write(). It may run more than once (see above), so its
// only effects outside the database are its result and what it throws.
//
// Jobs get an SqliteConnection (an SQLite::Database with a cache of prepared statements): what
// runs per request takes its statements from connection.cached(sql).
//
// Only the SQLite repositories and the wiring (server/app) see this class; services and routes
// see the backend-neutral interfaces of server/storage (StorageHealth for the readiness check).

#include "einblick/server/sqlite/connection.hpp"
#include "einblick/server/storage_health.hpp"

#include <SQLiteCpp/Database.h>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace einblick::server {

namespace sqlite {
class WalCheckpointer;
}

struct WriteStatistics {
    std::uint64_t commits = 0;
    std::uint64_t writes = 0;
};

class SqliteDatabase final : public StorageHealth {
public:
    // Opens (creating if needed) and migrates. Throws std::runtime_error with a readable
    // message when the file cannot be opened, is in use by another writer, or has a newer
    // schema than this build knows. Every `wal_threshold_pages` pages of new write-ahead log a
    // thread copies the log back into the file (SQLite's own automatic threshold; tests set
    // fewer, to reach the longer marks of wal_checkpointer.hpp quickly).
    static constexpr int default_wal_threshold_pages = 1000;
    // The writer's page cache, in KiB (readers keep SQLite's default of 2 MiB; database.cpp
    // says why). The benchmark's raw-SQLite floors use it too.
    static constexpr int writer_cache_kib = 32 * 1024;
    explicit SqliteDatabase(const std::string& path,
                            int wal_threshold_pages = default_wal_threshold_pages);
    ~SqliteDatabase() override;

    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    // Runs `work(connection)` in the next group commit; returns its result once durable.
    // Exceptions thrown by `work` (or by the commit) reach the caller.
    template <typename Work>
    auto write(Work&& work) -> std::invoke_result_t<Work&, SqliteConnection&> {
        using Result = std::invoke_result_t<Work&, SqliteConnection&>;
        if constexpr (std::is_void_v<Result>) {
            submit_write([&](SqliteConnection& connection) { work(connection); });
        } else {
            std::optional<Result> result;
            submit_write([&](SqliteConnection& connection) { result.emplace(work(connection)); });
            return std::move(*result);
        }
    }

    // Runs `work(connection)` on a read-only connection (consistent snapshot for its duration
    // when it runs several statements, as SQLite reads in WAL mode are).
    template <typename Work>
    auto read(Work&& work) -> std::invoke_result_t<Work&, SqliteConnection&> {
        ReadLease lease(*this);
        return work(lease.connection());
    }

    int schema_version();
    // A cheap read that proves the database answers (used by /health/ready). After a write
    // that failed for want of storage (disk full, I/O error: those reach the caller as
    // StorageUnavailable) it is false until a write succeeds again; it tries one itself.
    bool ping() override;
    StorageStatistics statistics() const override;
    WriteStatistics write_statistics() const;
    // Writes submitted and not yet taken by the writer: they all go into its next batch. Lets a
    // test (and a benchmark) know that a burst has queued up, without guessing with timing.
    std::size_t queued_writes() const;
    // For seeding a new database (the demo, before the server listens): with false, commits
    // no longer wait for the disk (synchronous = NORMAL, which WAL keeps free of corruption;
    // a power loss may undo the last commits). True (the default) restores FULL before the
    // next commit. Never false while anything is acknowledged to anyone.
    void set_commits_durable(bool durable) { commits_durable_ = durable; }
    bool in_memory() const { return in_memory_; }
    // WAL checkpoints run beside the writer so far (none for ":memory:"; for tests).
    std::uint64_t wal_checkpoints() const;
    // The most pages of log the writer copied itself when it finished a checkpoint (not
    // counting a log overdue), and how many finishes were of an overdue log (for tests).
    int wal_largest_rest_copied_by_writer() const;
    std::uint64_t wal_finished_overdue() const;

private:
    struct WriteJob {
        std::function<void(SqliteConnection&)> work;
        std::promise<void> done;
    };

    // The exclusive lock on "<path>.lock" (none for ":memory:"), taken before the database is
    // opened and released when the object goes.
    class WriterLock {
    public:
        explicit WriterLock(const std::string& database_path);
        ~WriterLock();
        WriterLock(const WriterLock&) = delete;
        WriterLock& operator=(const WriterLock&) = delete;

    private:
        int fd_ = -1;
    };

    class ReadLease {
    public:
        explicit ReadLease(SqliteDatabase& database);
        ~ReadLease();
        ReadLease(const ReadLease&) = delete;
        ReadLease& operator=(const ReadLease&) = delete;
        SqliteConnection& connection() { return *connection_; }

    private:
        SqliteDatabase& database_;
        std::unique_lock<std::mutex> memory_guard_;
        std::unique_ptr<SqliteConnection> owned_;
        SqliteConnection* connection_ = nullptr;
    };

    void submit_write(std::function<void(SqliteConnection&)> work);
    void writer_loop();
    void run_batch(std::vector<WriteJob*>& batch);
    void run_statement(const char* sql);
    // Runs the jobs one after the other in the open transaction, without savepoints: a job
    // that throws before it changed a row leaves nothing to undo, and the others go on. Returns
    // false as soon as a job throws after changing rows; the transaction must then be rolled
    // back.
    bool run_jobs_directly(std::vector<WriteJob*>& batch, std::vector<std::exception_ptr>& errors);
    // Runs every job again, each in a savepoint that is rolled back if it throws.
    void run_jobs_in_savepoints(std::vector<WriteJob*>& batch,
                                std::vector<std::exception_ptr>& errors);
    void settle_batch(std::vector<WriteJob*>& batch, std::vector<std::exception_ptr>& errors,
                      double commit_seconds);
    bool probe_write();
    std::unique_ptr<SqliteConnection> open_reader();

    std::string path_;
    bool in_memory_;
    WriterLock lock_; // before writer_: nothing is opened, let alone migrated, without it
    std::unique_ptr<SqliteConnection> writer_;
    // In-memory databases have a single connection: readers and the writer take turns.
    std::mutex memory_connection_mutex_;

    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;

    mutable std::mutex queue_mutex_;
    std::condition_variable queue_changed_;
    std::deque<WriteJob*> queue_;
    bool stopping_ = false;
    WriteStatistics statistics_;
    StorageStatistics histograms_; // batch sizes and commit times, under queue_mutex_
    std::atomic<bool> writes_failing_{false};
    std::atomic<bool> commits_durable_{true}; // wanted (set_commits_durable)
    bool synchronous_full_ = true;            // in force on writer_ (writer thread only)
    // Copies the WAL back into the file off the writer's thread (file databases only).
    std::unique_ptr<sqlite::WalCheckpointer> checkpointer_;
    std::thread writer_thread_;
};

} // namespace einblick::server
