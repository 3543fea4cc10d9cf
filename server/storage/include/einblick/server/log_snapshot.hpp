#pragma once
// A read-only view of a stored access log, for offline verification (`einblick verify`): every
// stored fact as it is, nothing repaired, defaulted or interpreted. A backend implements it
// (SqliteLogSnapshot, PgLogSnapshot); the checks live in server/verify and see only this
// interface. Everything is streamed in order, so a log of millions of entries is never held in
// memory.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/checkpoint_repository.hpp"
#include "einblick/shared/merkle.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace einblick::server {

// The database cannot be read as an Einblick log of a schema this build can verify (a missing
// or unreadable file, a schema older or newer than this build's), whatever the backend.
class SnapshotUnreadable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One stored entry. `facts` holds what the canonical encoding covers; a stored value that
// cannot be one of those facts (an unknown kind, an integer column holding text, a category
// list that is not a JSON array of strings) is named in `malformed` instead.
struct SnapshotEntry {
    RowId id = 0;
    std::int64_t seq = 0;
    NewLogEntry facts;
    Bytes prev_hash;
    Bytes hash;
    std::optional<Bytes> stored_leaf; // tree node (0, seq - 1), when stored
    std::vector<std::string> malformed;
};

struct SnapshotHead {
    std::int64_t last_seq = 0;
    Bytes last_hash;
};

// A stored interior node (level > 0) and its two children as stored (nothing when missing).
struct SnapshotNode {
    merkle::NodeId id;
    Bytes hash;
    std::optional<Bytes> left;
    std::optional<Bytes> right;
};

struct SnapshotLevel {
    int level = 0;
    std::int64_t count = 0;
    std::int64_t min_index = 0;
    std::int64_t max_index = -1;
};

class LogSnapshot {
public:
    virtual ~LogSnapshot() = default;

    // The head row (access_log_head); nothing when it is missing.
    virtual std::optional<SnapshotHead> head() = 0;
    // Every stored entry in ascending seq; stops when `visit` returns false.
    virtual void each_entry(const std::function<bool(const SnapshotEntry&)>& visit) = 0;
    // How many nodes each level holds, its lowest and highest index, ascending by level.
    virtual std::vector<SnapshotLevel> node_levels() = 0;
    // The indexes stored at `level`, ascending.
    virtual void each_node_index(int level,
                                 const std::function<void(std::uint64_t index)>& visit) = 0;
    // Every stored node above the leaves, with its children.
    virtual void each_parent_node(const std::function<void(const SnapshotNode&)>& visit) = 0;
    // Stored nodes by id (throws for one not stored or not 32 bytes), for roots of any size.
    virtual merkle::NodeReader node_reader() = 0;
    // Every stored checkpoint, ascending by size; `root` is the stored column, unchecked.
    virtual void each_checkpoint(const std::function<void(const StoredCheckpoint&)>& visit) = 0;
};

} // namespace einblick::server
