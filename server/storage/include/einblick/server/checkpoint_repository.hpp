#pragma once
// The log's signed checkpoints (C2SP tlog-checkpoint signed notes), one per tree size, kept
// for as long as the log: a verifier may ask for the checkpoint it saw before.

#include "einblick/server/records.hpp"
#include "einblick/shared/merkle.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace einblick::server {

struct StoredCheckpoint {
    std::int64_t size = 0;
    merkle::Hash root{};
    std::string note; // the signed note: text and signature lines
    UnixMillis signed_at = 0;
};

struct StoredCosignature {
    std::int64_t size = 0;
    std::string witness;        // the witness key's name
    std::string signature_line; // "— <witness> <base64>\n"
    UnixMillis received_at = 0;
};

class CheckpointRepository {
public:
    virtual ~CheckpointRepository() = default;
    // Stores a checkpoint; a second one for the same size is refused (std::invalid_argument).
    virtual void store(const StoredCheckpoint& checkpoint) = 0;
    virtual std::optional<StoredCheckpoint> latest() = 0;
    virtual std::optional<StoredCheckpoint> at_size(std::int64_t size) = 0;

    // A witness's verified cosignature line for the checkpoint of `size` (which must be
    // stored); false when this witness's line for that size is stored already.
    virtual bool store_cosignature(const StoredCosignature& cosignature) = 0;
    // The cosignature lines of the checkpoint of `size`, by witness name.
    virtual std::vector<StoredCosignature> cosignatures(std::int64_t size) = 0;
    // The newest checkpoint that at least one witness cosigned.
    virtual std::optional<StoredCheckpoint> latest_cosigned() = 0;
};

} // namespace einblick::server
