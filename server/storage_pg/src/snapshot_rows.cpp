#include "snapshot_rows.hpp"

#include "einblick/server/snapshot_cells.hpp"

#include <array>
#include <cstring>
#include <string>

namespace einblick::server::pg {
namespace {

// The names of snapshot_entry_select's columns, for the messages of malformed values.
// clang-format off
constexpr std::array<const char*, 19> entry_column_names{
    "id", "seq", "kind", "outcome", "reason", "citizen_pseudonym", "agency_id",
    "purpose_id", "purpose_version_id", "register", "data_categories", "legal_basis",
    "consent_id", "official", "correlation_id", "occurred_at", "prev_hash", "hash", "leaf"};
// clang-format on

std::optional<Bytes> optional_bytes(const Result& rows, int row, int column) {
    return rows.is_null(row, column) ? std::nullopt : std::optional(rows.bytes(row, column));
}

// Reads one row's cells strictly. PostgreSQL's column types already refuse a value of the
// wrong type, so what is left to name is a NULL where a fact is required (a reason code that
// names no reason, a missing hash); SnapshotCells names a code that is no value and a category
// list that is not a JSON array of texts.
class StrictCells final : public SnapshotCells {
public:
    StrictCells(const Result& rows, int row) : rows_(rows), row_(row) {}

private:
    std::int64_t integer(int column) override {
        return present(column, "an integer") ? rows_.int64(row_, column) : 0;
    }
    std::optional<std::int64_t> optional_integer(int column) override {
        return null(column) ? std::nullopt : std::optional(rows_.int64(row_, column));
    }
    std::string text(int column) override {
        return present(column, "text") ? rows_.text(row_, column) : std::string();
    }
    std::optional<std::string> optional_text(int column) override {
        return null(column) ? std::nullopt : std::optional(rows_.text(row_, column));
    }
    Bytes blob(int column) override {
        return present(column, "a blob") ? rows_.bytes(row_, column) : Bytes{};
    }
    std::int64_t row_id(int column) override { return rows_.int64(row_, column); }
    std::optional<Bytes> optional_blob(int column) override {
        return optional_bytes(rows_, row_, column);
    }
    std::string column_name(int column) override { return entry_column_names.at(column); }

    bool null(int column) const { return rows_.is_null(row_, column); }
    bool present(int column, const char* expected) {
        if (!null(column)) {
            return true;
        }
        malformed(column_name(column) + " holds NULL, not " + expected);
        return false;
    }

    const Result& rows_;
    int row_;
};

} // namespace

// No join with agencies or purposes: a deleted agency row must not hide its entries. A code
// that names no word reads as the number itself (kind, outcome) or NULL (reason), which
// StrictCells names. An entry's hash is the next entry's prev_hash, or the head's for the
// newest, as the SQLite snapshot reads it.
const char* const snapshot_entry_select =
    "SELECT l.id, l.seq, "
    "CASE l.kind WHEN 0 THEN 'check' WHEN 1 THEN 'access' ELSE l.kind::text END, "
    "CASE l.outcome WHEN 0 THEN 'allowed' WHEN 1 THEN 'denied' ELSE l.outcome::text END, "
    "r.reason, l.citizen_pseudonym, l.agency_id, l.purpose_id, l.purpose_version_id, "
    "l.register, l.data_categories, l.legal_basis, l.consent_id, l.official, l.correlation_id, "
    "l.occurred_at, l.prev_hash, "
    "coalesce((SELECT nx.prev_hash FROM access_log nx WHERE nx.seq = l.seq + 1 LIMIT 1), "
    "(SELECT h.last_hash FROM access_log_head h WHERE h.id = 1 AND h.last_seq = l.seq)), "
    "n.hash FROM access_log l LEFT JOIN log_reasons r ON r.code = l.reason "
    "LEFT JOIN log_tree_nodes n ON n.node = (l.seq - 1) * 64 "; // its leaf: level 0

void read_snapshot_entry(const Result& rows, int row, SnapshotEntry& e) {
    StrictCells(rows, row).read_into(e);
}

// PostgreSQL 15 has no virtual columns: level (node & 63), the last leaf (node >> 6) and the
// index ((last leaf + 1) >> level) - 1 are computed from the node's number, as SQLite's virtual
// columns compute them. The left child ends 2^(level - 1) leaves before its parent, one level
// down; the right child ends with it, so it is the number just below.
const char* const parent_node_select =
    "SELECT (p.node & 63)::integer, (((p.node >> 6) + 1) >> (p.node & 63)::integer) - 1, "
    "p.hash, l.hash, r.hash, p.node FROM log_tree_nodes p "
    "LEFT JOIN log_tree_nodes l ON l.node = "
    "(((p.node >> 6) - (1::bigint << ((p.node & 63)::integer - 1))) << 6) + (p.node & 63) - 1 "
    "LEFT JOIN log_tree_nodes r ON r.node = p.node - 1 "
    "WHERE (p.node & 63) > 0 ";

SnapshotNode read_parent_node(const Result& rows, int row) {
    return {{static_cast<int>(rows.int64(row, 0)), static_cast<std::uint64_t>(rows.int64(row, 1))},
            rows.bytes(row, 2),
            optional_bytes(rows, row, 3),
            optional_bytes(rows, row, 4)};
}

StoredCheckpoint read_checkpoint(const Result& rows, int row) {
    StoredCheckpoint checkpoint;
    checkpoint.size = rows.int64(row, 0);
    const Bytes root = rows.bytes(row, 1);
    if (root.size() == checkpoint.root.size()) {
        std::memcpy(checkpoint.root.data(), root.data(), root.size());
    }
    checkpoint.note = rows.text(row, 2);
    checkpoint.signed_at = rows.int64(row, 3);
    return checkpoint;
}

std::optional<SnapshotHead> read_head(Connection& c) {
    const Result head = c.execute("SELECT last_seq, last_hash FROM access_log_head WHERE id = 1");
    if (head.rows() == 0) {
        return std::nullopt;
    }
    return SnapshotHead{head.int64(0, 0), head.bytes(0, 1)};
}

void make_read_only(Connection& c) {
    // Not a prepared statement: PostgreSQL prepares only queries and data changes.
    c.execute_script("SET TRANSACTION READ ONLY");
}

} // namespace einblick::server::pg
