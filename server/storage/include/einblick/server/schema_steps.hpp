#pragma once
// The one list of numbered schema steps, for every backend.
//
// A database at version N holds the same tables and facts whichever backend keeps it. Each
// backend writes its own SQL for each step (server/storage_sqlite/src/migrations.cpp,
// server/storage_pg/src/migrations.cpp); a backend that joined later may begin with one
// baseline step standing for every step up to its number (PostgreSQL begins at 13). A new step
// is added here first, and a backend that lacks it fails on its first migration
// (require_every_step), so no step can land on one backend only.

#include <span>
#include <string_view>

namespace einblick::server {

struct SchemaStep {
    int version;
    std::string_view description;
};

// Numbered 1, 2, 3, … without gaps.
std::span<const SchemaStep> schema_steps();
int latest_schema_version();

// Throws std::runtime_error naming both versions when `recorded` is newer than this build knows:
// a newer build migrated the database, and this one would misread it.
void refuse_newer_schema(int recorded);

// Checks a backend's own steps against the list: a baseline (any step of the list) followed by
// every later step, in order, up to the latest. Throws std::logic_error naming the backend and
// the first step missing or out of place.
void require_every_step(std::string_view backend, std::span<const int> versions);

} // namespace einblick::server
