#pragma once
// The steps of verify_log, one file each, and what they share.

#include "einblick/server/log_verifier.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace einblick::server::verify {

// Counts and forwards problems.
class Reporter {
public:
    Reporter(const ProblemSink& sink, VerifyReport& report) : sink_(sink), report_(report) {}
    void problem(std::string subject, std::string what) {
        ++report_.problems;
        sink_({std::move(subject), std::move(what)});
    }
    void note(std::string text) { report_.notes.push_back(std::move(text)); }
    VerifyReport& report() { return report_; }

private:
    const ProblemSink& sink_;
    VerifyReport& report_;
};

bool same_hash(const Bytes& stored, const merkle::Hash& computed);
// "entry 7", "entries 7..9"
std::string entries_range(std::int64_t first, std::int64_t last);

// Entries in seq order and the head; sets the report's head_size (0 without a head).
void check_entries(LogSnapshot& log, Reporter& reporter);
// Which nodes are stored against the tree of `size` leaves, and each parent against its
// children.
void check_tree(LogSnapshot& log, std::int64_t size, Reporter& reporter);
// The stored checkpoints, then the known ones.
void check_checkpoints(LogSnapshot& log, const VerifyInput& input, std::int64_t size,
                       Reporter& reporter);

} // namespace einblick::server::verify
