#pragma once

#include <optional>

#include "einblick/server/database.hpp"
#include "einblick/server/records.hpp"

namespace einblick::server {

class SessionStore {
public:
    explicit SessionStore(Database& database) : db_(database) {}

    void create(const SessionRecord& session);
    std::optional<SessionRecord> find(const Bytes& token_hash);
    void touch(const Bytes& token_hash, UnixMillis now);
    void remove(const Bytes& token_hash);
    // Drops sessions idle since before `idle_cutoff` or created before `absolute_cutoff`.
    int remove_expired(UnixMillis idle_cutoff, UnixMillis absolute_cutoff);

private:
    Database& db_;
};

} // namespace einblick::server
