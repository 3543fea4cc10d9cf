#pragma once
// Where the secret key of the sector pseudonyms comes from: the environment variable
// EINBLICK_PSEUDONYM_KEY (64 hex digits), else a key file (64 hex digits, mode 0600). In demo
// mode a missing key file is generated. Losing the key makes every stored pseudonym unreachable,
// so the file is never overwritten.

#include "einblick/server/records.hpp"

#include <optional>
#include <string>

namespace einblick::server {

struct PseudonymKeySource {
    std::optional<std::string> environment_value; // content of EINBLICK_PSEUDONYM_KEY
    std::optional<std::string> key_file;
    bool create_if_missing = false;
};

// Throws std::runtime_error with a one-line explanation when no usable key is found.
Bytes load_pseudonym_key(const PseudonymKeySource& source);

} // namespace einblick::server
