#pragma once
// The log's signed checkpoints (C2SP tlog-checkpoint signed notes), one per tree size, kept
// for as long as the log: a verifier may ask for the checkpoint it saw before.

#include "einblick/server/records.hpp"
#include "einblick/shared/merkle.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace einblick::server {

struct StoredCheckpoint {
    std::int64_t size = 0;
    merkle::Hash root{};
    std::string note; // the signed note: text and signature lines
    UnixMillis signed_at = 0;
};

class CheckpointRepository {
public:
    virtual ~CheckpointRepository() = default;
    // Stores a checkpoint; a second one for the same size is refused (std::invalid_argument).
    virtual void store(const StoredCheckpoint& checkpoint) = 0;
    virtual std::optional<StoredCheckpoint> latest() = 0;
    virtual std::optional<StoredCheckpoint> at_size(std::int64_t size) = 0;
};

} // namespace einblick::server
