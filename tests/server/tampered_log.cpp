#include "tampered_log.hpp"

#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/crypto.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/sqlite/access_log_repository.hpp"
#include "einblick/server/sqlite/checkpoint_repository.hpp"
#include "einblick/server/sqlite/identity_repository.hpp"
#include "einblick/server/sqlite/log_snapshot.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <cstring>

namespace einblick::testing {

using namespace einblick::server;

NewLogEntry tampered_log_entry(RowId agency, int i) {
    NewLogEntry e;
    const bool denied = i % 3 == 0;
    e.kind = denied ? AccessKind::Check : AccessKind::Access;
    e.outcome = denied ? AccessOutcome::Denied : AccessOutcome::Allowed;
    e.reason = denied ? "consent_missing" : "allowed";
    e.citizen_pseudonym = std::string(64, "0123456789abcdef"[i % 16]);
    e.agency_id = agency;
    e.register_code = "fahrzeugregister";
    e.data_categories = {"vehicle", "address"};
    e.legal_basis = "§ 35 StVG";
    e.official = "sb-" + std::to_string(i);
    e.occurred_at = e.recorded_at = 1'795'867'200'000 + i * 1000;
    return e;
}

std::string write_signed_log(const std::string& path, const std::string& origin,
                             const Bytes& seed) {
    SqliteDatabase database(path);
    SqliteAgencyRepository agencies(database);
    SqliteAccessLogRepository log(database);
    SqliteCheckpointRepository store(database);
    return write_signed_log(agencies, log, store, origin, seed);
}

std::string write_signed_log(AgencyRepository& agencies, AccessLogRepository& log,
                             CheckpointRepository& store, const std::string& origin,
                             const Bytes& seed) {
    ManualClock clock(1'795'867'200'000);
    CheckpointService signer(log, store, NoteSigner(origin, seed), clock);
    const RowId agency = agencies.create("kba", "Kraftfahrt-Bundesamt");
    for (int i = 1; i <= tampered_log_size; ++i) {
        log.append(std::vector{tampered_log_entry(agency, i)});
        clock.advance(1000);
        signer.sign_current();
    }
    return signer.verifier_key();
}

void tamper(const std::string& path, const std::string& sql) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec(sql);
}

namespace {

std::vector<SnapshotEntry> stored_entries(const std::string& path) {
    std::vector<SnapshotEntry> entries;
    SqliteLogSnapshot(path).each_entry([&entries](const SnapshotEntry& e) {
        entries.push_back(e);
        return true;
    });
    return entries;
}

} // namespace

void rehash_entry(const std::string& path, std::int64_t seq) {
    const std::vector<SnapshotEntry> entries = stored_entries(path);
    for (const SnapshotEntry& e : entries) {
        if (e.seq != seq) {
            continue;
        }
        // An entry's hash is stored as the next entry's prev_hash, or as the head's hash.
        const Bytes hash = sha256(canonical_log_encoding(e.facts, e.seq, e.prev_hash));
        SQLite::Database db(path, SQLite::OPEN_READWRITE);
        SQLite::Statement update(db, "UPDATE access_log SET prev_hash = ? WHERE seq = ?");
        update.bind(1, hash.data(), static_cast<int>(hash.size()));
        update.bind(2, seq + 1);
        if (update.exec() == 0) {
            SQLite::Statement head(db,
                                   "UPDATE access_log_head SET last_hash = ? WHERE last_seq = ?");
            head.bind(1, hash.data(), static_cast<int>(hash.size()));
            head.bind(2, seq);
            head.exec();
        }
    }
}

void rechain_from(const std::string& path, std::int64_t from) {
    std::vector<SnapshotEntry> entries = stored_entries(path);
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    Bytes prev = entries.at(static_cast<std::size_t>(from - 2)).hash;
    for (SnapshotEntry& e : entries) {
        if (e.seq < from) {
            continue;
        }
        const std::string canonical = canonical_log_encoding(e.facts, e.seq, prev);
        const Bytes hash = sha256(canonical);
        const einblick::merkle::Hash leaf = log_leaf_hash(canonical);
        SQLite::Statement row(db, "UPDATE access_log SET prev_hash = ? WHERE seq = ?");
        row.bind(1, prev.data(), static_cast<int>(prev.size()));
        row.bind(2, e.seq);
        row.exec();
        SQLite::Statement node(db,
                               "UPDATE log_tree_nodes SET hash = ? WHERE level = 0 AND idx = ?");
        node.bind(1, leaf.data(), static_cast<int>(leaf.size()));
        node.bind(2, e.seq - 1);
        node.exec();
        prev = hash;
    }
    SQLite::Statement head(db, "UPDATE access_log_head SET last_hash = ?");
    head.bind(1, prev.data(), static_cast<int>(prev.size()));
    head.exec();
    for (int level = 1; level < 4; ++level) {
        SQLite::Statement children(db,
                                   "SELECT hash FROM log_tree_nodes WHERE level = ? ORDER BY idx");
        children.bind(1, level - 1);
        std::vector<einblick::merkle::Hash> below;
        while (children.executeStep()) {
            einblick::merkle::Hash h{};
            std::memcpy(h.data(), children.getColumn(0).getBlob(), h.size());
            below.push_back(h);
        }
        for (std::size_t i = 0; i + 1 < below.size(); i += 2) {
            const auto parent =
                einblick::merkle::node_hash(log_tree_sha256(), below[i], below[i + 1]);
            SQLite::Statement update(
                db, "UPDATE log_tree_nodes SET hash = ? WHERE level = ? AND idx = ?");
            update.bind(1, parent.data(), static_cast<int>(parent.size()));
            update.bind(2, level);
            update.bind(3, static_cast<std::int64_t>(i / 2));
            update.exec();
        }
    }
}

const std::vector<Tampering>& six_tamperings() {
    static const std::vector<Tampering> all{
        {"changed field",
         [](const std::string& path) {
             tamper(path, "UPDATE access_log SET official = 'sb-9999' WHERE seq = 5");
         }},
        {"denied made allowed",
         [](const std::string& path) {
             tamper(path,
                    "INSERT OR IGNORE INTO log_reasons (reason) VALUES ('allowed'); UPDATE "
                    "access_log SET "
                    "outcome = 0, reason = (SELECT code FROM log_reasons WHERE reason = 'allowed') "
                    "WHERE seq = 3");
             rehash_entry(path, 3);
         }},
        {"deleted middle",
         [](const std::string& path) { tamper(path, "DELETE FROM access_log WHERE seq = 7"); }},
        {"truncated tail",
         [](const std::string& path) {
             tamper(path, "UPDATE access_log_head SET last_seq = 9, last_hash = "
                          "(SELECT prev_hash FROM access_log WHERE seq = 10); "
                          "DELETE FROM access_log WHERE seq > 9");
         }},
        {"rewritten and rechained",
         [](const std::string& path) {
             tamper(path, "UPDATE access_log SET official = 'sb-9999' WHERE seq = 6");
             rechain_from(path, 6);
         }},
        {"bumped head",
         [](const std::string& path) {
             tamper(path, "UPDATE access_log_head SET last_seq = last_seq + 5");
         }},
    };
    return all;
}

} // namespace einblick::testing
