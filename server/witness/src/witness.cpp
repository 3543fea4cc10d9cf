#include "einblick/server/witness.hpp"

#include "einblick/server/log_chain.hpp"
#include "einblick/server/log_verifier.hpp"
#include "einblick/server/proof_json.hpp"

#include <array>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace einblick::server {
namespace {

using Outcome = WitnessRound::Outcome;

// A read checkpoint: the note as served, its signed text, and what the text says.
struct Checkpoint {
    std::string note;
    std::string text;
    CheckpointText fields;
};

std::string first_line(std::string text) {
    const auto end = text.find('\n');
    text = text.substr(0, end);
    return text.size() > 200 ? text.substr(0, 200) + "…" : text;
}

// Writes `content` to `path` so that a crash leaves either the old or the new file: a
// temporary file beside it, flushed to disk, renamed over it, and the folder flushed.
void write_durably(const std::filesystem::path& path, const std::string& content) {
    const std::filesystem::path temporary = path.string() + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw std::system_error(errno, std::generic_category(),
                                "cannot write " + temporary.string());
    }
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            throw std::system_error(error, std::generic_category(),
                                    "cannot write " + temporary.string());
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        throw std::system_error(errno, std::generic_category(),
                                "cannot flush " + temporary.string());
    }
    std::filesystem::rename(temporary, path);
    const std::filesystem::path folder =
        path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

} // namespace

Witness::Witness(LogEndpoint& log, NoteVerifier log_key, NoteSigner key,
                 std::filesystem::path state_file)
    : log_(log), log_key_(std::move(log_key)), key_(std::move(key)),
      state_file_(std::move(state_file)) {}

std::optional<std::string> Witness::accepted() const {
    std::ifstream in(state_file_, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

WitnessRound Witness::round() {
    const LogEndpoint::Answer answer = log_.get("/api/v1/log/checkpoint");
    if (answer.status != 200) {
        return {Outcome::Unreachable,
                0,
                answer.status == 0 ? "the log did not answer: " + answer.body
                                   : "the log answered " + std::to_string(answer.status) +
                                         " for its checkpoint: " + first_line(answer.body),
                {}};
    }
    const auto opened = parse_note(answer.body);
    if (!opened) {
        return {Outcome::Unreachable,
                0,
                "the log's answer is not a signed note: " + first_line(answer.body),
                {}};
    }
    const std::array keys{log_key_};
    if (verified_signers(*opened, keys).empty()) {
        return {Outcome::Inconsistent, 0,
                "the log's checkpoint does not carry a valid signature of its key " +
                    log_key_.text(),
                answer.body};
    }
    const auto fields = parse_checkpoint_text(opened->text);
    if (!fields || fields->origin != log_key_.name()) {
        return {Outcome::Inconsistent, 0,
                "the log signed a text that is not a checkpoint of '" + log_key_.name() + "'",
                answer.body};
    }
    const Checkpoint latest{answer.body, opened->text, *fields};

    if (const auto before_note = accepted()) {
        const auto before_opened = parse_note(*before_note);
        const auto before =
            before_opened ? parse_checkpoint_text(before_opened->text) : std::nullopt;
        if (!before) {
            throw std::runtime_error(state_file_.string() + " does not hold a checkpoint");
        }
        const std::string evidence =
            "accepted before:\n" + *before_note + "\nserved now:\n" + latest.note;
        const std::string sizes = "size " + std::to_string(before->size) + " before, " +
                                  std::to_string(latest.fields.size) + " now";
        if (latest.fields.size < before->size) {
            return {Outcome::Inconsistent, latest.fields.size,
                    "ROLLBACK: the log now signs fewer entries than it signed before (" + sizes +
                        ")",
                    evidence};
        }
        if (latest.fields.size == before->size && latest.fields.root != before->root) {
            return {Outcome::Inconsistent, latest.fields.size,
                    "FORK: the log signed two different trees of " +
                        std::to_string(latest.fields.size) + " entries",
                    evidence};
        }
        if (latest.fields.size > before->size && before->size > 0) {
            const LogEndpoint::Answer proof_answer =
                log_.get("/api/v1/log/consistency?first=" + std::to_string(before->size) +
                         "&second=" + std::to_string(latest.fields.size));
            if (proof_answer.status != 200) {
                return {Outcome::Unreachable,
                        latest.fields.size,
                        "no consistency proof (" + sizes + "): " + first_line(proof_answer.body),
                        {}};
            }
            const auto json = nlohmann::json::parse(proof_answer.body, nullptr, false);
            const auto proof = json.is_object()
                                   ? proof_hashes(json.value("proof", nlohmann::json()))
                                   : std::nullopt;
            if (!proof || !merkle::verify_consistency(
                              log_tree_sha256(), static_cast<std::uint64_t>(before->size),
                              static_cast<std::uint64_t>(latest.fields.size), before->root,
                              latest.fields.root, *proof)) {
                return {Outcome::Inconsistent, latest.fields.size,
                        "FORK: the log's new checkpoint does not extend the one accepted "
                        "before (" +
                            sizes + "): its consistency proof fails",
                        evidence + "\nconsistency proof:\n" + proof_answer.body};
            }
        }
    }
    write_durably(state_file_, latest.note);
    return deliver(latest.fields.size, latest.text);
}

WitnessRound Witness::deliver(std::int64_t size, const std::string& text) {
    const LogEndpoint::Answer answer =
        log_.post_text("/api/v1/log/checkpoints/" + std::to_string(size) + "/cosignatures",
                       key_.signature_line(text));
    if (answer.status == 200 || answer.status == 201) {
        return {
            Outcome::Cosigned, size, "cosigned the checkpoint of size " + std::to_string(size), {}};
    }
    return {Outcome::Undelivered,
            size,
            "checked the checkpoint of size " + std::to_string(size) +
                ", but the log did not take the cosignature (" +
                (answer.status == 0 ? answer.body : std::to_string(answer.status)) +
                "): " + first_line(answer.body),
            {}};
}

} // namespace einblick::server
