#pragma once
// Signed checkpoints and witnesses' cosignatures on PostgreSQL (log_checkpoints and
// log_cosignatures of the baseline schema), with the semantics of SqliteCheckpointRepository:
// one checkpoint per size, one cosignature line per witness and size.

#include "einblick/server/checkpoint_repository.hpp"

#include <einblick/server/pg/pool.hpp>

namespace einblick::server {

class PgCheckpointRepository final : public CheckpointRepository {
public:
    explicit PgCheckpointRepository(pg::Pool& pool) : pool_(pool) {}
    void store(const StoredCheckpoint& checkpoint) override;
    std::optional<StoredCheckpoint> latest() override;
    std::optional<StoredCheckpoint> at_size(std::int64_t size) override;
    bool store_cosignature(const StoredCosignature& cosignature) override;
    std::vector<StoredCosignature> cosignatures(std::int64_t size) override;
    std::optional<StoredCheckpoint> latest_cosigned() override;

private:
    pg::Pool& pool_;
};

} // namespace einblick::server
