#pragma once
// einblick_bench --size N: a database pre-loaded with N access-log entries, so the paths are
// measured on a log of that size. Made once per size in a file of its own (kept for --reuse);
// each path then measures on a copy of it.
//
// The bulk path is the real one: the fixture's agencies, keys, purposes and citizen account
// (prepare_directory), then the N entries through SqliteAccessLogRepository::append in jobs of
// 10,000 (the same rows, hash chain, Merkle tree nodes and indexes as ingest through the
// services), shaped like AccessService's entries: the fixture's agencies and their approved
// purpose versions, 100,000 citizens, times spread over the last year. Commits are not durable
// while loading (synchronous=NORMAL: WAL keeps the file consistent, a power loss may undo the
// last commits). Then the measured citizen's history through the services, durable, so it is
// the newest in the log as without --size,
// and its objections (record_history).

#include <cstdint>
#include <string>

namespace einblick::bench {

struct PreloadFigures {
    std::int64_t events = 0;      // pre-loaded through the bulk path
    std::int64_t log_entries = 0; // all in the file's log: the events and the citizen's history
    double seconds = 0;           // the bulk path's, when the file was made
    double events_per_s = 0;
    std::uintmax_t file_bytes = 0; // database file and WAL, after a TRUNCATE checkpoint
    double bytes_per_entry = 0;    // file_bytes / log_entries, tree nodes and indexes included
    std::string made;              // when the file was made (UTC)
    bool reused = false;           // made by an earlier run (--reuse)
};

// The pre-loaded file for these parameters in `dir`.
std::string preloaded_path(const std::string& dir, std::int64_t events, int agencies,
                           int history_rows);
// Makes the file at `path` (deleting an old one), or with `reuse` keeps a complete one made
// before. Progress goes to stderr.
PreloadFigures preload(const std::string& path, std::int64_t events, int agencies, int history_rows,
                       bool reuse);
// A working copy of a pre-loaded database (its WAL checkpointed into the file first); deletes
// what was at `to`.
void copy_database(const std::string& from, const std::string& to);

} // namespace einblick::bench
