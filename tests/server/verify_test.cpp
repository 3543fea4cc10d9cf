// `einblick verify` over database files, run as the real executable. A small log is built through
// the real repositories (a checkpoint signed after every entry, as the server's one-second
// signer does while entries arrive), then copies of the file are tampered with raw SQL as an
// attacker with write access to the file would (issue 11's six tamperings, tampered_log.hpp,
// and stronger variants). The intact copy must pass; each tampered copy must fail and name the
// entry.
#include "child_process.hpp"
#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/crypto.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/retention_service.hpp"
#include "einblick/server/sqlite/access_log_repository.hpp"
#include "einblick/server/sqlite/checkpoint_repository.hpp"
#include "einblick/server/sqlite/identity_repository.hpp"
#include "einblick/server/sqlite/log_snapshot.hpp"
#include "older_schema.hpp"
#include "tampered_log.hpp"
#include "temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <cstring>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace einblick::server;
using einblick::testing::rechain_from;
using einblick::testing::rehash_entry;
using einblick::testing::run;
using einblick::testing::tamper;

namespace {

constexpr int log_size = einblick::testing::tampered_log_size;

struct Outcome {
    int code = -1;
    std::string out;
    std::string err;
};

// A log of 12 entries (every third a denied check), signed at every size. With `backdated`,
// that entry reports an access of 1970, and a retention of one day runs a day after entry 5
// was recorded: it deletes entries 1..5, by their time of recording.
class SignedLog {
public:
    explicit SignedLog(int backdated = 0) {
        SqliteDatabase database(db_);
        SqliteAgencyRepository agencies(database);
        SqliteAccessLogRepository log(database);
        SqliteCheckpointRepository store(database);
        ManualClock clock(1'795'867'200'000);
        CheckpointService signer(log, store, NoteSigner("verify.test/log", Bytes(32, 7)), clock);
        const RowId agency = agencies.create("kba", "Kraftfahrt-Bundesamt");
        for (int i = 1; i <= log_size; ++i) {
            NewLogEntry e = einblick::testing::tampered_log_entry(agency, i);
            if (i == backdated) {
                e.occurred_at = 1000;
            }
            log.append(std::vector{e});
            clock.advance(1000);
            last_note_ = signer.sign_current().note;
        }
        key_ = signer.verifier_key();
        if (backdated != 0) {
            ManualClock later(einblick::testing::tampered_log_entry(agency, 5).recorded_at + 500 +
                              86'400'000);
            deleted_ = RetentionService(log, later, 1).run_once();
        }
    }

    // A copy of the intact file, to be tampered with.
    std::string copy(const std::string& name) const {
        const std::string path = dir_.file(name + ".db");
        std::filesystem::copy_file(db_, path);
        return path;
    }

    Outcome verify(const std::string& path, std::vector<std::string> more = {}) const {
        std::vector<std::string> args{"verify", "--db", path, "--key", key_};
        args.insert(args.end(), more.begin(), more.end());
        Outcome outcome;
        outcome.code = run(args, &outcome.out, &outcome.err);
        return outcome;
    }

    const std::string& key() const { return key_; }
    const std::string& path() const { return db_; }
    // The newest checkpoint as a witness or a browser would have kept it.
    std::string saved_checkpoint() const {
        const std::string path = dir_.file("seen-checkpoint.txt");
        std::ofstream(path) << last_note_;
        return path;
    }
    std::string file(const std::string& name) const { return dir_.file(name); }
    // Entries the retention run deleted (with `backdated` only).
    std::int64_t deleted() const { return deleted_; }

private:
    std::int64_t deleted_ = 0;
    einblick::testing::TempDir dir_{"einblick-verify"};
    std::string db_ = dir_.file("log.db");
    std::string key_;
    std::string last_note_;
};

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
    const SignedLog log;
    const std::string path = log.copy("intact");
    const auto before = std::filesystem::last_write_time(path);
    const Outcome outcome = log.verify(path);
    INFO(outcome.out, outcome.err);
    CHECK(outcome.code == 0);
    CHECK(says(outcome, "intact: 12 entries stored of 12, 10 tree nodes, 12 checkpoints "
                        "(newest verified: size 12)"));
    CHECK(std::filesystem::last_write_time(path) == before);
    for (const char* beside : {".lock", "-wal", "-shm"}) { // no lock taken, no journal made
        CHECK_FALSE(std::filesystem::exists(path + beside));
    }
}

TEST_CASE("a changed field is named by its entry") {
    const SignedLog log;
    const std::string path = log.copy("field");
    tamper(path, "UPDATE access_log SET official = 'sb-9999' WHERE seq = 5");
    const Outcome outcome = log.verify(path);
    require_tampered(outcome);
    CHECK(says(outcome, "entry 5 (row 5): its stored hash is not the hash of its contents"));
    CHECK(says(outcome, "entry 5 (row 5): its leaf in the Merkle tree is not the hash"));
}

TEST_CASE("a denied check turned allowed is found, also with its own hash recomputed") {
    const SignedLog log;
    const std::string plain = log.copy("denied-plain");
    tamper(plain,
           "INSERT OR IGNORE INTO log_reasons (reason) VALUES ('allowed'); UPDATE access_log SET "
           "outcome = 0, reason = (SELECT code FROM log_reasons WHERE reason = 'allowed') "
           "WHERE seq = 3");
    const Outcome first = log.verify(plain);
    require_tampered(first);
    CHECK(says(first, "entry 3 (row 3): its stored hash is not the hash of its contents"));

    // The attacker recomputes the row's hash (stored as the next entry's prev_hash): the next
    // entry then no longer hashes to its own, and the leaves show both.
    const std::string rehashed = log.copy("denied-rehashed");
    tamper(rehashed,
           "INSERT OR IGNORE INTO log_reasons (reason) VALUES ('allowed'); UPDATE access_log SET "
           "outcome = 0, reason = (SELECT code FROM log_reasons WHERE reason = 'allowed') "
           "WHERE seq = 3");
    rehash_entry(rehashed, 3);
    const Outcome second = log.verify(rehashed);
    require_tampered(second);
    CHECK(says(second, "entry 3 (row 3): its leaf in the Merkle tree is not the hash"));
    CHECK(says(second, "entry 4 (row 4): its stored hash is not the hash of its contents"));
}

TEST_CASE("a deleted middle entry is named") {
    const SignedLog log;
    const std::string path = log.copy("middle");
    tamper(path, "DELETE FROM access_log WHERE seq = 7");
    const Outcome outcome = log.verify(path);
    require_tampered(outcome);
    CHECK(says(outcome, "entry 7: missing between entry 6 and entry 8"));
}

TEST_CASE("a truncated tail with the head moved back is found by the tree and the "
          "checkpoints") {
    const SignedLog log;
    const std::string path = log.copy("truncated");
    tamper(path, "UPDATE access_log_head SET last_seq = 9, "
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
    const SignedLog log;
    const std::string saved = log.saved_checkpoint();
    const std::string path = log.copy("truncated-thoroughly");
    tamper(path, "UPDATE access_log_head SET last_seq = 9, "
                 "last_hash = (SELECT prev_hash FROM access_log WHERE seq = 10); "
                 "DELETE FROM access_log WHERE seq > 9; "
                 "DELETE FROM log_tree_nodes WHERE ((idx + 1) << level) > 9; "
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
    const SignedLog log;
    const std::string path = log.copy("rewritten");
    tamper(path, "UPDATE access_log SET official = 'sb-9999' WHERE seq = 6");
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
    tamper(path, "DELETE FROM log_checkpoints WHERE size >= 6");
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
    const SignedLog log;
    const std::string path = log.copy("bumped");
    tamper(path, "UPDATE access_log_head SET last_seq = last_seq + 5");
    const Outcome outcome = log.verify(path);
    require_tampered(outcome);
    CHECK(says(outcome, "entries 13..17: missing at the tail: the head says the log has 17"));
    CHECK(says(outcome, "tree nodes (0, 12..16) over entries 13..17: missing from the tree"));
}

TEST_CASE("a deleted prefix whose leaves are kept is retention, and passes with a note") {
    const SignedLog log;
    const std::string path = log.copy("prefix");
    tamper(path, "DELETE FROM access_log WHERE seq <= 4");
    const Outcome outcome = log.verify(path);
    INFO(outcome.out);
    CHECK(outcome.code == 0);
    CHECK(says(outcome, "note: entries 1..4: not stored (deleted by retention)"));

    const std::string leafless = log.copy("prefix-without-leaves");
    tamper(leafless, "DELETE FROM access_log WHERE seq <= 4; "
                     "DELETE FROM log_tree_nodes WHERE level = 0 AND idx < 4");
    const Outcome without = log.verify(leafless);
    require_tampered(without);
    CHECK(says(without, "tree nodes (0, 0..3) over entries 1..4: missing from the tree"));
}

TEST_CASE("retention deletes a prefix by time of recording: a backdated entry leaves no hole") {
    // Entry 8 claims to have happened in 1970. Retention counts from the time of recording
    // (issue 11 item 8), so it keeps entry 8 with its neighbours and deletes the oldest five.
    const SignedLog log(8);
    CHECK(log.deleted() == 5);
    const Outcome outcome = log.verify(log.copy("retained"));
    INFO(outcome.out);
    CHECK(outcome.code == 0);
    CHECK(says(outcome, "note: entries 1..5: not stored (deleted by retention)"));
    CHECK(outcome.out.find("missing") == std::string::npos);
}

TEST_CASE("a stored value that is no value of its column is named, not defaulted") {
    const SignedLog log;
    const std::string path = log.copy("bogus-kind");
    tamper(path, "PRAGMA ignore_check_constraints = ON; "
                 "UPDATE access_log SET kind = 7 WHERE seq = 2");
    const Outcome outcome = log.verify(path);
    require_tampered(outcome);
    CHECK(says(outcome, "entry 2 (row 2): kind holds '7', which is not one of its values"));
}

TEST_CASE("an entry whose citizen's number names no pseudonym, or another one, is named") {
    const SignedLog log;
    const std::string orphaned = log.copy("no-citizen");
    tamper(orphaned, "DELETE FROM log_citizens WHERE id = "
                     "(SELECT citizen_id FROM access_log WHERE seq = 3)");
    const Outcome outcome = log.verify(orphaned);
    require_tampered(outcome);
    CHECK(says(outcome, "entry 3 (row 3): citizen_pseudonym holds NULL, not text"));

    // Pointing an entry at another citizen changes what its hash covers.
    const std::string moved = log.copy("other-citizen");
    tamper(moved, "INSERT INTO log_citizens (pseudonym) VALUES ('someone-else'); "
                  "UPDATE access_log SET citizen_id = last_insert_rowid() WHERE seq = 4");
    const Outcome moved_outcome = log.verify(moved);
    require_tampered(moved_outcome);
    CHECK(says(moved_outcome, "entry 4"));
}

TEST_CASE("forged and deleted checkpoints") {
    const SignedLog log;
    const std::string forged = log.copy("forged");
    tamper(forged, "UPDATE log_checkpoints SET note = replace(note, '\n8\n', '\n7\n') "
                   "WHERE size = 8");
    const Outcome outcome = log.verify(forged);
    require_tampered(outcome);
    CHECK(says(outcome, "checkpoint 8: carries no valid signature of the key verify.test/log"));

    const std::string none = log.copy("no-checkpoints");
    tamper(none, "DELETE FROM log_checkpoints");
    const Outcome unsigned_log = log.verify(none);
    require_tampered(unsigned_log);
    CHECK(says(unsigned_log, "checkpoints: none is signed by verify.test/log"));
}

TEST_CASE("a file of an older schema is refused with the step that upgrades it") {
    // verify reads the latest schema's tables and never migrates: a file the server has not
    // opened since an upgrade is named with its version, not read wrongly.
    const SignedLog log;
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

TEST_CASE("usage and unreadable input exit 2 with one error line") {
    const SignedLog log;
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
