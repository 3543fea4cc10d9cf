#pragma once
// Reading a stored entry strictly (a value of the wrong type or an unknown enumeration text is
// named, never defaulted), shared by `einblick verify`'s snapshot and the running server's
// integrity check.

#include "einblick/server/log_snapshot.hpp"

#include <SQLiteCpp/Statement.h>

namespace einblick::server::sqlite {

// The columns read_snapshot_entry expects, from access_log l joined with its leaf n; ends
// before WHERE and ORDER BY.
extern const char* const snapshot_entry_select;
void read_snapshot_entry(SQLite::Statement& query, SnapshotEntry& entry);
std::optional<Bytes> optional_blob(const SQLite::Column& column);

} // namespace einblick::server::sqlite
