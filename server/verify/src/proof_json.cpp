#include "einblick/server/proof_json.hpp"

#include "einblick/server/ed25519.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace einblick::server {

std::optional<std::vector<merkle::Hash>> proof_hashes(const nlohmann::json& texts) {
    if (!texts.is_array()) {
        return std::nullopt;
    }
    std::vector<merkle::Hash> hashes;
    hashes.reserve(texts.size());
    for (const nlohmann::json& text : texts) {
        const auto bytes = text.is_string() ? from_base64(text.get<std::string>()) : std::nullopt;
        if (!bytes || bytes->size() != sizeof(merkle::Hash)) {
            return std::nullopt;
        }
        merkle::Hash hash{};
        std::copy(bytes->begin(), bytes->end(), hash.begin());
        hashes.push_back(hash);
    }
    return hashes;
}

} // namespace einblick::server
