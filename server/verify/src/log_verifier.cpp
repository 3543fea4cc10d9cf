#include "einblick/server/log_verifier.hpp"

#include "einblick/server/ed25519.hpp"
#include "verify_steps.hpp"

#include <algorithm>
#include <charconv>

namespace einblick::server {
namespace verify {

bool same_hash(const Bytes& stored, const merkle::Hash& computed) {
    return stored.size() == computed.size() &&
           std::equal(stored.begin(), stored.end(), computed.begin());
}

std::string entries_range(std::int64_t first, std::int64_t last) {
    return first == last ? "entry " + std::to_string(first)
                         : "entries " + std::to_string(first) + ".." + std::to_string(last);
}

} // namespace verify

VerifyReport verify_log(LogSnapshot& log, const VerifyInput& input, const ProblemSink& sink) {
    VerifyReport report;
    verify::Reporter reporter(sink, report);
    verify::check_entries(log, reporter);
    verify::check_tree(log, report.head_size, reporter);
    verify::check_checkpoints(log, input, report.head_size, reporter);
    return report;
}

std::optional<CheckpointText> parse_checkpoint_text(std::string_view text) {
    // origin "\n" size "\n" base64(root) "\n" (extension lines "\n")*
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        if (end == std::string_view::npos) {
            return std::nullopt; // every line ends in a line feed
        }
        lines.push_back(text.substr(0, end));
        text.remove_prefix(end + 1);
    }
    if (lines.size() < 3 || lines[0].empty()) {
        return std::nullopt;
    }
    CheckpointText checkpoint;
    checkpoint.origin = std::string(lines[0]);
    const std::string_view size = lines[1];
    const auto parsed = std::from_chars(size.data(), size.data() + size.size(), checkpoint.size);
    if (size.empty() || parsed.ec != std::errc{} || parsed.ptr != size.data() + size.size() ||
        checkpoint.size < 0 || (size.size() > 1 && size[0] == '0')) {
        return std::nullopt;
    }
    const auto root = from_base64(lines[2]);
    if (!root || root->size() != checkpoint.root.size()) {
        return std::nullopt;
    }
    std::copy(root->begin(), root->end(), checkpoint.root.begin());
    return checkpoint;
}

} // namespace einblick::server
