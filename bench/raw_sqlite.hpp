#pragma once
// The floor under every write and read figure: SQLite's C API alone, on rows of the access log's
// own shape (every column, the same sizes) with the same indexes, measured in the same run as
// the server so ratios compare like with like.

#include "http_client.hpp"
#include "process_cost.hpp"

#include <cstdint>
#include <string>

namespace einblick::bench {

// 64 concurrent single writers, each waiting for its answer, can put at most 64 events in one
// commit: the most group commit can gather for them.
constexpr int rows_per_group = 64;

// What callers waiting for their rows under group commit saw (RawSqliteFigures).
struct GroupCommittedCallers {
    Percentiles latency; // from handing a row over to being told it is durable
    double over_2ms = 0; // share of those latencies, 0..1
    std::uint64_t rows = 0;
    std::uint64_t commits = 0;
};

struct RawSqliteFigures {
    double single_commit_rows_per_s = 0; // one row per transaction, synchronous=FULL
    Percentiles single_commit;           // the latency of one such commit: the disk's fsync
    double batch_rows_per_s = 0;         // 1000 rows per transaction, synchronous=FULL
    // The same rows made verifiable, with no rules, JSON or service around them: each row's
    // chain hash (SHA-256 of an encoding of the entry's size with the previous hash) and Merkle
    // leaf, and the tree nodes each leaf completes stored in a table of log_tree_nodes' shape.
    // The tree covers only these rows, so its table starts empty even at size.
    double verifiable_batch_rows_per_s = 0;
    CostPerItem verifiable_batch_cost;
    // A verifiable row per transaction, as a single writer's event is stored: the row, its tree
    // nodes, the chain's head row and the count of its hour and agency, one fsync'd commit.
    // Measured in blocks of ten rows alternating with the plain single-row commits above, so
    // that both see the same disk: their ratio is what a verifiable log's commit costs.
    double verifiable_single_rows_per_s = 0;
    CostPerItem verifiable_single_cost;
    // Plain rows, rows_per_group per transaction: the most group commit can gather from 64
    // concurrent single writers (about 50 per commit in einblick_bench's runs), the physical
    // reference for their figure beside the 1,000-row floor the target names.
    double grouped_rows_per_s = 0;
    CostPerItem grouped_cost;
    // Commits of checked_group rows (what 16 concurrent access checks share) with the log kept
    // short by the server's own WalCheckpointer, under continuous load: the disk's own tail for
    // a durable commit in a log that is kept short, as the server keeps it. A finish is charged
    // to the commit after it, as queued writes wait for it.
    Percentiles checkpointed_commit;
    double checkpointed_commits_over_2ms = 0; // share of those commits, 0..1
    std::uint64_t checkpointed_copies = 0;    // by the checkpointer's thread, meanwhile
    std::uint64_t checkpointed_finishes = 0;  // of the log by the writer, meanwhile
    // The access check's floors under group commit (measure_group_commit_floors): plain rows,
    // and verifiable ones stored as a single event is (the row with its chain hash, its tree
    // nodes, the chain's head and its hour's count).
    GroupCommittedCallers group_committed;
    GroupCommittedCallers group_committed_verifiable;
    Percentiles newest_50;   // one citizen's newest 50 rows, by index
    std::int64_t rows = 0;   // in the table when newest_50 was measured
    CostPerItem single_cost; // this process's CPU and bytes written per row
    CostPerItem batch_cost;
};

// On a fresh table at `path`; or, with `preloaded_rows`, on the file at `path` holding that
// many rows (a copy of make_raw_preload's), its rows continuing theirs. Leaves the group-commit
// floors to measure_group_commit_floors.
RawSqliteFigures measure_raw_sqlite(const std::string& path, int single_rows, int batch_rows,
                                    std::int64_t preloaded_rows = 0);

// How many callers wait for their rows at once in a group-commit floor, and how many rows each
// hands over: einblick_bench passes its access checks' concurrency and count.
struct CallerLoad {
    int callers = 16;
    int rows_per_caller = 500;
};

// The access check's floors: callers each handing over one row and waiting until it is
// durable, and one writer committing whatever waits whenever it is free (group commit as the
// server's SqliteDatabase does it), the log kept short by the server's checkpointer. A
// caller's latency is the least an access check with its durable entry can take at that
// concurrency on this disk and these cores, with no rules, JSON or HTTP (twenty-second stop).
// On the floor's table at `path`, which holds `rows` rows (at size a fresh copy of
// make_raw_preload's, `preloaded_rows`), into `figures`. einblick_bench runs them after the
// paths it measures, on a copy of their own: run on the first copy before the paths, whose
// removal they delayed, they lowered the ingest over HTTP that followed; run on the first
// copy kept until the end, every path was slower (BENCHMARKS.md, twenty-second stop).
void measure_group_commit_floors(const std::string& path, std::int64_t rows,
                                 std::int64_t preloaded_rows, CallerLoad callers,
                                 RawSqliteFigures& figures);

struct RawPreloadFigures {
    std::int64_t rows = 0;
    double seconds = 0; // making it; 0 when reused
    bool reused = false;
};

// The floor at size (einblick_bench --size N): a table of the floor's shape holding `rows` rows
// at `path`, spread over 100,000 citizens as the pre-loaded log's entries are, made without
// durability in transactions of 100,000 (or with `reuse`, a complete one kept from an earlier
// run). The file appears only when complete.
RawPreloadFigures make_raw_preload(const std::string& path, std::int64_t rows, bool reuse);

} // namespace einblick::bench
