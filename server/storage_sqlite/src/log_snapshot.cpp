#include "einblick/server/sqlite/log_snapshot.hpp"

#include "einblick/server/snapshot_cells.hpp"
#include "einblick/server/sqlite/migrations.hpp"
#include "log_tree.hpp"
#include "snapshot_rows.hpp"
#include "sql_helpers.hpp"

#include <SQLiteCpp/Statement.h>
#include <cstring>
#include <filesystem>
#include <sqlite3.h>

namespace einblick::server {
namespace {

using sql::column_bytes;

// Without a write-ahead log beside it (no server has the file open, or it is a copy), the file
// is opened immutable: SQLite then creates no -wal and -shm files and takes no locks. With one
// (a running server's file), a read-only connection reads through it, as the server's readers do.
SQLite::Database open_without_writing(const std::string& path) {
    std::error_code error;
    if (std::filesystem::exists(path + "-wal", error)) {
        return SQLite::Database(path, SQLite::OPEN_READONLY);
    }
    std::string uri = "file:";
    for (const char c : std::filesystem::absolute(path).string()) {
        if (c == '%' || c == '?' || c == '#') {
            static constexpr char hex[] = "0123456789abcdef";
            uri += {'%', hex[(c >> 4) & 0xf], hex[c & 0xf]};
        } else {
            uri += c;
        }
    }
    return SQLite::Database(uri + "?immutable=1", SQLite::OPEN_READONLY | SQLite::OPEN_URI);
}

SQLite::Database open_read_only(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        throw SnapshotUnreadable("'" + path + "' is not a database file");
    }
    try {
        SQLite::Database db = open_without_writing(path);
        db.exec("PRAGMA query_only = ON");
        const int version = db.execAndGet("PRAGMA user_version").getInt();
        // The snapshot reads the latest schema's tables (the log's numbers since 12, the tree's
        // since 13); the server migrates an older file when it opens it.
        if (version < sqlite::latest_schema_version()) {
            throw SnapshotUnreadable(
                "'" + path + "' has schema version " + std::to_string(version) +
                ", older than this build's (" + std::to_string(sqlite::latest_schema_version()) +
                "); start this version's server on it once (verify never migrates)");
        }
        if (version > sqlite::latest_schema_version()) {
            throw SnapshotUnreadable("'" + path + "' has schema version " +
                                     std::to_string(version) + ", newer than this build (" +
                                     std::to_string(sqlite::latest_schema_version()) + ")");
        }
        return db;
    } catch (const SQLite::Exception& e) {
        throw SnapshotUnreadable("cannot read '" + path + "': " + e.what());
    }
}

const char* type_name(int type) {
    switch (type) {
    case SQLITE_INTEGER:
        return "an integer";
    case SQLITE_FLOAT:
        return "a real number";
    case SQLITE_TEXT:
        return "text";
    case SQLITE_BLOB:
        return "a blob";
    default:
        return "NULL";
    }
}

// Reads the entry's columns strictly: SQLite's columns hold a value of any type, so a value of
// the wrong type is named (and SnapshotCells names an unknown enumeration text and a category
// list that is no JSON array of texts).
class StrictRow final : public SnapshotCells {
public:
    explicit StrictRow(SQLite::Statement& query) : q_(query) {}

private:
    std::int64_t integer(int index) override {
        const SQLite::Column c = q_.getColumn(index);
        if (c.getType() != SQLITE_INTEGER) {
            wrong(c, "an integer");
            return 0;
        }
        return c.getInt64();
    }
    std::optional<std::int64_t> optional_integer(int index) override {
        if (q_.getColumn(index).isNull()) {
            return std::nullopt;
        }
        return integer(index);
    }
    std::string text(int index) override {
        const SQLite::Column c = q_.getColumn(index);
        if (c.getType() != SQLITE_TEXT) {
            wrong(c, "text");
            return {};
        }
        return c.getString();
    }
    std::optional<std::string> optional_text(int index) override {
        if (q_.getColumn(index).isNull()) {
            return std::nullopt;
        }
        return text(index);
    }
    Bytes blob(int index) override {
        const SQLite::Column c = q_.getColumn(index);
        if (c.getType() != SQLITE_BLOB) {
            wrong(c, "a blob");
            return {};
        }
        return column_bytes(c);
    }
    std::int64_t row_id(int index) override { return q_.getColumn(index).getInt64(); }
    std::optional<Bytes> optional_blob(int index) override {
        return sqlite::optional_blob(q_.getColumn(index));
    }
    std::string column_name(int index) override { return q_.getColumnName(index); }

    void wrong(const SQLite::Column& c, const char* expected) {
        malformed(std::string(c.getName()) + " holds " + type_name(c.getType()) + ", not " +
                  expected);
    }

    SQLite::Statement& q_;
};

} // namespace

namespace sqlite {

// No join with agencies or purposes: a deleted agency row must not hide its entries. The
// numbers and codes of migration 12 read as their words; one that names none reads as NULL
// or as the number itself, which StrictRow names.
const char* const snapshot_entry_select =
    "SELECT l.id, l.seq, "
    "CASE l.kind WHEN 0 THEN 'check' WHEN 1 THEN 'access' ELSE CAST(l.kind AS TEXT) END AS kind, "
    "CASE l.outcome WHEN 0 THEN 'allowed' WHEN 1 THEN 'denied' ELSE CAST(l.outcome AS TEXT) END AS "
    "outcome, "
    "r.reason AS reason, c.pseudonym AS citizen_pseudonym, l.agency_id, "
    "l.purpose_id, l.purpose_version_id, l.register, l.data_categories, l.legal_basis, "
    "l.consent_id, l.official, l.correlation_id, l.occurred_at, "
    "l.prev_hash, " EINBLICK_SQL_STORED_HASH " AS hash, "
    "n.hash FROM access_log l LEFT JOIN log_citizens c ON c.id = l.citizen_id "
    "LEFT JOIN log_reasons r ON r.code = l.reason "
    "LEFT JOIN log_tree_nodes n ON n.node = (l.seq - 1) << 6 "; // its leaf: level 0

void read_snapshot_entry(SQLite::Statement& q, SnapshotEntry& e) {
    StrictRow(q).read_into(e);
}

std::optional<Bytes> optional_blob(const SQLite::Column& column) {
    return column.isNull() ? std::nullopt : std::optional<Bytes>(column_bytes(column));
}

} // namespace sqlite

using sqlite::optional_blob;

SqliteLogSnapshot::SqliteLogSnapshot(const std::string& path) : db_(open_read_only(path)) {}

std::optional<SnapshotHead> SqliteLogSnapshot::head() {
    SQLite::Statement query(db_, "SELECT last_seq, last_hash FROM access_log_head WHERE id = 1");
    if (!query.executeStep()) {
        return std::nullopt;
    }
    return SnapshotHead{query.getColumn(0).getInt64(), column_bytes(query.getColumn(1))};
}

const char* SqliteLogSnapshot::entries_sql() {
    static const std::string sql = std::string(sqlite::snapshot_entry_select) + "ORDER BY l.seq";
    return sql.c_str();
}

void SqliteLogSnapshot::each_entry(const std::function<bool(const SnapshotEntry&)>& visit) {
    SQLite::Statement query(db_, entries_sql());
    SnapshotEntry entry;
    while (query.executeStep()) {
        sqlite::read_snapshot_entry(query, entry);
        if (!visit(entry)) {
            return;
        }
    }
}

std::vector<SnapshotLevel> SqliteLogSnapshot::node_levels() {
    SQLite::Statement query(db_, "SELECT level, count(*), min(idx), max(idx) FROM log_tree_nodes "
                                 "GROUP BY level ORDER BY level");
    std::vector<SnapshotLevel> levels;
    while (query.executeStep()) {
        levels.push_back({query.getColumn(0).getInt(), query.getColumn(1).getInt64(),
                          query.getColumn(2).getInt64(), query.getColumn(3).getInt64()});
    }
    return levels;
}

void SqliteLogSnapshot::each_node_index(int level,
                                        const std::function<void(std::uint64_t)>& visit) {
    // A level's nodes lie in the numbers' order, which rises with idx: no sort, but a scan of
    // the table, which only a damaged tree asks for (verify_tree.cpp).
    SQLite::Statement query(db_, "SELECT idx FROM log_tree_nodes WHERE level = ? ORDER BY node");
    query.bind(1, level);
    while (query.executeStep()) {
        visit(static_cast<std::uint64_t>(query.getColumn(0).getInt64()));
    }
}

void SqliteLogSnapshot::each_parent_node(const std::function<void(const SnapshotNode&)>& visit) {
    SQLite::Statement query(db_,
                            "SELECT p.level, p.idx, p.hash, l.hash, r.hash FROM log_tree_nodes p "
                            "LEFT JOIN log_tree_nodes l "
                            "ON l.node = ((p.ends_at - (1 << (p.level - 1))) << 6) + p.level - 1 "
                            "LEFT JOIN log_tree_nodes r ON r.node = p.node - 1 "
                            "WHERE p.level > 0");
    while (query.executeStep()) {
        visit({{query.getColumn(0).getInt(),
                static_cast<std::uint64_t>(query.getColumn(1).getInt64())},
               column_bytes(query.getColumn(2)),
               optional_blob(query.getColumn(3)),
               optional_blob(query.getColumn(4))});
    }
}

merkle::NodeReader SqliteLogSnapshot::node_reader() {
    return sqlite::tree_node_reader(db_);
}

void SqliteLogSnapshot::each_checkpoint(const std::function<void(const StoredCheckpoint&)>& visit) {
    SQLite::Statement query(
        db_, "SELECT size, root, note, signed_at FROM log_checkpoints ORDER BY size");
    while (query.executeStep()) {
        StoredCheckpoint checkpoint;
        checkpoint.size = query.getColumn(0).getInt64();
        const Bytes root = column_bytes(query.getColumn(1));
        if (root.size() == checkpoint.root.size()) {
            std::memcpy(checkpoint.root.data(), root.data(), root.size());
        }
        checkpoint.note = query.getColumn(2).getString();
        checkpoint.signed_at = query.getColumn(3).getInt64();
        visit(checkpoint);
    }
}

} // namespace einblick::server
