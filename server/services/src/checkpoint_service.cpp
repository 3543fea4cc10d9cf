#include "einblick/server/checkpoint_service.hpp"

#include "einblick/server/service_error.hpp"

#include <algorithm>

namespace einblick::server {

CheckpointService::CheckpointService(AccessLogRepository& log, CheckpointRepository& checkpoints,
                                     NoteSigner signer, const Clock& clock,
                                     std::vector<NoteVerifier> witnesses)
    : log_(log), checkpoints_(checkpoints), signer_(std::move(signer)), clock_(clock),
      witnesses_(std::move(witnesses)) {}

std::string CheckpointService::checkpoint_text(std::string_view origin, std::int64_t size,
                                               const merkle::Hash& root) {
    return std::string(origin) + "\n" + std::to_string(size) + "\n" +
           to_base64(Bytes(root.begin(), root.end())) + "\n";
}

StoredCheckpoint CheckpointService::sign_current() {
    const std::lock_guard lock(signing_);
    if (halted_) {
        throw ServiceError(ErrorKind::Unavailable, "Nicht verfügbar",
                           "Das Protokoll hat seine Integritätsprüfung nicht bestanden; bis zur "
                           "Klärung wird kein neuer Prüfpunkt signiert.");
    }
    const LogTreeHead head = log_.tree_head();
    if (auto latest = checkpoints_.latest(); latest && latest->size >= head.size) {
        return *latest;
    }
    const NoteSigner* signers[] = {&signer_};
    StoredCheckpoint checkpoint{head.size, head.root,
                                sign_note(checkpoint_text(origin(), head.size, head.root), signers),
                                clock_.now()};
    checkpoints_.store(checkpoint);
    return checkpoint;
}

std::optional<StoredCheckpoint> CheckpointService::latest() {
    return with_cosignatures(checkpoints_.latest());
}

std::optional<std::int64_t> CheckpointService::latest_size() {
    if (auto latest = checkpoints_.latest()) {
        return latest->size;
    }
    return std::nullopt;
}

std::optional<StoredCheckpoint> CheckpointService::at_size(std::int64_t size) {
    return with_cosignatures(checkpoints_.at_size(size));
}

std::optional<StoredCheckpoint> CheckpointService::latest_cosigned() {
    return with_cosignatures(checkpoints_.latest_cosigned());
}

std::optional<StoredCheckpoint>
CheckpointService::with_cosignatures(std::optional<StoredCheckpoint> checkpoint) {
    if (checkpoint && !witnesses_.empty()) {
        for (const StoredCosignature& cosignature : checkpoints_.cosignatures(checkpoint->size)) {
            checkpoint->note += cosignature.signature_line;
        }
    }
    return checkpoint;
}

AcceptedCosignature CheckpointService::add_cosignature(std::int64_t size,
                                                       std::string_view signature_line) {
    const auto checkpoint = checkpoints_.at_size(size);
    if (!checkpoint) {
        throw ServiceError(ErrorKind::NotFound, "Nicht gefunden",
                           "Für diese Größe des Protokolls gibt es keinen signierten Prüfpunkt.");
    }
    if (!signature_line.empty() && signature_line.back() == '\n') {
        signature_line.remove_suffix(1);
    }
    const auto log_note = parse_note(checkpoint->note);
    const auto cosigned =
        signature_line.find('\n') == std::string_view::npos && log_note
            ? parse_note(log_note->text + "\n" + std::string(signature_line) + "\n")
            : std::nullopt;
    if (!cosigned || cosigned->signatures.size() != 1) {
        Violations v;
        v.add("signature", "format",
              "Muss genau eine Signaturzeile einer signierten Notiz sein: „— <Name> <Base64>“.");
        v.throw_if_any();
    }
    const NoteSignature& signature = cosigned->signatures.front();
    const bool known = std::any_of(witnesses_.begin(), witnesses_.end(), [&](const auto& w) {
        return w.name() == signature.name && w.key_id() == signature.key_id;
    });
    if (!known) {
        throw ServiceError(ErrorKind::Forbidden, "Unbekannte Prüfstelle",
                           "Der Schlüssel „" + signature.name +
                               "“ gehört zu keiner Prüfstelle, die dieses Protokoll anerkennt.");
    }
    if (verified_signers(*cosigned, witnesses_).empty()) {
        Violations v;
        v.add("signature", "invalid", "Die Signatur passt nicht zum Text dieses Prüfpunkts.");
        v.throw_if_any();
    }
    const bool stored = checkpoints_.store_cosignature(
        {size, signature.name, std::string(signature_line) + "\n", clock_.now()});
    return {signature.name, stored};
}

} // namespace einblick::server
