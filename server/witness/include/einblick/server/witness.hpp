#pragma once
// A witness of the access log (docs/TRANSPARENCY.md, "Witnesses"). Each round it fetches the
// log's latest checkpoint, checks the log's signature, and checks that the checkpoint extends
// the last one it accepted (the same root at the same size; a consistency proof to a larger
// size; never a smaller size). Then it stores the new checkpoint durably in its state file and
// delivers its cosignature, an Ed25519 signed-note signature line over the checkpoint's text.
//
// An inconsistency is the log's proof of misbehaviour (a rollback or a fork): the round says
// so with both checkpoints, the state file keeps the last good one, and nothing is cosigned.

#include "einblick/server/signed_note.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace einblick::server {

// What the witness needs from the log's HTTP API (GET /api/v1/log/checkpoint, GET
// /api/v1/log/consistency, POST /api/v1/log/checkpoints/{size}/cosignatures).
class LogEndpoint {
public:
    struct Answer {
        int status = 0;   // 0: no answer (connection refused, timeout)
        std::string body; // or, without an answer, what went wrong
    };
    virtual ~LogEndpoint() = default;
    virtual Answer get(const std::string& path) = 0;
    virtual Answer post_text(const std::string& path, const std::string& body) = 0;
};

// The log at `base_url` ("http://host:port", an optional path prefix allowed).
std::unique_ptr<LogEndpoint> http_log_endpoint(const std::string& base_url);

struct WitnessRound {
    enum class Outcome {
        Cosigned,     // checked, stored, and the log took the cosignature
        Undelivered,  // checked and stored, but the log refused or missed the cosignature
        Unreachable,  // no usable checkpoint this time (network, server error): try again
        Inconsistent, // the log misbehaved: a bad signature, a rollback or a fork
    };
    Outcome outcome = Outcome::Unreachable;
    std::int64_t size = 0; // the checkpoint's size, when one was read
    std::string message;   // one line for the operator
    std::string evidence;  // Inconsistent: the checkpoint accepted before and the new one
};

class Witness {
public:
    // `log_key`: the log's verifier key. `state_file`: the last accepted checkpoint (a signed
    // note); created on the first round.
    Witness(LogEndpoint& log, NoteVerifier log_key, NoteSigner key,
            std::filesystem::path state_file);

    WitnessRound round();
    // The last checkpoint this witness accepted (its note), if any.
    std::optional<std::string> accepted() const;

private:
    WitnessRound deliver(std::int64_t size, const std::string& text);

    LogEndpoint& log_;
    NoteVerifier log_key_;
    NoteSigner key_;
    std::filesystem::path state_file_;
};

} // namespace einblick::server
