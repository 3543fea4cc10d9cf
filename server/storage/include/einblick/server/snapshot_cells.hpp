#pragma once
// Reading one stored entry of a LogSnapshot strictly, whatever the backend: which column holds
// which fact, and what makes a value no fact (an enumeration text that is none of its values, a
// category list that is not a JSON array of texts). A value that cannot be one of an entry's
// facts is named in SnapshotEntry::malformed, never defaulted (a default could hash like the
// original). The backend reads the cells of its row (server/storage_sqlite/src/log_snapshot.cpp,
// server/storage_pg/src/snapshot_rows.cpp); its SQL selects them in this order:
//   0 id, 1 seq, 2 kind, 3 outcome, 4 reason, 5 citizen_pseudonym, 6 agency_id, 7 purpose_id,
//   8 purpose_version_id, 9 register, 10 data_categories, 11 legal_basis, 12 consent_id,
//   13 official, 14 correlation_id, 15 occurred_at, 16 prev_hash, 17 hash, 18 the stored leaf.

#include "einblick/server/log_snapshot.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace einblick::server {

class SnapshotCells {
public:
    virtual ~SnapshotCells() = default;

    // Reads the row into `entry`, from scratch.
    void read_into(SnapshotEntry& entry);

protected:
    // A strict read of a cell: a value that is not of the kind asked for is named with
    // malformed() and read as 0 or empty.
    virtual std::int64_t integer(int column) = 0;
    virtual std::optional<std::int64_t> optional_integer(int column) = 0;
    virtual std::string text(int column) = 0;
    virtual std::optional<std::string> optional_text(int column) = 0;
    virtual Bytes blob(int column) = 0;
    // Read as they are: the row's id (the key) and the stored leaf, NULL when it is not stored.
    virtual std::int64_t row_id(int column) = 0;
    virtual std::optional<Bytes> optional_blob(int column) = 0;
    // The column's name, for the messages.
    virtual std::string column_name(int column) = 0;

    // Names a malformed value of the entry being read.
    void malformed(std::string message) { entry_->malformed.push_back(std::move(message)); }

private:
    template <typename E> E enumeration(int column);
    std::vector<std::string> string_array(int column);

    SnapshotEntry* entry_ = nullptr;
};

} // namespace einblick::server
