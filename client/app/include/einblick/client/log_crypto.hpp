#pragma once
// The two platform seams of the browser's own check of the log (docs/TRANSPARENCY.md, section
// 5): the cryptography, which in the browser is Web Crypto (client/platform/log_crypto_web.cpp)
// and in tests a native library, and the place where the last accepted checkpoint is kept
// (localStorage in the browser). No cryptography is implemented in the client itself.

#include "einblick/shared/merkle.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace einblick::client {

class LogCrypto {
public:
    using HashesDone = std::function<void(std::vector<merkle::Hash>)>;
    using VerifyDone = std::function<void(bool)>;

    virtual ~LogCrypto() = default;
    // SHA-256 of each input (bytes in a std::string), answered in the same order. `done` is
    // called exactly once, later or before this returns, on the frame loop's thread.
    virtual void sha256_many(std::vector<std::string> inputs, HashesDone done) = 0;
    // Ed25519 (RFC 8032, pure) verification of `signature` (64 bytes) over `message` with the
    // 32-byte `public_key`; false for anything malformed.
    virtual void ed25519_verify(std::string public_key, std::string message, std::string signature,
                                VerifyDone done) = 0;
    // A monotonic clock in milliseconds with sub-millisecond resolution where the platform has
    // one (performance.now() in the browser): to measure how long verification takes.
    virtual double now_ms() = 0;
};

// The checkpoint this browser accepted last, as text (log_trust::RememberedCheckpoint).
class CheckpointStore {
public:
    virtual ~CheckpointStore() = default;
    virtual std::optional<std::string> load() = 0;
    virtual void save(const std::string& text) = 0;
};

} // namespace einblick::client
