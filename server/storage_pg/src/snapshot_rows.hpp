#pragma once
// Reading the stored log strictly on PostgreSQL, shared by `einblick verify`'s snapshot
// (PgLogSnapshot) and the running server's integrity window (PgLogWindow), as SQLite's
// snapshot_rows.hpp is: a value that cannot be one of an entry's facts is named in
// SnapshotEntry::malformed, never defaulted (a default could hash like the original).

#include "einblick/server/log_snapshot.hpp"

#include <cstdint>
#include <einblick/server/pg/connection.hpp>
#include <optional>

namespace einblick::server::pg {

// The columns read_snapshot_entry expects, from access_log l with its reason and its leaf n;
// ends before WHERE and ORDER BY.
extern const char* const snapshot_entry_select;
void read_snapshot_entry(const Result& rows, int row, SnapshotEntry& entry);

// The stored interior nodes with their children, as read_parent_node expects them, and the
// node's number last (column 5, a key to page by); ends before further conditions ("AND …").
extern const char* const parent_node_select;
SnapshotNode read_parent_node(const Result& rows, int row);

// size, root, note, signed_at; the root is left zero unless it is 32 bytes (the caller
// decides whether that is an error).
StoredCheckpoint read_checkpoint(const Result& rows, int row);

// The head row; nothing when it is missing.
std::optional<SnapshotHead> read_head(Connection& c);

// Makes the transaction just begun on `c` read-only, before its first statement: a reader
// that holds a snapshot open can then write nothing by mistake.
void make_read_only(Connection& c);

} // namespace einblick::server::pg
