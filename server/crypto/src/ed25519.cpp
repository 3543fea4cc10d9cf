#include "einblick/server/ed25519.hpp"

#include <sodium.h>
#include <stdexcept>

namespace einblick::server {
namespace {

void ensure_sodium() {
    static const bool ready = [] { return sodium_init() >= 0; }();
    if (!ready) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

constexpr int base64_variant = sodium_base64_VARIANT_ORIGINAL;

} // namespace

Ed25519Keys Ed25519Keys::from_seed(const Bytes& seed) {
    if (seed.size() != seed_size) {
        throw std::invalid_argument("an Ed25519 seed has 32 bytes, not " +
                                    std::to_string(seed.size()));
    }
    ensure_sodium();
    Ed25519Keys keys{Bytes(crypto_sign_PUBLICKEYBYTES), Bytes(crypto_sign_SECRETKEYBYTES)};
    crypto_sign_seed_keypair(keys.public_key.data(), keys.secret_key.data(), seed.data());
    return keys;
}

Bytes ed25519_sign(const Ed25519Keys& keys, std::string_view message) {
    ensure_sodium();
    Bytes signature(crypto_sign_BYTES);
    crypto_sign_detached(signature.data(), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         keys.secret_key.data());
    return signature;
}

bool ed25519_verify(const Bytes& public_key, std::string_view message, const Bytes& signature) {
    ensure_sodium();
    return public_key.size() == crypto_sign_PUBLICKEYBYTES &&
           signature.size() == crypto_sign_BYTES &&
           crypto_sign_verify_detached(signature.data(),
                                       reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), public_key.data()) == 0;
}

std::string to_base64(const Bytes& bytes) {
    std::string text(sodium_base64_encoded_len(bytes.size(), base64_variant), '\0');
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), base64_variant);
    text.resize(text.find('\0'));
    return text;
}

std::optional<Bytes> from_base64(std::string_view text) {
    ensure_sodium();
    Bytes bytes(text.size() / 4 * 3 + 3);
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &length,
                          &end, base64_variant) != 0 ||
        end != text.data() + text.size()) {
        return std::nullopt;
    }
    bytes.resize(length);
    return bytes;
}

} // namespace einblick::server
