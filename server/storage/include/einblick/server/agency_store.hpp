#pragma once

#include <optional>
#include <string>

#include "einblick/server/database.hpp"
#include "einblick/server/records.hpp"

namespace einblick::server {

class AgencyStore {
public:
    explicit AgencyStore(Database& database) : db_(database) {}

    RowId create(const std::string& code, const std::string& name);
    std::optional<AgencyRecord> find_by_code(const std::string& code);
    RowId add_api_key(RowId agency_id, const Bytes& key_hash, const std::string& label,
                      UnixMillis now);
    // The agency an API key belongs to, if the key exists and is not revoked.
    std::optional<AgencyRecord> find_by_api_key_hash(const Bytes& key_hash);

private:
    Database& db_;
};

} // namespace einblick::server
