#include "einblick/server/sqlite/log_window.hpp"

#include "snapshot_rows.hpp"
#include "sql_helpers.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>

namespace einblick::server {
namespace {

// One read transaction: the head, the entries and the nodes are of the same moment, however
// many entries the writer appends meanwhile. Ended (never committed: nothing was written) on
// every way out.
class ReadTransaction {
public:
    explicit ReadTransaction(SQLite::Database& c) : c_(c) { c_.exec("BEGIN"); }
    ~ReadTransaction() {
        try {
            c_.exec("ROLLBACK");
        } catch (const SQLite::Exception&) { // NOLINT(bugprone-empty-catch): nothing to undo
        }
    }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    SQLite::Database& c_;
};

// The stored nodes above the leaves whose leaves all lie in [first_leaf, end_leaf), with their
// children: one range of node numbers, the nodes that end in the window, less those that
// start before it.
void read_parents(SqliteConnection& c, std::int64_t first_leaf, std::int64_t end_leaf,
                  std::vector<SnapshotNode>& out) {
    auto query = c.cached(SqliteLogWindow::parents_sql());
    query->bind(1, first_leaf << 6);
    query->bind(2, ((end_leaf - 1) << 6) | 63);
    query->bind(3, first_leaf);
    while (query->executeStep()) {
        out.push_back({{query->getColumn(0).getInt(),
                        static_cast<std::uint64_t>(query->getColumn(1).getInt64())},
                       sql::column_bytes(query->getColumn(2)),
                       sqlite::optional_blob(query->getColumn(3)),
                       sqlite::optional_blob(query->getColumn(4))});
    }
    query->reset();
}

} // namespace

const char* SqliteLogWindow::parents_sql() {
    return "SELECT p.level, p.idx, p.hash, l.hash, r.hash FROM log_tree_nodes p "
           "LEFT JOIN log_tree_nodes l "
           "ON l.node = ((p.ends_at - (1 << (p.level - 1))) << 6) + p.level - 1 "
           "LEFT JOIN log_tree_nodes r ON r.node = p.node - 1 " // same last leaf, a level down
           "WHERE p.node BETWEEN ? AND ? AND p.level > 0 "
           "AND p.ends_at + 1 - (1 << p.level) >= ?";
}

LogWindow SqliteLogWindow::newest(std::int64_t count) {
    return db_.read([&](SqliteConnection& c) {
        const ReadTransaction snapshot(c);
        LogWindow window;
        {
            auto head = c.cached("SELECT last_seq, last_hash FROM access_log_head WHERE id = 1");
            if (head->executeStep()) {
                window.head = SnapshotHead{head->getColumn(0).getInt64(),
                                           sql::column_bytes(head->getColumn(1))};
            }
        }
        const std::int64_t head_seq = window.head ? window.head->last_seq : 0;
        const std::int64_t after = std::max<std::int64_t>(0, head_seq - count);
        {
            auto oldest = c.cached("SELECT min(seq) FROM access_log");
            if (oldest->executeStep() && !oldest->getColumn(0).isNull()) {
                window.oldest_stored_seq = oldest->getColumn(0).getInt64();
            }
        }
        {
            auto entries = c.cached(std::string(sqlite::snapshot_entry_select) +
                                    "WHERE l.seq > ? ORDER BY l.seq");
            entries->bind(1, after);
            while (entries->executeStep()) {
                sqlite::read_snapshot_entry(*entries, window.entries.emplace_back());
            }
        }
        read_parents(c, after, head_seq, window.parents);
        return window;
    });
}

} // namespace einblick::server
