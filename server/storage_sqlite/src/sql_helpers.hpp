#pragma once
// Small helpers shared by the SQLite repositories (binding optionals and blobs, JSON arrays,
// writing the audit trail inside a write job).

#include "einblick/server/records.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <optional>
#include <string>
#include <vector>

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
void insert_audit(SQLite::Database& connection, const AuditEntry& entry);

ActorRole actor_role_from_text(const std::string& text);

} // namespace einblick::server::sql
