#pragma once
// The browser's Web Crypto behind LogCrypto (crypto.subtle.digest('SHA-256') and
// crypto.subtle.verify('Ed25519')), and localStorage behind CheckpointStore. Answers arrive
// from the promises' callbacks, between frames; the app only queues what they produce.

#include "einblick/client/log_crypto.hpp"

#include <cstdint>
#include <map>

namespace einblick::client::platform {

class WebLogCrypto final : public LogCrypto {
public:
    WebLogCrypto();
    ~WebLogCrypto() override;
    WebLogCrypto(const WebLogCrypto&) = delete;
    WebLogCrypto& operator=(const WebLogCrypto&) = delete;

    void sha256_many(std::vector<std::string> inputs, HashesDone done) override;
    void ed25519_verify(std::string public_key, std::string message, std::string signature,
                        VerifyDone done) override;
    double now_ms() override;

    // From JavaScript (log_crypto_web.cpp's exported functions).
    void hashes_arrived(int request, const std::uint8_t* hashes, int count);
    void verdict_arrived(int request, bool valid);

private:
    int next_request_ = 1;
    std::map<int, HashesDone> hashing_;
    std::map<int, VerifyDone> verifying_;
};

class LocalCheckpointStore final : public CheckpointStore {
public:
    std::optional<std::string> load() override;
    void save(const std::string& text) override;
};

} // namespace einblick::client::platform
