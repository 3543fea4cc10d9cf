#pragma once
// Signed checkpoints on SQLite (table log_checkpoints, migration 9) and witnesses' cosignatures
// (log_cosignatures, migration 10).

#include "einblick/server/checkpoint_repository.hpp"
#include "einblick/server/sqlite/database.hpp"

namespace einblick::server {

class SqliteCheckpointRepository final : public CheckpointRepository {
public:
    explicit SqliteCheckpointRepository(SqliteDatabase& database) : db_(database) {}
    void store(const StoredCheckpoint& checkpoint) override;
    std::optional<StoredCheckpoint> latest() override;
    std::optional<StoredCheckpoint> at_size(std::int64_t size) override;
    bool store_cosignature(const StoredCosignature& cosignature) override;
    std::vector<StoredCosignature> cosignatures(std::int64_t size) override;
    std::optional<StoredCheckpoint> latest_cosigned() override;

private:
    SqliteDatabase& db_;
};

} // namespace einblick::server
