#pragma once
// `einblick witness`: the command line of a witness (server/witness). Thin: parses, loads the
// witness's key, runs rounds until stopped, prints one line per round, sets the exit code.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace einblick::server {

struct WitnessConfig {
    std::string log_url;                 // --log
    std::string log_key;                 // --log-key: verifier key text, or a file holding it
    std::optional<std::string> key_file; // --key-file (EINBLICK_WITNESS_KEY takes precedence)
    bool generate_key = false;           // --generate-key: create a missing key file
    std::string name;                    // --name; empty: "<host name>/witness"
    std::string state_file;              // --state
    int interval_seconds = 10;           // --interval-seconds
    bool once = false;                   // --once
};

// Exit codes of `einblick witness`.
inline constexpr int witness_stopped = 0;      // stopped by a signal, or --once cosigned
inline constexpr int witness_inconsistent = 1; // the log misbehaved (rollback, fork, signature)
inline constexpr int witness_unusable = 2;     // usage, key or state file
inline constexpr int witness_incomplete = 3;   // --once: log unreachable or cosignature refused

CLI::App* add_witness_command(CLI::App& app, WitnessConfig& config);
int run_witness(const WitnessConfig& config);

} // namespace einblick::server
