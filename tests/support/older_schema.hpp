#pragma once
// Turns a database written by this build back into the shape of an older schema, so that a
// test can store a log the way an older Einblick did and then open it with this build, which
// migrates it. Each step undoes one migration's change to the tables; the caller sets
// `PRAGMA user_version` to the version it reached.

#include <SQLiteCpp/Database.h>

namespace einblick::testing {

// Undoes migration 13: the tree's nodes are keyed by (level, idx) again (schema 12).
void undo_tree_by_last_leaf(SQLite::Database& db);

// Undoes migration 12: the log names each citizen by pseudonym and its kind, outcome and
// reason by word again, and each row holds its own hash (schema 11).
void undo_log_numbers(SQLite::Database& db);

} // namespace einblick::testing
