#include "einblick/server/log_integrity_service.hpp"

#include "einblick/server/crypto.hpp"
#include "einblick/server/log_chain.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace einblick::server {
namespace {

bool same_hash(const Bytes& stored, const merkle::Hash& computed) {
    return stored.size() == computed.size() &&
           std::memcmp(stored.data(), computed.data(), computed.size()) == 0;
}

std::string entries_range(std::int64_t first, std::int64_t last) {
    return first == last ? "entry " + std::to_string(first)
                         : "entries " + std::to_string(first) + ".." + std::to_string(last);
}

std::string entry_subject(const SnapshotEntry& e) {
    return "entry " + std::to_string(e.seq) + " (row " + std::to_string(e.id) + ")";
}

// At most this many findings are reported per check: one tampering can break every later link.
constexpr std::size_t max_findings = 20;

void add(IntegrityCheck& out, std::string subject, std::string what) {
    if (out.findings.size() < max_findings) {
        out.findings.push_back({std::move(subject), std::move(what)});
    }
}

} // namespace

LogIntegrityService::LogIntegrityService(LogWindowReader& window, AccessLogRepository& log,
                                         CheckpointService& checkpoints, AuditRepository& audit,
                                         const Clock& clock, LogIntegrityOptions options,
                                         AlarmSink alarm)
    : window_(window), log_(log), checkpoints_(checkpoints), audit_(audit), clock_(clock),
      options_(std::move(options)), alarm_(std::move(alarm)) {
    if (options_.window < 1) {
        throw std::invalid_argument("the log check's window must hold at least one entry");
    }
}

IntegrityCheck LogIntegrityService::check() {
    const std::lock_guard one_at_a_time(checking_);
    const auto started = std::chrono::steady_clock::now();
    IntegrityCheck result = run_checks();
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    bool first_failure = false;
    {
        const std::lock_guard guard(state_);
        ++statistics_.checks;
        statistics_.check_seconds.observe(took.count());
        if (!result.intact()) {
            ++statistics_.failures;
            if (intact_.load()) {
                first_failure = true;
                findings_ = result.findings;
                intact_ = false;
                statistics_.intact = false;
            }
        }
    }
    if (first_failure) {
        raise_alarm(result);
    }
    return result;
}

IntegrityCheck LogIntegrityService::run_checks() {
    IntegrityCheck out;
    // The checkpoint first, the log after: the log only grows, so the checkpoint read can never
    // be newer than the head read after it.
    std::optional<StoredCheckpoint> checkpoint;
    if (options_.key) {
        checkpoint = checkpoints_.latest();
    }
    const LogWindow window = window_.newest(options_.window);
    out.entries = static_cast<std::int64_t>(window.entries.size());
    if (!window.head) {
        add(out, "head", "missing: the log's head row was deleted");
        return out;
    }
    out.head_size = window.head->last_seq;
    check_window(window, out);
    if (checkpoint) {
        out.checkpoint = checkpoint->size;
        check_checkpoint(*checkpoint, out.head_size, out);
    }
    return out;
}

void LogIntegrityService::check_window(const LogWindow& window, IntegrityCheck& out) const {
    const std::int64_t head = window.head->last_seq;
    // Sequence numbers below the oldest stored one were deleted by retention (a prefix); from
    // there on, every number up to the head must be stored.
    std::int64_t expected = std::max<std::int64_t>(head - options_.window + 1, 1);
    if (window.oldest_stored_seq > 0) {
        expected = std::max(expected, window.oldest_stored_seq);
    } else {
        expected = head + 1; // nothing stored: everything was deleted by retention
    }
    const SnapshotEntry* before = nullptr;
    const SnapshotEntry* newest = nullptr; // the entry the head names
    for (const SnapshotEntry& e : window.entries) {
        if (e.seq == head) {
            newest = &e;
        }
        if (e.seq > head) {
            add(out, entry_subject(e),
                "stored beyond the head, which says the log has " + std::to_string(head) +
                    " entries");
        } else if (e.seq > expected) {
            add(out, entries_range(expected, e.seq - 1),
                "missing between " +
                    (before ? "entry " + std::to_string(before->seq) : "the window's start") +
                    " and entry " + std::to_string(e.seq));
        }
        for (const std::string& malformed : e.malformed) {
            add(out, entry_subject(e), malformed);
        }
        const std::string canonical = canonical_log_encoding(e.facts, e.seq, e.prev_hash);
        if (e.malformed.empty() && sha256(canonical) != e.hash) {
            add(out, entry_subject(e), "its stored hash is not the hash of its contents");
        }
        if (!e.stored_leaf) {
            add(out, entry_subject(e), "its leaf is missing from the Merkle tree");
        } else if (!same_hash(*e.stored_leaf, log_leaf_hash(canonical))) {
            add(out, entry_subject(e),
                "its leaf in the Merkle tree is not the hash of its contents");
        }
        if (before && before->seq == e.seq - 1 && e.prev_hash != before->hash) {
            add(out, entry_subject(e),
                "its prev_hash is not the hash of entry " + std::to_string(before->seq));
        }
        before = &e;
        expected = std::max(expected, e.seq + 1);
    }
    if (expected <= head) {
        add(out, entries_range(expected, head),
            "missing at the tail: the head says the log has " + std::to_string(head) + " entries");
    }
    if (newest && window.head->last_hash != newest->hash) {
        add(out, "head", "its hash is not the hash of entry " + std::to_string(head));
    }
    for (const SnapshotNode& node : window.parents) {
        const std::uint64_t first = node.id.index << node.id.level;
        const std::uint64_t last = ((node.id.index + 1) << node.id.level) - 1;
        const std::string subject = "tree node (" + std::to_string(node.id.level) + ", " +
                                    std::to_string(node.id.index) + ") over " +
                                    entries_range(static_cast<std::int64_t>(first) + 1,
                                                  static_cast<std::int64_t>(last) + 1);
        if (!node.left || !node.right || node.left->size() != 32 || node.right->size() != 32) {
            add(out, subject, "a child is missing from the tree");
            continue;
        }
        merkle::Hash left{};
        merkle::Hash right{};
        std::memcpy(left.data(), node.left->data(), left.size());
        std::memcpy(right.data(), node.right->data(), right.size());
        if (!same_hash(node.hash, merkle::node_hash(log_tree_sha256(), left, right))) {
            add(out, subject, "not the hash of its two children");
        }
    }
}

void LogIntegrityService::check_checkpoint(const StoredCheckpoint& checkpoint,
                                           std::int64_t head_size, IntegrityCheck& out) const {
    const std::string subject = "checkpoint " + std::to_string(checkpoint.size);
    const auto opened = parse_note(checkpoint.note);
    const std::array keys{*options_.key};
    if (!opened || verified_signers(*opened, keys).empty()) {
        add(out, subject,
            "carries no valid signature of the key " + options_.key->name() +
                ": it was forged or changed");
        return;
    }
    if (opened->text != CheckpointService::checkpoint_text(options_.key->name(), checkpoint.size,
                                                           checkpoint.root)) {
        add(out, subject, "its stored size or root is not what was signed");
        return;
    }
    if (checkpoint.size > head_size) {
        add(out, subject,
            "was signed for " + std::to_string(checkpoint.size) +
                " entries, but the head says the log has " + std::to_string(head_size) + ": " +
                entries_range(head_size + 1, checkpoint.size) + " were removed");
        return;
    }
    try {
        if (log_.tree_root(checkpoint.size) != checkpoint.root) {
            add(out, subject,
                "the tree's root at size " + std::to_string(checkpoint.size) +
                    " is not the signed root: one of " + entries_range(1, checkpoint.size) +
                    " was changed after the checkpoint was signed");
            return;
        }
        if (checkpoint.size > 0 && checkpoint.size < head_size) {
            const merkle::Hash current = log_.tree_root(head_size);
            const auto proof = log_.consistency_proof(checkpoint.size, head_size);
            if (!merkle::verify_consistency(
                    log_tree_sha256(), static_cast<std::uint64_t>(checkpoint.size),
                    static_cast<std::uint64_t>(head_size), checkpoint.root, current, proof)) {
                add(out, "tree",
                    "the tree of " + std::to_string(head_size) +
                        " entries is not an extension of " + subject);
            }
        }
    } catch (const LogTreeBroken& error) { // a node the tree needs is not stored
        add(out, "tree", std::string("cannot be read up to the head: ") + error.what());
    } catch (const std::invalid_argument& error) { // the head moved back during the check
        add(out, "tree", std::string("shrank during the check: ") + error.what());
    }
}

void LogIntegrityService::raise_alarm(const IntegrityCheck& check) {
    checkpoints_.halt_signing();
    for (const IntegrityFinding& f : check.findings) {
        alarm_("ALARM: access log integrity: " + f.subject + ": " + f.what);
    }
    alarm_("ALARM: access log integrity: checkpoint signing halted; /health/ready answers 503 "
           "until an operator has investigated and restarted the server");
    nlohmann::json findings = nlohmann::json::array();
    for (const IntegrityFinding& f : check.findings) {
        findings.push_back({{"subject", f.subject}, {"what", f.what}});
    }
    const nlohmann::json details = {{"head_size", check.head_size},
                                    {"checkpoint_size", check.checkpoint},
                                    {"window", options_.window},
                                    {"findings", findings}};
    try {
        audit_.append({clock_.now(), ActorRole::System, std::nullopt, "log.integrity_failed",
                       "access_log", std::nullopt, details.dump()});
    } catch (const std::exception& error) {
        alarm_(std::string("ALARM: access log integrity: the audit record could not be "
                           "written: ") +
               error.what());
    }
}

std::vector<IntegrityFinding> LogIntegrityService::findings() const {
    const std::lock_guard guard(state_);
    return findings_;
}

LogIntegrityStatistics LogIntegrityService::statistics() const {
    const std::lock_guard guard(state_);
    return statistics_;
}

} // namespace einblick::server
