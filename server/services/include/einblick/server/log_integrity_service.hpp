#pragma once
// The running server's watch over its own access log (issue 11, "detection at runtime"). At
// start and then periodically (server_runtime) it checks the newest `window` entries and the
// tree against the latest signed checkpoint:
//
//  - each entry of the window hashes to its stored hash, its leaf is the hash of its contents,
//    it links to the entry before, and no sequence number is missing up to the head (a missing
//    prefix is what retention leaves, as `einblick verify` allows too); none is stored beyond
//    the head, and the head's hash is the newest entry's;
//  - every stored tree node over the window's leaves is the hash of its two children;
//  - the latest stored checkpoint carries a valid signature of the server's key, says what its
//    row says, covers no more entries than the head, its root is the tree's root at its size,
//    and the current tree is an extension of it (a consistency proof that verifies).
//
// It never reads the whole log: O(window + log n) rows, so a start at 10 M entries stays fast.
// What it cannot see: a change to an entry older than the window that leaves the tree alone
// (caught by `einblick verify`, and by a citizen's browser for the citizen's own entries), and
// anything beyond the latest checkpoint that is consistent in itself (caught by a witness).
//
// The first failed check turns the service "broken" for the rest of the process: readiness
// answers 503, an ALARM line goes to stderr, an audit record `log.integrity_failed` is written,
// the metrics count it, and checkpoint signing is halted (CheckpointService::halt_signing), so
// that no signature is ever put over a broken log. Appends go on: acknowledged data is never
// refused for this. Only an operator recovers it: after investigating, a restart checks anew.

#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/clock.hpp"
#include "einblick/server/identity_repository.hpp"
#include "einblick/server/log_window.hpp"
#include "einblick/server/storage_health.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace einblick::server {

struct IntegrityFinding {
    std::string subject; // "entry 5 (row 5)", "head", "checkpoint 12", "tree node (1, 3) …"
    std::string what;
};

struct IntegrityCheck {
    std::int64_t head_size = 0;   // the head's size when checked
    std::int64_t entries = 0;     // stored entries of the window read
    std::int64_t checkpoint = -1; // size of the checkpoint checked against (-1: none)
    std::vector<IntegrityFinding> findings;
    bool intact() const { return findings.empty(); }
};

// For /metrics; counters only grow.
struct LogIntegrityStatistics {
    bool intact = true;
    std::uint64_t checks = 0;
    std::uint64_t failures = 0; // checks that found something
    BucketCounts check_seconds{{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5}};
};

struct LogIntegrityOptions {
    std::int64_t window = 1000; // newest entries checked each time (--log-check-window)
    // The server's checkpoint key; without one (signing off) checkpoints are not checked.
    std::optional<NoteVerifier> key;
};

class LogIntegrityService {
public:
    // Where the ALARM lines go (stderr in the server).
    using AlarmSink = std::function<void(const std::string& line)>;

    LogIntegrityService(LogWindowReader& window, AccessLogRepository& log,
                        CheckpointService& checkpoints, AuditRepository& audit, const Clock& clock,
                        LogIntegrityOptions options, AlarmSink alarm);

    // Runs one check. On the first failure: alarm, audit, signing halted; `intact()` stays
    // false from then on, also when a later check passes. A check that cannot read (the
    // storage is down) throws and changes nothing: that is the readiness check's business.
    IntegrityCheck check();

    bool intact() const { return intact_.load(); }
    // The findings of the check that broke it (empty while intact).
    std::vector<IntegrityFinding> findings() const;
    LogIntegrityStatistics statistics() const;
    std::int64_t window() const { return options_.window; }

private:
    IntegrityCheck run_checks();
    void check_window(const LogWindow& window, IntegrityCheck& out) const;
    void check_checkpoint(const StoredCheckpoint& checkpoint, std::int64_t head_size,
                          IntegrityCheck& out) const;
    void raise_alarm(const IntegrityCheck& check);

    LogWindowReader& window_;
    AccessLogRepository& log_;
    CheckpointService& checkpoints_;
    AuditRepository& audit_;
    const Clock& clock_;
    LogIntegrityOptions options_;
    AlarmSink alarm_;

    std::atomic<bool> intact_{true};
    std::mutex checking_; // one check at a time: the timer and a test may meet
    mutable std::mutex state_;
    LogIntegrityStatistics statistics_;
    std::vector<IntegrityFinding> findings_;
};

} // namespace einblick::server
