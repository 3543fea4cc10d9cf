#pragma once
// The same work measured on two paths: the services called from threads in this process, and
// the server over keep-alive HTTP connections in its own process. Used by einblick_bench (with
// the raw-SQLite floor, as ratios) and einblick_http_bench (with the edge's pressure figures).

#include "bench_fixture.hpp"
#include "http_client.hpp"

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
    int history_reads = 2000;
};

struct IngestFigure {
    int writers = 0;
    double events_per_s = 0;
    double events_per_commit = 0; // service path only: writes / durable commits
};

struct PathFigures {
    std::vector<IngestFigure> ingest; // one per PathOptions::concurrencies
    double batch_events_per_s = 0;
    Percentiles check;               // access check incl. its durable entry, check_concurrency
    Percentiles history;             // the citizen's newest 50, nothing else running
    Percentiles history_while_batch; // the same while one writer ingests batches at full speed
};

int ingest_total(const PathOptions& o, int concurrency);

// On a fresh database at `db`, prepared with `prepare()`; with `preloaded`, on `db` as it is
// (a copy of a pre-loaded database, prepared like the fixture: see preload.hpp).
PathFigures measure_service(const PathOptions& o, const std::string& db, bool preloaded = false);
// Against a server listening on `port` whose database was prepared like `f`.
PathFigures measure_http(const PathOptions& o, int port, const Fixture& f);

} // namespace einblick::bench
