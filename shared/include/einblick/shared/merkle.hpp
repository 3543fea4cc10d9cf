#pragma once
// The Merkle tree over the access log, as RFC 9162 (Certificate Transparency 2.0) defines it:
// leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right), leaves in sequence
// order, and the tree of n leaves split at the largest power of two below n.
//
// The log stores every complete subtree once (a "node"): leaf i is node (0, i), and node
// (level, index) covers the leaves [index * 2^level, (index + 1) * 2^level). Appending a leaf
// adds at most log2(n) + 1 nodes; the root of any size, an inclusion proof and a consistency
// proof need at most about 2 log2(n) stored nodes, read in one batch. Nothing is rebuilt.
//
// SHA-256 itself comes from the platform (libsodium on the server, Web Crypto in the browser):
// this file only arranges the bytes that are hashed.

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace einblick::merkle {

using Hash = std::array<std::uint8_t, 32>;
using Sha256 = std::function<Hash(std::span<const std::uint8_t>)>;

struct NodeId {
    int level = 0;
    std::uint64_t index = 0;
    auto operator<=>(const NodeId&) const = default;
};

// Answers the stored hashes of `nodes`, in that order; throws if one is not stored.
using NodeReader = std::function<std::vector<Hash>(std::span<const NodeId> nodes)>;

Hash leaf_hash(const Sha256& sha256, std::span<const std::uint8_t> entry);
Hash node_hash(const Sha256& sha256, const Hash& left, const Hash& right);
// The root of the empty tree: SHA-256 of nothing.
Hash empty_root(const Sha256& sha256);

// The nodes that appending leaf number `index` (0-based, so the tree grows to index + 1)
// completes: the leaf itself and every parent it closes, lowest first.
struct NewNode {
    NodeId id;
    Hash hash;
};
std::vector<NewNode> nodes_for_append(const Sha256& sha256, std::uint64_t index, const Hash& leaf,
                                      const NodeReader& read);

// The root of the tree of the first `size` leaves.
Hash tree_root(const Sha256& sha256, std::uint64_t size, const NodeReader& read);

// RFC 9162 2.1.3.1: the hashes from leaf `index` up to the root of the tree of `size` leaves,
// the leaf's sibling first. Throws std::invalid_argument unless index < size.
std::vector<Hash> inclusion_proof(const Sha256& sha256, std::uint64_t index, std::uint64_t size,
                                  const NodeReader& read);

// RFC 9162 2.1.4.1: the hashes that show the tree of `first` leaves is a prefix of the tree
// of `second` leaves. Throws std::invalid_argument unless 0 < first <= second.
std::vector<Hash> consistency_proof(const Sha256& sha256, std::uint64_t first, std::uint64_t second,
                                    const NodeReader& read);

// RFC 9162 2.1.3.2.
bool verify_inclusion(const Sha256& sha256, std::uint64_t index, std::uint64_t size,
                      const Hash& leaf, std::span<const Hash> proof, const Hash& root);

// RFC 9162 2.1.4.2; equal sizes need an empty proof and equal roots.
bool verify_consistency(const Sha256& sha256, std::uint64_t first, std::uint64_t second,
                        const Hash& first_root, const Hash& second_root,
                        std::span<const Hash> proof);

} // namespace einblick::merkle
