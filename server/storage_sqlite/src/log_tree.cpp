#include "log_tree.hpp"

#include "einblick/server/log_chain.hpp"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>

namespace einblick::server::sqlite {
namespace {

merkle::Hash column_hash(const SQLite::Column& column) {
    if (column.getBytes() != static_cast<int>(sizeof(merkle::Hash))) {
        throw LogTreeBroken("log tree: a stored node is not 32 bytes");
    }
    merkle::Hash hash{};
    std::memcpy(hash.data(), column.getBlob(), hash.size());
    return hash;
}

} // namespace

std::int64_t node_number(const merkle::NodeId& id) {
    const auto last_leaf = ((id.index + 1) << id.level) - 1;
    return static_cast<std::int64_t>((last_leaf << 6) | static_cast<std::uint64_t>(id.level));
}

// The nodes are looked up from the list, each by its number: CROSS JOIN keeps SQLite from
// turning the loop around. `(level, idx) IN (VALUES …)` scanned the whole table for every read,
// so each append and each proof cost time in proportion to the log's size.
std::string tree_nodes_sql(std::size_t count) {
    std::string sql = "SELECT n.level, n.idx, n.hash FROM (VALUES ";
    for (std::size_t i = 0; i < count; ++i) {
        sql += i == 0 ? "(?)" : ", (?)";
    }
    return sql + ") AS wanted CROSS JOIN log_tree_nodes n ON n.node = wanted.column1";
}

namespace {

// Binds `ids` to a statement of tree_nodes_sql(ids.size()) and reads their hashes in that order.
std::vector<merkle::Hash> read_nodes(SQLite::Statement& query,
                                     std::span<const merkle::NodeId> ids) {
    int at = 1;
    for (const merkle::NodeId& id : ids) {
        query.bind(at++, node_number(id));
    }
    std::map<merkle::NodeId, merkle::Hash> found;
    while (query.executeStep()) {
        const merkle::NodeId id{query.getColumn(0).getInt(),
                                static_cast<std::uint64_t>(query.getColumn(1).getInt64())};
        found[id] = column_hash(query.getColumn(2));
    }
    std::vector<merkle::Hash> hashes;
    hashes.reserve(ids.size());
    for (const merkle::NodeId& id : ids) {
        const auto node = found.find(id);
        if (node == found.end()) {
            throw LogTreeBroken("log tree: node (" + std::to_string(id.level) + ", " +
                                std::to_string(id.index) + ") is not stored");
        }
        hashes.push_back(node->second);
    }
    return hashes;
}

} // namespace

merkle::NodeReader tree_node_reader(SqliteConnection& c) {
    return [&c](std::span<const merkle::NodeId> ids) {
        auto query = c.cached(tree_nodes_sql(ids.size()));
        return read_nodes(*query, ids);
    };
}

merkle::NodeReader tree_node_reader(SQLite::Database& c) {
    return [&c](std::span<const merkle::NodeId> ids) {
        SQLite::Statement query(c, tree_nodes_sql(ids.size()));
        return read_nodes(query, ids);
    };
}

std::vector<std::vector<merkle::Hash>>
inclusion_proofs(SqliteConnection& c, std::span<const std::int64_t> indices, std::int64_t size) {
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
    // Bounded statements: SQLite limits the bound values of one statement.
    constexpr std::size_t nodes_per_statement = 256;
    const merkle::NodeReader read = tree_node_reader(c);
    std::map<merkle::NodeId, merkle::Hash> known;
    for (std::size_t at = 0; at < wanted.size(); at += nodes_per_statement) {
        const auto chunk =
            std::span(wanted).subspan(at, std::min(nodes_per_statement, wanted.size() - at));
        const std::vector<merkle::Hash> hashes = read(chunk);
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            known.emplace(chunk[i], hashes[i]);
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
        if (!stored_.contains(id)) {
            missing.push_back(id);
        }
    }
    if (!missing.empty()) {
        if (layout_ != TreeLayout::ByNumber) {
            throw std::logic_error("log tree: reading the table of migration 8's layout");
        }
        const std::vector<merkle::Hash> found = tree_node_reader(c_)(missing);
        for (std::size_t i = 0; i < missing.size(); ++i) {
            stored_.emplace(missing[i], found[i]);
        }
    }
    std::vector<merkle::Hash> hashes;
    hashes.reserve(ids.size());
    for (const merkle::NodeId& id : ids) {
        hashes.push_back(stored_.at(id));
    }
    return hashes;
}

void TreeAppender::append(std::int64_t index, const merkle::Hash& leaf) {
    const auto added =
        merkle::nodes_for_append(log_tree_sha256(), static_cast<std::uint64_t>(index), leaf,
                                 [this](std::span<const merkle::NodeId> ids) { return read(ids); });
    const bool numbered = layout_ == TreeLayout::ByNumber;
    auto store = c_.cached(numbered ? "INSERT INTO log_tree_nodes (hash, node) VALUES (?, ?)"
                                    : "INSERT INTO log_tree_nodes (hash, level, idx) "
                                      "VALUES (?, ?, ?)");
    for (const merkle::NewNode& node : added) {
        store->bind(1, node.hash.data(), static_cast<int>(node.hash.size()));
        if (numbered) {
            store->bind(2, node_number(node.id));
        } else {
            store->bind(2, node.id.level);
            store->bind(3, static_cast<std::int64_t>(node.id.index));
        }
        store->exec();
        store->reset();
        // Only a node with an even index is ever read again, as the left sibling of the next
        // one on its level; a node with an odd index used its left sibling up. So the kept
        // nodes are the tree's right edge: one per level at most, however long the job.
        if (node.id.index % 2 == 0) {
            stored_.insert_or_assign(node.id, node.hash);
        } else {
            stored_.erase({node.id.level, node.id.index - 1});
        }
    }
}

} // namespace einblick::server::sqlite
