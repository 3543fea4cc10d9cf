#pragma once
// Signed notes as C2SP specifies them (c2sp.org/signed-note), with Ed25519 keys: the format of
// the log's checkpoints and of the witnesses' cosignatures.
//
//   note      = text "\n" signature-line+      (text: lines, each ending in "\n")
//   signature = "— " key-name " " base64(key-id[4] || Ed25519 signature[64]) "\n"
//   key-id    = the first 4 bytes of SHA-256(key-name "\n" 0x01 public-key), big-endian
//   verifier  = key-name "+" hex(key-id) "+" base64(0x01 || public-key)
//
// The signature covers the text only, so more signatures can be added to a note later.

#include "einblick/server/ed25519.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace einblick::server {

// A key name is not empty and has no '+' and no whitespace.
bool valid_note_key_name(std::string_view name);

class NoteVerifier {
public:
    NoteVerifier(std::string name, Bytes public_key);
    // Parses the verifier key text; nothing if it is malformed or its key id does not match.
    static std::optional<NoteVerifier> parse(std::string_view text);

    const std::string& name() const { return name_; }
    std::uint32_t key_id() const { return key_id_; }
    const Bytes& public_key() const { return public_key_; }
    std::string text() const;
    bool verify(std::string_view note_text, const Bytes& signature) const;

private:
    std::string name_;
    Bytes public_key_;
    std::uint32_t key_id_;
};

class NoteSigner {
public:
    // Throws std::invalid_argument for a bad name or a seed that is not 32 bytes.
    NoteSigner(std::string name, const Bytes& seed);

    const NoteVerifier& verifier() const { return verifier_; }
    // The signature line for `text` (a note text: non-empty lines, each ending in "\n").
    std::string signature_line(std::string_view text) const;

private:
    Ed25519Keys keys_;
    NoteVerifier verifier_;
};

// `text` signed by each signer, in order: the whole note. Throws std::invalid_argument for a
// text that is not a note text.
std::string sign_note(std::string_view text, std::span<const NoteSigner* const> signers);

struct NoteSignature {
    std::string name;
    std::uint32_t key_id = 0;
    Bytes signature;
};

struct OpenedNote {
    std::string text;
    std::vector<NoteSignature> signatures; // every well-formed line, verified or not
};

// Splits a note into its text and signature lines; nothing if the note is malformed.
std::optional<OpenedNote> parse_note(std::string_view note);

// The verifiers (by name and key id) whose signature on the note is valid.
std::vector<std::string> verified_signers(const OpenedNote& note,
                                          std::span<const NoteVerifier> verifiers);

} // namespace einblick::server
