#include "log_tree.hpp"

#include "einblick/server/log_chain.hpp"
#include "einblick/server/log_tree_nodes.hpp"

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
        query.bind(at++, log_tree_node_number(id));
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
    // Bounded statements: SQLite limits the bound values of one statement.
    constexpr std::size_t nodes_per_statement = 256;
    return log_inclusion_proofs(indices, size, tree_node_reader(c), nodes_per_statement);
}

std::vector<merkle::Hash> TreeAppender::read(std::span<const merkle::NodeId> ids) {
    return right_edge_.read(ids, [this](std::span<const merkle::NodeId> missing) {
        if (layout_ != TreeLayout::ByNumber) {
            throw std::logic_error("log tree: reading the table of migration 8's layout");
        }
        return tree_node_reader(c_)(missing);
    });
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
            store->bind(2, log_tree_node_number(node.id));
        } else {
            store->bind(2, node.id.level);
            store->bind(3, static_cast<std::int64_t>(node.id.index));
        }
        store->exec();
        store->reset();
        right_edge_.add(node);
    }
}

} // namespace einblick::server::sqlite
