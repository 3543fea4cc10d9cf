#include "einblick/server/crypto.hpp"

#include <openssl/evp.h>
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

} // namespace

Bytes random_bytes(std::size_t count) {
    ensure_sodium();
    Bytes bytes(count);
    randombytes_buf(bytes.data(), bytes.size());
    return bytes;
}

std::string random_token(std::size_t byte_count) {
    const Bytes bytes = random_bytes(byte_count);
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string text(sodium_base64_encoded_len(bytes.size(), variant), '\0');
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), variant);
    text.resize(text.find('\0'));
    return text;
}

// SHA-256 is OpenSSL's: it uses the CPU's SHA instructions where there are any, and libsodium's
// portable code does not. The log's writer hashes every entry two to three times, inside the
// single writer: with libsodium that was 8 % of the writer's time.
Bytes sha256(std::string_view data) {
    // Fetched once: EVP_sha256() would look the algorithm up again for every digest.
    static EVP_MD* const algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (algorithm == nullptr) {
        throw std::runtime_error("OpenSSL has no SHA-256");
    }
    Bytes digest(EVP_MAX_MD_SIZE);
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &size, algorithm, nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    digest.resize(size);
    return digest;
}

std::string to_hex(const Bytes& bytes) {
    std::string hex(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
    hex.pop_back();
    return hex;
}

std::optional<Bytes> from_hex(std::string_view hex) {
    ensure_sodium();
    if (hex.empty()) {
        return Bytes{}; // sodium_hex2bin must not be given a null buffer
    }
    Bytes bytes(hex.size() / 2);
    std::size_t length = 0;
    const char* end = nullptr;
    if (hex.size() % 2 != 0 ||
        sodium_hex2bin(bytes.data(), bytes.size(), hex.data(), hex.size(), nullptr, &length,
                       &end) != 0 ||
        end != hex.data() + hex.size()) {
        return std::nullopt;
    }
    bytes.resize(length);
    return bytes;
}

std::string hash_password(std::string_view password, const PasswordHashing& settings) {
    ensure_sodium();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, password.data(), password.size(), settings.passes,
                              settings.memory_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("out of memory while hashing a password");
    }
    return hash;
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
    ensure_sodium();
    return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

Pseudonymizer::Pseudonymizer(Bytes key, std::string sector)
    : key_(std::move(key)), sector_(std::move(sector)) {
    ensure_sodium();
    if (key_.size() != key_size) {
        throw std::invalid_argument("the pseudonym key must be exactly 32 bytes");
    }
}

std::string Pseudonymizer::pseudonym(std::string_view citizen_id) const {
    // The sector is part of the message, so one key still yields unlinkable pseudonyms per sector.
    const std::string message = sector_ + '\x1f' + std::string(citizen_id);
    Bytes mac(crypto_auth_hmacsha256_BYTES);
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, key_.data(), key_.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                  message.size());
    crypto_auth_hmacsha256_final(&state, mac.data());
    return to_hex(mac);
}

} // namespace einblick::server
