#pragma once
// The access log's Merkle tree in SQLite: every complete subtree once, in `log_tree_nodes`
// (migration 8), numbered since migration 13 by its last leaf and level (node = ends_at * 64 +
// level, the rowid), so that the nodes one append completes are neighbours; level and idx read
// as merkle::NodeId. Written in the transaction that appends the entry; read in one statement
// per root or proof.

#include "einblick/server/log_tree_nodes.hpp"
#include "einblick/server/sqlite/connection.hpp"
#include "einblick/shared/merkle.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace einblick::server::sqlite {

// How log_tree_nodes is keyed: by number since migration 13, by (level, idx) when migration 8
// builds the tree of an older log.
enum class TreeLayout { ByNumber, ByLevelBeforeMigration13 };

// The statement that reads `count` nodes (count > 0), each by the primary key; its plan is tested.
std::string tree_nodes_sql(std::size_t count);

// Stores leaves one after the other, each with the parents it completes. It keeps the tree's
// right edge in memory for its lifetime (a write job, or a migration building the tree): the
// left siblings the next leaves need are there, so a batch reads from the table only the edge
// stored before it, once.
class TreeAppender {
public:
    explicit TreeAppender(SqliteConnection& c, TreeLayout layout = TreeLayout::ByNumber)
        : c_(c), layout_(layout) {}
    // Stores leaf `index` (the entry's seq - 1) and the parents it completes.
    void append(std::int64_t index, const merkle::Hash& leaf);

private:
    std::vector<merkle::Hash> read(std::span<const merkle::NodeId> ids);

    SqliteConnection& c_;
    TreeLayout layout_;
    LogTreeRightEdge right_edge_;
};

// Reads stored nodes in one statement (cached per count); throws LogTreeBroken for a node not
// stored.
merkle::NodeReader tree_node_reader(SqliteConnection& c);
// The same on a connection without a statement cache (a snapshot of a database file).
merkle::NodeReader tree_node_reader(SQLite::Database& c);

// The inclusion proofs of leaves `indices` in the tree of `size` leaves, in that order. The
// nodes of all proofs are read once, in statements of a bounded number of nodes.
std::vector<std::vector<merkle::Hash>>
inclusion_proofs(SqliteConnection& c, std::span<const std::int64_t> indices, std::int64_t size);

} // namespace einblick::server::sqlite
