#include "log_crypto_web.hpp"

#include <cstdlib>
#include <cstring>
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <utility>

// [SECTION] JavaScript side: Web Crypto and localStorage. Nothing here computes a hash or checks
// a signature itself.

// clang-format off
EM_JS(void, einblick_js_sha256_many, (int request, const unsigned char* data,
                                      const unsigned int* lengths, int count), {
    const inputs = [];
    let offset = data;
    for (let i = 0; i < count; ++i) {
        const length = HEAPU32[(lengths >> 2) + i];
        inputs.push(HEAPU8.slice(offset, offset + length));
        offset += length;
    }
    const answer = function(hashes) {
        const size = hashes.length * 32;
        const pointer = size > 0 ? _malloc(size) : 0;
        for (let i = 0; i < hashes.length; ++i) HEAPU8.set(new Uint8Array(hashes[i]), pointer + 32 * i);
        Module["_einblick_log_hashes_done"](request, pointer, hashes.length);
        if (pointer) _free(pointer);
    };
    if (!(window.crypto && window.crypto.subtle)) { answer([]); return; }
    Promise.all(inputs.map(function(bytes) { return window.crypto.subtle.digest("SHA-256", bytes); }))
        .then(answer, function() { answer([]); });
});

EM_JS(void, einblick_js_ed25519_verify, (int request, const unsigned char* key,
                                         const unsigned char* message, int message_length,
                                         const unsigned char* signature), {
    const keyBytes = HEAPU8.slice(key, key + 32);
    const messageBytes = HEAPU8.slice(message, message + message_length);
    const signatureBytes = HEAPU8.slice(signature, signature + 64);
    const answer = function(valid) { Module["_einblick_log_verify_done"](request, valid ? 1 : 0); };
    if (!(window.crypto && window.crypto.subtle)) { answer(false); return; }
    window.crypto.subtle.importKey("raw", keyBytes, { name: "Ed25519" }, false, ["verify"])
        .then(function(cryptoKey) {
            return window.crypto.subtle.verify({ name: "Ed25519" }, cryptoKey, signatureBytes, messageBytes);
        })
        .then(answer, function() { answer(false); });
});

// The caller frees the copy (std::free); null when nothing is stored or storage is off.
EM_JS(char*, einblick_js_load_checkpoint, (), {
    let text = null;
    try { text = window.localStorage.getItem("einblick.log.checkpoint"); } catch (error) { text = null; }
    if (text === null) return 0;
    const size = lengthBytesUTF8(text) + 1;
    const pointer = _malloc(size);
    stringToUTF8(text, pointer, size);
    return pointer;
});

EM_JS(void, einblick_js_save_checkpoint, (const char* text), {
    try { window.localStorage.setItem("einblick.log.checkpoint", UTF8ToString(text)); } catch (error) {
        // Storage may be switched off: the next visit then cannot compare, and says nothing.
    }
});
// clang-format on

namespace einblick::client::platform {
namespace {
WebLogCrypto* g_crypto = nullptr; // the promises' callbacks have no other way back
} // namespace

WebLogCrypto::WebLogCrypto() {
    g_crypto = this;
}

WebLogCrypto::~WebLogCrypto() {
    g_crypto = nullptr;
}

void WebLogCrypto::sha256_many(std::vector<std::string> inputs, HashesDone done) {
    std::string data;
    std::vector<unsigned int> lengths;
    for (const std::string& input : inputs) {
        data += input;
        lengths.push_back(static_cast<unsigned int>(input.size()));
    }
    const int request = next_request_++;
    hashing_.emplace(request, std::move(done));
    einblick_js_sha256_many(request, reinterpret_cast<const unsigned char*>(data.data()),
                            lengths.data(), static_cast<int>(lengths.size()));
}

void WebLogCrypto::ed25519_verify(std::string public_key, std::string message,
                                  std::string signature, VerifyDone done) {
    if (public_key.size() != 32 || signature.size() != 64) {
        done(false);
        return;
    }
    const int request = next_request_++;
    verifying_.emplace(request, std::move(done));
    einblick_js_ed25519_verify(request, reinterpret_cast<const unsigned char*>(public_key.data()),
                               reinterpret_cast<const unsigned char*>(message.data()),
                               static_cast<int>(message.size()),
                               reinterpret_cast<const unsigned char*>(signature.data()));
}

double WebLogCrypto::now_ms() {
    return emscripten_get_now();
}

void WebLogCrypto::hashes_arrived(int request, const std::uint8_t* hashes, int count) {
    const auto found = hashing_.find(request);
    if (found == hashing_.end()) {
        return;
    }
    HashesDone done = std::move(found->second);
    hashing_.erase(found);
    std::vector<merkle::Hash> out(static_cast<std::size_t>(count));
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::memcpy(out[i].data(), hashes + 32 * i, 32);
    }
    done(std::move(out));
}

void WebLogCrypto::verdict_arrived(int request, bool valid) {
    const auto found = verifying_.find(request);
    if (found == verifying_.end()) {
        return;
    }
    VerifyDone done = std::move(found->second);
    verifying_.erase(found);
    done(valid);
}

std::optional<std::string> LocalCheckpointStore::load() {
    char* text = einblick_js_load_checkpoint();
    if (text == nullptr) {
        return std::nullopt;
    }
    std::string out(text);
    std::free(text);
    return out;
}

void LocalCheckpointStore::save(const std::string& text) {
    einblick_js_save_checkpoint(text.c_str());
}

} // namespace einblick::client::platform

extern "C" EMSCRIPTEN_KEEPALIVE void
einblick_log_hashes_done(int request, const unsigned char* hashes, int count) {
    if (einblick::client::platform::g_crypto != nullptr) {
        einblick::client::platform::g_crypto->hashes_arrived(request, hashes, count);
    }
}

extern "C" EMSCRIPTEN_KEEPALIVE void einblick_log_verify_done(int request, int valid) {
    if (einblick::client::platform::g_crypto != nullptr) {
        einblick::client::platform::g_crypto->verdict_arrived(request, valid != 0);
    }
}
