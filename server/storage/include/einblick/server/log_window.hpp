#pragma once
// The newest part of the stored access log, read at once, for the running server's integrity
// check (LogIntegrityService): the head, the newest entries and the tree nodes above them, all
// from one consistent read. Never the whole log: a check costs O(window) reads at any size.

#include "einblick/server/log_snapshot.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace einblick::server {

struct LogWindow {
    std::optional<SnapshotHead> head; // nothing when the head row is missing
    // The lowest seq stored (0: none). Entries below it were deleted by retention, which
    // removes a prefix only.
    std::int64_t oldest_stored_seq = 0;
    // Every stored entry with seq > head - count (also any stored beyond the head), ascending.
    std::vector<SnapshotEntry> entries;
    // Every stored node above the leaves whose leaves all lie in (head - count, head], with its
    // children as stored.
    std::vector<SnapshotNode> parents;
};

class LogWindowReader {
public:
    virtual ~LogWindowReader() = default;
    // The newest `count` (> 0) sequence numbers as the head names them, in one snapshot.
    virtual LogWindow newest(std::int64_t count) = 0;
};

} // namespace einblick::server
