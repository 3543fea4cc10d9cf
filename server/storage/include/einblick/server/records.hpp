#pragma once
// Rows as the storage layer hands them to the services, and what services hand back to store.

#include "einblick/server/bytes.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace einblick::server {

using RowId = std::int64_t;

// Storage-level failures services turn into answers.
class ConflictError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};
class NotFoundError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct AgencyRecord {
    RowId id = 0;
    std::string code;
    std::string name;
};

// The role an account signs in with; stored as its wire text (api::to_text).
using AccountRole = api::Role;

struct NewAccount {
    std::string username;
    std::string password_hash; // libsodium crypto_pwhash_str output
    std::string display_name;
    AccountRole role = AccountRole::Citizen;
    std::optional<std::string> citizen_pseudonym; // citizens only
    std::optional<RowId> agency_id; // agency staff: their agency; DPOs: scope (empty = all)
};

struct AccountRecord : NewAccount {
    RowId id = 0;
};

struct SessionRecord {
    Bytes token_hash;
    RowId account_id = 0;
    UnixMillis created_at = 0;
    UnixMillis last_seen_at = 0;
};

struct ApiKeyRecord {
    RowId id = 0;
    RowId agency_id = 0;
    std::string label;
    UnixMillis created_at = 0;
    std::optional<UnixMillis> revoked_at;
};

// One state change for the audit trail, written in the same transaction as the change.
using api::ActorRole; // stored as its wire text (api::to_text)

struct AuditEntry {
    UnixMillis occurred_at = 0;
    ActorRole actor_role = ActorRole::System;
    std::optional<RowId> actor_id; // account id, or agency id for API-key actors
    std::string action;            // e.g. "purpose.approved", "consent.withdrawn"
    std::string subject_type;      // e.g. "purpose_version", "consent"
    std::optional<RowId> subject_id;
    std::string details_json = "{}";
};

struct AuditRecord : AuditEntry {
    RowId id = 0;
};

} // namespace einblick::server
