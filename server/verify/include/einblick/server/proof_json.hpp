#pragma once
// A proof as the log's JSON answers carry it (docs/TRANSPARENCY.md, section 4): an array of
// base64 texts, each one 32-byte hash. Read by every client of those answers that is written
// in C++: the export verifier and the witness.

#include "einblick/shared/merkle.hpp"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <vector>

namespace einblick::server {

// The hashes in order; nothing when `texts` is not an array of base64 texts of 32 bytes each.
std::optional<std::vector<merkle::Hash>> proof_hashes(const nlohmann::json& texts);

} // namespace einblick::server
