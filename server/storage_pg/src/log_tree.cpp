#include "log_tree.hpp"

#include "einblick/server/crypto.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/log_tree_nodes.hpp"

#include <algorithm>
#include <einblick/server/pg/array_text.hpp>
#include <limits>
#include <map>
#include <string>

namespace einblick::server::pg {
namespace {

merkle::Hash stored_hash(const Result& rows, int row) {
    const Bytes bytes = rows.bytes(row, 1);
    if (bytes.size() != sizeof(merkle::Hash)) {
        throw LogTreeBroken("log tree: a stored node is not 32 bytes");
    }
    merkle::Hash hash{};
    std::copy(bytes.begin(), bytes.end(), hash.begin());
    return hash;
}

} // namespace

merkle::NodeReader tree_node_reader(Connection& c) {
    return [&c](std::span<const merkle::NodeId> ids) {
        std::vector<std::int64_t> numbers;
        numbers.reserve(ids.size());
        ArrayText wanted;
        for (const merkle::NodeId& id : ids) {
            numbers.push_back(log_tree_node_number(id));
            wanted.integer(numbers.back());
        }
        // One probe of the primary key per number.
        const Result rows =
            c.execute("SELECT node, hash FROM log_tree_nodes WHERE node = ANY ($1::bigint[])",
                      {wanted.str()});
        std::map<std::int64_t, merkle::Hash> found;
        for (int row = 0; row < rows.rows(); ++row) {
            found.emplace(rows.int64(row, 0), stored_hash(rows, row));
        }
        std::vector<merkle::Hash> hashes;
        hashes.reserve(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const auto node = found.find(numbers[i]);
            if (node == found.end()) {
                throw LogTreeBroken("log tree: node (" + std::to_string(ids[i].level) + ", " +
                                    std::to_string(ids[i].index) + ") is not stored");
            }
            hashes.push_back(node->second);
        }
        return hashes;
    };
}

std::vector<std::vector<merkle::Hash>>
inclusion_proofs(Connection& c, std::span<const std::int64_t> indices, std::int64_t size) {
    // All the nodes in one statement: an array parameter has no bound.
    return log_inclusion_proofs(indices, size, tree_node_reader(c),
                                std::numeric_limits<std::size_t>::max());
}

void TreeAppender::append(std::int64_t index, const merkle::Hash& leaf) {
    const auto added =
        merkle::nodes_for_append(log_tree_sha256(), static_cast<std::uint64_t>(index), leaf,
                                 [this](std::span<const merkle::NodeId> ids) {
                                     return right_edge_.read(ids, tree_node_reader(c_));
                                 });
    for (const merkle::NewNode& node : added) {
        // The nodes not stored yet are never read from the table: the right edge keeps them.
        right_edge_.add(node);
        unstored_.push_back(node);
    }
}

void TreeAppender::roll_back_to(const Mark& mark) {
    right_edge_ = mark.right_edge;
    unstored_.erase(unstored_.begin() + static_cast<std::ptrdiff_t>(mark.unstored),
                    unstored_.end());
}

void TreeAppender::store() {
    if (unstored_.empty()) {
        return;
    }
    ArrayText numbers;
    ArrayText hashes;
    for (const merkle::NewNode& node : unstored_) {
        numbers.integer(log_tree_node_number(node.id));
        hashes.bytea(node.hash);
    }
    c_.execute("INSERT INTO log_tree_nodes (node, hash) "
               "SELECT * FROM unnest($1::bigint[], $2::bytea[])",
               {numbers.str(), hashes.str()});
    unstored_.clear();
}

} // namespace einblick::server::pg
