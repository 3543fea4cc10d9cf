// The Merkle tree's stored-node algorithms against the plain recursive definitions of RFC 9162
// (written out again here, over a list of leaf hashes), for every size up to 70 and every
// leaf or prefix; the verifiers against every proof and against changed ones; and known-answer
// roots of the RFC 6962 reference test tree. (A proof does not name the tree's size: only
// the root binds it, so a size change alone is not among the changes.)
#include "einblick/server/crypto.hpp"
#include "einblick/shared/merkle.hpp"

#include <bit>
#include <doctest/doctest.h>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace merkle = einblick::merkle;
using merkle::Hash;
using merkle::NodeId;

namespace {

Hash sha256(std::span<const std::uint8_t> bytes) {
    const auto digest = einblick::server::sha256(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    Hash out{};
    std::copy(digest.begin(), digest.end(), out.begin());
    return out;
}
const merkle::Sha256 hasher = sha256;

std::string hex(const Hash& hash) {
    return einblick::server::to_hex(einblick::server::Bytes(hash.begin(), hash.end()));
}

std::vector<std::uint8_t> from_hex(std::string_view text) {
    const auto bytes = einblick::server::from_hex(text);
    REQUIRE(bytes);
    return {bytes->begin(), bytes->end()};
}

// [SECTION] RFC 9162 2.1.1-2.1.4, literally, over the leaf hashes D[begin:end].
using Leaves = std::vector<Hash>;

Hash mth(const Leaves& d, std::size_t begin, std::size_t end) {
    if (end - begin == 1) {
        return d[begin];
    }
    const std::size_t k = std::bit_floor(end - begin - 1);
    return merkle::node_hash(hasher, mth(d, begin, begin + k), mth(d, begin + k, end));
}

std::vector<Hash> path(const Leaves& d, std::size_t m, std::size_t begin, std::size_t end) {
    if (end - begin == 1) {
        return {};
    }
    const std::size_t k = std::bit_floor(end - begin - 1);
    std::vector<Hash> out;
    if (m < k) {
        out = path(d, m, begin, begin + k);
        out.push_back(mth(d, begin + k, end));
    } else {
        out = path(d, m - k, begin + k, end);
        out.push_back(mth(d, begin, begin + k));
    }
    return out;
}

std::vector<Hash> subproof(const Leaves& d, std::size_t m, std::size_t begin, std::size_t end,
                           bool b) {
    const std::size_t n = end - begin;
    if (m == n) {
        return b ? std::vector<Hash>{} : std::vector<Hash>{mth(d, begin, end)};
    }
    const std::size_t k = std::bit_floor(n - 1);
    std::vector<Hash> out;
    if (m <= k) {
        out = subproof(d, m, begin, begin + k, b);
        out.push_back(mth(d, begin + k, end));
    } else {
        out = subproof(d, m - k, begin + k, end, false);
        out.push_back(mth(d, begin, begin + k));
    }
    return out;
}

// [SECTION] A log that stores its nodes in a map and counts the batched reads.
struct StoredTree {
    Leaves leaves;
    std::map<NodeId, Hash> nodes;
    int reads = 0;
    std::size_t largest_read = 0;

    merkle::NodeReader reader() {
        return [this](std::span<const NodeId> ids) {
            ++reads;
            largest_read = std::max(largest_read, ids.size());
            std::vector<Hash> out;
            for (const NodeId& id : ids) {
                const auto found = nodes.find(id);
                if (found == nodes.end()) {
                    throw std::out_of_range("node not stored");
                }
                out.push_back(found->second);
            }
            return out;
        };
    }

    void append(const std::string& entry) {
        const Hash leaf = merkle::leaf_hash(
            hasher, std::span(reinterpret_cast<const std::uint8_t*>(entry.data()), entry.size()));
        for (const auto& added : merkle::nodes_for_append(hasher, leaves.size(), leaf, reader())) {
            CHECK(nodes.emplace(added.id, added.hash).second); // never rewritten
        }
        leaves.push_back(leaf);
    }
};

StoredTree tree_of(std::size_t size) {
    StoredTree tree;
    for (std::size_t i = 0; i < size; ++i) {
        tree.append("entry " + std::to_string(i));
    }
    return tree;
}

// Reads per operation: one batch of at most about 2 log2(n) + 2 nodes.
std::size_t read_bound(std::size_t n) {
    return 2 * std::bit_width(n) + 2;
}

} // namespace

TEST_CASE("merkle: roots and inclusion proofs from stored nodes equal RFC 9162's definitions") {
    constexpr std::size_t max_size = 70;
    StoredTree tree = tree_of(max_size);
    // A tree stores each complete subtree once: 2n - popcount(n) nodes.
    CHECK(tree.nodes.size() == 2 * max_size - std::popcount(max_size));
    for (std::size_t n = 1; n <= max_size; ++n) {
        CAPTURE(n);
        tree.reads = 0;
        tree.largest_read = 0;
        const Hash root = merkle::tree_root(hasher, n, tree.reader());
        CHECK(hex(root) == hex(mth(tree.leaves, 0, n)));
        CHECK(tree.reads == 1);
        for (std::size_t m = 0; m < n; ++m) {
            CAPTURE(m);
            const auto proof = merkle::inclusion_proof(hasher, m, n, tree.reader());
            CHECK(proof == path(tree.leaves, m, 0, n));
            CHECK(merkle::verify_inclusion(hasher, m, n, tree.leaves[m], proof, root));
        }
        CHECK(tree.largest_read <= read_bound(n));
    }
}

TEST_CASE("merkle: consistency proofs from stored nodes equal RFC 9162's definitions") {
    constexpr std::size_t max_size = 70;
    StoredTree tree = tree_of(max_size);
    std::vector<Hash> roots{merkle::empty_root(hasher)};
    for (std::size_t n = 1; n <= max_size; ++n) {
        roots.push_back(mth(tree.leaves, 0, n));
    }
    for (std::size_t second = 1; second <= max_size; ++second) {
        for (std::size_t first = 1; first <= second; ++first) {
            CAPTURE(first);
            CAPTURE(second);
            tree.largest_read = 0;
            const auto proof = merkle::consistency_proof(hasher, first, second, tree.reader());
            CHECK(proof == subproof(tree.leaves, first, 0, second, true));
            CHECK(tree.largest_read <= read_bound(second));
            CHECK(merkle::verify_consistency(hasher, first, second, roots[first], roots[second],
                                             proof));
        }
    }
}

TEST_CASE("merkle: a changed proof, leaf, index, size or root does not verify") {
    StoredTree tree = tree_of(37);
    const Hash root = merkle::tree_root(hasher, 37, tree.reader());
    const Hash other = merkle::tree_root(hasher, 36, tree.reader());
    for (std::size_t m = 0; m < 37; ++m) {
        CAPTURE(m);
        auto proof = merkle::inclusion_proof(hasher, m, 37, tree.reader());
        const Hash& leaf = tree.leaves[m];
        CHECK_FALSE(merkle::verify_inclusion(hasher, m, 37, leaf, proof, other));
        CHECK_FALSE(
            merkle::verify_inclusion(hasher, m, 37, tree.leaves[(m + 1) % 37], proof, root));
        CHECK_FALSE(merkle::verify_inclusion(hasher, (m + 1) % 37, 37, leaf, proof, root));
        CHECK_FALSE(merkle::verify_inclusion(hasher, m, 37, leaf, {}, root));
        CHECK_FALSE(merkle::verify_inclusion(hasher, 37, 37, leaf, proof, root));
        for (std::size_t i = 0; i < proof.size(); ++i) {
            auto changed = proof;
            changed[i][0] ^= 1;
            CHECK_FALSE(merkle::verify_inclusion(hasher, m, 37, leaf, changed, root));
        }
        proof.push_back(root); // one hash too many
        CHECK_FALSE(merkle::verify_inclusion(hasher, m, 37, leaf, proof, root));
    }
    for (std::size_t first = 1; first < 37; ++first) {
        CAPTURE(first);
        const Hash first_root = merkle::tree_root(hasher, first, tree.reader());
        const auto proof = merkle::consistency_proof(hasher, first, 37, tree.reader());
        REQUIRE(merkle::verify_consistency(hasher, first, 37, first_root, root, proof));
        Hash wrong_first = first_root;
        wrong_first[7] ^= 0x10;
        CHECK_FALSE(merkle::verify_consistency(hasher, first, 37, wrong_first, root, proof));
        CHECK_FALSE(merkle::verify_consistency(hasher, first, 37, first_root, other, proof));
        CHECK_FALSE(merkle::verify_consistency(hasher, first, 37, first_root, root, {}));
        for (std::size_t i = 0; i < proof.size(); ++i) {
            auto changed = proof;
            changed[i][31] ^= 0x80;
            CHECK_FALSE(merkle::verify_consistency(hasher, first, 37, first_root, root, changed));
        }
    }
    CHECK_THROWS_AS(merkle::inclusion_proof(hasher, 37, 37, tree.reader()), std::invalid_argument);
    CHECK_THROWS_AS(merkle::consistency_proof(hasher, 0, 37, tree.reader()), std::invalid_argument);
    CHECK_THROWS_AS(merkle::consistency_proof(hasher, 38, 37, tree.reader()),
                    std::invalid_argument);
    CHECK_THROWS(merkle::tree_root(hasher, 38, tree.reader())); // beyond what is stored
}

TEST_CASE("merkle: known-answer roots of the RFC 6962 reference test tree") {
    // The eight leaves of Certificate Transparency's reference tests, as hex.
    const std::vector<std::string> entries{"",
                                           "00",
                                           "10",
                                           "2021",
                                           "3031",
                                           "40414243",
                                           "5051525354555657",
                                           "606162636465666768696a6b6c6d6e6f"};
    StoredTree tree;
    for (const std::string& entry : entries) {
        const auto bytes = from_hex(entry);
        tree.append(std::string(bytes.begin(), bytes.end()));
    }
    CHECK(hex(merkle::empty_root(hasher)) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex(merkle::tree_root(hasher, 1, tree.reader())) ==
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    CHECK(hex(merkle::tree_root(hasher, 8, tree.reader())) ==
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
}
