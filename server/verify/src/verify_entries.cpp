// The entries in seq order against their hashes, the chain, their leaves and the head.
#include "einblick/server/crypto.hpp"
#include "einblick/server/log_chain.hpp"
#include "verify_steps.hpp"

#include <nlohmann/json.hpp>

namespace einblick::server::verify {
namespace {

const Bytes zero_hash(32, 0);

std::string entry_subject(const SnapshotEntry& entry) {
    return "entry " + std::to_string(entry.seq) + " (row " + std::to_string(entry.id) + ")";
}

class EntryScan {
public:
    EntryScan(Reporter& reporter, const std::optional<SnapshotHead>& head)
        : reporter_(reporter), head_(head) {}

    void add(const SnapshotEntry& entry) {
        const std::string subject = entry_subject(entry);
        for (const std::string& malformed : entry.malformed) {
            reporter_.problem(subject, malformed);
        }
        if (entry.seq < 1) {
            reporter_.problem(subject, "its seq is not a sequence number (1, 2, 3, ...)");
            return;
        }
        check_sequence(entry, subject);
        if (entry.malformed.empty()) {
            check_contents(entry, subject);
        }
        last_hash_ = entry.hash;
        expected_seq_ = entry.seq + 1;
        last_seq_ = entry.seq;
        VerifyReport& report = reporter_.report();
        ++report.entries;
        if (report.first_stored_seq == 0) {
            report.first_stored_seq = entry.seq;
        }
    }

    void finish() {
        VerifyReport& report = reporter_.report();
        if (!head_) {
            reporter_.problem("head", "access_log_head has no row: the log's size is unknown");
            report.head_size = last_seq_.value_or(0);
            return;
        }
        report.head_size = std::max<std::int64_t>(head_->last_seq, 0);
        if (head_->last_seq < 0) {
            reporter_.problem("head",
                              "its size " + std::to_string(head_->last_seq) + " is negative");
            return;
        }
        const std::int64_t newest = last_seq_.value_or(0);
        if (newest < head_->last_seq && last_seq_) {
            reporter_.problem(entries_range(newest + 1, head_->last_seq),
                              "missing at the tail: the head says the log has " +
                                  std::to_string(head_->last_seq) +
                                  " entries (rows deleted, or the head moved forward)");
        } else if (newest == head_->last_seq && last_seq_ && head_->last_hash != last_hash_) {
            reporter_.problem("head", "its hash is not the hash of entry " +
                                          std::to_string(newest) + ", the newest");
        } else if (!last_seq_ && head_->last_seq == 0 && head_->last_hash != zero_hash) {
            reporter_.problem("head", "the log is empty but the head's hash is not zero");
        }
        if (report.first_stored_seq > 1) {
            reporter_.note(entries_range(1, report.first_stored_seq - 1) +
                           ": not stored (deleted by retention); their leaves in the tree are "
                           "checked below");
        } else if (!last_seq_ && head_->last_seq > 0) {
            reporter_.note(entries_range(1, head_->last_seq) +
                           ": none stored (all deleted by retention); only the tree is checked");
        }
    }

private:
    void check_sequence(const SnapshotEntry& entry, const std::string& subject) {
        if (entry.seq > expected_seq_ && last_seq_) {
            reporter_.problem(entries_range(expected_seq_, entry.seq - 1),
                              "missing between entry " + std::to_string(expected_seq_ - 1) +
                                  " and entry " + std::to_string(entry.seq) +
                                  " (a log may lose only its oldest entries, to retention)");
        } else if (entry.seq == expected_seq_ && last_seq_ && entry.prev_hash != last_hash_) {
            reporter_.problem(subject, "its prev_hash is not the hash of entry " +
                                           std::to_string(entry.seq - 1) +
                                           ": an entry was changed or replaced");
        }
        if (entry.seq < expected_seq_) {
            reporter_.problem(subject, "its seq is stored twice");
        }
        if (entry.seq == 1 && entry.prev_hash != zero_hash) {
            reporter_.problem(subject, "its prev_hash is not zero, as the first entry's is");
        }
        if (head_ && entry.seq > head_->last_seq) {
            reporter_.problem(subject, "lies beyond the head, which says the log has " +
                                           std::to_string(head_->last_seq) +
                                           " entries: the head was moved back");
        }
    }

    void check_contents(const SnapshotEntry& entry, const std::string& subject) {
        std::string canonical;
        try {
            canonical = canonical_log_encoding(entry.facts, entry.seq, entry.prev_hash);
        } catch (const nlohmann::json::exception&) {
            reporter_.problem(subject, "a text of it is not valid UTF-8, so it cannot be encoded");
            return;
        }
        if (sha256(canonical) != entry.hash) {
            reporter_.problem(subject, "its stored hash is not the hash of its contents: a field "
                                       "was changed after it was logged");
        }
        if (!entry.stored_leaf) {
            return; // reported with the tree's missing nodes
        }
        if (!same_hash(*entry.stored_leaf, log_leaf_hash(canonical))) {
            reporter_.problem(subject, "its leaf in the Merkle tree is not the hash of its "
                                       "contents: the entry was changed after it was logged");
        }
    }

    Reporter& reporter_;
    const std::optional<SnapshotHead>& head_;
    std::int64_t expected_seq_ = 1;
    std::optional<std::int64_t> last_seq_; // the newest entry read so far
    Bytes last_hash_;
};

} // namespace

void check_entries(LogSnapshot& log, Reporter& reporter) {
    const std::optional<SnapshotHead> head = log.head();
    EntryScan scan(reporter, head);
    log.each_entry([&scan](const SnapshotEntry& entry) {
        scan.add(entry);
        return true;
    });
    scan.finish();
}

} // namespace einblick::server::verify
