#include "raw_sqlite.hpp"

#include "database_files.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/sqlite/database.hpp"
#include "einblick/server/sqlite/wal_checkpointer.hpp"
#include "einblick/shared/merkle.hpp"
#include "spread.hpp"

#include <algorithm>
#include <condition_variable>
#include <ctime>
#include <exception>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <span>
#include <sqlite3.h>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#include <vector>

namespace einblick::bench {
namespace {

// The citizens a fresh floor's rows are spread over; at size, as many as the pre-loaded log's.
constexpr int fresh_citizens = 2000;
constexpr int citizens_at_size = 100'000;

void exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error != nullptr ? error : "?";
        sqlite3_free(error);
        throw std::runtime_error(std::string("sqlite: ") + message);
    }
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
        SQLITE_OK) {
        throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db));
    }
    return statement;
}

sqlite3_stmt* prepare(sqlite3* db, const std::string& sql) {
    return prepare(db, sql.c_str());
}

// A citizen's number, as the server's log refers to a pseudonym in log_citizens (migration 12):
// spread over all citizens, as the server's entries are (its pre-load spreads them the same
// way, and the bench's requests come from citizens whose numbers the pre-load gave in that
// spread order). The n-th row of a commit used to go to the n-th citizen: a commit of 1,000
// rows then changed 1,000 neighbouring places in the citizen index, fewer pages than the
// server's entries change.
int citizen_number(std::int64_t n, int citizens) {
    return static_cast<int>(1 + spread(static_cast<std::uint64_t>(n)) %
                                    static_cast<std::uint64_t>(citizens));
}

// One row as the service writes an access: the access log's columns with values of the same
// sizes (codes and numbers for kind, outcome, reason and citizen, the purpose's legal basis,
// a 32-byte hash).
void insert(sqlite3_stmt* statement, std::int64_t n, int citizens,
            const std::vector<unsigned char>& hash = std::vector<unsigned char>(32, 0xab)) {
    sqlite3_reset(statement);
    sqlite3_bind_int64(statement, 1, n + 1);
    sqlite3_bind_int(statement, 2, 1); // kind 'access'
    sqlite3_bind_int(statement, 3, 0); // outcome 'allowed'
    sqlite3_bind_int(statement, 4, 1); // the reason's number
    sqlite3_bind_int(statement, 5, citizen_number(n, citizens));
    sqlite3_bind_int(statement, 6, 1 + n % 64);
    sqlite3_bind_int(statement, 7, 1 + n % 64);
    sqlite3_bind_int(statement, 8, 1 + n % 64);
    sqlite3_bind_text(statement, 9, "melderegister", -1, SQLITE_STATIC);
    sqlite3_bind_text(statement, 10, "[\"address\"]", -1, SQLITE_STATIC);
    sqlite3_bind_text(statement, 11, "A6-1-e", -1, SQLITE_STATIC);
    sqlite3_bind_int64(statement, 12, 1'795'867'200'000LL + n);
    sqlite3_bind_int64(statement, 13, 1'795'867'200'000LL + n);
    sqlite3_bind_blob(statement, 14, hash.data(), 32, SQLITE_TRANSIENT);
    if (sqlite3_step(statement) != SQLITE_DONE) {
        throw std::runtime_error("sqlite: insert failed");
    }
}

sqlite3* open(const std::string& path) {
    sqlite3* db = nullptr;
    // Without the connection's mutex, as the server's connections (one thread uses it).
    if (sqlite3_open_v2(path.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        throw std::runtime_error("sqlite: cannot open " + path);
    }
    // The server's writer settings, its page cache included: with SQLite's default 2 MiB, a
    // commit of 1,000 rows for citizens spread over a large index spilled changed pages to the
    // WAL before the commit and wrote them again in it.
    const std::string cache =
        "PRAGMA cache_size=-" + std::to_string(server::SqliteDatabase::writer_cache_kib);
    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
    exec(db, cache.c_str());
    return db;
}

sqlite3* open_fresh(const std::string& path) {
    remove_database(path);
    sqlite3* db = open(path);
    // The columns and indexes of the server's access_log (migrations 4, 7 and 12), without the
    // foreign keys and CHECKs, which the server's writes pay for and the floor does not.
    exec(db, "CREATE TABLE access_log (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,"
             " kind INTEGER NOT NULL, outcome INTEGER NOT NULL, reason INTEGER NOT NULL,"
             " citizen_id INTEGER NOT NULL, agency_id INTEGER NOT NULL, purpose_id INTEGER,"
             " purpose_version_id INTEGER, register TEXT NOT NULL, data_categories TEXT NOT NULL,"
             " legal_basis TEXT NOT NULL, consent_id INTEGER, official TEXT, correlation_id TEXT,"
             " occurred_at INTEGER NOT NULL, recorded_at INTEGER NOT NULL, idempotency_key TEXT,"
             " request_hash BLOB, prev_hash BLOB NOT NULL,"
             " idempotency_scope TEXT, idempotency_item INTEGER);"
             "CREATE INDEX access_log_by_citizen"
             " ON access_log (citizen_id, occurred_at DESC, id DESC);"
             "CREATE UNIQUE INDEX access_log_idempotency"
             " ON access_log (agency_id, idempotency_key, idempotency_item)"
             " WHERE idempotency_key IS NOT NULL;"
             "CREATE INDEX access_log_by_time ON access_log (occurred_at);"
             "CREATE INDEX access_log_by_agency_time ON access_log (agency_id, occurred_at);");
    return db;
}

sqlite3_stmt* prepare_insert(sqlite3* db) {
    return prepare(db, "INSERT INTO access_log (seq, kind, outcome, reason, citizen_id,"
                       " agency_id, purpose_id, purpose_version_id, register, data_categories,"
                       " legal_basis, occurred_at, recorded_at, prev_hash)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
}

// The rows of the verifiable floor: each row's prev_hash is the previous row's chain hash, and
// each row's leaf and the parents it completes go to verifiable_tree_nodes. Like the server's
// TreeAppender, it keeps the tree's right edge in memory.
class VerifiableRows {
public:
    // Its tables' names begin with `tables` (a tree of its own for each instance).
    VerifiableRows(sqlite3* db, std::int64_t first_row, int citizens, const std::string& tables)
        : db_(db), tables_(tables), next_row_(first_row), citizens_(citizens) {
        exec(db, ("CREATE TABLE IF NOT EXISTS " + tables +
                  "tree_nodes (node INTEGER PRIMARY KEY, hash BLOB NOT NULL)")
                     .c_str());
        add_ = prepare_insert(db);
        node_ = prepare(db, "INSERT INTO " + tables + "tree_nodes (node, hash) VALUES (?, ?)");
        // An encoding of the size of the server's canonical entry (docs/LOG-FORMAT.md).
        encoding_.assign(380, 'x');
    }
    ~VerifiableRows() {
        sqlite3_finalize(add_);
        sqlite3_finalize(node_);
        sqlite3_finalize(head_);
        sqlite3_finalize(count_);
    }
    VerifiableRows(const VerifiableRows&) = delete;
    VerifiableRows& operator=(const VerifiableRows&) = delete;

    // Makes the tables commit_one also writes: the chain's head and the hourly counts, as
    // access_log_head and access_counts_hourly. A batch writes its head and counts once per
    // thousand rows, which the batch floor leaves out.
    void keep_head_and_counts() {
        const std::string& tables = tables_;
        exec(db_, ("CREATE TABLE IF NOT EXISTS " + tables +
                   "head (id INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, last_hash BLOB);"
                   "INSERT OR IGNORE INTO " +
                   tables +
                   "head VALUES (1, 0, NULL);"
                   "CREATE TABLE IF NOT EXISTS " +
                   tables +
                   "counts (hour INTEGER NOT NULL, agency_id INTEGER NOT NULL, accesses INTEGER "
                   "NOT NULL, PRIMARY KEY (hour, agency_id)) WITHOUT ROWID")
                      .c_str());
        head_ =
            prepare(db_, "UPDATE " + tables + "head SET last_seq = ?, last_hash = ? WHERE id = 1");
        count_ = prepare(db_, "INSERT INTO " + tables +
                                  "counts VALUES (?, ?, 1) ON CONFLICT "
                                  "(hour, agency_id) DO UPDATE SET accesses = accesses + 1");
    }

    void insert() {
        const std::int64_t n = next_row_++;
        const std::string seq = std::to_string(n + 1);
        encoding_.replace(0, seq.size(), seq);
        encoding_.replace(32, prev_.size(), reinterpret_cast<const char*>(prev_.data()),
                          prev_.size());
        einblick::bench::insert(add_, n, citizens_, prev_);
        const auto bytes =
            std::span(reinterpret_cast<const std::uint8_t*>(encoding_.data()), encoding_.size());
        const merkle::Sha256& sha = server::log_tree_sha256();
        const merkle::Hash chain = sha(bytes);
        const auto added =
            merkle::nodes_for_append(sha, tree_size_++, merkle::leaf_hash(sha, bytes),
                                     [this](std::span<const merkle::NodeId> ids) {
                                         std::vector<merkle::Hash> found;
                                         for (const merkle::NodeId& id : ids) {
                                             found.push_back(edge_.at(id));
                                         }
                                         return found;
                                     });
        for (const merkle::NewNode& node : added) {
            sqlite3_reset(node_);
            // Numbered as in log_tree_nodes (migration 13): last leaf * 64 + level.
            const std::uint64_t last_leaf = ((node.id.index + 1) << node.id.level) - 1;
            sqlite3_bind_int64(node_, 1,
                               static_cast<std::int64_t>(
                                   (last_leaf << 6) | static_cast<std::uint64_t>(node.id.level)));
            sqlite3_bind_blob(node_, 2, node.hash.data(), 32, SQLITE_TRANSIENT);
            if (sqlite3_step(node_) != SQLITE_DONE) {
                throw std::runtime_error("sqlite: tree node insert failed");
            }
            if (node.id.index % 2 == 0) {
                edge_.insert_or_assign(node.id, node.hash);
            } else {
                edge_.erase({node.id.level, node.id.index - 1});
            }
        }
        prev_.assign(chain.begin(), chain.end());
    }

    // One row in a transaction of its own, with the head and its hour's count, as the server
    // stores a single event (after keep_head_and_counts).
    void commit_one() {
        exec(db_, "BEGIN");
        insert_with_head_and_count();
        exec(db_, "COMMIT");
    }

    // One row with the head and its hour's count, in the transaction under way.
    void insert_with_head_and_count() {
        if (head_ == nullptr) {
            throw std::logic_error("verifiable floor: a single row without its head and counts");
        }
        const std::int64_t n = next_row_;
        insert();
        step(head_, [&] {
            sqlite3_bind_int64(head_, 1, n + 1);
            sqlite3_bind_blob(head_, 2, prev_.data(), 32, SQLITE_TRANSIENT);
        });
        step(count_, [&] {
            sqlite3_bind_int64(count_, 1, (1'795'867'200'000LL + n) / 3'600'000);
            sqlite3_bind_int64(count_, 2, 1 + n % 64);
        });
    }

private:
    template <typename Bind> static void step(sqlite3_stmt* statement, Bind bind) {
        sqlite3_reset(statement);
        bind();
        if (sqlite3_step(statement) != SQLITE_DONE) {
            throw std::runtime_error("sqlite: verifiable floor write failed");
        }
    }

    sqlite3* db_;
    std::string tables_;
    std::int64_t next_row_;
    int citizens_;
    sqlite3_stmt* add_ = nullptr;
    sqlite3_stmt* node_ = nullptr;
    sqlite3_stmt* head_ = nullptr;
    sqlite3_stmt* count_ = nullptr;
    std::string encoding_;
    std::vector<unsigned char> prev_ = std::vector<unsigned char>(32, 0);
    std::uint64_t tree_size_ = 0;
    std::map<merkle::NodeId, merkle::Hash> edge_;
};

double seconds(Steady::duration d) {
    return std::chrono::duration<double>(d).count();
}

// This process's cost so far, its CPU time to the nanosecond: /proc counts it in ticks of
// 10 ms, longer than a block of ten commits.
ProcessCost own_cost() {
    timespec cpu{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    return {static_cast<double>(cpu.tv_sec) * 1e6 + static_cast<double>(cpu.tv_nsec) / 1e3,
            process_cost(::getpid()).written_bytes};
}

ProcessCost& operator+=(ProcessCost& sum, const std::pair<ProcessCost, ProcessCost>& stretch) {
    sum.cpu_us += stretch.second.cpu_us - stretch.first.cpu_us;
    sum.written_bytes += stretch.second.written_bytes - stretch.first.written_bytes;
    return sum;
}

// `rows` plain rows, each its own fsync'd transaction, from row `first` on; and as many
// verifiable ones after them (VerifiableRows::commit_one), in alternating blocks of ten. The WAL
// is copied back after each pair of blocks, outside the measurement: SQLite's automatic
// checkpoint would charge the copy of both blocks' pages to whichever commit crossed its
// threshold, so the bytes are each commit's own WAL frames.
void measure_single_rows(sqlite3* db, sqlite3_stmt* add, std::int64_t first, int rows, int citizens,
                         RawSqliteFigures& figures) {
    constexpr int block = 10;
    VerifiableRows verifiable(db, first + rows, citizens, "verifiable_single_");
    verifiable.keep_head_and_counts();
    std::vector<double> commit_us;
    Steady::duration plain_time{};
    Steady::duration verifiable_time{};
    ProcessCost plain_cost;
    ProcessCost verifiable_cost;
    exec(db, "PRAGMA wal_autocheckpoint = 0");
    for (int done = 0; done < rows; done += block) {
        const int count = std::min(block, rows - done);
        const ProcessCost c0 = own_cost();
        const auto t0 = Steady::now();
        for (int i = 0; i < count; ++i) {
            const auto before = Steady::now();
            insert(add, first + done + i, citizens); // autocommit: one fsync'd transaction
            commit_us.push_back(
                std::chrono::duration<double, std::micro>(Steady::now() - before).count());
        }
        const auto t1 = Steady::now();
        const ProcessCost c1 = own_cost();
        const auto t2 = Steady::now();
        for (int i = 0; i < count; ++i) {
            verifiable.commit_one();
        }
        plain_time += t1 - t0;
        verifiable_time += Steady::now() - t2;
        plain_cost += std::pair{c0, c1};
        verifiable_cost += std::pair{c1, own_cost()};
        exec(db, "PRAGMA wal_checkpoint(PASSIVE)");
    }
    exec(db, "PRAGMA wal_autocheckpoint = 1000");
    figures.single_commit_rows_per_s = rows / seconds(plain_time);
    figures.single_commit = percentiles(commit_us);
    figures.single_cost = cost_per_item({}, plain_cost, rows);
    figures.verifiable_single_rows_per_s = rows / seconds(verifiable_time);
    figures.verifiable_single_cost = cost_per_item({}, verifiable_cost, rows);
}

// The rows of one commit of access checks: 16 concurrent checks share about ten.
constexpr int checked_group = 10;

// Commits of ten rows with the log kept short by the server's own checkpointer: copies on
// idle cores every 1,000 pages of log, the writer finishing it between two commits once it is
// long. The writer always has the next commit waiting, as under the load of 16 concurrent
// checks, so it never asks for an idle copy. A finish is charged to the commit after it, as
// queued writes wait for it.
void measure_checkpointed_commits(const std::string& path, sqlite3* db, sqlite3_stmt* add,
                                  std::int64_t first, int commits, int citizens,
                                  RawSqliteFigures& figures) {
    exec(db, "PRAGMA wal_autocheckpoint = 0");
    std::vector<double> commit_us;
    {
        server::sqlite::WalCheckpointer checkpointer(
            path, db, server::SqliteDatabase::default_wal_threshold_pages);
        Steady::duration finishing{};
        for (int c = 0; c < commits; ++c) {
            const auto t0 = Steady::now();
            exec(db, "BEGIN");
            for (int i = 0; i < checked_group; ++i) {
                insert(add, first + std::int64_t{c} * checked_group + i, citizens);
            }
            exec(db, "COMMIT");
            commit_us.push_back(
                std::chrono::duration<double, std::micro>(Steady::now() - t0 + finishing).count());
            const auto f0 = Steady::now();
            checkpointer.finish_between_batches(true);
            finishing = Steady::now() - f0;
        }
        figures.checkpointed_finishes = checkpointer.finished_by_writer();
        figures.checkpointed_copies = checkpointer.checkpoints();
    }
    exec(db, "PRAGMA wal_autocheckpoint = 1000");
    figures.checkpointed_commit = percentiles(commit_us);
    const auto slow =
        std::count_if(commit_us.begin(), commit_us.end(), [](double us) { return us > 2000; });
    figures.checkpointed_commits_over_2ms =
        static_cast<double>(slow) / static_cast<double>(commit_us.size());
}

// Callers and one writer meeting in a queue, as SqliteDatabase's do: a caller hands over its
// row and waits; the writer takes every row waiting, commits them in one transaction, tells
// their callers and, between two commits, lets the checkpointer finish the log when it is long.
class GroupCommitFloor {
public:
    // `store_row` stores the next row in the transaction under way.
    GroupCommitFloor(sqlite3* db, std::function<void()> store_row)
        : db_(db), store_row_(std::move(store_row)) {}

    // Returns once the caller's row is durable; throws what the writer's commit threw.
    void commit_one() {
        std::promise<void> durable;
        std::future<void> done = durable.get_future();
        {
            std::lock_guard guard(mutex_);
            if (failure_) {
                std::rethrow_exception(failure_);
            }
            waiting_.push_back(&durable);
        }
        queued_.notify_one();
        done.get();
    }

    // The writer's loop, until stop() and nothing waits.
    void write(server::sqlite::WalCheckpointer& checkpointer) {
        std::vector<std::promise<void>*> batch;
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                queued_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
                if (waiting_.empty()) {
                    return;
                }
                batch.swap(waiting_);
            }
            commit(batch);
            batch.clear();
            checkpointer.finish_between_batches(rows_waiting());
        }
    }

    void stop() {
        {
            std::lock_guard guard(mutex_);
            stopping_ = true;
        }
        queued_.notify_one();
    }

    std::uint64_t commits() const { return commits_; }

private:
    void commit(const std::vector<std::promise<void>*>& batch) {
        try {
            if (failure_) {
                std::rethrow_exception(failure_); // the writer stopped at its first failure
            }
            exec(db_, "BEGIN IMMEDIATE");
            for (std::size_t i = 0; i < batch.size(); ++i) {
                store_row_();
            }
            exec(db_, "COMMIT");
            ++commits_;
        } catch (...) {
            std::lock_guard guard(mutex_);
            failure_ = std::current_exception();
        }
        for (auto* durable : batch) {
            if (failure_) {
                durable->set_exception(failure_);
            } else {
                durable->set_value();
            }
        }
    }

    bool rows_waiting() {
        std::lock_guard guard(mutex_);
        return !waiting_.empty();
    }

    sqlite3* db_;
    std::function<void()> store_row_;
    std::mutex mutex_;
    std::condition_variable queued_;
    std::vector<std::promise<void>*> waiting_;
    bool stopping_ = false;
    std::exception_ptr failure_;
    std::uint64_t commits_ = 0;
};

// The floor for the access check's latency (RawSqliteFigures::group_committed): `load`'s
// callers each storing rows through `store_row` under group commit.
GroupCommittedCallers measure_group_committed_callers(const std::string& path, sqlite3* db,
                                                      CallerLoad load,
                                                      std::function<void()> store_row) {
    exec(db, "PRAGMA wal_autocheckpoint = 0");
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(load.callers));
    std::exception_ptr failure;
    std::mutex failure_mutex;
    GroupCommitFloor floor(db, std::move(store_row));
    {
        server::sqlite::WalCheckpointer checkpointer(
            path, db, server::SqliteDatabase::default_wal_threshold_pages);
        std::thread writer([&] { floor.write(checkpointer); });
        std::vector<std::thread> callers;
        for (auto& own : latencies) {
            callers.emplace_back([&] {
                try {
                    for (int i = 0; i < load.rows_per_caller; ++i) {
                        const auto t0 = Steady::now();
                        floor.commit_one();
                        own.push_back(
                            std::chrono::duration<double, std::micro>(Steady::now() - t0).count());
                    }
                } catch (...) {
                    std::lock_guard guard(failure_mutex);
                    failure = std::current_exception();
                }
            });
        }
        for (auto& caller : callers) {
            caller.join();
        }
        floor.stop();
        writer.join();
    }
    exec(db, "PRAGMA wal_autocheckpoint = 1000");
    if (failure) {
        std::rethrow_exception(failure);
    }
    std::vector<double> all;
    for (const auto& own : latencies) {
        all.insert(all.end(), own.begin(), own.end());
    }
    const auto slow = std::count_if(all.begin(), all.end(), [](double us) { return us > 2000; });
    GroupCommittedCallers figures;
    figures.rows = all.size();
    figures.commits = floor.commits();
    figures.over_2ms =
        all.empty() ? 0 : static_cast<double>(slow) / static_cast<double>(all.size());
    figures.latency = percentiles(std::move(all));
    return figures;
}

} // namespace

RawSqliteFigures measure_raw_sqlite(const std::string& path, int single_rows, int batch_rows,
                                    std::int64_t preloaded_rows) {
    RawSqliteFigures figures;
    sqlite3* db = preloaded_rows > 0 ? open(path) : open_fresh(path);
    const int citizens = preloaded_rows > 0 ? citizens_at_size : fresh_citizens;
    sqlite3_stmt* add = prepare_insert(db);
    measure_single_rows(db, add, preloaded_rows, single_rows, citizens, figures);

    // Past the plain and the verifiable single rows.
    const std::int64_t first_batch = preloaded_rows + 2LL * single_rows;
    auto cost = process_cost(::getpid());
    auto start = Steady::now();
    for (int done = 0; done < batch_rows; done += 1000) {
        exec(db, "BEGIN");
        for (int i = 0; i < 1000; ++i) {
            insert(add, first_batch + done + i, citizens);
        }
        exec(db, "COMMIT");
    }
    figures.batch_rows_per_s =
        batch_rows / std::chrono::duration<double>(Steady::now() - start).count();
    figures.batch_cost = cost_per_item(cost, process_cost(::getpid()), batch_rows);

    {
        VerifiableRows verifiable(db, first_batch + batch_rows, citizens, "verifiable_");
        cost = process_cost(::getpid());
        start = Steady::now();
        for (int done = 0; done < batch_rows; done += 1000) {
            exec(db, "BEGIN");
            for (int i = 0; i < 1000; ++i) {
                verifiable.insert();
            }
            exec(db, "COMMIT");
        }
        figures.verifiable_batch_rows_per_s =
            batch_rows / std::chrono::duration<double>(Steady::now() - start).count();
        figures.verifiable_batch_cost = cost_per_item(cost, process_cost(::getpid()), batch_rows);
    }

    // As many rows per commit as group commit gathers from 64 single writers.
    const int grouped_rows = std::max(1000, batch_rows / 4) / rows_per_group * rows_per_group;
    const std::int64_t first_grouped = first_batch + 2LL * batch_rows;
    cost = process_cost(::getpid());
    start = Steady::now();
    for (int done = 0; done < grouped_rows; done += rows_per_group) {
        exec(db, "BEGIN");
        for (int i = 0; i < rows_per_group; ++i) {
            insert(add, first_grouped + done + i, citizens);
        }
        exec(db, "COMMIT");
    }
    figures.grouped_rows_per_s =
        grouped_rows / std::chrono::duration<double>(Steady::now() - start).count();
    figures.grouped_cost = cost_per_item(cost, process_cost(::getpid()), grouped_rows);

    // 3,333 commits of ten by default: about 8 times the log's finishing length.
    const std::int64_t first_checked = first_grouped + grouped_rows;
    const int checked_commits = std::max(300, batch_rows / 30);
    measure_checkpointed_commits(path, db, add, first_checked, checked_commits, citizens, figures);

    figures.rows = first_checked + std::int64_t{checked_commits} * checked_group;
    sqlite3_stmt* newest = prepare(db, "SELECT * FROM access_log WHERE citizen_id = ?"
                                       " ORDER BY occurred_at DESC, id DESC LIMIT 50");
    std::vector<double> micros;
    for (int i = 0; i < 2000; ++i) {
        const int citizen = citizen_number(std::int64_t{i} * 7919, citizens);
        const auto t0 = Steady::now();
        sqlite3_reset(newest);
        sqlite3_bind_int(newest, 1, citizen);
        while (sqlite3_step(newest) == SQLITE_ROW) {
        }
        micros.push_back(std::chrono::duration<double, std::micro>(Steady::now() - t0).count());
    }
    figures.newest_50 = percentiles(micros);
    sqlite3_finalize(newest);
    sqlite3_finalize(add);
    sqlite3_close(db);
    return figures;
}

void measure_group_commit_floors(const std::string& path, std::int64_t rows,
                                 std::int64_t preloaded_rows, CallerLoad callers,
                                 RawSqliteFigures& figures) {
    sqlite3* db = open(path);
    const int citizens = preloaded_rows > 0 ? citizens_at_size : fresh_citizens;
    sqlite3_stmt* add = prepare_insert(db);
    std::int64_t next = rows;
    // Once unmeasured first: on a fresh copy the first commits read the indexes' pages from
    // disk, which the floors at the start find read by the floors before them.
    measure_group_committed_callers(path, db, callers, [&] { insert(add, next++, citizens); });
    figures.group_committed =
        measure_group_committed_callers(path, db, callers, [&] { insert(add, next++, citizens); });
    {
        VerifiableRows verifiable(db, next, citizens, "verifiable_called_");
        verifiable.keep_head_and_counts();
        figures.group_committed_verifiable = measure_group_committed_callers(
            path, db, callers, [&] { verifiable.insert_with_head_and_count(); });
    }
    sqlite3_finalize(add);
    sqlite3_close(db);
}

RawPreloadFigures make_raw_preload(const std::string& path, std::int64_t rows, bool reuse) {
    RawPreloadFigures figures{rows, 0, reuse && std::filesystem::exists(path)};
    if (figures.reused) {
        return figures;
    }
    remove_database(path);
    const std::string partial = path + ".partial";
    sqlite3* db = open_fresh(partial);
    exec(db, "PRAGMA synchronous=OFF");
    sqlite3_stmt* add = prepare_insert(db);
    const auto start = Steady::now();
    constexpr std::int64_t per_transaction = 100'000;
    for (std::int64_t done = 0; done < rows; done += per_transaction) {
        exec(db, "BEGIN");
        for (std::int64_t n = done; n < std::min(rows, done + per_transaction); ++n) {
            insert(add, n, citizens_at_size);
        }
        exec(db, "COMMIT");
    }
    sqlite3_finalize(add);
    exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_close(db);
    figures.seconds = std::chrono::duration<double>(Steady::now() - start).count();
    remove_database(path);
    std::filesystem::rename(partial, path);
    remove_database(partial);
    return figures;
}

} // namespace einblick::bench
