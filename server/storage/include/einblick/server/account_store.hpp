#pragma once

#include <optional>
#include <string>

#include "einblick/server/database.hpp"
#include "einblick/server/records.hpp"

namespace einblick::server {

class AccountStore {
public:
    explicit AccountStore(Database& database) : db_(database) {}

    RowId create(const NewAccount& account, UnixMillis now);
    std::optional<AccountRecord> find_by_username(const std::string& username);
    std::optional<AccountRecord> find_by_id(RowId id);

private:
    Database& db_;
};

} // namespace einblick::server
