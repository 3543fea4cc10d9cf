#include "einblick/server/sqlite/migrations.hpp"

#include "einblick/server/sqlite/access_log_repository.hpp"

#include <SQLiteCpp/Transaction.h>
#include <array>
#include <einblick/server/schema_steps.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace einblick::server::sqlite {
namespace {

// The SQL of every step of the shared list (einblick/server/schema_steps.hpp), from step 1.
// Append new steps at the end; never edit one that has shipped.
constexpr std::array migrations{
    Migration{1, R"sql(
CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL
);

-- Keys are 256-bit random; only their SHA-256 is stored.
CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY,
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    key_hash    BLOB NOT NULL UNIQUE,
    label       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX api_keys_by_agency ON api_keys (agency_id);

-- Citizens carry a sector pseudonym; DPOs may be scoped to one agency (NULL: all);
-- agency staff always belong to one agency.
CREATE TABLE accounts (
    id                INTEGER PRIMARY KEY,
    username          TEXT NOT NULL UNIQUE,
    password_hash     TEXT NOT NULL,
    display_name      TEXT NOT NULL,
    role              TEXT NOT NULL CHECK (role IN ('citizen', 'dpo', 'agency')),
    citizen_pseudonym TEXT UNIQUE,
    agency_id         INTEGER REFERENCES agencies(id),
    created_at        INTEGER NOT NULL,
    CHECK ((role = 'citizen') = (citizen_pseudonym IS NOT NULL)),
    CHECK (role <> 'agency' OR agency_id IS NOT NULL),
    CHECK (role <> 'citizen' OR agency_id IS NULL)
);

-- Only a hash of the session id is stored: a copy of the database logs nobody in.
CREATE TABLE sessions (
    token_hash    BLOB PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_account ON sessions (account_id);
)sql"},

    Migration{2, R"sql(
CREATE TABLE purposes (
    id          INTEGER PRIMARY KEY,
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    created_at  INTEGER NOT NULL
);
CREATE INDEX purposes_by_agency ON purposes (agency_id);

-- Every change is a new version. At most one version of a purpose is in force (approved).
CREATE TABLE purpose_versions (
    id               INTEGER PRIMARY KEY,
    purpose_id       INTEGER NOT NULL REFERENCES purposes(id),
    version          INTEGER NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL,
    legal_basis      TEXT NOT NULL,
    gdpr_basis       TEXT NOT NULL,
    data_categories  TEXT NOT NULL,
    source_registers TEXT NOT NULL,
    recipients       TEXT NOT NULL,
    retention_days   INTEGER NOT NULL CHECK (retention_days > 0),
    status           TEXT NOT NULL
        CHECK (status IN ('proposed', 'approved', 'rejected', 'superseded', 'retired')),
    proposed_at      INTEGER NOT NULL,
    decided_at       INTEGER,
    decided_by       INTEGER REFERENCES accounts(id),
    decision_reason  TEXT,
    UNIQUE (purpose_id, version)
);
CREATE UNIQUE INDEX purpose_versions_in_force
    ON purpose_versions (purpose_id) WHERE status = 'approved';
CREATE INDEX purpose_versions_by_status ON purpose_versions (status, purpose_id);
)sql"},

    Migration{3, R"sql(
-- Rows are never deleted or rewritten, except that withdrawn_at is set once: the history.
CREATE TABLE consents (
    id                 INTEGER PRIMARY KEY,
    citizen_pseudonym  TEXT NOT NULL,
    purpose_id         INTEGER NOT NULL REFERENCES purposes(id),
    purpose_version_id INTEGER NOT NULL REFERENCES purpose_versions(id),
    granted_at         INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL,
    withdrawn_at       INTEGER,
    CHECK (expires_at > granted_at)
);
CREATE INDEX consents_by_citizen ON consents (citizen_pseudonym, purpose_id, granted_at DESC);
)sql"},

    Migration{4, R"sql(
-- One row per access check or access. seq is gapless; hash is SHA-256 over a canonical
-- encoding of the row including prev_hash (the hash of the row with seq - 1).
-- purpose_id has no foreign key: a denied check may name a purpose that does not exist.
CREATE TABLE access_log (
    id                 INTEGER PRIMARY KEY,
    seq                INTEGER NOT NULL UNIQUE,
    kind               TEXT NOT NULL CHECK (kind IN ('check', 'access')),
    outcome            TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied')),
    reason             TEXT NOT NULL,
    citizen_pseudonym  TEXT NOT NULL,
    agency_id          INTEGER NOT NULL REFERENCES agencies(id),
    purpose_id         INTEGER,
    purpose_version_id INTEGER REFERENCES purpose_versions(id),
    register           TEXT NOT NULL,
    data_categories    TEXT NOT NULL,
    legal_basis        TEXT NOT NULL,
    consent_id         INTEGER REFERENCES consents(id),
    official           TEXT,
    correlation_id     TEXT,
    occurred_at        INTEGER NOT NULL,
    recorded_at        INTEGER NOT NULL,
    idempotency_key    TEXT,
    request_hash       BLOB,
    prev_hash          BLOB NOT NULL,
    hash               BLOB NOT NULL
);
CREATE INDEX access_log_by_citizen ON access_log (citizen_pseudonym, occurred_at DESC, id DESC);
CREATE UNIQUE INDEX access_log_idempotency
    ON access_log (agency_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX access_log_by_time ON access_log (occurred_at);
CREATE INDEX access_log_by_agency_time ON access_log (agency_id, occurred_at);

-- The last sequence number and hash handed out; survives retention deleting old rows.
CREATE TABLE access_log_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq  INTEGER NOT NULL,
    last_hash BLOB NOT NULL
);
INSERT INTO access_log_head (id, last_seq, last_hash) VALUES (1, 0, zeroblob(32));
)sql"},

    Migration{5, R"sql(
-- event_id has no foreign key: the event may be deleted by retention, the objection stays.
CREATE TABLE objections (
    id                    INTEGER PRIMARY KEY,
    citizen_pseudonym     TEXT NOT NULL,
    agency_id             INTEGER NOT NULL REFERENCES agencies(id),
    purpose_id            INTEGER NOT NULL REFERENCES purposes(id),
    event_id              INTEGER,
    reason                TEXT NOT NULL,
    restriction_requested INTEGER NOT NULL DEFAULT 0,
    status                TEXT NOT NULL CHECK (status IN ('pending', 'upheld', 'rejected')),
    received_at           INTEGER NOT NULL,
    original_due_at       INTEGER NOT NULL,
    due_at                INTEGER NOT NULL,
    extension_reason      TEXT,
    decided_at            INTEGER,
    decided_by            INTEGER REFERENCES accounts(id),
    decision_reason       TEXT,
    revision              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX objections_queue ON objections (status, due_at);
CREATE INDEX objections_queue_by_agency ON objections (agency_id, status, due_at);
CREATE INDEX objections_by_citizen ON objections (citizen_pseudonym, purpose_id, status);
)sql"},

    Migration{6, R"sql(
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    occurred_at  INTEGER NOT NULL,
    actor_role   TEXT NOT NULL CHECK (actor_role IN ('citizen', 'dpo', 'agency', 'system')),
    actor_id     INTEGER,
    action       TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id   INTEGER,
    details      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_by_time ON audit_log (occurred_at);

CREATE TABLE retention_runs (
    id            INTEGER PRIMARY KEY,
    ran_at        INTEGER NOT NULL,
    cutoff        INTEGER NOT NULL,
    deleted_count INTEGER NOT NULL
);
)sql"},

    Migration{7, R"sql(
-- A key names one request to one endpoint: the endpoint's path below /api/v1
-- ('access-checks', 'access-events', 'access-events/batch'), and for a batch each event's
-- position, all events sharing the key as sent. Before, a batch's events were stored under
-- "<key>#<position>" and no endpoint was recorded, so a key replayed across endpoints.
-- Rows from before keep their key and get position 0; only checks are known to come from
-- /access-checks, every other old row keeps no endpoint and matches any, as it did.
ALTER TABLE access_log ADD COLUMN idempotency_scope TEXT
    CHECK (idempotency_scope IN ('access-checks', 'access-events', 'access-events/batch'));
ALTER TABLE access_log ADD COLUMN idempotency_item INTEGER;
UPDATE access_log SET idempotency_item = 0 WHERE idempotency_key IS NOT NULL;
UPDATE access_log SET idempotency_scope = 'access-checks'
    WHERE idempotency_key IS NOT NULL AND kind = 'check';
DROP INDEX access_log_idempotency;
CREATE UNIQUE INDEX access_log_idempotency
    ON access_log (agency_id, idempotency_key, idempotency_item)
    WHERE idempotency_key IS NOT NULL;
)sql"},
    Migration{8, R"sql(
-- Node (level, idx) is the root of the entries with seq - 1 in [idx * 2^level, (idx + 1) *
-- 2^level). Written with each entry, never changed, and kept when retention deletes the
-- entries' rows, so that proofs for later entries stay valid. The step after this SQL builds
-- the nodes of the entries stored before.
CREATE TABLE log_tree_nodes (
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 62),
    idx   INTEGER NOT NULL CHECK (idx >= 0),
    hash  BLOB    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;
)sql",
              build_log_tree},
    Migration{9, R"sql(
CREATE TABLE log_checkpoints (
    size      INTEGER PRIMARY KEY CHECK (size >= 0),
    root      BLOB    NOT NULL CHECK (length(root) = 32),
    note      TEXT    NOT NULL,
    signed_at INTEGER NOT NULL
);
)sql"},
    Migration{10, R"sql(
-- A witness (docs/TRANSPARENCY.md) checked that the checkpoint of `size` extends the last one
-- it saw and signed its text with its own key: `signature_line` is that signed-note line,
-- served after the log's own signature. The server keeps only lines it verified.
CREATE TABLE log_cosignatures (
    size           INTEGER NOT NULL REFERENCES log_checkpoints (size),
    witness        TEXT    NOT NULL,
    signature_line TEXT    NOT NULL,
    received_at    INTEGER NOT NULL,
    PRIMARY KEY (size, witness)
) WITHOUT ROWID;
)sql"},
    Migration{11, R"sql(
-- A DPO's weekly volumes per agency (StatisticsService::agency_volume) counted 13 weeks of the
-- log at every read: 4.8 s at 10 M entries. The writer now adds every access to the count of
-- its agency and its hour ((occurred_at - 1) / 3,600,000, UTC: hour h holds the instants after
-- h hours and up to h + 1 hours), in the transaction that stores it.
-- Retention deletes rows of the log, not their counts. Counts exist for the hours from
-- `counts_from_hour` on (in access_log_head): this migration counts the last 14 weeks of the
-- log (the volumes look 13 back), through the time index, and earlier hours are counted from
-- the log itself, should they ever be asked for.
CREATE TABLE access_counts_hourly (
    hour      INTEGER NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    accesses  INTEGER NOT NULL CHECK (accesses > 0),
    PRIMARY KEY (hour, agency_id)
) WITHOUT ROWID;
ALTER TABLE access_log_head ADD COLUMN counts_from_hour INTEGER NOT NULL DEFAULT 0;
UPDATE access_log_head
    SET counts_from_hour = max(0, CAST(unixepoch('now') / 3600 AS INTEGER) - 14 * 168);
INSERT INTO access_counts_hourly (hour, agency_id, accesses)
    SELECT (occurred_at - 1) / 3600000, agency_id, count(*)
    FROM access_log INDEXED BY access_log_by_time
    WHERE occurred_at > (SELECT counts_from_hour FROM access_log_head) * 3600000
      AND kind = 'access'
    GROUP BY (occurred_at - 1) / 3600000, agency_id;
)sql"},
    Migration{12, R"sql(
-- Every row and the citizen index carried the 64-character pseudonym, and every row the words
-- of its kind, outcome and reason: about 180 of the 480 bytes an entry took at 10 M entries
-- (BENCHMARKS.md). Now
-- - log_citizens holds each pseudonym once, and a row refers to it by number;
-- - log_reasons holds each reason's word once (the writer adds a reason it has not stored);
-- - kind is 0 for 'check' and 1 for 'access', outcome 0 for 'allowed' and 1 for 'denied'
--   (SQLite stores 0 and 1 in no bytes at all);
-- - an entry's hash is no longer stored in its row: it is the next entry's prev_hash, and the
--   newest entry's is the head's last_hash (a changed entry still fails to hash to it).
-- The canonical encoding the hashes cover still holds the words and the pseudonym, so no hash
-- changes. Retention deletes a citizen's number with the citizen's last entry. The table is
-- rebuilt (SQLite cannot change a column's type): once, and minutes at 10 M entries; the file
-- keeps the old table's pages as free pages until a VACUUM.
CREATE TABLE log_citizens (
    id        INTEGER PRIMARY KEY,
    pseudonym TEXT NOT NULL UNIQUE
);
INSERT INTO log_citizens (pseudonym)
    SELECT DISTINCT citizen_pseudonym FROM access_log ORDER BY citizen_pseudonym;
CREATE TABLE log_reasons (
    code   INTEGER PRIMARY KEY,
    reason TEXT NOT NULL UNIQUE
);
INSERT INTO log_reasons (reason) SELECT DISTINCT reason FROM access_log ORDER BY reason;
CREATE TABLE access_log_by_number (
    id                 INTEGER PRIMARY KEY,
    seq                INTEGER NOT NULL UNIQUE,
    kind               INTEGER NOT NULL CHECK (kind IN (0, 1)),
    outcome            INTEGER NOT NULL CHECK (outcome IN (0, 1)),
    reason             INTEGER NOT NULL REFERENCES log_reasons(code),
    citizen_id         INTEGER NOT NULL REFERENCES log_citizens(id),
    agency_id          INTEGER NOT NULL REFERENCES agencies(id),
    purpose_id         INTEGER,
    purpose_version_id INTEGER REFERENCES purpose_versions(id),
    register           TEXT NOT NULL,
    data_categories    TEXT NOT NULL,
    legal_basis        TEXT NOT NULL,
    consent_id         INTEGER REFERENCES consents(id),
    official           TEXT,
    correlation_id     TEXT,
    occurred_at        INTEGER NOT NULL,
    recorded_at        INTEGER NOT NULL,
    idempotency_key    TEXT,
    request_hash       BLOB,
    prev_hash          BLOB NOT NULL,
    idempotency_scope  TEXT
        CHECK (idempotency_scope IN ('access-checks', 'access-events', 'access-events/batch')),
    idempotency_item   INTEGER
);
INSERT INTO access_log_by_number
    SELECT l.id, l.seq, l.kind = 'access', l.outcome = 'denied', r.code, c.id, l.agency_id,
           l.purpose_id,
           l.purpose_version_id, l.register, l.data_categories, l.legal_basis, l.consent_id,
           l.official, l.correlation_id, l.occurred_at, l.recorded_at, l.idempotency_key,
           l.request_hash, l.prev_hash, l.idempotency_scope, l.idempotency_item
    FROM access_log l CROSS JOIN log_citizens c CROSS JOIN log_reasons r -- the log in rowid
    WHERE c.pseudonym = l.citizen_pseudonym AND r.reason = l.reason      -- order, the rest by index
    ORDER BY l.id;
DROP TABLE access_log;
ALTER TABLE access_log_by_number RENAME TO access_log;
CREATE INDEX access_log_by_citizen ON access_log (citizen_id, occurred_at DESC, id DESC);
CREATE UNIQUE INDEX access_log_idempotency
    ON access_log (agency_id, idempotency_key, idempotency_item)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX access_log_by_time ON access_log (occurred_at);
CREATE INDEX access_log_by_agency_time ON access_log (agency_id, occurred_at);
)sql"},
    Migration{13, R"sql(
-- Keyed by (level, idx), the nodes one append completes lay on as many pages as they have
-- levels: 2.8 of the 10.3 pages a single entry's commit wrote at 10 M entries (BENCHMARKS.md).
-- A node is complete when its last leaf (the entry's seq - 1) is appended, so numbered by
-- that leaf and then its level, node = ends_at * 64 + level, an append's nodes are neighbours
-- at the table's end. The number is the rowid: SQLite appends to a rowid table by starting a
-- new page when the last is full, where a keyed (WITHOUT ROWID) table rebalances the last
-- three pages and their parent every few appends. level, ends_at and idx read as columns.
CREATE TABLE log_tree_nodes_by_end (
    node    INTEGER PRIMARY KEY,
    hash    BLOB NOT NULL CHECK (length(hash) = 32),
    level   INTEGER GENERATED ALWAYS AS (node & 63) VIRTUAL,
    ends_at INTEGER GENERATED ALWAYS AS (node >> 6) VIRTUAL,
    idx     INTEGER GENERATED ALWAYS AS ((((node >> 6) + 1) >> (node & 63)) - 1) VIRTUAL,
    -- a level of at most 62, and the last leaf of a whole subtree of that level
    CHECK (node >= 0 AND (node & 63) <= 62
           AND (((node >> 6) + 1) & ((1 << (node & 63)) - 1)) = 0)
);
INSERT INTO log_tree_nodes_by_end (node, hash)
    SELECT ((((idx + 1) << level) - 1) << 6) | level, hash FROM log_tree_nodes ORDER BY 1;
DROP TABLE log_tree_nodes;
ALTER TABLE log_tree_nodes_by_end RENAME TO log_tree_nodes;
)sql"},
};

std::vector<int> migration_versions() {
    std::vector<int> versions;
    for (const Migration& migration : migrations) {
        versions.push_back(migration.version);
    }
    return versions;
}

} // namespace

std::span<const Migration> all_migrations() {
    return migrations;
}

int latest_schema_version() {
    return server::latest_schema_version();
}

void refuse_newer_schema(int version) {
    server::refuse_newer_schema(version);
}

void migrate(SqliteConnection& connection) {
    require_every_step("SQLite", migration_versions());
    const int current = connection.execAndGet("PRAGMA user_version").getInt();
    refuse_newer_schema(current);
    for (const Migration& migration : migrations) {
        if (migration.version <= current) {
            continue;
        }
        SQLite::Transaction transaction(connection);
        connection.exec(std::string(migration.sql));
        if (migration.then) {
            migration.then(connection);
        }
        connection.exec("PRAGMA user_version = " + std::to_string(migration.version));
        transaction.commit();
    }
}

} // namespace einblick::server::sqlite
