#pragma once
// The access log's Merkle tree as every backend keeps it in `log_tree_nodes`, without the SQL:
// how a node is numbered, which stored nodes a batch of inclusion proofs needs, and the tree's
// right edge that an appender keeps in memory. Each backend reads and writes the rows itself
// (server/storage_sqlite/src/log_tree.cpp, server/storage_pg/src/log_tree.cpp).

#include "einblick/shared/merkle.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

namespace einblick::server {

// Node `id`'s number in log_tree_nodes: its last leaf (an entry's seq - 1) * 64 + its level, so
// that the nodes one append completes are neighbours.
std::int64_t log_tree_node_number(const merkle::NodeId& id);

// Throws std::invalid_argument unless a tree of `size` entries is one of the stored tree's, which
// has `tree` entries.
void require_log_tree_size(std::int64_t size, std::int64_t tree);
// Throws std::invalid_argument for an index that is no leaf of a tree of `size` entries.
void require_log_tree_leaves(std::span<const std::int64_t> indices, std::int64_t size);

// The inclusion proofs of leaves `indices` in the tree of `size` leaves, in that order. Which
// nodes the proofs need depends on the indices and the size only: they are found first, then
// each read once with `read_stored`, at most `nodes_per_read` in one call.
std::vector<std::vector<merkle::Hash>> log_inclusion_proofs(std::span<const std::int64_t> indices,
                                                            std::int64_t size,
                                                            const merkle::NodeReader& read_stored,
                                                            std::size_t nodes_per_read);

// The nodes an appender keeps of the tree: only a node with an even index is ever read again,
// as the left sibling of the next one on its level; a node with an odd index used its left
// sibling up. So what is kept is the tree's right edge, one node per level at most, and a batch
// of appends reads from the table only the edge stored before it, once.
class LogTreeRightEdge {
public:
    // The hashes of `ids`, in that order; those not kept are read with `read_stored` (in one
    // call, only when there are any) and kept.
    std::vector<merkle::Hash> read(std::span<const merkle::NodeId> ids,
                                   const merkle::NodeReader& read_stored);
    // Notes a node just computed (merkle::nodes_for_append's, in its order).
    void add(const merkle::NewNode& node);

private:
    std::map<merkle::NodeId, merkle::Hash> nodes_;
};

} // namespace einblick::server
