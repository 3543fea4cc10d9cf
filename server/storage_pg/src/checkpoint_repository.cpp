#include "einblick/server/pg/checkpoint_repository.hpp"

#include "snapshot_rows.hpp"

#include <stdexcept>
#include <string>

namespace einblick::server {
namespace {

using namespace pg;

constexpr const char* checkpoint_columns =
    "SELECT size, root, note, signed_at FROM log_checkpoints ";

// The first row's checkpoint; a root that is not 32 bytes throws, as on SQLite: a served
// checkpoint must not carry a root it was not signed with.
std::optional<StoredCheckpoint> first_checkpoint(const Result& rows) {
    if (rows.rows() == 0) {
        return std::nullopt;
    }
    StoredCheckpoint checkpoint = read_checkpoint(rows, 0);
    if (rows.bytes(0, 1).size() != checkpoint.root.size()) {
        throw std::runtime_error("log checkpoint " + std::to_string(checkpoint.size) +
                                 ": the stored root is not 32 bytes");
    }
    return checkpoint;
}

std::optional<StoredCheckpoint> read_one(Pool& pool, const std::string& sql, const Params& params) {
    Pool::Lease connection = pool.acquire();
    return first_checkpoint(connection->execute(sql, params));
}

} // namespace

void PgCheckpointRepository::store(const StoredCheckpoint& checkpoint) {
    Pool::Lease connection = pool_.acquire();
    const Result inserted = connection->execute(
        "INSERT INTO log_checkpoints (size, root, note, signed_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (size) DO NOTHING",
        {std::int64_t{checkpoint.size}, Bytes(checkpoint.root.begin(), checkpoint.root.end()),
         checkpoint.note, std::int64_t{checkpoint.signed_at}});
    if (inserted.affected_rows() == 0) {
        throw std::invalid_argument("a checkpoint of size " + std::to_string(checkpoint.size) +
                                    " is stored already");
    }
}

std::optional<StoredCheckpoint> PgCheckpointRepository::latest() {
    return read_one(pool_, std::string(checkpoint_columns) + "ORDER BY size DESC LIMIT 1", {});
}

std::optional<StoredCheckpoint> PgCheckpointRepository::at_size(std::int64_t size) {
    return read_one(pool_, std::string(checkpoint_columns) + "WHERE size = $1", {size});
}

bool PgCheckpointRepository::store_cosignature(const StoredCosignature& cosignature) {
    Pool::Lease connection = pool_.acquire();
    const Result inserted = connection->execute(
        "INSERT INTO log_cosignatures (size, witness, signature_line, received_at) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT (size, witness) DO NOTHING",
        {std::int64_t{cosignature.size}, cosignature.witness, cosignature.signature_line,
         std::int64_t{cosignature.received_at}});
    return inserted.affected_rows() == 1;
}

std::vector<StoredCosignature> PgCheckpointRepository::cosignatures(std::int64_t size) {
    Pool::Lease connection = pool_.acquire();
    // COLLATE "C": by the witness's name in byte order, as SQLite's BINARY orders it.
    const Result rows = connection->execute(
        "SELECT size, witness, signature_line, received_at FROM log_cosignatures "
        "WHERE size = $1 ORDER BY witness COLLATE \"C\"",
        {size});
    std::vector<StoredCosignature> found;
    for (int row = 0; row < rows.rows(); ++row) {
        found.push_back(
            {rows.int64(row, 0), rows.text(row, 1), rows.text(row, 2), rows.int64(row, 3)});
    }
    return found;
}

std::optional<StoredCheckpoint> PgCheckpointRepository::latest_cosigned() {
    return read_one(pool_,
                    std::string(checkpoint_columns) +
                        "WHERE size = (SELECT max(size) FROM log_cosignatures)",
                    {});
}

} // namespace einblick::server
