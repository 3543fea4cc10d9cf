#pragma once
// Ed25519 signatures and standard base64, from libsodium. Nothing here implements a primitive.

#include "einblick/server/bytes.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace einblick::server {

struct Ed25519Keys {
    static constexpr std::size_t seed_size = 32;
    static constexpr std::size_t public_key_size = 32;
    static constexpr std::size_t signature_size = 64;

    // The key pair a 32-byte seed determines; throws std::invalid_argument for another size.
    static Ed25519Keys from_seed(const Bytes& seed);

    Bytes public_key;
    Bytes secret_key; // libsodium's 64-byte form: seed and public key
};

Bytes ed25519_sign(const Ed25519Keys& keys, std::string_view message);
bool ed25519_verify(const Bytes& public_key, std::string_view message, const Bytes& signature);

// Standard base64 with padding (RFC 4648 section 4), as signed notes use it.
std::string to_base64(const Bytes& bytes);
std::optional<Bytes> from_base64(std::string_view text);

} // namespace einblick::server
