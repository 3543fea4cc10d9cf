// The stored Merkle tree: exactly the complete subtrees of a tree of `size` leaves, each node
// above the leaves the hash of its two children. A leaf against its entry is checked with the
// entry (verify_entries.cpp).
#include "einblick/server/log_chain.hpp"
#include "verify_steps.hpp"

#include <algorithm>
#include <map>

namespace einblick::server::verify {
namespace {

constexpr int highest_level = 62; // log_tree_nodes' CHECK: 2^62 leaves are plenty

// " over entries a..b" for the nodes first..last of `level`; empty when that is no real range.
std::string covered_entries(int level, std::uint64_t first, std::uint64_t last) {
    if (level < 0 || level > highest_level ||
        last >= (std::uint64_t{1} << (highest_level - level))) {
        return "";
    }
    return " over " + entries_range(static_cast<std::int64_t>(first << level) + 1,
                                    static_cast<std::int64_t>((last + 1) << level));
}

std::string nodes_subject(int level, std::uint64_t first, std::uint64_t last) {
    const std::string place = "(" + std::to_string(level) + ", " + std::to_string(first) +
                              (first == last ? "" : ".." + std::to_string(last)) + ")";
    return (first == last ? "tree node " : "tree nodes ") + place +
           covered_entries(level, first, last);
}

// The nodes one level should hold are 0 .. expected - 1; reports gaps and nodes beyond.
void check_level(LogSnapshot& log, int level, std::uint64_t expected, std::int64_t size,
                 Reporter& reporter) {
    const std::string tree = "the tree of the log's " + std::to_string(size) + " entries";
    std::uint64_t next = 0;
    std::optional<std::uint64_t> beyond_first;
    std::uint64_t beyond_last = 0;
    log.each_node_index(level, [&](std::uint64_t index) {
        if (index >= expected) {
            beyond_first = beyond_first.value_or(index);
            beyond_last = index;
            return;
        }
        if (index > next) {
            reporter.problem(nodes_subject(level, next, index - 1), "missing from " + tree);
        }
        next = index + 1;
    });
    if (next < expected) {
        reporter.problem(nodes_subject(level, next, expected - 1), "missing from " + tree);
    }
    if (beyond_first) {
        reporter.problem(nodes_subject(level, *beyond_first, beyond_last),
                         "stored, but not part of " + tree +
                             ": entries after them were removed or the head was moved back");
    }
}

merkle::Hash to_hash(const Bytes& bytes) {
    merkle::Hash hash{};
    std::copy(bytes.begin(), bytes.end(), hash.begin());
    return hash;
}

void check_parent(const SnapshotNode& node, Reporter& reporter) {
    const std::string subject = nodes_subject(node.id.level, node.id.index, node.id.index);
    if (node.hash.size() != 32) {
        reporter.problem(subject, "its hash is not 32 bytes");
        return;
    }
    if (!node.left || !node.right) {
        return; // a missing child is reported with its level
    }
    if (node.left->size() != 32 || node.right->size() != 32) {
        reporter.problem(subject, "a child's hash is not 32 bytes");
        return;
    }
    const merkle::Hash computed =
        merkle::node_hash(log_tree_sha256(), to_hash(*node.left), to_hash(*node.right));
    if (!same_hash(node.hash, computed)) {
        reporter.problem(subject, "is not the hash of its two children: the tree was changed");
    }
}

} // namespace

void check_tree(LogSnapshot& log, std::int64_t size, Reporter& reporter) {
    std::map<int, SnapshotLevel> stored;
    for (const SnapshotLevel& level : log.node_levels()) {
        stored[level.level] = level;
    }
    const auto leaves = static_cast<std::uint64_t>(size);
    int top = highest_level;
    if (!stored.empty()) {
        top = std::max(top, stored.rbegin()->first);
    }
    for (int level = std::min(0, stored.empty() ? 0 : stored.begin()->first); level <= top;
         ++level) {
        const std::uint64_t expected = level >= 0 && level < 64 ? leaves >> level : 0;
        const auto found = stored.find(level);
        const bool complete =
            found != stored.end()
                ? found->second.count == static_cast<std::int64_t>(expected) &&
                      found->second.min_index == 0 &&
                      found->second.max_index == static_cast<std::int64_t>(expected) - 1
                : expected == 0;
        if (!complete) {
            check_level(log, level, expected, size, reporter);
        }
    }
    log.each_parent_node([&reporter](const SnapshotNode& node) {
        ++reporter.report().nodes;
        check_parent(node, reporter);
    });
}

} // namespace einblick::server::verify
