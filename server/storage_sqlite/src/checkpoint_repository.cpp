#include "einblick/server/sqlite/checkpoint_repository.hpp"

#include <SQLiteCpp/Statement.h>
#include <cstring>
#include <stdexcept>
#include <string>

namespace einblick::server {
namespace {

constexpr const char* checkpoint_columns =
    "SELECT size, root, note, signed_at FROM log_checkpoints ";

StoredCheckpoint read_checkpoint(SQLite::Statement& query) {
    StoredCheckpoint checkpoint;
    checkpoint.size = query.getColumn(0).getInt64();
    const SQLite::Column root = query.getColumn(1);
    if (root.getBytes() != static_cast<int>(checkpoint.root.size())) {
        throw std::runtime_error("log checkpoint " + std::to_string(checkpoint.size) +
                                 ": the stored root is not 32 bytes");
    }
    std::memcpy(checkpoint.root.data(), root.getBlob(), checkpoint.root.size());
    checkpoint.note = query.getColumn(2).getString();
    checkpoint.signed_at = query.getColumn(3).getInt64();
    return checkpoint;
}

std::optional<StoredCheckpoint> first_of(SQLite::Statement& query) {
    if (!query.executeStep()) {
        return std::nullopt;
    }
    return read_checkpoint(query);
}

} // namespace

void SqliteCheckpointRepository::store(const StoredCheckpoint& checkpoint) {
    db_.write([&](SqliteConnection& c) {
        auto insert = c.cached("INSERT INTO log_checkpoints (size, root, note, signed_at) "
                               "VALUES (?, ?, ?, ?) ON CONFLICT (size) DO NOTHING");
        insert->bind(1, checkpoint.size);
        insert->bind(2, checkpoint.root.data(), static_cast<int>(checkpoint.root.size()));
        insert->bind(3, checkpoint.note);
        insert->bind(4, checkpoint.signed_at);
        if (insert->exec() == 0) {
            throw std::invalid_argument("a checkpoint of size " + std::to_string(checkpoint.size) +
                                        " is stored already");
        }
    });
}

std::optional<StoredCheckpoint> SqliteCheckpointRepository::latest() {
    return db_.read([](SqliteConnection& c) {
        auto query = c.cached(std::string(checkpoint_columns) + "ORDER BY size DESC LIMIT 1");
        return first_of(*query);
    });
}

std::optional<StoredCheckpoint> SqliteCheckpointRepository::at_size(std::int64_t size) {
    return db_.read([size](SqliteConnection& c) {
        auto query = c.cached(std::string(checkpoint_columns) + "WHERE size = ?");
        query->bind(1, size);
        return first_of(*query);
    });
}

bool SqliteCheckpointRepository::store_cosignature(const StoredCosignature& cosignature) {
    return db_.write([&](SqliteConnection& c) {
        auto insert = c.cached("INSERT INTO log_cosignatures "
                               "(size, witness, signature_line, received_at) "
                               "VALUES (?, ?, ?, ?) ON CONFLICT (size, witness) DO NOTHING");
        insert->bind(1, cosignature.size);
        insert->bind(2, cosignature.witness);
        insert->bind(3, cosignature.signature_line);
        insert->bind(4, cosignature.received_at);
        return insert->exec() == 1;
    });
}

std::vector<StoredCosignature> SqliteCheckpointRepository::cosignatures(std::int64_t size) {
    return db_.read([size](SqliteConnection& c) {
        auto query = c.cached("SELECT size, witness, signature_line, received_at "
                              "FROM log_cosignatures WHERE size = ? ORDER BY witness");
        query->bind(1, size);
        std::vector<StoredCosignature> found;
        while (query->executeStep()) {
            found.push_back({query->getColumn(0).getInt64(), query->getColumn(1).getString(),
                             query->getColumn(2).getString(), query->getColumn(3).getInt64()});
        }
        return found;
    });
}

std::optional<StoredCheckpoint> SqliteCheckpointRepository::latest_cosigned() {
    return db_.read([](SqliteConnection& c) {
        auto query = c.cached(std::string(checkpoint_columns) +
                              "WHERE size = (SELECT max(size) FROM log_cosignatures)");
        return first_of(*query);
    });
}

} // namespace einblick::server
