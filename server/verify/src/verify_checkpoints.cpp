// Signed checkpoints against the key and the stored tree: each stored one, ascending by size,
// then each one given from elsewhere (a witness's or a browser's copy).
#include "einblick/server/ed25519.hpp"
#include "einblick/server/log_chain.hpp"
#include "verify_steps.hpp"

#include <array>
#include <stdexcept>

namespace einblick::server::verify {
namespace {

class CheckpointCheck {
public:
    CheckpointCheck(LogSnapshot& log, const NoteVerifier& key, std::int64_t size,
                    Reporter& reporter)
        : key_(key), size_(size), reporter_(reporter), nodes_(log.node_reader()) {}

    // Checks the note; `stored` is the row it came from, when it came from the database.
    void check(const std::string& subject, const std::string& note,
               const StoredCheckpoint* stored) {
        ++reporter_.report().checkpoints;
        const auto text = signed_checkpoint(subject, note);
        if (!text) {
            return;
        }
        if (stored && stored->size != text->size) {
            reporter_.problem(subject, "stored for size " + std::to_string(stored->size) +
                                           ", but signed for " + std::to_string(text->size));
        }
        if (stored && stored->root != text->root) {
            reporter_.problem(subject, "its stored root is not the signed root");
        }
        check_against_tree(subject, *text);
    }

    // The newest size whose checkpoint matched the tree (-1: none).
    std::int64_t newest_verified() const { return newest_verified_; }

private:
    std::optional<CheckpointText> signed_checkpoint(const std::string& subject,
                                                    const std::string& note) {
        const auto opened = parse_note(note);
        if (!opened) {
            reporter_.problem(subject, "its note is not a signed note");
            return std::nullopt;
        }
        const std::array keys{key_};
        if (verified_signers(*opened, keys).empty()) {
            reporter_.problem(subject, "carries no valid signature of the key " + key_.name() +
                                           ": it was forged or changed");
            return std::nullopt;
        }
        auto text = parse_checkpoint_text(opened->text);
        if (!text) {
            reporter_.problem(subject, "the signed text is not a checkpoint");
            return std::nullopt;
        }
        if (text->origin != key_.name()) {
            reporter_.problem(subject,
                              "is of the log '" + text->origin + "', not '" + key_.name() + "'");
            return std::nullopt;
        }
        return text;
    }

    void check_against_tree(const std::string& subject, const CheckpointText& text) {
        if (text.size > size_) {
            reporter_.problem(subject, "was signed for " + std::to_string(text.size) +
                                           " entries, but the head says the log has " +
                                           std::to_string(size_) + ": " +
                                           entries_range(size_ + 1, text.size) +
                                           " were removed and the head moved back");
            return;
        }
        merkle::Hash root{};
        try {
            root =
                merkle::tree_root(log_tree_sha256(), static_cast<std::uint64_t>(text.size), nodes_);
        } catch (const std::runtime_error& error) {
            reporter_.problem(subject, std::string("the tree's root at its size cannot be "
                                                   "computed: ") +
                                           error.what());
            return;
        }
        if (root != text.root) {
            // The checkpoints are read ascending: the entries up to the last one that matched
            // are as signed, so the change is among the ones after it.
            const std::int64_t from = last_matched_ < text.size ? last_matched_ + 1 : 1;
            const std::string changed = from == text.size
                                            ? "entry " + std::to_string(from) + " was"
                                            : "one of " + entries_range(from, text.size) + " was";
            reporter_.problem(subject, "the tree's root at size " + std::to_string(text.size) +
                                           " is not the signed root: " + changed +
                                           " changed after the checkpoint was signed");
            return;
        }
        last_matched_ = std::max(last_matched_, text.size);
        newest_verified_ = std::max(newest_verified_, text.size);
    }

    const NoteVerifier& key_;
    std::int64_t size_;
    Reporter& reporter_;
    merkle::NodeReader nodes_;
    std::int64_t last_matched_ = 0;
    std::int64_t newest_verified_ = -1;
};

} // namespace

void check_checkpoints(LogSnapshot& log, const VerifyInput& input, std::int64_t size,
                       Reporter& reporter) {
    CheckpointCheck check(log, input.key, size, reporter);
    log.each_checkpoint([&check](const StoredCheckpoint& stored) {
        check.check("checkpoint " + std::to_string(stored.size), stored.note, &stored);
    });
    for (std::size_t i = 0; i < input.known_checkpoints.size(); ++i) {
        check.check("given checkpoint " + std::to_string(i + 1), input.known_checkpoints[i],
                    nullptr);
    }
    const std::int64_t covered = check.newest_verified();
    reporter.report().newest_verified = covered;
    if (covered < 0 && size > 0) {
        reporter.problem("checkpoints",
                         "none is signed by " + input.key.name() +
                             " and matches the tree: nothing ties the log to the key, so a "
                             "rewritten log could not be told from the original");
    } else if (covered < size) {
        reporter.note(entries_range(std::max<std::int64_t>(covered, 0) + 1, size) +
                      ": not yet covered by a signed checkpoint (the server signs within a "
                      "second; after a crash the newest may lack one), so only their hashes "
                      "and the chain vouch for them");
    }
}

} // namespace einblick::server::verify
