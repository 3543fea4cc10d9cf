#include "repository_support.hpp"

#include <nlohmann/json.hpp>

namespace einblick::server::pg {

std::optional<RowId> optional_id(const Result& result, int row, int column) {
    if (result.is_null(row, column)) {
        return std::nullopt;
    }
    return result.int64(row, column);
}

std::optional<std::string> optional_text(const Result& result, int row, int column) {
    if (result.is_null(row, column)) {
        return std::nullopt;
    }
    return result.text(row, column);
}

// The same JSON text as SQLite's columns hold, so that `einblick copy` moves them unchanged.
std::string json_array(const std::vector<std::string>& items) {
    return nlohmann::json(items).dump();
}

std::vector<std::string> parse_json_array(const std::string& text) {
    return nlohmann::json::parse(text).get<std::vector<std::string>>();
}

void insert_audit(Transaction& transaction, const AuditEntry& entry) {
    transaction.execute("INSERT INTO audit_log (occurred_at, actor_role, actor_id, action, "
                        "subject_type, subject_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        {std::int64_t{entry.occurred_at}, enum_param(entry.actor_role),
                         optional_param(entry.actor_id), entry.action, entry.subject_type,
                         optional_param(entry.subject_id), entry.details_json});
}

} // namespace einblick::server::pg
