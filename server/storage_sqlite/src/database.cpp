#include "einblick/server/sqlite/database.hpp"

#include "einblick/server/sqlite/migrations.hpp"
#include "einblick/server/sqlite/wal_checkpointer.hpp"
#include "einblick/server/thread_setup.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>

namespace einblick::server {
namespace {

constexpr std::size_t max_batch = 512;
constexpr int busy_timeout_ms = 5000;
// Read connections kept open for the next lease. As many as the server's request workers (64 by
// default) may read at once; with fewer kept, every burst closed the extra connections and
// opened new ones, each parsing the schema again and preparing its statements anew (a tenth of
// the CPU time of 64 concurrent writers, BENCHMARKS.md). A kept connection holds little until
// it reads: SQLite's page cache fills on demand.
constexpr std::size_t max_idle_readers = 64;

// Connections open without SQLite's own mutex (NOMUTEX): each is used by one thread at a time
// (the writer's by the writer thread, or under memory_connection_mutex_ for ":memory:"; a
// reader by the one holding its lease), and the mutex cost every call into SQLite a lock and
// an unlock, a column's value too.
const int no_mutex = SQLite::OPEN_NOMUTEX;

std::unique_ptr<SqliteConnection> open_writer(const std::string& path) {
    try {
        return std::make_unique<SqliteConnection>(path, SQLite::OPEN_READWRITE |
                                                            SQLite::OPEN_CREATE | no_mutex);
    } catch (const SQLite::Exception& error) {
        throw std::runtime_error("cannot open database '" + path + "': " + error.what());
    }
}

// SQLite results that are about the storage, not the request: the same write may succeed later.
bool is_storage_result(int code) {
    switch (code & 0xff) { // the primary code of an extended one
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
        return true;
    default:
        return false;
    }
}

// The error as the caller gets it: a storage failure becomes StorageUnavailable, so that layers
// above (which know no SQLite) can answer 503; anything else stays as it is.
std::exception_ptr as_storage_unavailable(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const SQLite::Exception& failure) {
        if (is_storage_result(failure.getErrorCode())) {
            return std::make_exception_ptr(
                StorageUnavailable(std::string("the database cannot store: ") + failure.what()));
        }
    } catch (...) {
    }
    return error;
}

bool is_storage_unavailable(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const StorageUnavailable&) {
        return true;
    } catch (...) {
        return false;
    }
}

} // namespace

SqliteDatabase::WriterLock::WriterLock(const std::string& database_path) {
    if (database_path == ":memory:") {
        return;
    }
    // A file of its own, not the database: SQLite's POSIX locks on the database are released
    // by closing any descriptor of it in this process, and must not meet this one.
    const std::string lock_path = database_path + ".lock";
    fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) {
        throw std::runtime_error("cannot open database '" + database_path +
                                 "': cannot create its lock file " + lock_path + ": " +
                                 std::strerror(errno));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd_);
        if (error == EWOULDBLOCK) {
            throw std::runtime_error("database '" + database_path +
                                     "' is already open for writing (by another einblick "
                                     "serve?): its lock " +
                                     lock_path + " is held");
        }
        throw std::runtime_error("cannot lock database '" + database_path + "' (" + lock_path +
                                 "): " + std::strerror(error));
    }
}

SqliteDatabase::WriterLock::~WriterLock() {
    if (fd_ >= 0) {
        ::close(fd_); // releases the lock; the file stays (removing it would race a next start)
    }
}

SqliteDatabase::SqliteDatabase(const std::string& path, int wal_threshold_pages)
    : path_(path), in_memory_(path == ":memory:"), lock_(path), writer_(open_writer(path)) {
    // Up to max_batch writes per batch.
    histograms_.batch_sizes = BucketCounts({1, 2, 4, 8, 16, 32, 64, 128, 256, 512});
    histograms_.commit_seconds = writer_time_buckets();
    try {
        writer_->setBusyTimeout(busy_timeout_ms);
        writer_->exec("PRAGMA foreign_keys = ON");
        if (!in_memory_) {
            writer_->exec("PRAGMA journal_mode = WAL");
        }
        // FULL: a commit is on disk before anyone is told it happened, also across power loss.
        writer_->exec("PRAGMA synchronous = FULL");
        sqlite::migrate(*writer_);
        // In a SAVEPOINT (a job run again after another failed, see run_batch) and in a
        // statement that may have to be undone alone, SQLite keeps the original of every page
        // changed in a statement journal. Past 64 KiB that journal went to a temporary file: a
        // batch of 1,000 events opened, wrote and deleted one. In memory it holds one job's
        // pages at most (released with the job). Set after the migrations, so that their sorts
        // of whole tables may still spill to disk.
        writer_->exec("PRAGMA temp_store = MEMORY");
        // 32 MiB of page cache for the writer (SQLite's default is 2 MiB): a batch of 1,000
        // entries changes pages all over a large log's indexes, and with the default cache
        // SQLite spilled changed pages to the WAL in the middle of the transaction and read
        // others back. At 10 M entries batches went 12 to 22 % faster (BENCHMARKS.md, fifth
        // stop). 512 MiB (about 300 MiB more resident at 10 M) showed no gain beyond this
        // machine's noise in ten pairs of runs (twentieth stop). Readers keep the default; the
        // cache fills only as the log grows.
        writer_->exec("PRAGMA cache_size = -" + std::to_string(writer_cache_kib));
        if (!in_memory_) {
            checkpointer_ = std::make_unique<sqlite::WalCheckpointer>(path, writer_->getHandle(),
                                                                      wal_threshold_pages);
        }
    } catch (const SQLite::Exception& error) {
        throw std::runtime_error("cannot prepare database '" + path + "': " + error.what());
    }
    writer_thread_ = std::thread([this] { writer_loop(); });
}

SqliteDatabase::~SqliteDatabase() {
    {
        std::lock_guard guard(queue_mutex_);
        stopping_ = true;
    }
    queue_changed_.notify_all();
    writer_thread_.join();
    checkpointer_.reset(); // the writer has stopped: no commit calls its hook any more
}

std::uint64_t SqliteDatabase::wal_checkpoints() const {
    return checkpointer_ ? checkpointer_->checkpoints() + checkpointer_->finished_by_writer() : 0;
}

int SqliteDatabase::wal_largest_rest_copied_by_writer() const {
    return checkpointer_ ? checkpointer_->largest_rest_copied_by_writer() : 0;
}

std::uint64_t SqliteDatabase::wal_finished_overdue() const {
    return checkpointer_ ? checkpointer_->finished_overdue() : 0;
}

void SqliteDatabase::submit_write(std::function<void(SqliteConnection&)> work) {
    WriteJob job{std::move(work), {}};
    std::future<void> done = job.done.get_future();
    {
        std::lock_guard guard(queue_mutex_);
        if (stopping_) {
            throw std::runtime_error("the database is closing");
        }
        queue_.push_back(&job);
    }
    queue_changed_.notify_one();
    done.get();
}

void SqliteDatabase::writer_loop() {
    name_this_thread("sqlite-writer");
    leave_batch_policy(); // the one serial thread keeps wake-up preemption (thread_setup.hpp)
    std::vector<WriteJob*> batch;
    for (;;) {
        {
            std::unique_lock lock(queue_mutex_);
            queue_changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return; // stopping, and every accepted write has been served
            }
            while (!queue_.empty() && batch.size() < max_batch) {
                batch.push_back(queue_.front());
                queue_.pop_front();
            }
        }
        run_batch(batch);
        batch.clear();
        if (checkpointer_) {
            checkpointer_->finish_between_batches(queued_writes() > 0);
        }
    }
}

void SqliteDatabase::run_batch(std::vector<WriteJob*>& batch) {
    std::unique_lock memory_guard(memory_connection_mutex_, std::defer_lock);
    if (in_memory_) {
        memory_guard.lock();
    }
    std::vector<std::exception_ptr> errors(batch.size());
    const auto started = std::chrono::steady_clock::now();
    try {
        if (commits_durable_ != synchronous_full_) { // only outside a transaction
            synchronous_full_ = commits_durable_;
            writer_->exec(synchronous_full_ ? "PRAGMA synchronous = FULL"
                                            : "PRAGMA synchronous = NORMAL");
        }
        run_statement("BEGIN IMMEDIATE");
        if (!run_jobs_directly(batch, errors)) {
            // A job threw after it had changed rows, which cannot be taken back alone without
            // a savepoint: the batch starts over, each job in a savepoint of its own.
            run_statement("ROLLBACK");
            run_statement("BEGIN IMMEDIATE");
            run_jobs_in_savepoints(batch, errors);
        }
        run_statement("COMMIT");
    } catch (...) {
        // The commit itself failed (disk full, I/O error): nothing of this batch is stored.
        const std::exception_ptr failure = std::current_exception();
        try {
            writer_->exec("ROLLBACK");
        } catch (...) {
            // no transaction left to roll back
        }
        for (auto& error : errors) {
            error = error ? error : failure;
        }
    }
    settle_batch(batch, errors,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

void SqliteDatabase::run_statement(const char* sql) {
    writer_->cached(sql)->exec(); // the transaction's statements run per batch: prepared once
}

bool SqliteDatabase::run_jobs_directly(std::vector<WriteJob*>& batch,
                                       std::vector<std::exception_ptr>& errors) {
    sqlite3* const handle = writer_->getHandle();
    for (std::size_t i = 0; i < batch.size(); ++i) {
        // Rows inserted, updated or deleted so far (temporary tables too). A statement that
        // failed counts none: SQLite undid it.
        const sqlite3_int64 changes_before = sqlite3_total_changes64(handle);
        try {
            batch[i]->work(*writer_);
        } catch (...) {
            errors[i] = std::current_exception();
            if (sqlite3_total_changes64(handle) != changes_before) {
                return false;
            }
        }
    }
    return true;
}

void SqliteDatabase::run_jobs_in_savepoints(std::vector<WriteJob*>& batch,
                                            std::vector<std::exception_ptr>& errors) {
    for (std::size_t i = 0; i < batch.size(); ++i) {
        errors[i] = nullptr; // the job runs again, and its new outcome counts
        run_statement("SAVEPOINT write_job");
        try {
            batch[i]->work(*writer_);
            run_statement("RELEASE write_job");
        } catch (...) {
            errors[i] = std::current_exception();
            run_statement("ROLLBACK TO write_job");
            run_statement("RELEASE write_job");
        }
    }
}

void SqliteDatabase::settle_batch(std::vector<WriteJob*>& batch,
                                  std::vector<std::exception_ptr>& errors, double commit_seconds) {
    bool storage_failed = false;
    bool stored_any = false;
    for (auto& error : errors) {
        if (error) {
            error = as_storage_unavailable(error);
            storage_failed = storage_failed || is_storage_unavailable(error);
        } else {
            stored_any = true;
        }
    }
    // Settled before any caller is answered, so a readiness check after the answer sees it. A
    // batch that stored nothing and failed for the requests' own reasons says nothing either way.
    if (storage_failed) {
        writes_failing_ = true;
    } else if (stored_any) {
        writes_failing_ = false;
    }
    {
        std::lock_guard guard(queue_mutex_);
        ++statistics_.commits;
        statistics_.writes += batch.size();
        histograms_.batch_sizes.observe(static_cast<double>(batch.size()));
        histograms_.commit_seconds.observe(commit_seconds);
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (errors[i]) {
            batch[i]->done.set_exception(errors[i]);
        } else {
            batch[i]->done.set_value();
        }
    }
}

std::unique_ptr<SqliteConnection> SqliteDatabase::open_reader() {
    auto reader = std::make_unique<SqliteConnection>(path_, SQLite::OPEN_READONLY | no_mutex);
    reader->setBusyTimeout(busy_timeout_ms);
    reader->exec("PRAGMA query_only = ON");
    return reader;
}

SqliteDatabase::ReadLease::ReadLease(SqliteDatabase& database) : database_(database) {
    if (database_.in_memory_) {
        memory_guard_ = std::unique_lock(database_.memory_connection_mutex_);
        connection_ = database_.writer_.get();
        return;
    }
    {
        std::lock_guard guard(database_.readers_mutex_);
        if (!database_.idle_readers_.empty()) {
            owned_ = std::move(database_.idle_readers_.back());
            database_.idle_readers_.pop_back();
        }
    }
    if (!owned_) {
        owned_ = database_.open_reader();
    }
    connection_ = owned_.get();
}

SqliteDatabase::ReadLease::~ReadLease() {
    if (!owned_) {
        return;
    }
    std::lock_guard guard(database_.readers_mutex_);
    if (database_.idle_readers_.size() < max_idle_readers) {
        database_.idle_readers_.push_back(std::move(owned_));
    }
}

int SqliteDatabase::schema_version() {
    return read([](SQLite::Database& c) { return c.execAndGet("PRAGMA user_version").getInt(); });
}

bool SqliteDatabase::ping() {
    if (writes_failing_ && !probe_write()) {
        return false;
    }
    try {
        return read([](SQLite::Database& c) {
            return c.execAndGet("SELECT count(*) FROM agencies").getInt64() >= 0;
        });
    } catch (const std::exception&) {
        return false;
    }
}

bool SqliteDatabase::probe_write() {
    try {
        // Writes the schema version over itself: page 1 goes to disk and through fsync like any
        // write, and nothing changes. A caller's write would clear the failure the same way, but
        // with the instance taken out of service there may be none.
        write([](SQLite::Database& c) {
            const int version = c.execAndGet("PRAGMA user_version").getInt();
            c.exec("PRAGMA user_version = " + std::to_string(version));
        });
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

WriteStatistics SqliteDatabase::write_statistics() const {
    std::lock_guard guard(queue_mutex_);
    return statistics_;
}

StorageStatistics SqliteDatabase::statistics() const {
    std::lock_guard guard(queue_mutex_);
    StorageStatistics result = histograms_;
    result.batches = statistics_.commits;
    result.writes = statistics_.writes;
    result.queued_writes = queue_.size();
    if (checkpointer_) {
        result.wal =
            WalStatistics{checkpointer_->checkpoints(), checkpointer_->finished_by_writer(),
                          checkpointer_->started_over(), checkpointer_->finish_seconds()};
    }
    return result;
}

std::size_t SqliteDatabase::queued_writes() const {
    std::lock_guard guard(queue_mutex_);
    return queue_.size();
}

} // namespace einblick::server
