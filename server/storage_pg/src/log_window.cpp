#include "einblick/server/pg/log_window.hpp"

#include "snapshot_rows.hpp"

#include <algorithm>
#include <einblick/server/pg/transaction.hpp>
#include <string>

namespace einblick::server {
namespace {

using namespace pg;

// The lowest seq stored, along access_log_by_seq in every partition; 0 when none is.
std::int64_t oldest_stored_seq(Connection& c) {
    const Result oldest = c.execute("SELECT min(seq) FROM access_log");
    return oldest.is_null(0, 0) ? 0 : oldest.int64(0, 0);
}

std::vector<SnapshotEntry> entries_after(Connection& c, std::int64_t after_seq) {
    const Result rows = c.execute(
        std::string(snapshot_entry_select) + "WHERE l.seq > $1 ORDER BY l.seq, l.id", {after_seq});
    std::vector<SnapshotEntry> entries(static_cast<std::size_t>(rows.rows()));
    for (int row = 0; row < rows.rows(); ++row) {
        read_snapshot_entry(rows, row, entries[static_cast<std::size_t>(row)]);
    }
    return entries;
}

// The stored nodes above the leaves whose leaves all lie in [first_leaf, end_leaf), with their
// children: one range of the primary key (the nodes that end in the window), less those that
// start before it.
std::vector<SnapshotNode> parents_within(Connection& c, std::int64_t first_leaf,
                                         std::int64_t end_leaf) {
    const Result rows = c.execute(
        std::string(parent_node_select) +
            "AND p.node BETWEEN $1 AND $2 "
            "AND (p.node >> 6) + 1 - (1::bigint << (p.node & 63)::integer) >= $3 ORDER BY p.node",
        {first_leaf * 64, (end_leaf - 1) * 64 + 63, first_leaf});
    std::vector<SnapshotNode> parents;
    for (int row = 0; row < rows.rows(); ++row) {
        parents.push_back(read_parent_node(rows, row));
    }
    return parents;
}

} // namespace

LogWindow PgLogWindow::newest(std::int64_t count) {
    Pool::Lease connection = pool_.acquire();
    Transaction snapshot(*connection, Isolation::repeatable_read);
    make_read_only(*connection);
    LogWindow window;
    window.head = read_head(*connection);
    const std::int64_t head_seq = window.head ? window.head->last_seq : 0;
    const std::int64_t after = std::max<std::int64_t>(0, head_seq - count);
    window.oldest_stored_seq = oldest_stored_seq(*connection);
    window.entries = entries_after(*connection, after);
    window.parents = parents_within(*connection, after, head_seq);
    snapshot.commit();
    return window;
}

} // namespace einblick::server
