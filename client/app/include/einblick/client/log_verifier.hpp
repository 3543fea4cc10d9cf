#pragma once
// The browser's own check of the entries it shows (docs/TRANSPARENCY.md, section 5, steps 1 to
// 4): fetch the log's key (pinned in the CheckpointStore on first use), the newest checkpoint a
// witness cosigned, the entries' proof bundle and, when a checkpoint is remembered or cosigned
// at another size, consistency proofs; then verify the checkpoint's signature, every inclusion
// proof, the consistency and the witnesses' cosignatures with LogCrypto, and compare the facts
// shown with the proved entries. The result goes to `done` once; the caller queues it.

#include "einblick/client/api_client.hpp"
#include "einblick/client/log_crypto.hpp"
#include "einblick/client/log_verification.hpp"
#include "einblick/shared/api_types.hpp"

#include <functional>
#include <vector>

namespace einblick::client {

void verify_log_entries(ApiClient& api, LogCrypto& crypto, CheckpointStore& store,
                        std::vector<api::AccessEvent> events,
                        std::function<void(LogVerification)> done);

// The step after the network: everything LogCrypto computes, and the decision. Public for tests.
struct LogEvidence {
    std::string served_key;                // the verifier key the server names
    std::string remembered;                // the CheckpointStore's text; empty: none
    api::LogProofBundle bundle;            // the proofs of `events`
    std::vector<std::string> consistency;  // base64, from the remembered size to the bundle's
    std::vector<std::string> witness_keys; // the witnesses' verifier keys the server lists
    std::string cosigned;                  // the newest cosigned checkpoint; empty: none
    // base64, between the cosigned checkpoint's size and the bundle's (smaller to larger)
    std::vector<std::string> cosigned_consistency;
};
void verify_log_evidence(LogCrypto& crypto, CheckpointStore& store,
                         const std::vector<api::AccessEvent>& events, LogEvidence evidence,
                         std::function<void(LogVerification)> done);

} // namespace einblick::client
