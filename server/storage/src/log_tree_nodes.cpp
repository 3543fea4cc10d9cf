#include "einblick/server/log_tree_nodes.hpp"

#include "einblick/server/log_chain.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace einblick::server {

std::int64_t log_tree_node_number(const merkle::NodeId& id) {
    const auto last_leaf = ((id.index + 1) << id.level) - 1;
    return static_cast<std::int64_t>((last_leaf << 6) | static_cast<std::uint64_t>(id.level));
}

void require_log_tree_size(std::int64_t size, std::int64_t tree) {
    if (size < 0 || size > tree) {
        throw std::invalid_argument("the log's tree has " + std::to_string(tree) +
                                    " entries, not " + std::to_string(size));
    }
}

void require_log_tree_leaves(std::span<const std::int64_t> indices, std::int64_t size) {
    for (const std::int64_t index : indices) {
        if (index < 0 || index >= size) {
            throw std::invalid_argument("no entry " + std::to_string(index) + " in a tree of " +
                                        std::to_string(size));
        }
    }
}

std::vector<std::vector<merkle::Hash>> log_inclusion_proofs(std::span<const std::int64_t> indices,
                                                            std::int64_t size,
                                                            const merkle::NodeReader& read_stored,
                                                            std::size_t nodes_per_read) {
    // A first run with a reader that only notes the ids finds them all.
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
    for (std::size_t at = 0; at < wanted.size();) {
        const auto chunk =
            std::span(wanted).subspan(at, std::min(nodes_per_read, wanted.size() - at));
        const std::vector<merkle::Hash> hashes = read_stored(chunk);
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            known.emplace(chunk[i], hashes[i]);
        }
        at += chunk.size();
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

std::vector<merkle::Hash> LogTreeRightEdge::read(std::span<const merkle::NodeId> ids,
                                                 const merkle::NodeReader& read_stored) {
    std::vector<merkle::NodeId> missing;
    for (const merkle::NodeId& id : ids) {
        if (!nodes_.contains(id)) {
            missing.push_back(id);
        }
    }
    if (!missing.empty()) {
        const std::vector<merkle::Hash> found = read_stored(missing);
        for (std::size_t i = 0; i < missing.size(); ++i) {
            nodes_.emplace(missing[i], found[i]);
        }
    }
    std::vector<merkle::Hash> hashes;
    hashes.reserve(ids.size());
    for (const merkle::NodeId& id : ids) {
        hashes.push_back(nodes_.at(id));
    }
    return hashes;
}

void LogTreeRightEdge::add(const merkle::NewNode& node) {
    if (node.id.index % 2 == 0) {
        nodes_.insert_or_assign(node.id, node.hash);
    } else {
        nodes_.erase({node.id.level, node.id.index - 1});
    }
}

} // namespace einblick::server
