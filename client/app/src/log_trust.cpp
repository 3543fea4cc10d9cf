#include "einblick/client/log_trust.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <nlohmann/json.hpp>

namespace einblick::client::log_trust {
namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view signature_dash = "\xe2\x80\x94 "; // U+2014 and a space

int sextet(char c) {
    const auto at = alphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

bool lowest_bit(std::uint64_t n) {
    return (n & 1U) != 0;
}

// Splits "a\nb\n" into {"a", "b"}; nothing unless every line ends in "\n".
std::optional<std::vector<std::string_view>> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        if (end == std::string_view::npos) {
            return std::nullopt;
        }
        lines.push_back(text.substr(0, end));
        text.remove_prefix(end + 1);
    }
    return lines;
}

std::optional<std::uint64_t> decimal(std::string_view text) {
    if (text.empty() || (text.size() > 1 && text.front() == '0')) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> hex_decode(std::string_view text) {
    if (text.size() % 2 != 0) {
        return std::nullopt;
    }
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        unsigned value = 0;
        const auto [end, error] = std::from_chars(text.data() + i, text.data() + i + 2, value, 16);
        if (error != std::errc() || end != text.data() + i + 2) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(value));
    }
    return out;
}

bool valid_key_name(std::string_view name) {
    return !name.empty() && std::none_of(name.begin(), name.end(), [](char c) {
        return c == '+' || c == ' ' || c == '\n' || c == '\t' || c == '\r';
    });
}

} // namespace

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        std::array<int, 4> v{};
        int padding = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = text[i + k];
            if (c == '=' && last && k >= 2) {
                ++padding;
                v[k] = 0;
                continue;
            }
            if (padding > 0) {
                return std::nullopt; // a character after padding
            }
            v[k] = sextet(c);
            if (v[k] < 0) {
                return std::nullopt;
            }
        }
        const std::uint32_t group =
            (static_cast<std::uint32_t>(v[0]) << 18U) | (static_cast<std::uint32_t>(v[1]) << 12U) |
            (static_cast<std::uint32_t>(v[2]) << 6U) | static_cast<std::uint32_t>(v[3]);
        out.push_back(static_cast<char>((group >> 16U) & 0xffU));
        if (padding < 2) {
            out.push_back(static_cast<char>((group >> 8U) & 0xffU));
        }
        if (padding < 1) {
            out.push_back(static_cast<char>(group & 0xffU));
        }
    }
    return out;
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t group = 0;
        for (std::size_t k = 0; k < 3; ++k) {
            group <<= 8U;
            if (k < n) {
                group |= static_cast<unsigned char>(bytes[i + k]);
            }
        }
        for (std::size_t k = 0; k < 4; ++k) {
            out.push_back(k <= n ? alphabet[(group >> (18 - 6 * k)) & 0x3fU] : '=');
        }
    }
    return out;
}

std::string to_bytes(const Hash& hash) {
    return std::string(reinterpret_cast<const char*>(hash.data()), hash.size());
}

std::optional<Hash> to_hash(std::string_view bytes) {
    if (bytes.size() != Hash{}.size()) {
        return std::nullopt;
    }
    Hash hash{};
    std::memcpy(hash.data(), bytes.data(), hash.size());
    return hash;
}

std::optional<Checkpoint> parse_checkpoint(std::string_view text) {
    const auto lines = lines_of(text);
    // Extension lines after the root are allowed by the format; Einblick writes none.
    if (!lines || lines->size() < 3 || !valid_key_name((*lines)[0])) {
        return std::nullopt;
    }
    const auto size = decimal((*lines)[1]);
    const auto root_bytes = base64_decode((*lines)[2]);
    const auto root = root_bytes ? to_hash(*root_bytes) : std::nullopt;
    if (!size || !root) {
        return std::nullopt;
    }
    return Checkpoint{std::string((*lines)[0]), *size, *root};
}

std::optional<Note> parse_note(std::string_view note) {
    const auto split = note.find("\n\n");
    if (split == std::string_view::npos) {
        return std::nullopt;
    }
    Note out;
    out.text = std::string(note.substr(0, split + 1));
    const auto lines = lines_of(note.substr(split + 2));
    if (!lines || lines->empty()) {
        return std::nullopt;
    }
    for (std::string_view line : *lines) {
        if (!line.starts_with(signature_dash)) {
            return std::nullopt;
        }
        line.remove_prefix(signature_dash.size());
        const auto space = line.find(' ');
        if (space == std::string_view::npos) {
            return std::nullopt;
        }
        const auto blob = base64_decode(line.substr(space + 1));
        if (!blob || blob->size() < 5 || !valid_key_name(line.substr(0, space))) {
            return std::nullopt;
        }
        out.signatures.push_back(
            NoteSignature{std::string(line.substr(0, space)), blob->substr(0, 4), blob->substr(4)});
    }
    return out;
}

std::optional<VerifierKey> parse_verifier_key(std::string_view text) {
    const auto first = text.find('+');
    const auto second = first == std::string_view::npos ? first : text.find('+', first + 1);
    if (second == std::string_view::npos) {
        return std::nullopt;
    }
    const auto key_id = hex_decode(text.substr(first + 1, second - first - 1));
    const auto key = base64_decode(text.substr(second + 1));
    if (!valid_key_name(text.substr(0, first)) || !key_id || key_id->size() != 4 || !key ||
        key->size() != 33 || (*key)[0] != '\x01') {
        return std::nullopt;
    }
    return VerifierKey{std::string(text), std::string(text.substr(0, first)), *key_id,
                       key->substr(1)};
}

std::string key_id_input(const VerifierKey& key) {
    return key.name + "\n\x01" + key.public_key;
}

const NoteSignature* signature_of(const Note& note, const VerifierKey& key) {
    for (const NoteSignature& signature : note.signatures) {
        if (signature.name == key.name && signature.key_id == key.key_id) {
            return &signature;
        }
    }
    return nullptr;
}

std::string remembered_text(const RememberedCheckpoint& remembered) {
    return nlohmann::json{{"verifier_key", remembered.verifier_key},
                          {"size", remembered.size},
                          {"root", base64_encode(to_bytes(remembered.root))}}
        .dump();
}

std::optional<RememberedCheckpoint> parse_remembered(std::string_view text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("verifier_key") || !j["verifier_key"].is_string() ||
        !j.contains("size") || !j["size"].is_number_unsigned() || !j.contains("root") ||
        !j["root"].is_string()) {
        return std::nullopt;
    }
    const auto root_bytes = base64_decode(j["root"].get<std::string>());
    const auto root = root_bytes ? to_hash(*root_bytes) : std::nullopt;
    if (!root) {
        return std::nullopt;
    }
    return RememberedCheckpoint{j["verifier_key"].get<std::string>(),
                                j["size"].get<std::uint64_t>(), *root};
}

std::string node_input(const Hash& left, const Hash& right) {
    return "\x01" + to_bytes(left) + to_bytes(right);
}

std::string leaf_input(std::string_view entry) {
    std::string out(1, '\0');
    out += entry;
    return out;
}

std::optional<std::vector<Side>> inclusion_steps(std::uint64_t index, std::uint64_t size,
                                                 std::size_t length) {
    if (index >= size) {
        return std::nullopt;
    }
    std::uint64_t fn = index;
    std::uint64_t sn = size - 1;
    std::vector<Side> sides;
    for (std::size_t i = 0; i < length; ++i) {
        if (sn == 0) {
            return std::nullopt;
        }
        if (lowest_bit(fn) || fn == sn) {
            sides.push_back(Side::ProofLeft);
            while (!lowest_bit(fn) && fn != 0) {
                fn >>= 1U;
                sn >>= 1U;
            }
        } else {
            sides.push_back(Side::ProofRight);
        }
        fn >>= 1U;
        sn >>= 1U;
    }
    if (sn != 0) {
        return std::nullopt;
    }
    return sides;
}

std::optional<ConsistencyChains> consistency_chains(std::uint64_t first, std::uint64_t second,
                                                    const Hash& first_root,
                                                    const std::vector<Hash>& proof) {
    if (first == 0 || first > second) {
        return std::nullopt;
    }
    if (first == second) {
        if (!proof.empty()) {
            return std::nullopt;
        }
        return ConsistencyChains{Chain{first_root, {}, {}}, Chain{first_root, {}, {}}};
    }
    std::vector<Hash> path;
    if (std::has_single_bit(first)) {
        path.push_back(first_root); // the old root is a node of the new tree
    }
    path.insert(path.end(), proof.begin(), proof.end());
    if (path.empty()) {
        return std::nullopt;
    }
    std::uint64_t fn = first - 1;
    std::uint64_t sn = second - 1;
    while (lowest_bit(fn)) {
        fn >>= 1U;
        sn >>= 1U;
    }
    ConsistencyChains chains{Chain{path.front(), {}, {}}, Chain{path.front(), {}, {}}};
    for (std::size_t i = 1; i < path.size(); ++i) {
        if (sn == 0) {
            return std::nullopt;
        }
        if (lowest_bit(fn) || fn == sn) {
            chains.first.sides.push_back(Side::ProofLeft);
            chains.first.proof.push_back(path[i]);
            chains.second.sides.push_back(Side::ProofLeft);
            chains.second.proof.push_back(path[i]);
            while (!lowest_bit(fn) && fn != 0) {
                fn >>= 1U;
                sn >>= 1U;
            }
        } else {
            chains.second.sides.push_back(Side::ProofRight);
            chains.second.proof.push_back(path[i]);
        }
        fn >>= 1U;
        sn >>= 1U;
    }
    if (sn != 0) {
        return std::nullopt;
    }
    return chains;
}

std::vector<std::string> mismatched_facts(const api::AccessEvent& event, std::string_view entry) {
    using nlohmann::json;
    const json proved = json::parse(entry, nullptr, false);
    if (!proved.is_object()) {
        return {"entry"};
    }
    const auto optional = [](const auto& value) { return value ? json(*value) : json(nullptr); };
    const std::array<std::pair<const char*, json>, 12> shown{{
        {"seq", event.seq},
        {"kind", std::string(to_text(event.kind))},
        {"outcome", std::string(to_text(event.outcome))},
        {"reason", event.reason},
        {"occurred_at", event.occurred_at},
        {"register", event.register_code},
        {"legal_basis", event.legal_basis},
        {"data_categories", event.data_categories},
        {"purpose_id", optional(event.purpose_id)},
        {"official", optional(event.official)},
        {"correlation_id", optional(event.correlation_id)},
        {"consent_id", optional(event.consent_id)},
    }};
    std::vector<std::string> differing;
    for (const auto& [key, value] : shown) {
        const auto found = proved.find(key);
        if (found == proved.end() || *found != value) {
            differing.emplace_back(key);
        }
    }
    return differing;
}

} // namespace einblick::client::log_trust
