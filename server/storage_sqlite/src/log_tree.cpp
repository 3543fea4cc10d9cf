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
        throw std::runtime_error("log tree: a stored node is not 32 bytes");
    }
    merkle::Hash hash{};
    std::memcpy(hash.data(), column.getBlob(), hash.size());
    return hash;
}

std::string node_list_sql(std::size_t count) {
    std::string sql = "SELECT level, idx, hash FROM log_tree_nodes WHERE (level, idx) IN (VALUES ";
    for (std::size_t i = 0; i < count; ++i) {
        sql += i == 0 ? "(?, ?)" : ", (?, ?)";
    }
    return sql + ")";
}

} // namespace

merkle::NodeReader tree_node_reader(SQLite::Database& c) {
    return [&c](std::span<const merkle::NodeId> ids) {
        SQLite::Statement query(c, node_list_sql(ids.size()));
        int at = 1;
        for (const merkle::NodeId& id : ids) {
            query.bind(at++, id.level);
            query.bind(at++, static_cast<std::int64_t>(id.index));
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
                throw std::runtime_error("log tree: node (" + std::to_string(id.level) + ", " +
                                         std::to_string(id.index) + ") is not stored");
            }
            hashes.push_back(node->second);
        }
        return hashes;
    };
}

void append_tree_leaf(SQLite::Database& c, std::int64_t index, const merkle::Hash& leaf) {
    const auto added = merkle::nodes_for_append(
        log_tree_sha256(), static_cast<std::uint64_t>(index), leaf, tree_node_reader(c));
    SQLite::Statement store(c, "INSERT INTO log_tree_nodes (level, idx, hash) VALUES (?, ?, ?)");
    for (const merkle::NewNode& node : added) {
        store.bind(1, node.id.level);
        store.bind(2, static_cast<std::int64_t>(node.id.index));
        store.bind(3, node.hash.data(), static_cast<int>(node.hash.size()));
        store.exec();
        store.reset();
    }
}

} // namespace einblick::server::sqlite
