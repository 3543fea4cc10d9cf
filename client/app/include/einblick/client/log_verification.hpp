#pragma once
// What the browser's own check of the log found (docs/TRANSPARENCY.md, section 5), for the
// state and the views. The check itself: log_verifier.hpp.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace einblick::client {

enum class EntryTrust {
    Verified,     // contained unchanged in the log the server signed, facts as shown
    NotConfirmed, // no proof, a proof that fails, facts that differ, or the log not trusted
};

// The log as a whole, worst last: a later value outranks an earlier one on the page.
enum class LogStatus {
    Checking,         // nothing verified yet
    Verified,         // signature valid, consistent with the checkpoint remembered
    Unavailable,      // the server gave no proofs (no signing key, network, malformed answer)
    SignatureInvalid, // the checkpoint is not signed with the key this browser pinned
    KeyChanged,       // the server names another key than the one this browser pinned
    Forked,           // the new checkpoint does not extend the remembered one
    RolledBack,       // the new checkpoint is smaller than the remembered one
};

// One check of the entries of one history page.
struct LogVerification {
    LogStatus status = LogStatus::Checking;
    std::vector<std::pair<std::string, EntryTrust>> entries; // by entry id
    std::uint64_t tree_size = 0;                             // of the checkpoint checked against
    std::uint64_t remembered_size = 0; // of the checkpoint this browser had remembered; 0: none
    // Witnesses (docs/TRANSPARENCY.md, "Witnesses") whose cosignature of the newest cosigned
    // checkpoint verified with a key the server lists, that checkpoint being signed by the log
    // and consistent with the one checked against; 0 when none (or no cosigned checkpoint).
    int witnesses = 0;
    std::uint64_t witnessed_size = 0; // the size of that cosigned checkpoint; 0: none
    bool witness_fork = false; // Forked because the cosigned checkpoint is not on this history
    double milliseconds = 0;   // the cryptography and proof logic, no network
};

// The history page's view of all checks so far.
struct HistoryTrust {
    LogStatus status = LogStatus::Checking;
    std::map<std::string, EntryTrust> entries; // absent: not checked (yet)
    std::uint64_t tree_size = 0;
    std::uint64_t remembered_size = 0;
    int witnesses = 0; // of the last check
    std::uint64_t witnessed_size = 0;
    bool witness_fork = false; // the fork was seen against the cosigned checkpoint
    int pending = 0;           // checks under way
    // The check of the most entries so far (a history page's, not the overview's five): how
    // many and how long, for the browser test and BENCHMARKS.md.
    std::size_t widest_count = 0;
    double widest_milliseconds = 0;
};

} // namespace einblick::client
