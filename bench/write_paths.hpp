#pragma once
// The same work measured on two paths: the services called from threads in this process, and
// the server over keep-alive HTTP connections in its own process. Used by einblick_bench (with
// the raw-SQLite floor, as ratios) and einblick_http_bench (with the edge's pressure figures).

#include "bench_fixture.hpp"
#include "http_client.hpp"
#include "process_cost.hpp"

#include <optional>
#include <string>
#include <vector>

namespace einblick::bench {

struct PathOptions {
    int agencies = 64;
    int history_rows = 5000;     // in the measured citizen's history
    int events_per_writer = 100; // single-event ingest: per concurrent writer, at least 1000
    int batches = 20;            // of 1000 events
    std::vector<int> concurrencies{1, 16, 64};
    int check_concurrency = 16;
    // 500 x 16 = 8,000 checks: enough for a p99 that is not the 16th of 1,600, and it
    // includes the checkpoints the checks' own entries cause.
    int checks_per_caller = 500;
    int history_reads = 2000;
    // The reads a citizen's and a DPO's pages make, each measured while one writer ingests
    // batches of 1000 at full speed (ReadsWhileIngesting). Off for einblick_http_bench.
    bool reads_while_ingesting = false;
    int reads_per_filter = 50; // per history filter combination (2^6 of them)
    int reads_per_page = 50;   // page 2, objection queue, each statistic
    // The most time one of those figures may take (they grow with the log: the agency-volume
    // statistics read the last 13 weeks of it); at least 5 reads are made.
    double seconds_per_read_figure = 10;
};

struct IngestFigure {
    int writers = 0;
    double events_per_s = 0;
    double events_per_commit = 0; // writes / durable commits (over HTTP from the server's /metrics)
    CostPerItem cost;          // per event, of the process that serves: this one, or the server's
    double machine_busy = 0;   // the machine's cores busy meanwhile, 0 to 1 (process_cost.hpp)
    double client_cpu_us = -1; // HTTP: this process's CPU per event, the bench's client's work
};

// The citizen's history (GET /api/v1/me/access-events, newest 50) under each combination of the
// API's six filters: agency, purpose, outcome, from, to, data category. The filter values
// select the fixture's history rows (its agency, purpose, outcome and category; a period
// around now).
struct FilterFigures {
    Percentiles all;        // every read of every combination together
    Percentiles worst;      // the combination with the highest p99
    std::string worst_name; // e.g. "agency+outcome+to"; "no filter"
    int combinations = 0;
    int reads_per_combination = 0;
    int fewest_rows = 0; // rows on the page, the fewest and the most over the combinations
    int most_rows = 0;
};

// Reads of one kind, one after the other: `reads` of them (PathOptions::reads_per_page, fewer
// when the budget PathOptions::seconds_per_read_figure ran out; at least 5).
struct TimedReads {
    Percentiles latency;
    int reads = 0;
};

// Reads while one writer ingests batches of 1000 at full speed (as history_while_batch).
struct ReadsWhileIngesting {
    FilterFigures history;
    TimedReads page_2; // no filter, with page 1's cursor
    int page_2_rows = 0;
    TimedReads page_2_all_filters; // all six filters, with page 1's cursor
    int page_2_all_filters_rows = 0;
    Percentiles check; // access check incl. its durable entry, check_concurrency concurrent
    TimedReads objection_queue;     // the DPO's pending objections (GET /api/v1/objections)
    int objections = 0;             // in the queue
    TimedReads monthly_statistics;  // the citizen's (GET /api/v1/me/statistics/monthly)
    TimedReads agency_volume;       // a DPO's (GET /api/v1/statistics/agency-weekly)
    double seconds = 0;             // all of these reads took
    double ingest_events_per_s = 0; // the writer's rate meanwhile (batches completed)
};

struct PathFigures {
    std::vector<IngestFigure> ingest; // one per PathOptions::concurrencies
    double batch_events_per_s = 0;
    CostPerItem batch_cost; // per event, as IngestFigure::cost
    Percentiles check;      // access check incl. its durable entry, check_concurrency
    // HTTP only: as many GET /health/live as checks on as many connections, the edge's own
    // round trip on this machine (the bench's client shares its cores), a floor for the check
    std::optional<Percentiles> edge;
    // HTTP only: as many round trips again, answered with the server's own bytes for
    // /health/live by a bare responder thread in the bench (loopback_floor.hpp): the edge's floor
    std::optional<Percentiles> loopback;
    Percentiles history;             // the citizen's newest 50, nothing else running
    Percentiles history_while_batch; // the same while one writer ingests batches at full speed
    std::optional<ReadsWhileIngesting> while_ingesting; // with PathOptions::reads_while_ingesting
};

int ingest_total(const PathOptions& o, int concurrency);

// On a fresh database at `db`, prepared with `prepare()`; with `preloaded`, on `db` as it is
// (a copy of a pre-loaded database, prepared like the fixture: see preload.hpp). `db` may be a
// postgresql:// URL of a fresh schema or a clone of the pre-loaded database (pg_bench.hpp).
PathFigures measure_service(const PathOptions& o, const std::string& db, bool preloaded = false);
// Against the server `server_pid` listening on `port`, whose database was prepared like `f`.
PathFigures measure_http(const PathOptions& o, int port, pid_t server_pid, const Fixture& f);

} // namespace einblick::bench
