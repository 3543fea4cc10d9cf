// Signed notes (c2sp.org/signed-note) with Ed25519: the known-answer example of Go's
// golang.org/x/mod/sumdb/note documentation (verifier key with its key id, and a signature),
// RFC 8032's first Ed25519 test vector for signing, round trips with several signers, and every
// malformed form refused.
#include "einblick/server/crypto.hpp"
#include "einblick/server/signed_note.hpp"

#include <array>
#include <doctest/doctest.h>
#include <stdexcept>

using namespace einblick::server;

namespace {

const std::string text = "If you think cryptography is the answer to your problem,\n"
                         "then you don't know what your problem is.\n";
const std::string verifier_key =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

const std::string signature_line =
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

// RFC 8032, section 7.1, TEST 1: the empty message.
const std::string rfc8032_seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const std::string rfc8032_public =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const std::string rfc8032_signature =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b4"
    "6bd25bf5f0595bbe24655141438e7a100b";

Bytes seed() {
    return Bytes(32, 42);
}

} // namespace

TEST_CASE("ed25519: RFC 8032 test 1 through libsodium") {
    const auto keys = Ed25519Keys::from_seed(*from_hex(rfc8032_seed));
    CHECK(to_hex(keys.public_key) == rfc8032_public);
    CHECK(to_hex(ed25519_sign(keys, "")) == rfc8032_signature);
    CHECK(ed25519_verify(keys.public_key, "", *from_hex(rfc8032_signature)));
    CHECK_FALSE(ed25519_verify(keys.public_key, "x", *from_hex(rfc8032_signature)));
}

TEST_CASE("signed note: Go's known-answer verifier key and signature") {
    const auto verifier = NoteVerifier::parse(verifier_key);
    REQUIRE(verifier);
    CHECK(verifier->key_id() == 0xc74f20a3U); // SHA-256 of name, newline, 0x01, key
    CHECK(verifier->text() == verifier_key);
    const auto opened = parse_note(text + "\n" + signature_line);
    REQUIRE(opened);
    CHECK(opened->text == text);
    const std::array verifiers{*verifier};
    CHECK(verified_signers(*opened, verifiers) == std::vector<std::string>{"PeterNeumann"});

    // Signing the same text with a key of the same name: the line verifies with its own key only.
    const NoteSigner signer("PeterNeumann", seed());
    const NoteSigner* signers[] = {&signer};
    const auto ours = parse_note(sign_note(text, signers));
    REQUIRE(ours);
    CHECK(verified_signers(*ours, verifiers).empty());
    const std::array own{signer.verifier()};
    CHECK(verified_signers(*ours, own) == std::vector<std::string>{"PeterNeumann"});
}

TEST_CASE(
    "signed note: cosignatures add lines, and a changed text or a foreign key verifies nothing") {
    const NoteSigner log("example.org/log", Bytes(32, 7));
    const NoteSigner witness("witness.example", Bytes(32, 9));
    const NoteSigner* both[] = {&log, &witness};
    const std::string note = sign_note("example.org/log\n3\nAAAA\n", both);
    const auto opened = parse_note(note);
    REQUIRE(opened);
    CHECK(opened->signatures.size() == 2);
    const std::array verifiers{log.verifier(), witness.verifier()};
    CHECK(verified_signers(*opened, verifiers) ==
          std::vector<std::string>{"example.org/log", "witness.example"});

    auto changed = *opened;
    changed.text = "example.org/log\n4\nAAAA\n";
    CHECK(verified_signers(changed, verifiers).empty());
    // The same name with another key: its signatures carry another key id.
    const NoteSigner impostor("example.org/log", Bytes(32, 8));
    const std::array others{impostor.verifier()};
    CHECK(verified_signers(*opened, others).empty());
}

TEST_CASE("signed note: malformed notes, verifier keys, names and texts are refused") {
    const NoteSigner signer("PeterNeumann", seed());
    for (const std::string& note : {
             text + signature_line,                        // no blank line before the signatures
             text + "\n",                                  // no signature
             text + "\n" + "- PeterNeumann x08go/ZJku=\n", // a hyphen, not an em dash
             text + "\n" + signature_line.substr(0, signature_line.size() - 6) + "!!!=\n",
             "\n\n" + signature_line,                   // an empty text
             text + "\n" + signature_line + "trailing", // not ending in a newline
         }) {
        CAPTURE(note);
        CHECK_FALSE(parse_note(note));
    }
    CHECK_FALSE(
        NoteVerifier::parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    CHECK_FALSE(
        NoteVerifier::parse("PeterNeumann+c74f20a3+AhpcXQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    CHECK_FALSE(NoteVerifier::parse("PeterNeumann+c74f20a3"));
    CHECK_FALSE(
        NoteVerifier::parse("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    CHECK_THROWS_AS(NoteSigner("a+b", seed()), std::invalid_argument);
    CHECK_THROWS_AS(NoteSigner("name", Bytes(31, 1)), std::invalid_argument);
    const NoteSigner* signers[] = {&signer};
    CHECK_THROWS_AS(sign_note("no newline", signers), std::invalid_argument);
    CHECK_THROWS_AS(sign_note("a\n\nb\n", signers), std::invalid_argument);
    CHECK_THROWS_AS(sign_note("tab\there\n", signers), std::invalid_argument);
}
