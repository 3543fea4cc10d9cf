#include "einblick/shared/merkle.hpp"

#include <algorithm>
#include <bit>
#include <map>
#include <stdexcept>
#include <string>

namespace einblick::merkle {
namespace {

constexpr std::uint8_t leaf_prefix = 0x00;
constexpr std::uint8_t node_prefix = 0x01;

// RFC 9162 splits a tree of n > 1 leaves at k, the largest power of two smaller than n.
std::uint64_t split_point(std::uint64_t n) {
    return std::bit_floor(n - 1);
}

// The stored nodes an algorithm needs, read in one batch. The algorithm runs twice: the first
// run only records which nodes it asks for, the second gets their hashes.
class Nodes {
public:
    Nodes(const Sha256& sha256, const NodeReader& read) : sha256_(sha256), read_(read) {}

    template <typename Algorithm> auto run(Algorithm algorithm) {
        recording_ = true;
        algorithm(*this);
        std::sort(wanted_.begin(), wanted_.end());
        wanted_.erase(std::unique(wanted_.begin(), wanted_.end()), wanted_.end());
        const std::vector<Hash> hashes = wanted_.empty() ? std::vector<Hash>{} : read_(wanted_);
        if (hashes.size() != wanted_.size()) {
            throw std::runtime_error("merkle: asked for " + std::to_string(wanted_.size()) +
                                     " stored nodes, got " + std::to_string(hashes.size()));
        }
        for (std::size_t i = 0; i < wanted_.size(); ++i) {
            known_[wanted_[i]] = hashes[i];
        }
        recording_ = false;
        return algorithm(*this);
    }

    Hash node(NodeId id) {
        if (recording_) {
            wanted_.push_back(id);
            return {};
        }
        return known_.at(id);
    }

    // The root of the leaves [begin, end): a stored node where that range is a complete
    // subtree, else the RFC's split into two smaller ranges.
    Hash range(std::uint64_t begin, std::uint64_t end) {
        const std::uint64_t n = end - begin;
        if (std::has_single_bit(n) && begin % n == 0) {
            return node({std::countr_zero(n), begin / n});
        }
        const std::uint64_t k = split_point(n);
        const Hash left = range(begin, begin + k);
        const Hash right = range(begin + k, end);
        return recording_ ? Hash{} : node_hash(sha256_, left, right);
    }

    Hash combine(const Hash& left, const Hash& right) const {
        return recording_ ? Hash{} : node_hash(sha256_, left, right);
    }

private:
    const Sha256& sha256_;
    const NodeReader& read_;
    bool recording_ = false;
    std::vector<NodeId> wanted_;
    std::map<NodeId, Hash> known_;
};

// PATH(m, D[begin:end]) of RFC 9162 2.1.3.1, with m an absolute leaf number.
void inclusion_path(Nodes& nodes, std::uint64_t m, std::uint64_t begin, std::uint64_t end,
                    std::vector<Hash>& out) {
    const std::uint64_t n = end - begin;
    if (n == 1) {
        return;
    }
    const std::uint64_t k = split_point(n);
    if (m < begin + k) {
        inclusion_path(nodes, m, begin, begin + k, out);
        out.push_back(nodes.range(begin + k, end));
    } else {
        inclusion_path(nodes, m, begin + k, end, out);
        out.push_back(nodes.range(begin, begin + k));
    }
}

// SUBPROOF(m, D[begin:end], whole) of RFC 9162 2.1.4.1, m counted from `begin`.
void subproof(Nodes& nodes, std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool whole,
              std::vector<Hash>& out) {
    const std::uint64_t n = end - begin;
    if (m == n) {
        if (!whole) {
            out.push_back(nodes.range(begin, end));
        }
        return;
    }
    const std::uint64_t k = split_point(n);
    if (m <= k) {
        subproof(nodes, m, begin, begin + k, whole, out);
        out.push_back(nodes.range(begin + k, end));
    } else {
        subproof(nodes, m - k, begin + k, end, false, out);
        out.push_back(nodes.range(begin, begin + k));
    }
}

bool lowest_bit(std::uint64_t x) {
    return (x & 1U) != 0;
}

} // namespace

Hash leaf_hash(const Sha256& sha256, std::span<const std::uint8_t> entry) {
    std::vector<std::uint8_t> bytes;
    bytes.reserve(entry.size() + 1);
    bytes.push_back(leaf_prefix);
    bytes.insert(bytes.end(), entry.begin(), entry.end());
    return sha256(bytes);
}

Hash node_hash(const Sha256& sha256, const Hash& left, const Hash& right) {
    std::array<std::uint8_t, 1 + 2 * sizeof(Hash)> bytes{};
    bytes[0] = node_prefix;
    std::copy(left.begin(), left.end(), bytes.begin() + 1);
    std::copy(right.begin(), right.end(), bytes.begin() + 1 + sizeof(Hash));
    return sha256(bytes);
}

Hash empty_root(const Sha256& sha256) {
    return sha256({});
}

std::vector<NewNode> nodes_for_append(const Sha256& sha256, std::uint64_t index, const Hash& leaf,
                                      const NodeReader& read) {
    Nodes nodes(sha256, read);
    return nodes.run([&](Nodes& n) {
        std::vector<NewNode> added{{{0, index}, leaf}};
        // Each odd index closes its parent with the left sibling stored before it.
        for (NodeId at{0, index}; lowest_bit(at.index); at = {at.level + 1, at.index / 2}) {
            const Hash left = n.node({at.level, at.index - 1});
            added.push_back({{at.level + 1, at.index / 2}, n.combine(left, added.back().hash)});
        }
        return added;
    });
}

Hash tree_root(const Sha256& sha256, std::uint64_t size, const NodeReader& read) {
    if (size == 0) {
        return empty_root(sha256);
    }
    Nodes nodes(sha256, read);
    return nodes.run([size](Nodes& n) { return n.range(0, size); });
}

std::vector<Hash> inclusion_proof(const Sha256& sha256, std::uint64_t index, std::uint64_t size,
                                  const NodeReader& read) {
    if (index >= size) {
        throw std::invalid_argument("merkle: leaf " + std::to_string(index) +
                                    " is not in a tree of " + std::to_string(size));
    }
    Nodes nodes(sha256, read);
    return nodes.run([index, size](Nodes& n) {
        std::vector<Hash> proof;
        inclusion_path(n, index, 0, size, proof);
        return proof;
    });
}

std::vector<Hash> consistency_proof(const Sha256& sha256, std::uint64_t first, std::uint64_t second,
                                    const NodeReader& read) {
    if (first == 0 || first > second) {
        throw std::invalid_argument("merkle: no consistency proof from " + std::to_string(first) +
                                    " to " + std::to_string(second) + " leaves");
    }
    Nodes nodes(sha256, read);
    return nodes.run([first, second](Nodes& n) {
        std::vector<Hash> proof;
        subproof(n, first, 0, second, true, proof);
        return proof;
    });
}

bool verify_inclusion(const Sha256& sha256, std::uint64_t index, std::uint64_t size,
                      const Hash& leaf, std::span<const Hash> proof, const Hash& root) {
    if (index >= size) {
        return false;
    }
    std::uint64_t fn = index;
    std::uint64_t sn = size - 1;
    Hash r = leaf;
    for (const Hash& p : proof) {
        if (sn == 0) {
            return false;
        }
        if (lowest_bit(fn) || fn == sn) {
            r = node_hash(sha256, p, r);
            while (!lowest_bit(fn) && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            r = node_hash(sha256, r, p);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && r == root;
}

bool verify_consistency(const Sha256& sha256, std::uint64_t first, std::uint64_t second,
                        const Hash& first_root, const Hash& second_root,
                        std::span<const Hash> proof) {
    if (first == 0 || first > second) {
        return false;
    }
    if (first == second) {
        return proof.empty() && first_root == second_root;
    }
    if (proof.empty()) {
        return false;
    }
    std::vector<Hash> path;
    if (std::has_single_bit(first)) {
        path.push_back(first_root); // the old root is a node of the new tree
    }
    path.insert(path.end(), proof.begin(), proof.end());
    std::uint64_t fn = first - 1;
    std::uint64_t sn = second - 1;
    while (lowest_bit(fn)) {
        fn >>= 1;
        sn >>= 1;
    }
    Hash fr = path.front();
    Hash sr = path.front();
    for (std::size_t i = 1; i < path.size(); ++i) {
        const Hash& c = path[i];
        if (sn == 0) {
            return false;
        }
        if (lowest_bit(fn) || fn == sn) {
            fr = node_hash(sha256, c, fr);
            sr = node_hash(sha256, c, sr);
            while (!lowest_bit(fn) && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            sr = node_hash(sha256, sr, c);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return fr == first_root && sr == second_root && sn == 0;
}

} // namespace einblick::merkle
