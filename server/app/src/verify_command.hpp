#pragma once
// `einblick verify`: the command line of the offline verifier (server/verify) over a database
// file, a PostgreSQL URL or a citizen's JSON export. Thin: parses, opens the log read-only,
// prints each problem as one line, sets the exit code.

#include "einblick/server/signed_note.hpp"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace einblick::server {

struct VerifyConfig {
    std::string database_path;                 // --db (a file or a postgresql:// URL), or
    std::string export_path;                   // --export
    std::string key;                           // verifier key text, or a file holding it
    std::vector<std::string> checkpoint_files; // signed checkpoints seen elsewhere
};

// Exit codes of `einblick verify`.
inline constexpr int verify_intact = 0;
inline constexpr int verify_tampered = 1;
inline constexpr int verify_unusable = 2; // usage, unreadable file or key

CLI::App* add_verify_command(CLI::App& app, VerifyConfig& config);

// A log's public verifier key given as text (name+id+base64 key) or as a file holding that
// text. Never the secret seed: a check that needs the signer's secret proves nothing to anyone
// else. Throws std::runtime_error naming `option`.
NoteVerifier read_verifier_key(const std::string& given, const std::string& option);
int run_verify(const VerifyConfig& config);

} // namespace einblick::server
