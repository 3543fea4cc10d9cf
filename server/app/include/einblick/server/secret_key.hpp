#pragma once
// Where a server's 32-byte secret keys come from (the sector pseudonyms' key, the log's
// checkpoint signing key): an environment variable (64 hex digits), else a key file (64 hex
// digits, mode 0600). In demo mode a missing key file is generated. A key file is never
// overwritten: losing the pseudonym key makes every stored pseudonym unreachable, and a new
// signing key breaks every verifier's trust in the log.

#include "einblick/server/records.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace einblick::server {

// Which key, in messages and names.
struct SecretKeyKind {
    std::string_view what;             // "pseudonym key"
    std::string_view environment_name; // "EINBLICK_PSEUDONYM_KEY"
    std::string_view file_option;      // "--pseudonym-key-file"
};
inline constexpr SecretKeyKind pseudonym_key{"pseudonym key", "EINBLICK_PSEUDONYM_KEY",
                                             "--pseudonym-key-file"};
inline constexpr SecretKeyKind checkpoint_key{"checkpoint signing key", "EINBLICK_CHECKPOINT_KEY",
                                              "--checkpoint-key-file"};
inline constexpr SecretKeyKind witness_key{"witness key", "EINBLICK_WITNESS_KEY", "--key-file"};

struct SecretKeySource {
    std::optional<std::string> environment_value; // content of the kind's variable
    std::optional<std::string> key_file;
    bool create_if_missing = false;
};

// Throws std::runtime_error with a one-line explanation when no usable key is found.
Bytes load_secret_key(const SecretKeyKind& kind, const SecretKeySource& source);

inline Bytes load_pseudonym_key(const SecretKeySource& source) {
    return load_secret_key(pseudonym_key, source);
}

} // namespace einblick::server
