#include "einblick/server/checkpoint_service.hpp"

#include "einblick/server/service_error.hpp"

namespace einblick::server {

CheckpointService::CheckpointService(AccessLogRepository& log, CheckpointRepository& checkpoints,
                                     NoteSigner signer, const Clock& clock)
    : log_(log), checkpoints_(checkpoints), signer_(std::move(signer)), clock_(clock) {}

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
    return checkpoints_.latest();
}

std::optional<StoredCheckpoint> CheckpointService::at_size(std::int64_t size) {
    return checkpoints_.at_size(size);
}

} // namespace einblick::server
