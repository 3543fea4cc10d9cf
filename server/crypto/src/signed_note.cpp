#include "einblick/server/signed_note.hpp"

#include "einblick/server/crypto.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace einblick::server {
namespace {

constexpr unsigned char ed25519_type = 0x01;
constexpr std::string_view signature_prefix = "\xE2\x80\x94 "; // U+2014 EM DASH, a space

std::uint32_t compute_key_id(std::string_view name, const Bytes& public_key) {
    std::string input(name);
    input += '\n';
    input += static_cast<char>(ed25519_type);
    input.append(public_key.begin(), public_key.end());
    const Bytes digest = sha256(input);
    return (std::uint32_t{digest[0]} << 24) | (std::uint32_t{digest[1]} << 16) |
           (std::uint32_t{digest[2]} << 8) | std::uint32_t{digest[3]};
}

Bytes key_id_bytes(std::uint32_t id) {
    return {static_cast<unsigned char>(id >> 24), static_cast<unsigned char>(id >> 16),
            static_cast<unsigned char>(id >> 8), static_cast<unsigned char>(id)};
}

std::string hex_key_id(std::uint32_t id) {
    char text[9];
    std::snprintf(text, sizeof text, "%08x", id);
    return text;
}

// Lines of printable text, each ending in "\n", none empty: what a note's text may be.
bool valid_note_text(std::string_view text) {
    if (text.empty() || text.back() != '\n' || text.find("\n\n") != std::string_view::npos ||
        text.front() == '\n') {
        return false;
    }
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && c != '\n') || byte == 0x7f;
    });
}

std::optional<NoteSignature> parse_signature_line(std::string_view line) {
    if (line.substr(0, signature_prefix.size()) != signature_prefix) {
        return std::nullopt;
    }
    line.remove_prefix(signature_prefix.size());
    const auto space = line.find(' ');
    if (space == std::string_view::npos || !valid_note_key_name(line.substr(0, space))) {
        return std::nullopt;
    }
    const auto blob = from_base64(line.substr(space + 1));
    if (!blob || blob->size() != 4 + Ed25519Keys::signature_size) {
        return std::nullopt;
    }
    const std::uint32_t id = (std::uint32_t{(*blob)[0]} << 24) | (std::uint32_t{(*blob)[1]} << 16) |
                             (std::uint32_t{(*blob)[2]} << 8) | std::uint32_t{(*blob)[3]};
    return NoteSignature{std::string(line.substr(0, space)), id,
                         Bytes(blob->begin() + 4, blob->end())};
}

} // namespace

bool valid_note_key_name(std::string_view name) {
    return !name.empty() && std::none_of(name.begin(), name.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return c == '+' || byte <= 0x20 || byte == 0x7f;
    });
}

NoteVerifier::NoteVerifier(std::string name, Bytes public_key)
    : name_(std::move(name)), public_key_(std::move(public_key)),
      key_id_(compute_key_id(name_, public_key_)) {
    if (!valid_note_key_name(name_) || public_key_.size() != Ed25519Keys::public_key_size) {
        throw std::invalid_argument("not an Ed25519 note verifier: '" + name_ + "'");
    }
}

std::optional<NoteVerifier> NoteVerifier::parse(std::string_view text) {
    const auto first = text.find('+');
    const auto second = first == std::string_view::npos ? first : text.find('+', first + 1);
    if (second == std::string_view::npos || !valid_note_key_name(text.substr(0, first))) {
        return std::nullopt;
    }
    const auto key = from_base64(text.substr(second + 1));
    if (!key || key->size() != 1 + Ed25519Keys::public_key_size || key->front() != ed25519_type) {
        return std::nullopt;
    }
    NoteVerifier verifier(std::string(text.substr(0, first)), Bytes(key->begin() + 1, key->end()));
    if (text.substr(first + 1, second - first - 1) != hex_key_id(verifier.key_id())) {
        return std::nullopt;
    }
    return verifier;
}

std::string NoteVerifier::text() const {
    Bytes key{ed25519_type};
    key.insert(key.end(), public_key_.begin(), public_key_.end());
    return name_ + "+" + hex_key_id(key_id_) + "+" + to_base64(key);
}

bool NoteVerifier::verify(std::string_view note_text, const Bytes& signature) const {
    return ed25519_verify(public_key_, note_text, signature);
}

NoteSigner::NoteSigner(std::string name, const Bytes& seed)
    : keys_(Ed25519Keys::from_seed(seed)), verifier_(std::move(name), keys_.public_key) {}

std::string NoteSigner::signature_line(std::string_view text) const {
    Bytes blob = key_id_bytes(verifier_.key_id());
    const Bytes signature = ed25519_sign(keys_, text);
    blob.insert(blob.end(), signature.begin(), signature.end());
    return std::string(signature_prefix) + verifier_.name() + " " + to_base64(blob) + "\n";
}

std::string sign_note(std::string_view text, std::span<const NoteSigner* const> signers) {
    if (!valid_note_text(text)) {
        throw std::invalid_argument("a note's text is lines of text, each ending in a newline");
    }
    std::string note(text);
    note += '\n';
    for (const NoteSigner* signer : signers) {
        note += signer->signature_line(text);
    }
    return note;
}

std::optional<OpenedNote> parse_note(std::string_view note) {
    const auto split = note.rfind("\n\n");
    if (split == std::string_view::npos || note.empty() || note.back() != '\n') {
        return std::nullopt;
    }
    OpenedNote opened{std::string(note.substr(0, split + 1)), {}};
    if (!valid_note_text(opened.text)) {
        return std::nullopt;
    }
    std::string_view lines = note.substr(split + 2);
    if (lines.empty()) {
        return std::nullopt; // a note has at least one signature
    }
    while (!lines.empty()) {
        const auto end = lines.find('\n');
        auto signature = parse_signature_line(lines.substr(0, end));
        if (!signature) {
            return std::nullopt;
        }
        opened.signatures.push_back(std::move(*signature));
        lines.remove_prefix(end + 1);
    }
    return opened;
}

std::vector<std::string> verified_signers(const OpenedNote& note,
                                          std::span<const NoteVerifier> verifiers) {
    std::vector<std::string> names;
    for (const NoteSignature& signature : note.signatures) {
        for (const NoteVerifier& verifier : verifiers) {
            if (verifier.name() == signature.name && verifier.key_id() == signature.key_id &&
                verifier.verify(note.text, signature.signature) &&
                std::find(names.begin(), names.end(), verifier.name()) == names.end()) {
                names.push_back(verifier.name());
            }
        }
    }
    return names;
}

} // namespace einblick::server
