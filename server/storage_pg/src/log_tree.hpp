#pragma once
// The access log's Merkle tree in PostgreSQL's `log_tree_nodes`, stored exactly as SQLite's
// (server/storage_sqlite/src/log_tree.hpp): every complete subtree once, numbered by its last
// leaf and level (node = last leaf * 64 + level), written in the transaction that appends its
// entries, never changed or deleted. Reads take one statement per root or proof: the wanted
// numbers go as one bigint[] parameter, whatever their count.

#include "einblick/server/log_tree_nodes.hpp"
#include "einblick/shared/merkle.hpp"

#include <cstdint>
#include <einblick/server/pg/connection.hpp>
#include <span>
#include <vector>

namespace einblick::server::pg {

// Reads stored nodes in one statement; throws LogTreeBroken for a node not stored.
merkle::NodeReader tree_node_reader(Connection& c);

// The inclusion proofs of leaves `indices` in the tree of `size` leaves, in that order; the
// nodes of all proofs are read once, in one statement.
std::vector<std::vector<merkle::Hash>>
inclusion_proofs(Connection& c, std::span<const std::int64_t> indices, std::int64_t size);

// Computes the nodes of leaves appended one after the other and stores them all with store(),
// in one statement, inside the append's transaction. Like SQLite's TreeAppender it keeps the
// tree's right edge in memory, so a batch reads from the table only the edge stored before it.
class TreeAppender {
public:
    explicit TreeAppender(Connection& c) : c_(c) {}
    // Computes leaf `index` (the entry's seq - 1) and the parents it completes.
    void append(std::int64_t index, const merkle::Hash& leaf);
    // Writes every node computed since the last store(). A node stored before (a second
    // writer of the same leaf) fails the statement with a unique violation.
    void store();

    // What append() changes, kept so that the leaves appended after it can be taken back (a
    // call rolled back to its savepoint in a group commit): the right edge, a node per level,
    // and how many nodes were unstored. Cheap: the unstored nodes are not copied.
    struct Mark {
        LogTreeRightEdge right_edge;
        std::size_t unstored = 0;
    };
    Mark mark() const { return {right_edge_, unstored_.size()}; }
    void roll_back_to(const Mark& mark);

private:
    Connection& c_;
    LogTreeRightEdge right_edge_;
    std::vector<merkle::NewNode> unstored_;
};

} // namespace einblick::server::pg
