#include "witness_command.hpp"

#include "einblick/server/secret_key.hpp"
#include "einblick/server/witness.hpp"
#include "verify_command.hpp"

#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <unistd.h>

namespace einblick::server {
namespace {

std::string default_witness_name() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') {
        return "localhost/witness";
    }
    return std::string(host) + "/witness";
}

Bytes load_witness_key(const WitnessConfig& config) {
    SecretKeySource source;
    if (const char* value = std::getenv(std::string(witness_key.environment_name).c_str())) {
        source.environment_value = value;
    }
    source.key_file = config.key_file;
    source.create_if_missing = config.generate_key;
    return load_secret_key(witness_key, source);
}

// SIGINT and SIGTERM are blocked and waited for between rounds, so a stop never interrupts
// the writing of the state file.
sigset_t stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    return signals;
}

bool stopped_within(const sigset_t& signals, int seconds) {
    const timespec wait{seconds, 0};
    return sigtimedwait(&signals, nullptr, &wait) > 0;
}

const char* label(WitnessRound::Outcome outcome) {
    switch (outcome) {
    case WitnessRound::Outcome::Cosigned:
        return "cosigned";
    case WitnessRound::Outcome::Undelivered:
        return "warning";
    case WitnessRound::Outcome::Unreachable:
        return "warning";
    case WitnessRound::Outcome::Inconsistent:
        return "ALARM";
    }
    return "?";
}

} // namespace

CLI::App* add_witness_command(CLI::App& app, WitnessConfig& config) {
    CLI::App* witness = app.add_subcommand(
        "witness", "Watch a log as its witness: check each new checkpoint's signature and that it "
                   "extends the last one accepted, keep that one, and deliver a cosignature. "
                   "Exit 1 and an ALARM on a rollback or fork");
    witness->add_option("--log", config.log_url, "The log's base URL (http://host:port)")
        ->required();
    witness
        ->add_option("--log-key", config.log_key,
                     "The log's public verifier key (as `einblick serve` prints it, or GET "
                     "/api/v1/log/public-key gives it), or a file holding it")
        ->required();
    witness->add_option(
        "--key-file", config.key_file,
        "File with the 64-hex-digit seed of this witness's Ed25519 key (mode 0600); "
        "EINBLICK_WITNESS_KEY takes precedence");
    witness->add_flag("--generate-key", config.generate_key,
                      "Create the key file with a new random key if it does not exist");
    witness->add_option("--name", config.name,
                        "This witness's key name (default: <host name>/witness)");
    witness
        ->add_option("--state", config.state_file,
                     "File keeping the last accepted checkpoint (created on the first round)")
        ->required();
    witness
        ->add_option("--interval-seconds", config.interval_seconds,
                     "Seconds between rounds (default 10)")
        ->check(CLI::Range(1, 86'400));
    witness->add_flag("--once", config.once, "One round, then exit (0 when cosigned)");
    return witness;
}

int run_witness(const WitnessConfig& config) {
    const NoteVerifier log_key = read_verifier_key(config.log_key, "--log-key");
    const std::string name = config.name.empty() ? default_witness_name() : config.name;
    if (!valid_note_key_name(name)) {
        throw std::runtime_error("--name: not a key name (no spaces, no '+'): '" + name + "'");
    }
    const NoteSigner key(name, load_witness_key(config));
    // The operator gives this line to the log's operator (`einblick serve --witness-key`).
    std::cout << "witness key: " << key.verifier().text() << '\n' << std::flush;

    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    const auto endpoint = http_log_endpoint(config.log_url);
    Witness witness(*endpoint, log_key, key, config.state_file);
    for (;;) {
        const WitnessRound round = witness.round();
        std::ostream& out =
            round.outcome == WitnessRound::Outcome::Cosigned ? std::cout : std::cerr;
        out << "einblick witness: " << label(round.outcome) << ": " << round.message << '\n';
        if (round.outcome == WitnessRound::Outcome::Inconsistent) {
            std::cerr << "einblick witness: ALARM: the log " << config.log_url
                      << " misbehaved; evidence follows. The state file keeps the last "
                         "checkpoint accepted.\n"
                      << round.evidence << '\n';
            return witness_inconsistent;
        }
        if (config.once) {
            return round.outcome == WitnessRound::Outcome::Cosigned ? witness_stopped
                                                                    : witness_incomplete;
        }
        out.flush();
        if (stopped_within(signals, config.interval_seconds)) {
            return witness_stopped;
        }
    }
}

} // namespace einblick::server
