#include "einblick/server/migrations.hpp"

#include <array>
#include <stdexcept>
#include <string>

#include <SQLiteCpp/Transaction.h>

namespace einblick::server {
namespace {

// Append new migrations at the end; never edit one that has shipped.
constexpr std::array migrations{
    Migration{1, "agencies, accounts, sessions, access events", R"sql(
CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL
);

CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY,
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    key_hash    BLOB NOT NULL UNIQUE,
    label       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

CREATE TABLE accounts (
    id                INTEGER PRIMARY KEY,
    username          TEXT NOT NULL UNIQUE,
    password_hash     TEXT NOT NULL,
    display_name      TEXT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('citizen', 'dpo')),
    citizen_pseudonym TEXT,
    agency_id         INTEGER REFERENCES agencies(id),
    created_at        INTEGER NOT NULL,
    CHECK ((role = 'citizen') = (citizen_pseudonym IS NOT NULL))
);

-- Only a hash of the session id is stored: a copy of the database does not log anyone in.
CREATE TABLE sessions (
    token_hash    BLOB PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_account ON sessions (account_id);

-- The citizen is known only by the sector pseudonym; data categories are a JSON array of codes.
CREATE TABLE access_events (
    id                INTEGER PRIMARY KEY,
    citizen_pseudonym TEXT NOT NULL,
    agency_id         INTEGER NOT NULL REFERENCES agencies(id),
    purpose           TEXT NOT NULL,
    legal_basis       TEXT NOT NULL,
    data_categories   TEXT NOT NULL,
    occurred_at       INTEGER NOT NULL,
    recorded_at       INTEGER NOT NULL
);
CREATE INDEX access_events_by_citizen
    ON access_events (citizen_pseudonym, occurred_at DESC, id DESC);
)sql"},
};

} // namespace

std::span<const Migration> all_migrations() { return migrations; }

int latest_schema_version() { return migrations.back().version; }

void migrate(SQLite::Database& connection) {
    const int current = connection.execAndGet("PRAGMA user_version").getInt();
    if (current > latest_schema_version()) {
        throw std::runtime_error("database schema version " + std::to_string(current) +
                                 " is newer than this build supports (" +
                                 std::to_string(latest_schema_version()) + ")");
    }
    for (const Migration& migration : migrations) {
        if (migration.version <= current) {
            continue;
        }
        SQLite::Transaction transaction(connection);
        connection.exec(std::string(migration.sql));
        connection.exec("PRAGMA user_version = " + std::to_string(migration.version));
        transaction.commit();
    }
}

} // namespace einblick::server
