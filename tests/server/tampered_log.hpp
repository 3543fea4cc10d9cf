#pragma once
// Issue 11's six tamperings of a stored access log, made with raw SQL on the database file as an
// attacker with write access to it would. Shared by the tests of `einblick verify`
// (verify_test.cpp) and of the running server's integrity check (log_integrity_test.cpp), so
// both face the very same attacks.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/checkpoint_repository.hpp"
#include "einblick/server/identity_repository.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace einblick::testing {

// The tampered logs hold this many entries, each signed as a checkpoint after it was appended
// (as the server's one-second signer does while entries arrive).
inline constexpr int tampered_log_size = 12;

// Entry `i` (1-based) of such a log: every third a denied check.
server::NewLogEntry tampered_log_entry(server::RowId agency, int i);

// Writes such a log into a new database file through the real repositories, signed with the
// Ed25519 key of `seed` (32 bytes) under `origin`; returns the verifier key text.
std::string write_signed_log(const std::string& path, const std::string& origin,
                             const server::Bytes& seed);
// The same log through any backend's repositories (PgStorage's, for a PostgreSQL schema).
std::string write_signed_log(server::AgencyRepository& agencies, server::AccessLogRepository& log,
                             server::CheckpointRepository& store, const std::string& origin,
                             const server::Bytes& seed);

// Runs `sql` on the file through a connection of its own.
void tamper(const std::string& path, const std::string& sql);

// Recomputes entry `seq`'s own stored hash from its (changed) contents, nothing else.
void rehash_entry(const std::string& path, std::int64_t seq);

// The later entries' prev_hash and hash, their leaves, every node above, and the head,
// recomputed from entry `from` on, as an attacker who knows the format would (for a log of
// tampered_log_size entries).
void rechain_from(const std::string& path, std::int64_t from);

struct Tampering {
    std::string name;
    std::function<void(const std::string& path)> apply;
};

// The six, on a log of tampered_log_size entries:
//   "changed field"          official of entry 5 changed
//   "denied made allowed"    entry 3 (a denied check) made allowed, its own hash recomputed
//   "deleted middle"         entry 7 deleted
//   "truncated tail"         entries 10..12 deleted, the head moved back to 9
//   "rewritten and rechained" entry 6 changed, every later hash, leaf, node and the head
//                            recomputed
//   "bumped head"            the head moved on by 5 entries that do not exist
const std::vector<Tampering>& six_tamperings();

} // namespace einblick::testing
