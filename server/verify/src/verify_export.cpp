// A citizen's JSON export against the log's pinned key: its checkpoint, each entry's inclusion
// proof, the facts shown against the facts proved, and an entry without a proof.
#include "einblick/server/ed25519.hpp"
#include "einblick/server/export_verifier.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/proof_json.hpp"
#include "export_steps.hpp"

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace einblick::server {
namespace {

using nlohmann::json;

constexpr const char* export_format = "einblick-export/1";

std::string text_of(const json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

// "entry 42 (row 42)", as `verify --db` names it: seq, and the row id that is the export's id.
std::string entry_name(const json& event) {
    const json seq = event.value("seq", json());
    return "entry " + (seq.is_number_integer() ? std::to_string(seq.get<std::int64_t>()) : "?") +
           " (row " + text_of(event.value("id", json())) + ")";
}

class ExportCheck {
public:
    ExportCheck(const VerifyInput& input, const ProblemSink& sink, ExportVerifyReport& report)
        : input_(input), sink_(sink), report_(report) {}

    void run(const json& document) {
        const json& events = document.at("access_log");
        report_.entries = static_cast<std::int64_t>(events.size());
        for (const json& event : events) {
            if (!event.is_object() || !event.contains("id")) {
                problem("access_log",
                        "holds an item that is not an access entry: " + event.dump().substr(0, 80));
                continue;
            }
            if (!events_.emplace(text_of(event["id"]), &event).second) {
                problem(entry_name(event), "is in the export twice");
            }
        }
        const json bundle = document.value("log_proofs", json());
        if (!bundle.is_object()) {
            problem("log_proofs", "missing: the export carries no checkpoint and no proofs");
        } else {
            check_bundle(bundle);
        }
        for (const auto& [id, event] : events_) {
            if (proved_ids_.count(id) == 0) {
                problem(entry_name(*event), "has no inclusion proof in the export: nothing shows "
                                            "that it is in the log as shown");
            }
        }
        check_given_checkpoints();
    }

private:
    void problem(std::string subject, std::string what) {
        ++report_.problems;
        sink_({std::move(subject), std::move(what)});
    }

    // The checkpoint's text if the note parses; `signed_ok` when the key's signature verifies.
    std::optional<CheckpointText> open_checkpoint(const std::string& subject, const json& note,
                                                  bool& signed_ok) {
        ++report_.checkpoints;
        signed_ok = false;
        const auto opened = note.is_string() ? parse_note(note.get<std::string>()) : std::nullopt;
        if (!opened) {
            problem(subject, "is not a signed note");
            return std::nullopt;
        }
        auto text = parse_checkpoint_text(opened->text);
        const std::array keys{input_.key};
        if (verified_signers(*opened, keys).empty()) {
            problem(subject, "carries no valid signature of the key " + input_.key.name() +
                                 ": it was forged or changed, so it proves nothing");
        } else if (!text) {
            problem(subject, "the signed text is not a checkpoint");
        } else if (text->origin != input_.key.name()) {
            problem(subject,
                    "is of the log '" + text->origin + "', not '" + input_.key.name() + "'");
        } else {
            signed_ok = true;
        }
        return text;
    }

    void check_bundle(const json& bundle) {
        const json key = bundle.value("verifier_key", json());
        if (key != json(input_.key.text())) {
            report_.notes.push_back("the export names the key " + text_of(key) +
                                    "; checked with the given key " + input_.key.text());
        }
        head_ = open_checkpoint("checkpoint", bundle.value("checkpoint", json()), head_signed_);
        if (head_ && head_signed_) {
            report_.checkpoint_size = head_->size;
        }
        const json proofs = bundle.value("proofs", json());
        if (!proofs.is_array()) {
            problem("log_proofs", "holds no list of proofs");
            return;
        }
        for (const json& proof : proofs) {
            check_proof(proof);
        }
    }

    void check_proof(const json& proof) {
        if (!proof.is_object()) {
            problem("log_proofs", "holds a proof that is not an object");
            return;
        }
        const std::string id = text_of(proof.value("id", json()));
        const auto event = events_.find(id);
        if (event == events_.end()) {
            problem("proof for row " + id, "no access entry of the export has this id");
            return;
        }
        const std::string subject = entry_name(*event->second);
        if (!proved_ids_.insert(id).second) {
            problem(subject, "has two proofs in the export");
            return;
        }
        const json index = proof.value("leaf_index", json());
        const json entry_text = proof.value("entry", json());
        const auto path = proof_hashes(proof.value("inclusion_proof", json()));
        if (!index.is_number_integer() || index.get<std::int64_t>() < 0 ||
            !entry_text.is_string() || !path) {
            problem(subject, "its proof lacks a leaf index, an entry text or a list of base64 "
                             "SHA-256 hashes");
            return;
        }
        const std::int64_t leaf = index.get<std::int64_t>();
        if (event->second->value("leaf_index", json()) != index) {
            problem(subject, "the export shows leaf_index " +
                                 text_of(event->second->value("leaf_index", json())) +
                                 ", but its proof is for leaf " + std::to_string(leaf));
        }
        check_entry_text(subject, *event->second, leaf, entry_text.get<std::string>());
        if (!head_) {
            return;
        }
        if (leaf >= head_->size) {
            problem(subject, "its leaf " + std::to_string(leaf) +
                                 " lies beyond the checkpoint's size " +
                                 std::to_string(head_->size));
            return;
        }
        if (!merkle::verify_inclusion(log_tree_sha256(), static_cast<std::uint64_t>(leaf),
                                      static_cast<std::uint64_t>(head_->size),
                                      log_leaf_hash(entry_text.get<std::string>()), *path,
                                      head_->root)) {
            problem(subject, "its inclusion proof does not lead from leaf " + std::to_string(leaf) +
                                 " to the checkpoint's root (size " + std::to_string(head_->size) +
                                 "): the entry text, its leaf index or the proof was changed, "
                                 "or the entry is not in the log");
            return;
        }
        if (head_signed_) {
            ++report_.proved;
        }
    }

    // The proved canonical entry: its place, its citizen, and the facts the export shows.
    void check_entry_text(const std::string& subject, const json& event, std::int64_t leaf,
                          const std::string& text) {
        const json proved = json::parse(text, nullptr, false);
        if (!proved.is_object() || proved.value("v", json()) != json(1)) {
            problem(subject, "its proved entry text is not a log entry of format 1 "
                             "(docs/LOG-FORMAT.md)");
            return;
        }
        if (proved.value("seq", json()) != json(leaf + 1)) {
            problem(subject, "its proof is for leaf " + std::to_string(leaf) +
                                 ", but the proved entry says seq " +
                                 text_of(proved.value("seq", json())) +
                                 " (the leaf index is seq - 1)");
        }
        const json citizen = proved.value("citizen_pseudonym", json());
        if (citizen_.is_null()) {
            citizen_ = citizen;
        } else if (citizen != citizen_) {
            problem(subject, "its proved entry is of another citizen than the export's first "
                             "proved entry");
        }
        verify::compare_facts(event, proved,
                              [this, &subject](std::string what) { problem(subject, what); });
    }

    // Checkpoints kept elsewhere: signed by the key, and of the export's log where the sizes
    // are equal. Other sizes need a consistency proof, which an export does not hold.
    void check_given_checkpoints() {
        for (std::size_t i = 0; i < input_.known_checkpoints.size(); ++i) {
            const std::string subject = "given checkpoint " + std::to_string(i + 1);
            bool signed_ok = false;
            const auto text =
                open_checkpoint(subject, json(input_.known_checkpoints[i]), signed_ok);
            if (!text || !signed_ok || !head_ || !head_signed_) {
                continue;
            }
            if (text->size == head_->size && text->root != head_->root) {
                problem(subject, "has the export's size " + std::to_string(text->size) +
                                     " but another root: the log was forked (two different "
                                     "logs under one key)");
            } else if (text->size != head_->size) {
                report_.notes.push_back(subject + " (size " + std::to_string(text->size) +
                                        "): signed, but not compared with the export's "
                                        "checkpoint (size " +
                                        std::to_string(head_->size) +
                                        "): that needs a consistency proof from the server");
            }
        }
    }

    const VerifyInput& input_;
    const ProblemSink& sink_;
    ExportVerifyReport& report_;
    std::map<std::string, const json*> events_; // by id
    std::set<std::string> proved_ids_;
    std::optional<CheckpointText> head_;
    bool head_signed_ = false;
    json citizen_;
};

} // namespace

ExportVerifyReport verify_export(const json& document, const VerifyInput& input,
                                 const ProblemSink& sink) {
    if (!document.is_object() || document.value("format", json()) != json(export_format) ||
        !document.contains("access_log") || !document["access_log"].is_array()) {
        throw std::runtime_error(std::string("not a citizen's JSON export (\"format\": \"") +
                                 export_format + "\" with an \"access_log\" list)");
    }
    ExportVerifyReport report;
    ExportCheck(input, sink, report).run(document);
    return report;
}

} // namespace einblick::server
