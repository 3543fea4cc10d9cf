#pragma once
// Small helpers shared by the SQLite repositories (binding optionals and blobs, JSON arrays,
// writing the audit trail inside a write job).

#include "einblick/server/records.hpp"
#include "einblick/server/sqlite/connection.hpp"
#include "einblick/shared/api_rules.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <optional>
#include <string>
#include <vector>

// An entry's hash, for an access_log row aliased `l`. It is not stored in the entry's own row
// (migration 12): it is the next entry's prev_hash, or the head's last_hash for the newest.
// A macro so it joins other SQL literals at compile time.
#define EINBLICK_SQL_STORED_HASH                                                                   \
    "coalesce((SELECT nx.prev_hash FROM access_log nx WHERE nx.seq = l.seq + 1), "                 \
    "(SELECT h.last_hash FROM access_log_head h WHERE h.id = 1 AND h.last_seq = l.seq))"

namespace einblick::server::sql {

void bind_bytes(SQLite::Statement& statement, int index, const Bytes& bytes);
void bind_optional(SQLite::Statement& statement, int index, const std::optional<RowId>& value);
void bind_optional(SQLite::Statement& statement, int index,
                   const std::optional<std::string>& value);
Bytes column_bytes(const SQLite::Column& column);
std::optional<RowId> column_optional_id(const SQLite::Column& column);
std::optional<std::string> column_optional_text(const SQLite::Column& column);

std::string json_array(const std::vector<std::string>& items);
std::vector<std::string> parse_json_array(const std::string& text);

// Inserts an audit entry using the write job's connection (same transaction as the change).
void insert_audit(SqliteConnection& connection, const AuditEntry& entry);

// API enumerations are stored as their wire texts (api::to_text).
template <api::WireEnum E> void bind_enum(SQLite::Statement& statement, int index, E value) {
    statement.bind(index, std::string(api::to_text(value)));
}
// A stored text read back; `fallback` for a text this build does not know.
template <api::WireEnum E> E column_enum(const SQLite::Column& column, E fallback) {
    return api::from_text<E>(column.getString()).value_or(fallback);
}

} // namespace einblick::server::sql
