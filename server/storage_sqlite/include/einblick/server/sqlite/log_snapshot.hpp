#pragma once
// The access log of a SQLite database file, read-only, for `einblick verify`. Opens the file with
// SQLITE_OPEN_READONLY (and immutable when no write-ahead log lies beside it, so not even -wal
// and -shm files appear): never migrates, never takes the writer's lock file, never writes, so
// it may look at a copy, a backup or the file of a running server (WAL readers do not block it).

#include "einblick/server/log_snapshot.hpp"

#include <SQLiteCpp/Database.h>
#include <stdexcept>
#include <string>

namespace einblick::server {

class SqliteLogSnapshot final : public LogSnapshot {
public:
    // Throws SnapshotUnreadable for a missing or unreadable file, or a schema older than the
    // Merkle tree and checkpoints (9) or newer than this build.
    explicit SqliteLogSnapshot(const std::string& path);

    std::optional<SnapshotHead> head() override;
    void each_entry(const std::function<bool(const SnapshotEntry&)>& visit) override;
    std::vector<SnapshotLevel> node_levels() override;
    void each_node_index(int level, const std::function<void(std::uint64_t)>& visit) override;
    void each_parent_node(const std::function<void(const SnapshotNode&)>& visit) override;
    merkle::NodeReader node_reader() override;
    void each_checkpoint(const std::function<void(const StoredCheckpoint&)>& visit) override;

    // The statement each_entry runs (for a query-plan test: one pass over the seq index).
    static const char* entries_sql();

private:
    SQLite::Database db_;
};

} // namespace einblick::server
