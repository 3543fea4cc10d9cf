// `einblick verify` over database files and PostgreSQL schemas, run as the real executable. A
// small log is built through the real repositories (a checkpoint signed after every entry, as
// the server's one-second signer does while entries arrive), then copies of it are tampered
// with raw SQL as an attacker with write access to the database would (issue 11's six
// tamperings, tampered_log.hpp, and stronger variants). The intact copy must pass; each
// tampered copy must fail and name the entry.
//
// On the PostgreSQL registration (pg.verify, EINBLICK_TEST_PG_URL_FILE set) a "copy" is the
// same log written afresh into a schema of its own, `--db` gets that schema's URL, and each
// tampering has its PostgreSQL counterpart (the schemas differ: a row holds its citizen's
// pseudonym, a tree node is one key (its last leaf << 6 | level), no entry stores its own hash).
// What only a SQLite file has is the doctest suite "sqlite".
#include "child_process.hpp"
#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/crypto.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/pg/log_snapshot.hpp"
#include "einblick/server/pg_storage.hpp"
#include "einblick/server/retention_service.hpp"
#include "einblick/server/sqlite/access_log_repository.hpp"
#include "einblick/server/sqlite/checkpoint_repository.hpp"
#include "einblick/server/sqlite/identity_repository.hpp"
#include "einblick/server/sqlite/log_snapshot.hpp"
#include "older_schema.hpp"
#include "tampered_log.hpp"
#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <cstring>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

using namespace einblick::server;
using einblick::testing::run;
using einblick::testing::TestDatabase;

namespace {

constexpr int log_size = einblick::testing::tampered_log_size;

struct Outcome {
    int code = -1;
    std::string out;
    std::string err;
};

struct Signed {
    std::string key;
    std::string last_note;
    std::int64_t deleted = 0;
};

// Writes the log through a backend's repositories: the same entries, clock and key on both.
Signed write_log(AgencyRepository& agencies, AccessLogRepository& log, CheckpointRepository& store,
                 int backdated) {
    ManualClock clock(1'795'867'200'000);
    CheckpointService signer(log, store, NoteSigner("verify.test/log", Bytes(32, 7)), clock);
    const RowId agency = agencies.create("kba", "Kraftfahrt-Bundesamt");
    Signed made;
    for (int i = 1; i <= log_size; ++i) {
        NewLogEntry e = einblick::testing::tampered_log_entry(agency, i);
        if (i == backdated) {
            e.occurred_at = 1000;
        }
        log.append(std::vector{e});
        clock.advance(1000);
        made.last_note = signer.sign_current().note;
    }
    made.key = signer.verifier_key();
    if (backdated != 0) {
        ManualClock later(einblick::testing::tampered_log_entry(agency, 5).recorded_at + 500 +
                          86'400'000);
        made.deleted = RetentionService(log, later, 1).run_once();
    }
    return made;
}

// A log of 12 entries (every third a denied check), signed at every size. With `backdated`,
// that entry reports an access of 1970, and a retention of one day runs a day after entry 5
// was recorded: it deletes entries 1..5, by their time of recording.
class SignedLog {
public:
    explicit SignedLog(int backdated = 0) : backdated_(backdated) { db_ = write(db_file_); }

    // A copy of the intact log, to be tampered with: of the file on SQLite, the log written
    // afresh into a schema of its own on PostgreSQL. The `--db` argument.
    std::string copy(const std::string& name) {
        const std::string path = dir_.file(name + ".db");
        if (!einblick::testing::postgres_url_for_tests()) {
            std::filesystem::copy_file(db_file_, path);
            return path;
        }
        return write(path);
    }

    bool postgresql() const { return databases_.front()->postgresql(); }

    // Runs the tampering on the copy `db`: `sqlite_sql` on a file, `pg_sql` on a schema.
    void tamper(const std::string& db, const std::string& sqlite_sql,
                const std::string& pg_sql) const {
        if (!postgresql()) {
            einblick::testing::tamper(db, sqlite_sql);
            return;
        }
        for (const auto& database : databases_) {
            if (database->db() == db) {
                database->execute(pg_sql);
                return;
            }
        }
        FAIL("no copy of the log is " << db);
    }
    // The same SQL on both (what both schemas spell alike).
    void tamper(const std::string& db, const std::string& sql) const { tamper(db, sql, sql); }

    Outcome verify(const std::string& db, std::vector<std::string> more = {}) const {
        std::vector<std::string> args{"verify", "--db", db, "--key", signed_.key};
        args.insert(args.end(), more.begin(), more.end());
        Outcome outcome;
        outcome.code = run(args, &outcome.out, &outcome.err);
        return outcome;
    }

    const std::string& key() const { return signed_.key; }
    // The intact log's `--db` argument.
    const std::string& path() const { return db_; }
    // The newest checkpoint as a witness or a browser would have kept it.
    std::string saved_checkpoint() const {
        const std::string path = dir_.file("seen-checkpoint.txt");
        std::ofstream(path) << signed_.last_note;
        return path;
    }
    std::string file(const std::string& name) const { return dir_.file(name); }
    // Entries the retention run deleted (with `backdated` only).
    std::int64_t deleted() const { return signed_.deleted; }

private:
    // Writes the log into the file `path`, or into a new schema on PostgreSQL; returns the
    // `--db` argument.
    std::string write(const std::string& path) {
        auto& database = databases_.emplace_back(std::make_unique<TestDatabase>(path));
        if (database->postgresql()) {
            PgStorage storage(database->db(), 2);
            signed_ = write_log(storage.agencies, storage.log, storage.checkpoints, backdated_);
        } else {
            SqliteDatabase file(path);
            SqliteAgencyRepository agencies(file);
            SqliteAccessLogRepository log(file);
            SqliteCheckpointRepository store(file);
            signed_ = write_log(agencies, log, store, backdated_);
        }
        return database->db();
    }

    int backdated_ = 0;
    einblick::testing::TempDir dir_{"einblick-verify"};
    std::string db_file_ = dir_.file("log.db");
    std::vector<std::unique_ptr<TestDatabase>> databases_;
    Signed signed_;
    std::string db_;
};

// The stored entries of a schema, as verify reads them.
std::vector<SnapshotEntry> pg_entries(const std::string& url) {
    pg::Pool pool(url, 1);
    std::vector<SnapshotEntry> entries;
    PgLogSnapshot(pool).each_entry([&entries](const SnapshotEntry& e) {
        entries.push_back(e);
        return true;
    });
    return entries;
}

// Stores `hash` as entry `seq`'s own: the next entry's prev_hash, or the head's hash.
void pg_store_hash(pg::Connection& c, std::int64_t seq, const Bytes& hash) {
    const pg::Bytes bytes(hash.begin(), hash.end());
    if (c.execute("UPDATE access_log SET prev_hash = $1 WHERE seq = $2", {bytes, seq + 1})
            .affected_rows() == 0) {
        c.execute("UPDATE access_log_head SET last_hash = $1 WHERE last_seq = $2", {bytes, seq});
    }
}

// tampered_log.hpp's rehash_entry on a schema: entry `seq`'s own hash recomputed from its
// (changed) contents, nothing else.
void pg_rehash_entry(const std::string& url, std::int64_t seq) {
    pg::Connection c(url);
    for (const SnapshotEntry& e : pg_entries(url)) {
        if (e.seq == seq) {
            pg_store_hash(c, seq, sha256(canonical_log_encoding(e.facts, e.seq, e.prev_hash)));
        }
    }
}

// A tree node's key on PostgreSQL: the last leaf of its subtree << 6 | its level.
std::int64_t pg_node_key(std::int64_t level, std::int64_t index) {
    return ((((index + 1) << level) - 1) << 6) | level;
}

// tampered_log.hpp's rechain_from on a schema: every later hash, leaf, node and the head
// recomputed from entry `from` on (pg_node_key).
void pg_rechain_from(const std::string& url, std::int64_t from) {
    const std::vector<SnapshotEntry> entries = pg_entries(url);
    pg::Connection c(url);
    Bytes prev = entries.at(static_cast<std::size_t>(from - 2)).hash;
    for (const SnapshotEntry& e : entries) {
        if (e.seq < from) {
            continue;
        }
        const std::string canonical = canonical_log_encoding(e.facts, e.seq, prev);
        const einblick::merkle::Hash leaf = log_leaf_hash(canonical);
        c.execute("UPDATE access_log SET prev_hash = $1 WHERE seq = $2",
                  {pg::Bytes(prev.begin(), prev.end()), e.seq});
        c.execute("UPDATE log_tree_nodes SET hash = $1 WHERE node = $2",
                  {pg::Bytes(leaf.begin(), leaf.end()), (e.seq - 1) * 64});
        prev = sha256(canonical);
    }
    c.execute("UPDATE access_log_head SET last_hash = $1", {pg::Bytes(prev.begin(), prev.end())});
    for (std::int64_t level = 1; level < 4; ++level) {
        const pg::Result below = c.execute(
            "SELECT hash FROM log_tree_nodes WHERE node & 63 = $1 ORDER BY node", {level - 1});
        for (int i = 0; i + 1 < below.rows(); i += 2) {
            einblick::merkle::Hash left{};
            einblick::merkle::Hash right{};
            const pg::Bytes l = below.bytes(i, 0);
            const pg::Bytes r = below.bytes(i + 1, 0);
            std::memcpy(left.data(), l.data(), left.size());
            std::memcpy(right.data(), r.data(), right.size());
            const auto parent = einblick::merkle::node_hash(log_tree_sha256(), left, right);
            c.execute("UPDATE log_tree_nodes SET hash = $1 WHERE node = $2",
                      {pg::Bytes(parent.begin(), parent.end()), pg_node_key(level, i / 2)});
        }
    }
}

// rehash_entry and rechain_from on whichever backend `db` is.
void rehash_entry(const std::string& db, std::int64_t seq) {
    if (pg::is_postgresql_url(db)) {
        pg_rehash_entry(db, seq);
    } else {
        einblick::testing::rehash_entry(db, seq);
    }
}

void rechain_from(const std::string& db, std::int64_t from) {
    if (pg::is_postgresql_url(db)) {
        pg_rechain_from(db, from);
    } else {
        einblick::testing::rechain_from(db, from);
    }
}

bool says(const Outcome& outcome, const std::string& line_start) {
    return outcome.out.find("\n" + line_start) != std::string::npos ||
           outcome.out.rfind(line_start, 0) == 0;
}

void require_tampered(const Outcome& outcome) {
    INFO(outcome.out);
    CHECK(outcome.code == 1);
    CHECK(outcome.out.find("TAMPERED: ") != std::string::npos);
}

} // namespace

TEST_CASE("the intact log passes, read-only, and says what it checked") {
    SignedLog log;
    const std::string path = log.copy("intact");
    const Outcome outcome = log.verify(path);
    INFO(outcome.out, outcome.err);
    CHECK(outcome.code == 0);
    CHECK(says(outcome, "intact: 12 entries stored of 12, 10 tree nodes, 12 checkpoints "
                        "(newest verified: size 12)"));
}

TEST_CASE("the intact file is read read-only: no write, no lock, no journal" *
          doctest::test_suite("sqlite")) {
    SignedLog log;
    const std::string path = log.copy("intact");
    const auto before = std::filesystem::last_write_time(path);
    const Outcome outcome = log.verify(path);
    INFO(outcome.out, outcome.err);
    CHECK(outcome.code == 0);
    CHECK(std::filesystem::last_write_time(path) == before);
    for (const char* beside : {".lock", "-wal", "-shm"}) { // no lock taken, no journal made
        CHECK_FALSE(std::filesystem::exists(path + beside));
    }
}

TEST_CASE("a changed field is named by its entry") {
    SignedLog log;
    const std::string path = log.copy("field");
    log.tamper(path, "UPDATE access_log SET official = 'sb-9999' WHERE seq = 5");
    const Outcome outcome = log.verify(path);
    require_tampered(outcome);
    CHECK(says(outcome, "entry 5 (row 5): its stored hash is not the hash of its contents"));
    CHECK(says(outcome, "entry 5 (row 5): its leaf in the Merkle tree is not the hash"));
}

TEST_CASE("a denied check turned allowed is found, also with its own hash recomputed") {
    SignedLog log;
    const std::string allow_sqlite =
        "INSERT OR IGNORE INTO log_reasons (reason) VALUES ('allowed'); UPDATE access_log SET "
        "outcome = 0, reason = (SELECT code FROM log_reasons WHERE reason = 'allowed') "
        "WHERE seq = 3";
    const std::string allow_pg =
        "INSERT INTO log_reasons (reason) VALUES ('allowed') ON CONFLICT DO NOTHING; UPDATE "
        "access_log SET outcome = 0, reason = (SELECT code FROM log_reasons WHERE reason = "
        "'allowed') WHERE seq = 3";
    const std::string plain = log.copy("denied-plain");
    log.tamper(plain, allow_sqlite, allow_pg);
    const Outcome first = log.verify(plain);
    require_tampered(first);
    CHECK(says(first, "entry 3 (row 3): its stored hash is not the hash of its contents"));

    // The attacker recomputes the row's hash (stored as the next entry's prev_hash): the next
    // entry then no longer hashes to its own, and the leaves show both.
    const std::string rehashed = log.copy("denied-rehashed");
    log.tamper(rehashed, allow_sqlite, allow_pg);
    rehash_entry(rehashed, 3);
    const Outcome second = log.verify(rehashed);
    require_tampered(second);
    CHECK(says(second, "entry 3 (row 3): its leaf in the Merkle tree is not the hash"));
    CHECK(says(second, "entry 4 (row 4): its stored hash is not the hash of its contents"));
}

TEST_CASE("a deleted middle entry is named") {
    SignedLog log;
    const std::string path = log.copy("middle");
    log.tamper(path, "DELETE FROM access_log WHERE seq = 7");
    const Outcome outcome = log.verify(path);
    require_tampered(outcome);
    CHECK(says(outcome, "entry 7: missing between entry 6 and entry 8"));
}

TEST_CASE("a truncated tail with the head moved back is found by the tree and the "
          "checkpoints") {
    SignedLog log;
    const std::string path = log.copy("truncated");
    log.tamper(path, "UPDATE access_log_head SET last_seq = 9, "
                     "last_hash = (SELECT prev_hash FROM access_log WHERE seq = 10); "
                     "DELETE FROM access_log WHERE seq > 9");
    const Outcome outcome = log.verify(path);
    require_tampered(outcome);
    CHECK(says(outcome, "tree nodes (0, 9..11) over entries 10..12: stored, but not part of"));
    CHECK(says(outcome, "checkpoint 12: was signed for 12 entries, but the head says the log has "
                        "9: entries 10..12 were removed"));
}

TEST_CASE("a truncation that also removes the tree and checkpoints needs a checkpoint "
          "kept elsewhere") {
    SignedLog log;
    const std::string saved = log.saved_checkpoint();
    const std::string path = log.copy("truncated-thoroughly");
    log.tamper(path,
               "UPDATE access_log_head SET last_seq = 9, "
               "last_hash = (SELECT prev_hash FROM access_log WHERE seq = 10); "
               "DELETE FROM access_log WHERE seq > 9; "
               "DELETE FROM log_tree_nodes WHERE ((idx + 1) << level) > 9; "
               "DELETE FROM log_checkpoints WHERE size > 9",
               "UPDATE access_log_head SET last_seq = 9, "
               "last_hash = (SELECT prev_hash FROM access_log WHERE seq = 10); "
               "DELETE FROM access_log WHERE seq > 9; "
               "DELETE FROM log_tree_nodes WHERE node >> 6 >= 9; "
               "DELETE FROM log_checkpoints WHERE size > 9");
    // The database alone is consistent again: only a copy of a newer checkpoint shows it.
    CHECK(log.verify(path).code == 0);
    const Outcome outcome = log.verify(path, {"--checkpoint", saved});
    require_tampered(outcome);
    CHECK(says(outcome, "given checkpoint 1: was signed for 12 entries, but the head says the "
                        "log has 9: entries 10..12 were removed"));
}

TEST_CASE("a rewritten entry with every later hash and node recomputed is caught by the "
          "signature") {
    SignedLog log;
    const std::string path = log.copy("rewritten");
    log.tamper(path, "UPDATE access_log SET official = 'sb-9999' WHERE seq = 6");
    rechain_from(path, 6);
    const Outcome outcome = log.verify(path);
    require_tampered(outcome);
    CHECK(says(outcome, "checkpoint 6: the tree's root at size 6 is not the signed root: entry 6 "
                        "was changed after the checkpoint was signed"));
    CHECK(outcome.out.find("checkpoint 5:") == std::string::npos);
    // Nothing else: hashes, links and nodes agree with each other.
    CHECK(outcome.out.find("entry 6 (row 6)") == std::string::npos);

    // Deleting the checkpoints that cover it leaves only the older ones, which still match:
    // then a checkpoint kept elsewhere is needed.
    const std::string saved = log.saved_checkpoint();
    log.tamper(path, "DELETE FROM log_checkpoints WHERE size >= 6");
    const Outcome alone = log.verify(path);
    INFO(alone.out);
    CHECK(alone.code == 0);
    CHECK(says(alone, "note: entries 6..12: not yet covered by a signed checkpoint"));
    const Outcome given = log.verify(path, {"--checkpoint", saved});
    require_tampered(given);
    CHECK(says(given, "given checkpoint 1: the tree's root at size 12 is not the signed root: "
                      "one of entries 6..12 was changed"));
}

TEST_CASE("a bumped head shows as entries missing at the tail") {
    SignedLog log;
    const std::string path = log.copy("bumped");
    log.tamper(path, "UPDATE access_log_head SET last_seq = last_seq + 5");
    const Outcome outcome = log.verify(path);
    require_tampered(outcome);
    CHECK(says(outcome, "entries 13..17: missing at the tail: the head says the log has 17"));
    CHECK(says(outcome, "tree nodes (0, 12..16) over entries 13..17: missing from the tree"));
}

TEST_CASE("a deleted prefix whose leaves are kept is retention, and passes with a note") {
    SignedLog log;
    const std::string path = log.copy("prefix");
    log.tamper(path, "DELETE FROM access_log WHERE seq <= 4");
    const Outcome outcome = log.verify(path);
    INFO(outcome.out);
    CHECK(outcome.code == 0);
    CHECK(says(outcome, "note: entries 1..4: not stored (deleted by retention)"));

    const std::string leafless = log.copy("prefix-without-leaves");
    log.tamper(leafless,
               "DELETE FROM access_log WHERE seq <= 4; "
               "DELETE FROM log_tree_nodes WHERE level = 0 AND idx < 4",
               "DELETE FROM access_log WHERE seq <= 4; "
               "DELETE FROM log_tree_nodes WHERE node & 63 = 0 AND node >> 6 < 4");
    const Outcome without = log.verify(leafless);
    require_tampered(without);
    CHECK(says(without, "tree nodes (0, 0..3) over entries 1..4: missing from the tree"));
}

TEST_CASE("retention deletes a prefix by time of recording: a backdated entry leaves no hole") {
    // Entry 8 claims to have happened in 1970. Retention counts from the time of recording
    // (issue 11 item 8), so it keeps entry 8 with its neighbours and deletes the oldest five.
    SignedLog log(8);
    CHECK(log.deleted() == 5);
    const Outcome outcome = log.verify(log.copy("retained"));
    INFO(outcome.out);
    CHECK(outcome.code == 0);
    CHECK(says(outcome, "note: entries 1..5: not stored (deleted by retention)"));
    CHECK(outcome.out.find("missing") == std::string::npos);
}

TEST_CASE("a stored value that is no value of its column is named, not defaulted") {
    SignedLog log;
    const std::string path = log.copy("bogus-kind");
    log.tamper(path,
               "PRAGMA ignore_check_constraints = ON; "
               "UPDATE access_log SET kind = 7 WHERE seq = 2",
               "ALTER TABLE access_log DROP CONSTRAINT access_log_kind_check; "
               "UPDATE access_log SET kind = 7 WHERE seq = 2");
    const Outcome outcome = log.verify(path);
    require_tampered(outcome);
    CHECK(says(outcome, "entry 2 (row 2): kind holds '7', which is not one of its values"));
}

TEST_CASE("an entry whose citizen's number names no pseudonym is named" *
          doctest::test_suite("sqlite")) {
    // Only SQLite's entries refer to their citizen by a number into log_citizens.
    SignedLog log;
    const std::string orphaned = log.copy("no-citizen");
    log.tamper(orphaned, "DELETE FROM log_citizens WHERE id = "
                         "(SELECT citizen_id FROM access_log WHERE seq = 3)");
    const Outcome outcome = log.verify(orphaned);
    require_tampered(outcome);
    CHECK(says(outcome, "entry 3 (row 3): citizen_pseudonym holds NULL, not text"));
}

TEST_CASE("an entry moved to another citizen is named") {
    // Pointing an entry at another citizen changes what its hash covers.
    SignedLog log;
    const std::string moved = log.copy("other-citizen");
    log.tamper(moved,
               "INSERT INTO log_citizens (pseudonym) VALUES ('someone-else'); "
               "UPDATE access_log SET citizen_id = last_insert_rowid() WHERE seq = 4",
               "UPDATE access_log SET citizen_pseudonym = 'someone-else' WHERE seq = 4");
    const Outcome moved_outcome = log.verify(moved);
    require_tampered(moved_outcome);
    CHECK(says(moved_outcome, "entry 4"));
}

TEST_CASE("forged and deleted checkpoints") {
    SignedLog log;
    const std::string forged = log.copy("forged");
    log.tamper(forged, "UPDATE log_checkpoints SET note = replace(note, '\n8\n', '\n7\n') "
                       "WHERE size = 8");
    const Outcome outcome = log.verify(forged);
    require_tampered(outcome);
    CHECK(says(outcome, "checkpoint 8: carries no valid signature of the key verify.test/log"));

    const std::string none = log.copy("no-checkpoints");
    log.tamper(none, "DELETE FROM log_checkpoints");
    const Outcome unsigned_log = log.verify(none);
    require_tampered(unsigned_log);
    CHECK(says(unsigned_log, "checkpoints: none is signed by verify.test/log"));
}

TEST_CASE("a file of an older schema is refused with the step that upgrades it" *
          doctest::test_suite("sqlite")) {
    // verify reads the latest schema's tables and never migrates: a file the server has not
    // opened since an upgrade is named with its version, not read wrongly.
    SignedLog log;
    const std::string older = log.copy("schema-12");
    {
        SQLite::Database raw(older, SQLite::OPEN_READWRITE);
        einblick::testing::undo_tree_by_last_leaf(raw);
        raw.exec("PRAGMA user_version = 12");
    }
    const Outcome outcome = log.verify(older);
    INFO(outcome.err);
    CHECK(outcome.code == 2);
    CHECK(outcome.err.find("schema version 12, older than this build's") != std::string::npos);
    CHECK(outcome.err.find("start this version's server on it once") != std::string::npos);
    CHECK(log.verify(log.path()).code == 0);
}

TEST_CASE("usage and unreadable input exit 2 with one error line" * doctest::test_suite("sqlite")) {
    SignedLog log;
    struct Case {
        std::vector<std::string> args;
        std::string mentions;
    };
    const std::string seed_file = log.file("seed");
    std::ofstream(seed_file) << std::string(64, 'a') << '\n';
    const std::string key_file = log.file("key.vkey");
    std::ofstream(key_file) << log.key() << '\n';
    const std::vector<Case> cases{
        {{"verify", "--db", log.file("missing.db"), "--key", log.key()}, "missing.db"},
        {{"verify", "--db", log.path(), "--key", "not-a-key"}, "--key"},
        {{"verify", "--db", log.path(), "--key", seed_file}, "secret signing key"},
        {{"verify", "--db", seed_file, "--key", log.key()}, "cannot read"},
        {{"verify", "--key", log.key()}, "--db"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.mentions);
        std::string out;
        std::string err;
        CHECK(run(c.args, &out, &err) == 2);
        const auto error_line = err.find("einblick: error: ");
        REQUIRE(error_line != std::string::npos);
        CHECK(err.find("einblick: error: ", error_line + 1) == std::string::npos);
        CHECK(err.find(c.mentions) != std::string::npos);
    }
    // A key given as a file works like the text.
    std::string out;
    CHECK(run({"verify", "--db", log.path(), "--key", key_file}, &out) == 0);
}

TEST_CASE("a schema of another version is refused with the step that upgrades it" *
          doctest::test_suite("postgresql")) {
    // As on a file: verify reads the latest schema's tables and never migrates.
    SignedLog log;
    const std::string older = log.copy("older");
    log.tamper(older, "",
               "DELETE FROM schema_version WHERE version = (SELECT max(version) FROM "
               "schema_version)");
    const Outcome outcome = log.verify(older);
    INFO(outcome.out, outcome.err);
    CHECK(outcome.code == 2);
    CHECK(outcome.err.find("run this version's `einblick migrate` on it first") !=
          std::string::npos);
    CHECK(log.verify(log.path()).code == 0);
}

TEST_CASE("a database that cannot be reached exits 2 with one error line and no password" *
          doctest::test_suite("postgresql")) {
    SignedLog log;
    std::string out;
    std::string err;
    CHECK(run({"verify", "--db", "postgresql://auditor:s3cret@127.0.0.1:1/einblick", "--key",
               log.key()},
              &out, &err) == 2);
    INFO(err);
    CHECK(err.rfind("einblick: error: cannot connect to PostgreSQL at "
                    "postgresql://auditor:***@127.0.0.1:1/einblick",
                    0) == 0);
    CHECK(err.find("s3cret") == std::string::npos);
    CHECK(out.find("s3cret") == std::string::npos);
}
