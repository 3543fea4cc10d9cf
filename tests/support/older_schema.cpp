#include "older_schema.hpp"

namespace einblick::testing {

void undo_tree_by_last_leaf(SQLite::Database& db) {
    // The table as migration 8 made it, filled from the current one.
    db.exec(R"sql(
CREATE TABLE log_tree_nodes_by_level (
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 62),
    idx   INTEGER NOT NULL CHECK (idx >= 0),
    hash  BLOB    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;
INSERT INTO log_tree_nodes_by_level (level, idx, hash) SELECT level, idx, hash FROM log_tree_nodes;
DROP TABLE log_tree_nodes;
ALTER TABLE log_tree_nodes_by_level RENAME TO log_tree_nodes;
)sql");
}

void undo_log_numbers(SQLite::Database& db) {
    // The table as migrations 4 and 7 left it, filled from the current one.
    db.exec(R"sql(
CREATE TABLE access_log_by_pseudonym (
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
    hash               BLOB NOT NULL,
    idempotency_scope  TEXT
        CHECK (idempotency_scope IN ('access-checks', 'access-events', 'access-events/batch')),
    idempotency_item   INTEGER
);
INSERT INTO access_log_by_pseudonym
    SELECT l.id, l.seq, CASE l.kind WHEN 0 THEN 'check' ELSE 'access' END,
           CASE l.outcome WHEN 0 THEN 'allowed' ELSE 'denied' END, r.reason, c.pseudonym,
           l.agency_id, l.purpose_id,
           l.purpose_version_id, l.register, l.data_categories, l.legal_basis, l.consent_id,
           l.official, l.correlation_id, l.occurred_at, l.recorded_at, l.idempotency_key,
           l.request_hash, l.prev_hash,
           coalesce((SELECT nx.prev_hash FROM access_log nx WHERE nx.seq = l.seq + 1),
                    (SELECT h.last_hash FROM access_log_head h WHERE h.last_seq = l.seq)),
           l.idempotency_scope, l.idempotency_item
    FROM access_log l JOIN log_citizens c ON c.id = l.citizen_id
    JOIN log_reasons r ON r.code = l.reason;
DROP TABLE access_log;
DROP TABLE log_citizens;
DROP TABLE log_reasons;
ALTER TABLE access_log_by_pseudonym RENAME TO access_log;
CREATE INDEX access_log_by_citizen ON access_log (citizen_pseudonym, occurred_at DESC, id DESC);
CREATE UNIQUE INDEX access_log_idempotency
    ON access_log (agency_id, idempotency_key, idempotency_item)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX access_log_by_time ON access_log (occurred_at);
CREATE INDEX access_log_by_agency_time ON access_log (agency_id, occurred_at);
)sql");
}

} // namespace einblick::testing
