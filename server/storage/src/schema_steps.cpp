#include "einblick/server/schema_steps.hpp"

#include <stdexcept>
#include <string>

namespace einblick::server {
namespace {

std::string joined(std::span<const int> versions) {
    std::string text;
    for (const int version : versions) {
        text += (text.empty() ? "" : ", ") + std::to_string(version);
    }
    return text;
}

} // namespace

std::span<const SchemaStep> schema_steps() {
    // Append new steps at the end, then give every backend its SQL for them; never edit or
    // renumber one that has shipped.
    static constexpr SchemaStep steps[] = {
        {1, "agencies, API keys, accounts, sessions"},
        {2, "purpose registry (records of processing, GDPR Art. 30)"},
        {3, "consents"},
        {4, "access log: checks and accesses with sequence numbers and hashes"},
        {5, "objections (GDPR Art. 21)"},
        {6, "audit trail and retention runs"},
        {7, "idempotency keys belong to one endpoint"},
        {8, "the access log's Merkle tree (RFC 9162): every complete subtree once"},
        {9, "the log's signed checkpoints (C2SP signed notes), one per tree size"},
        {10, "witnesses' cosignatures of checkpoints, one per witness and size"},
        {11, "accesses per agency and hour, kept by the writer for the weekly volumes"},
        {12, "the access log refers to citizens and reasons by number, codes kind and outcome, "
             "and keeps each hash once (as the next entry's prev_hash)"},
        {13, "the log's tree nodes in the order appends complete them"},
    };
    return steps;
}

int latest_schema_version() {
    return schema_steps().back().version;
}

void refuse_newer_schema(int recorded) {
    if (recorded > latest_schema_version()) {
        throw std::runtime_error("database schema version " + std::to_string(recorded) +
                                 " is newer than this build supports (" +
                                 std::to_string(latest_schema_version()) +
                                 "): a newer Einblick migrated it; run that version");
    }
}

void require_every_step(std::string_view backend, std::span<const int> versions) {
    const int latest = latest_schema_version();
    const bool baseline_known =
        !versions.empty() && versions.front() >= 1 && versions.front() <= latest;
    bool in_order = baseline_known;
    for (std::size_t i = 1; in_order && i < versions.size(); ++i) {
        in_order = versions[i] == versions[i - 1] + 1;
    }
    if (!in_order || versions.back() != latest) {
        throw std::logic_error(std::string(backend) + "'s schema steps (" + joined(versions) +
                               ") are not a baseline followed by every step up to " +
                               std::to_string(latest) +
                               " of the shared list (server/storage/src/schema_steps.cpp)");
    }
}

} // namespace einblick::server
