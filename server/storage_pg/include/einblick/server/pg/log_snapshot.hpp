#pragma once
// The access log of a PostgreSQL schema, read-only, for `einblick verify`: the whole snapshot
// is one repeatable-read, read-only transaction on one leased connection, held from the
// constructor to the destructor. Every call (head, entries, nodes, checkpoints) therefore sees
// the same moment of the log, however many entries a running server appends meanwhile, which
// is the point of a snapshot; and nothing is written, migrated or locked beyond what any
// reader takes. Large tables are read in pages along their keys, never held in memory at once.

#include "einblick/server/log_snapshot.hpp"

#include <einblick/server/pg/pool.hpp>
#include <einblick/server/pg/transaction.hpp>

namespace einblick::server {

class PgLogSnapshot final : public LogSnapshot {
public:
    // Leases a connection of `pool` for the snapshot's life. Throws SnapshotUnreadable for a
    // schema (the pool's search_path) that is not at this build's version.
    explicit PgLogSnapshot(pg::Pool& pool);

    std::optional<SnapshotHead> head() override;
    void each_entry(const std::function<bool(const SnapshotEntry&)>& visit) override;
    std::vector<SnapshotLevel> node_levels() override;
    void each_node_index(int level, const std::function<void(std::uint64_t)>& visit) override;
    void each_parent_node(const std::function<void(const SnapshotNode&)>& visit) override;
    // Reads through the snapshot's connection: valid while the snapshot lives.
    merkle::NodeReader node_reader() override;
    void each_checkpoint(const std::function<void(const StoredCheckpoint&)>& visit) override;

private:
    pg::Pool::Lease connection_;
    pg::Transaction snapshot_; // after connection_: rolled back before the lease ends
};

} // namespace einblick::server
