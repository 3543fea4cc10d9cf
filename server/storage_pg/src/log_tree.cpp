#include "log_tree.hpp"

#include "einblick/server/crypto.hpp"
#include "einblick/server/log_chain.hpp"

#include <algorithm>
#include <string>

namespace einblick::server::pg {
namespace {

// A bigint[] parameter in PostgreSQL's array text form, {1,2,3}: numbers need no quoting.
std::string bigint_array(std::span<const std::int64_t> numbers) {
    std::string text = "{";
    for (const std::int64_t number : numbers) {
        if (text.size() > 1) {
            text += ',';
        }
        text += std::to_string(number);
    }
    return text + "}";
}

// The same for hashes as hex text (a text[] the statement decodes): hex digits need no quoting.
std::string hex_array(const std::vector<merkle::NewNode>& nodes) {
    std::string text = "{";
    for (const merkle::NewNode& node : nodes) {
        if (text.size() > 1) {
            text += ',';
        }
        text += to_hex(Bytes(node.hash.begin(), node.hash.end()));
    }
    return text + "}";
}

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

std::int64_t tree_node_number(const merkle::NodeId& id) {
    const auto last_leaf = ((id.index + 1) << id.level) - 1;
    return static_cast<std::int64_t>((last_leaf << 6) | static_cast<std::uint64_t>(id.level));
}

merkle::NodeReader tree_node_reader(Connection& c) {
    return [&c](std::span<const merkle::NodeId> ids) {
        std::vector<std::int64_t> numbers;
        numbers.reserve(ids.size());
        for (const merkle::NodeId& id : ids) {
            numbers.push_back(tree_node_number(id));
        }
        // One probe of the primary key per number.
        const Result rows =
            c.execute("SELECT node, hash FROM log_tree_nodes WHERE node = ANY ($1::bigint[])",
                      {bigint_array(numbers)});
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
    // Which nodes the proofs need depends on the indices and the size only, not on the hashes:
    // a first run with a reader that only notes the ids finds them all.
    std::vector<merkle::NodeId> wanted;
    const merkle::NodeReader note_ids = [&wanted](std::span<const merkle::NodeId> ids) {
        wanted.insert(wanted.end(), ids.begin(), ids.end());
        return std::vector<merkle::Hash>(ids.size());
    };
    for (const std::int64_t index : indices) {
        merkle::inclusion_proof(log_tree_sha256(), static_cast<std::uint64_t>(index),
                                static_cast<std::uint64_t>(size), note_ids);
    }
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    std::map<merkle::NodeId, merkle::Hash> known;
    if (!wanted.empty()) {
        const std::vector<merkle::Hash> hashes = tree_node_reader(c)(wanted);
        for (std::size_t i = 0; i < wanted.size(); ++i) {
            known.emplace(wanted[i], hashes[i]);
        }
    }
    const merkle::NodeReader from_memory = [&known](std::span<const merkle::NodeId> ids) {
        std::vector<merkle::Hash> hashes;
        hashes.reserve(ids.size());
        for (const merkle::NodeId& id : ids) {
            hashes.push_back(known.at(id));
        }
        return hashes;
    };
    std::vector<std::vector<merkle::Hash>> proofs;
    proofs.reserve(indices.size());
    for (const std::int64_t index : indices) {
        proofs.push_back(merkle::inclusion_proof(log_tree_sha256(),
                                                 static_cast<std::uint64_t>(index),
                                                 static_cast<std::uint64_t>(size), from_memory));
    }
    return proofs;
}

std::vector<merkle::Hash> TreeAppender::read(std::span<const merkle::NodeId> ids) {
    std::vector<merkle::NodeId> missing;
    for (const merkle::NodeId& id : ids) {
        if (!right_edge_.contains(id)) {
            missing.push_back(id);
        }
    }
    if (!missing.empty()) {
        const std::vector<merkle::Hash> found = tree_node_reader(c_)(missing);
        for (std::size_t i = 0; i < missing.size(); ++i) {
            right_edge_.emplace(missing[i], found[i]);
        }
    }
    std::vector<merkle::Hash> hashes;
    hashes.reserve(ids.size());
    for (const merkle::NodeId& id : ids) {
        hashes.push_back(right_edge_.at(id));
    }
    return hashes;
}

void TreeAppender::append(std::int64_t index, const merkle::Hash& leaf) {
    const auto added =
        merkle::nodes_for_append(log_tree_sha256(), static_cast<std::uint64_t>(index), leaf,
                                 [this](std::span<const merkle::NodeId> ids) { return read(ids); });
    for (const merkle::NewNode& node : added) {
        // Only a node with an even index is ever read again, as the left sibling of the next
        // one on its level; a node with an odd index used its left sibling up. So the kept
        // nodes are the right edge, and the nodes not stored yet are never read from the table.
        if (node.id.index % 2 == 0) {
            right_edge_.insert_or_assign(node.id, node.hash);
        } else {
            right_edge_.erase({node.id.level, node.id.index - 1});
        }
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
    std::vector<std::int64_t> numbers;
    numbers.reserve(unstored_.size());
    for (const merkle::NewNode& node : unstored_) {
        numbers.push_back(tree_node_number(node.id));
    }
    c_.execute("INSERT INTO log_tree_nodes (node, hash) SELECT node, decode(hash, 'hex') "
               "FROM unnest($1::bigint[], $2::text[]) AS added (node, hash)",
               {bigint_array(numbers), hex_array(unstored_)});
    unstored_.clear();
}

} // namespace einblick::server::pg
