#pragma once
// Rows as the storage layer hands them to the services.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "einblick/shared/civil_time.hpp"

namespace einblick::server {

using RowId = std::int64_t;
using Bytes = std::vector<unsigned char>;

struct AgencyRecord {
    RowId id = 0;
    std::string code;
    std::string name;
};

enum class AccountRole { Citizen, Dpo };

struct NewAccount {
    std::string username;
    std::string password_hash; // libsodium crypto_pwhash_str output
    std::string display_name;
    AccountRole role = AccountRole::Citizen;
    std::optional<std::string> citizen_pseudonym; // citizens only
    std::optional<RowId> agency_id;               // DPOs scoped to one agency; empty = all
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

struct NewAccessEvent {
    std::string citizen_pseudonym;
    RowId agency_id = 0;
    std::string purpose;
    std::string legal_basis;
    std::vector<std::string> data_categories;
    UnixMillis occurred_at = 0;
    UnixMillis recorded_at = 0;
};

struct AccessEventRecord {
    RowId id = 0;
    AgencyRecord agency;
    std::string purpose;
    std::string legal_basis;
    std::vector<std::string> data_categories;
    UnixMillis occurred_at = 0;
    UnixMillis recorded_at = 0;
};

// Position in a newest-first listing: the last row a page ended with.
struct HistoryCursor {
    UnixMillis occurred_at = 0;
    RowId id = 0;
    bool operator==(const HistoryCursor&) const = default;
};

} // namespace einblick::server
