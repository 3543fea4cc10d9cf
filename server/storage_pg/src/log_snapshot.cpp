#include "einblick/server/pg/log_snapshot.hpp"

#include "einblick/server/pg/migrations.hpp"
#include "log_tree.hpp"
#include "snapshot_rows.hpp"

#include <string>

namespace einblick::server {
namespace {

using namespace pg;

// Rows per statement of a paged read: a log of millions of entries is never held at once.
constexpr std::int64_t rows_per_page = 1000;

// The snapshot reads the latest schema's tables; verify never migrates.
void require_this_builds_schema(Connection& c) {
    const int version = schema_version(c);
    if (version != latest_schema_version()) {
        throw SnapshotUnreadable("the PostgreSQL schema has version " + std::to_string(version) +
                                 ", not this build's (" + std::to_string(latest_schema_version()) +
                                 "); run this version's `einblick migrate` on it first "
                                 "(verify never migrates)");
    }
}

// Runs `sql`, whose last two parameters are the key to read after and the page's size, page
// after page along that key; `visit_row` reads one row and returns its key.
template <typename VisitRow>
void each_page(Connection& c, const std::string& sql, Params params, VisitRow&& visit_row) {
    params.emplace_back(std::int64_t{-1}); // every key read this way is >= 0
    params.emplace_back(rows_per_page);
    const std::size_t after_key = params.size() - 2;
    for (bool more = true; more;) {
        const Result rows = c.execute(sql, params);
        more = rows.rows() == rows_per_page;
        for (int row = 0; row < rows.rows(); ++row) {
            params[after_key] = visit_row(rows, row);
        }
    }
}

} // namespace

PgLogSnapshot::PgLogSnapshot(pg::Pool& pool)
    : connection_(pool.acquire()), snapshot_(*connection_, Isolation::repeatable_read) {
    make_read_only(*connection_);
    require_this_builds_schema(*connection_);
}

std::optional<SnapshotHead> PgLogSnapshot::head() {
    return read_head(*connection_);
}

void PgLogSnapshot::each_entry(const std::function<bool(const SnapshotEntry&)>& visit) {
    // Keyed by (seq, id), not seq alone: seq is no unique key of the table (docs/SCALE-OUT.md),
    // and a row that shares a tampered seq must not fall between two pages. `seq >= ` bounds
    // the scan of access_log_by_seq.
    const std::string sql = std::string(snapshot_entry_select) +
                            "WHERE l.seq >= $1 AND (l.seq, l.id) > ($1::bigint, $2::bigint) "
                            "ORDER BY l.seq, l.id LIMIT $3";
    Params params{std::int64_t{0}, std::int64_t{0}, rows_per_page};
    SnapshotEntry entry;
    for (bool more = true; more;) {
        const Result rows = connection_->execute(sql, params);
        more = rows.rows() == rows_per_page;
        for (int row = 0; row < rows.rows(); ++row) {
            read_snapshot_entry(rows, row, entry);
            params[0] = rows.int64(row, 1);
            params[1] = std::int64_t{entry.id};
            if (!visit(entry)) {
                return;
            }
        }
    }
}

std::vector<SnapshotLevel> PgLogSnapshot::node_levels() {
    const Result rows = connection_->execute(
        "SELECT node & 63, count(*), min((((node >> 6) + 1) >> (node & 63)::integer) - 1), "
        "max((((node >> 6) + 1) >> (node & 63)::integer) - 1) FROM log_tree_nodes "
        "GROUP BY node & 63 ORDER BY node & 63");
    std::vector<SnapshotLevel> levels;
    for (int row = 0; row < rows.rows(); ++row) {
        levels.push_back({static_cast<int>(rows.int64(row, 0)), rows.int64(row, 1),
                          rows.int64(row, 2), rows.int64(row, 3)});
    }
    return levels;
}

void PgLogSnapshot::each_node_index(int level, const std::function<void(std::uint64_t)>& visit) {
    // A level's nodes lie in the numbers' order, which rises with the index: pages along the
    // primary key, which only a damaged tree asks for (verify_tree.cpp).
    each_page(*connection_,
              "SELECT node, (((node >> 6) + 1) >> (node & 63)::integer) - 1 FROM log_tree_nodes "
              "WHERE node & 63 = $1 AND node > $2 ORDER BY node LIMIT $3",
              {std::int64_t{level}}, [&](const Result& rows, int row) {
                  visit(static_cast<std::uint64_t>(rows.int64(row, 1)));
                  return rows.int64(row, 0);
              });
}

void PgLogSnapshot::each_parent_node(const std::function<void(const SnapshotNode&)>& visit) {
    each_page(*connection_,
              std::string(parent_node_select) + "AND p.node > $1 ORDER BY p.node LIMIT $2", {},
              [&](const Result& rows, int row) {
                  visit(read_parent_node(rows, row));
                  return rows.int64(row, 5);
              });
}

merkle::NodeReader PgLogSnapshot::node_reader() {
    return pg::tree_node_reader(*connection_);
}

void PgLogSnapshot::each_checkpoint(const std::function<void(const StoredCheckpoint&)>& visit) {
    each_page(*connection_,
              "SELECT size, root, note, signed_at FROM log_checkpoints WHERE size > $1 "
              "ORDER BY size LIMIT $2",
              {}, [&](const Result& rows, int row) {
                  visit(read_checkpoint(rows, row));
                  return rows.int64(row, 0);
              });
}

} // namespace einblick::server
