#include "sql_helpers.hpp"

#include <nlohmann/json.hpp>

namespace einblick::server::sql {

void bind_bytes(SQLite::Statement& statement, int index, const Bytes& bytes) {
    statement.bind(index, bytes.data(), static_cast<int>(bytes.size()));
}

void bind_optional(SQLite::Statement& statement, int index, const std::optional<RowId>& value) {
    if (value) {
        statement.bind(index, *value);
    } else {
        statement.bind(index);
    }
}

void bind_optional(SQLite::Statement& statement, int index,
                   const std::optional<std::string>& value) {
    if (value) {
        statement.bind(index, *value);
    } else {
        statement.bind(index);
    }
}

Bytes column_bytes(const SQLite::Column& column) {
    const auto* data = static_cast<const unsigned char*>(column.getBlob());
    return Bytes(data, data + column.getBytes());
}

std::optional<RowId> column_optional_id(const SQLite::Column& column) {
    if (column.isNull()) {
        return std::nullopt;
    }
    return column.getInt64();
}

std::optional<std::string> column_optional_text(const SQLite::Column& column) {
    if (column.isNull()) {
        return std::nullopt;
    }
    return column.getString();
}

std::string json_array(const std::vector<std::string>& items) {
    return nlohmann::json(items).dump();
}

std::vector<std::string> parse_json_array(const std::string& text) {
    return nlohmann::json::parse(text).get<std::vector<std::string>>();
}

void insert_audit(SqliteConnection& connection, const AuditEntry& entry) {
    auto insert =
        connection.cached("INSERT INTO audit_log (occurred_at, actor_role, actor_id, action, "
                          "subject_type, subject_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, entry.occurred_at);
    bind_enum(*insert, 2, entry.actor_role);
    bind_optional(*insert, 3, entry.actor_id);
    insert->bind(4, entry.action);
    insert->bind(5, entry.subject_type);
    bind_optional(*insert, 6, entry.subject_id);
    insert->bind(7, entry.details_json);
    insert->exec();
}

} // namespace einblick::server::sql
