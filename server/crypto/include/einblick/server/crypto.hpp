#pragma once
// Thin wrappers over libsodium. Nothing here implements a primitive itself.

#include "einblick/server/bytes.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace einblick::server {

// Fills a buffer from the operating system's CSPRNG.
Bytes random_bytes(std::size_t count);
// `byte_count` random bytes as unpadded base64url text (session ids, API keys).
std::string random_token(std::size_t byte_count);

Bytes sha256(std::string_view data);
std::string to_hex(const Bytes& bytes);
std::optional<Bytes> from_hex(std::string_view hex);

// Memory-hard password hashing settings (Argon2id). OWASP's floor is 19 MiB and 2 passes.
struct PasswordHashing {
    unsigned long long passes = 2;
    std::size_t memory_bytes = 19 * 1024 * 1024;
};

std::string hash_password(std::string_view password, const PasswordHashing& settings = {});
bool verify_password(const std::string& stored_hash, std::string_view password);

// Keyed hash of the national identifier for one sector: the same citizen gets the same
// pseudonym here, a different one in another sector, and without the key nobody can link
// a pseudonym back to an identifier (model: Austria's bereichsspezifisches Personenkennzeichen).
class Pseudonymizer {
public:
    static constexpr std::size_t key_size = 32;

    // Throws std::invalid_argument unless the key has exactly key_size bytes.
    Pseudonymizer(Bytes key, std::string sector);
    std::string pseudonym(std::string_view citizen_id) const;

private:
    Bytes key_;
    std::string sector_;
};

} // namespace einblick::server
