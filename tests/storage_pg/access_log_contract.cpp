// The access log's part of the repository contract (repository_contract.hpp): what
// tests/server/access_log_repository_test.cpp and log_tree_test.cpp prove of the SQLite log,
// stated against the interface so that it holds for every backend: the chain, the tree and its
// proofs, idempotency, paging with every filter, retention and the weekly counts.
#include "einblick/server/log_chain.hpp"
#include "repository_contract.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <doctest/doctest.h>
#include <map>

namespace einblick::testing::contract {

using namespace server;

namespace {

const AuditEntry retention_audit{
    1, ActorRole::System, {}, "retention.deleted", "retention_run", {}, "{}"};

NewLogEntry entry_of(RowId agency, const std::string& pseudonym, UnixMillis at) {
    NewLogEntry e;
    e.kind = AccessKind::Access;
    e.outcome = AccessOutcome::Allowed;
    e.reason = to_text(api::AccessReason::Allowed);
    e.citizen_pseudonym = pseudonym;
    e.agency_id = agency;
    e.register_code = "melderegister";
    e.data_categories = {"address"};
    e.legal_basis = "§ 34 BMG";
    e.occurred_at = at;
    e.recorded_at = at;
    return e;
}

std::vector<LogEntryRecord> stored(const std::vector<AppendResult>& results) {
    std::vector<LogEntryRecord> rows;
    for (const AppendResult& result : results) {
        CHECK_FALSE(result.replayed);
        rows.push_back(result.entry);
    }
    return rows;
}

merkle::Hash leaf_of(const LogEntryRecord& row) {
    return log_leaf_hash(canonical_log_encoding(row, row.seq, row.prev_hash));
}

// The root of the leaves by RFC 9162's recursive definition, in memory.
merkle::Hash root_of(const std::vector<merkle::Hash>& leaves, std::size_t begin, std::size_t end) {
    if (end - begin == 1) {
        return leaves[begin];
    }
    const std::size_t k = std::bit_floor(end - begin - 1);
    return merkle::node_hash(log_tree_sha256(), root_of(leaves, begin, begin + k),
                             root_of(leaves, begin + k, end));
}

// The endpoint append() refused a key for, or nothing (refused for another request; a key not
// refused at all fails the check).
std::optional<IdempotencyScope> refused_for(AccessLogRepository& log,
                                            std::span<const NewLogEntry> entries) {
    try {
        log.append(entries);
    } catch (const IdempotencyConflict& conflict) {
        return conflict.other_endpoint();
    }
    FAIL("the key was not refused");
    return std::nullopt;
}

std::vector<RowId> ids_of(const std::vector<LogEntryRecord>& rows) {
    std::vector<RowId> ids;
    for (const LogEntryRecord& row : rows) {
        ids.push_back(row.id);
    }
    return ids;
}

// Every page of `read` (a page function of cursor and limit), one after the other.
template <typename ReadPage> std::vector<RowId> all_pages(ReadPage read, int limit) {
    std::vector<RowId> seen;
    std::optional<HistoryCursor> cursor;
    for (int page = 0; page < 100; ++page) {
        const std::vector<LogEntryRecord> rows = read(cursor, limit);
        CHECK(rows.size() <= static_cast<std::size_t>(limit));
        if (rows.empty()) {
            break;
        }
        for (const LogEntryRecord& row : rows) {
            seen.push_back(row.id);
        }
        cursor = HistoryCursor{rows.back().occurred_at, rows.back().id};
    }
    return seen;
}

// The ids of `entries` that `keep` accepts, newest first (occurred_at, then id, descending).
template <typename Keep>
std::vector<RowId> newest_first(const std::vector<LogEntryRecord>& entries, Keep keep) {
    std::vector<LogEntryRecord> kept;
    std::copy_if(entries.begin(), entries.end(), std::back_inserter(kept), keep);
    std::sort(kept.begin(), kept.end(), [](const LogEntryRecord& x, const LogEntryRecord& y) {
        return std::pair{x.occurred_at, x.id} > std::pair{y.occurred_at, y.id};
    });
    return ids_of(kept);
}

} // namespace

void access_log_chain_and_tree(Repositories& r) {
    AccessLogRepository& log = r.access_log;
    const RowId agency = r.agencies.create("a", "Agency");
    CHECK(log.tree_head().size == 0);
    CHECK(log.tree_head().root == merkle::empty_root(log_tree_sha256()));
    CHECK(log.verify_chain().intact);
    CHECK(log.verify_chain().rows == 0);

    std::vector<LogEntryRecord> rows;
    std::vector<merkle::Hash> leaves;
    UnixMillis at = 1000;
    for (int batch : {1, 2, 5, 13}) {
        std::vector<NewLogEntry> entries;
        for (int i = 0; i < batch; ++i, ++at) {
            entries.push_back(entry_of(agency, "p" + std::to_string(at % 3), at));
        }
        for (const LogEntryRecord& row : stored(log.append(entries))) {
            rows.push_back(row);
            leaves.push_back(leaf_of(row));
        }
        const LogTreeHead head = log.tree_head();
        CAPTURE(leaves.size());
        CHECK(head.size == static_cast<std::int64_t>(leaves.size()));
        CHECK(head.root == root_of(leaves, 0, leaves.size()));
    }
    // Gapless, each hash over the canonical encoding, each entry linked to the one before.
    Bytes previous(32, 0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(i);
        CHECK(rows[i].seq == static_cast<std::int64_t>(i + 1));
        CHECK(rows[i].prev_hash == previous);
        CHECK(rows[i].hash == log_entry_hash(rows[i], rows[i].seq, rows[i].prev_hash));
        CHECK(rows[i].agency.name == "Agency");
        previous = rows[i].hash;
    }
    const ChainCheck check = log.verify_chain();
    CHECK(check.intact);
    CHECK(check.rows == 21);
    CHECK_FALSE(check.first_broken_seq.has_value());

    // Read back as stored, without the hash (only the chain's check reads it).
    const auto found = log.find(rows[4].id);
    REQUIRE(found.has_value());
    CHECK(found->seq == 5);
    CHECK(found->prev_hash == rows[3].hash);
    CHECK(found->hash.empty());
    CHECK(found->citizen_pseudonym == rows[4].citizen_pseudonym);
    CHECK(found->data_categories == std::vector<std::string>{"address"});
    CHECK(found->legal_basis == "§ 34 BMG");
    CHECK(found->reason == "allowed");
    CHECK(found->agency.code == "a");
    CHECK_FALSE(found->official.has_value());
    CHECK_FALSE(log.find(rows.back().id + 1000).has_value());
    CHECK(log.count_for_citizen("p0") + log.count_for_citizen("p1") + log.count_for_citizen("p2") ==
          21);
    CHECK(log.count_for_citizen("nobody") == 0);
}

void access_log_entries_keep_every_field(Repositories& r) {
    AccessLogRepository& log = r.access_log;
    const RowId agency = r.agencies.create("a", "Agency");
    const RowId purpose = r.purposes.create(
        agency, {"Halterauskunft", "", "§ 6 FZV", "A6-1-e", {"name"}, {"ZFZR"}, {}, 30},
        {1, ActorRole::System, {}, "p", "purpose", {}, "{}"});
    const PurposeVersionRecord version = r.purposes.find(purpose)->versions.front();
    const ConsentRecord consent =
        r.consents.grant("p-erika", purpose, version.id, 10'000,
                         {1, ActorRole::System, {}, "c", "consent", {}, "{}"});

    NewLogEntry full = entry_of(agency, "p-erika", 2000);
    full.purpose_id = purpose;
    full.purpose_version_id = version.id;
    full.consent_id = consent.id;
    full.official = "Jürgen Weiß";
    full.correlation_id = "Az. \"Größe/Übermaß\" 7\\2026 (€)";
    full.data_categories = {"identity", "address", "vehicle"}; // the agency's order, kept
    full.recorded_at = 2500;
    NewLogEntry check = entry_of(agency, "p-erika", 2001);
    check.kind = AccessKind::Check;
    check.outcome = AccessOutcome::Denied;
    check.reason = to_text(api::AccessReason::PurposeUnknown);
    check.legal_basis = "";
    check.purpose_id = 999'999; // a denied check may name a purpose that does not exist
    const auto results = stored(log.append(std::vector{full, check}));
    CHECK(results[0].purpose_name == "Halterauskunft");
    CHECK(results[0].purpose_version == 1);

    const auto page = log.history_page("p-erika", {}, std::nullopt, 10);
    REQUIRE(page.size() == 2);
    const LogEntryRecord& denied = page[0];
    const LogEntryRecord& access = page[1];
    CHECK(denied.kind == AccessKind::Check);
    CHECK(denied.outcome == AccessOutcome::Denied);
    CHECK(denied.reason == "purpose_unknown");
    CHECK(denied.purpose_id == 999'999);
    CHECK_FALSE(denied.purpose_version_id.has_value());
    CHECK(denied.purpose_name.empty());
    CHECK(denied.legal_basis.empty());
    CHECK(access.kind == AccessKind::Access);
    CHECK(access.outcome == AccessOutcome::Allowed);
    CHECK(access.purpose_id == purpose);
    CHECK(access.purpose_version_id == version.id);
    CHECK(access.purpose_name == "Halterauskunft");
    CHECK(access.purpose_version == 1);
    CHECK(access.consent_id == consent.id);
    CHECK(access.official == "Jürgen Weiß");
    CHECK(access.correlation_id == full.correlation_id);
    CHECK(access.data_categories == full.data_categories);
    CHECK(access.occurred_at == 2000);
    CHECK(access.recorded_at == 2500);
    CHECK(access.register_code == "melderegister");
    // What was read hashes to what was appended: every field that enters the chain survived.
    CHECK(log_entry_hash(access, access.seq, access.prev_hash) == results[0].hash);
    CHECK(log_entry_hash(denied, denied.seq, denied.prev_hash) == results[1].hash);
    CHECK(log.verify_chain().intact);
}

void access_log_idempotency(Repositories& r) {
    AccessLogRepository& log = r.access_log;
    const RowId agency = r.agencies.create("a", "Agency");
    const RowId other_agency = r.agencies.create("b", "Other");

    auto first = entry_of(agency, "me", 1);
    first.idempotency_key = "k1";
    first.request_hash = Bytes(32, 1);
    const AppendResult original = log.append(std::span(&first, 1)).at(0);
    CHECK_FALSE(original.replayed);
    const AppendResult again = log.append(std::span(&first, 1)).at(0);
    CHECK(again.replayed);
    CHECK(again.entry.id == original.entry.id);
    CHECK(again.entry.seq == original.entry.seq);
    CHECK(again.entry.prev_hash == original.entry.prev_hash);
    CHECK(log.count_for_citizen("me") == 1);
    // Another request under the same key, on the same endpoint: refused, naming no endpoint.
    auto different = first;
    different.request_hash = Bytes(32, 2);
    CHECK(refused_for(log, std::span(&different, 1)) == std::nullopt);
    // Keys are the agency's own: another agency's same key is a new entry.
    auto others = first;
    others.agency_id = other_agency;
    CHECK_FALSE(log.append(std::span(&others, 1)).at(0).replayed);

    // A key belongs to the endpoint it was first used on.
    auto check = entry_of(agency, "me", 2);
    check.kind = AccessKind::Check;
    check.idempotency_key = "k";
    check.idempotency_scope = IdempotencyScope::AccessCheck;
    check.request_hash = Bytes(32, 3);
    log.append(std::span(&check, 1));
    auto access = check;
    access.kind = AccessKind::Access;
    access.idempotency_scope = IdempotencyScope::AccessEvent;
    CHECK(refused_for(log, std::span(&access, 1)) == IdempotencyScope::AccessCheck);

    // A batch's entries share key and request hash; the batch replays whole.
    std::vector<NewLogEntry> batch(3, entry_of(agency, "me", 3));
    for (int i = 0; i < 3; ++i) {
        batch[i].idempotency_key = "b";
        batch[i].idempotency_scope = IdempotencyScope::AccessEventBatch;
        batch[i].idempotency_item = i;
        batch[i].request_hash = Bytes(32, 4);
    }
    const auto stored_batch = log.append(batch);
    const auto replayed_batch = log.append(batch);
    for (int i = 0; i < 3; ++i) {
        CHECK_FALSE(stored_batch[i].replayed);
        CHECK(replayed_batch[i].replayed);
        CHECK(replayed_batch[i].entry.id == stored_batch[i].entry.id);
    }
    // k1 of two agencies, the check, the batch of three.
    CHECK(log.count_for_citizen("me") == 6);
    access.idempotency_key = "b";
    access.request_hash = Bytes(32, 4);
    CHECK(refused_for(log, std::span(&access, 1)) == IdempotencyScope::AccessEventBatch);
    auto changed = batch;
    for (auto& e : changed) {
        e.request_hash = Bytes(32, 5);
    }
    CHECK(refused_for(log, changed) == std::nullopt); // same endpoint, another request

    // A refused batch leaves nothing: no entry, no tree node, the head where it was.
    const LogTreeHead before = log.tree_head();
    std::vector<NewLogEntry> refused{entry_of(agency, "me", 5000), entry_of(agency, "me", 5001)};
    refused[0].idempotency_key = refused[1].idempotency_key = "r";
    refused[0].request_hash = Bytes(32, 6);
    refused[1].request_hash = Bytes(32, 7); // the same key for another request
    CHECK_THROWS_AS(log.append(refused), IdempotencyConflict);
    CHECK(log.tree_head().size == before.size);
    CHECK(log.tree_head().root == before.root);
    CHECK(log.count_for_citizen("me") == 6);
    const auto next = stored(log.append(std::vector{entry_of(agency, "me", 6000)}));
    CHECK(next.at(0).seq == before.size + 1);
    CHECK(log.verify_chain().intact);
}

void access_log_pages_with_filters(Repositories& r) {
    AccessLogRepository& log = r.access_log;
    const RowId kfz = r.agencies.create("kfz", "Kfz-Zulassung");
    const RowId amt = r.agencies.create("amt", "Bürgeramt");
    // 60 entries of two citizens and two agencies: ties in occurred_at, both outcomes, several
    // categories and purposes, spread over a period.
    std::vector<NewLogEntry> entries;
    for (int i = 0; i < 60; ++i) {
        NewLogEntry e =
            entry_of(i % 4 == 3 ? amt : kfz, i % 5 == 4 ? "other" : "me", 1000 + (i / 3) * 10);
        e.purpose_id = i % 2 == 0 ? std::optional<RowId>(7) : std::nullopt;
        if (i % 3 == 0) {
            e.outcome = AccessOutcome::Denied;
            e.kind = AccessKind::Check;
            e.reason = to_text(api::AccessReason::ConsentMissing);
        }
        if (i % 7 == 0) {
            e.data_categories = {"vehicle", "identity"};
        }
        entries.push_back(e);
    }
    std::vector<LogEntryRecord> rows;
    for (std::size_t at = 0; at < entries.size(); at += 11) {
        const auto part = std::span(entries).subspan(at, std::min<std::size_t>(11, 60 - at));
        for (const LogEntryRecord& row : stored(log.append(part))) {
            rows.push_back(row);
        }
    }
    std::map<RowId, std::string> agency_codes{{kfz, "kfz"}, {amt, "amt"}};

    // Every filter field alone and several together, for a citizen and for an agency, paged
    // by a cursor in pages of 4: the same rows as the definition, in the same order.
    std::vector<HistoryFilter> filters(9);
    filters[1].agency_code = "amt";
    filters[2].purpose_id = 7;
    filters[3].outcome = AccessOutcome::Denied;
    filters[4].from = 1050;
    filters[5].to = 1100;
    filters[6].data_category = "identity";
    filters[7].from = 1020;
    filters[7].to = 1150;
    filters[7].outcome = AccessOutcome::Allowed;
    filters[7].data_category = "address";
    filters[8].agency_code = "nobody";
    const auto matches = [&](const HistoryFilter& f, const LogEntryRecord& e) {
        const auto& categories = e.data_categories;
        return (!f.agency_code || agency_codes[e.agency_id] == *f.agency_code) &&
               (!f.purpose_id || e.purpose_id == f.purpose_id) &&
               (!f.outcome || e.outcome == *f.outcome) && (!f.from || e.occurred_at >= *f.from) &&
               (!f.to || e.occurred_at < *f.to) &&
               (!f.data_category || std::find(categories.begin(), categories.end(),
                                              *f.data_category) != categories.end());
    };
    for (std::size_t i = 0; i < filters.size(); ++i) {
        CAPTURE(i);
        const HistoryFilter& f = filters[i];
        const auto citizen_pages = all_pages(
            [&](const auto& cursor, int limit) { return log.history_page("me", f, cursor, limit); },
            4);
        CHECK(citizen_pages == newest_first(rows, [&](const LogEntryRecord& e) {
                  return e.citizen_pseudonym == "me" && matches(f, e);
              }));
        // An agency's pages: all citizens, the filter's agency_code unused.
        HistoryFilter unscoped = f;
        unscoped.agency_code.reset();
        const auto agency_pages = all_pages(
            [&](const auto& cursor, int limit) { return log.agency_page(kfz, f, cursor, limit); },
            4);
        CHECK(agency_pages == newest_first(rows, [&](const LogEntryRecord& e) {
                  return e.agency_id == kfz && matches(unscoped, e);
              }));
    }
    CHECK(log.history_page("nobody", {}, std::nullopt, 10).empty());
    CHECK(log.history_page("me", {}, std::nullopt, 3).size() == 3);
    const auto first_page = log.history_page("me", {}, std::nullopt, 1);
    REQUIRE(first_page.size() == 1);
    CHECK(first_page[0].agency.code == agency_codes[first_page[0].agency_id]);

    // A citizen's facts since a time, oldest first.
    const auto facts = log.facts_for_citizen("me", 1100);
    std::vector<LogEntryRecord> mine;
    std::copy_if(rows.begin(), rows.end(), std::back_inserter(mine), [](const auto& e) {
        return e.citizen_pseudonym == "me" && e.occurred_at >= 1100;
    });
    std::stable_sort(mine.begin(), mine.end(), [](const auto& x, const auto& y) {
        return std::pair{x.occurred_at, x.id} < std::pair{y.occurred_at, y.id};
    });
    REQUIRE(facts.size() == mine.size());
    for (std::size_t i = 0; i < facts.size(); ++i) {
        CAPTURE(i);
        CHECK(facts[i].occurred_at == mine[i].occurred_at);
        CHECK(facts[i].kind == mine[i].kind);
        CHECK(facts[i].outcome == mine[i].outcome);
    }
}

void access_log_retention_keeps_the_tree(Repositories& r) {
    AccessLogRepository& log = r.access_log;
    const RowId agency = r.agencies.create("a", "Agency");
    // seq 2 was reported after seq 1 but happened long before it; seq 4 was recorded before
    // seq 3 (the clock stepped back): retention deletes a prefix of seq by recording time.
    std::vector batch{entry_of(agency, "me", 1000), entry_of(agency, "me", 100),
                      entry_of(agency, "me", 1200), entry_of(agency, "me", 1100),
                      entry_of(agency, "me", 1300)};
    batch[1].recorded_at = 1050;
    batch[0].idempotency_key = "gone";
    batch[0].request_hash = Bytes(32, 1);
    batch[4].idempotency_key = "kept";
    batch[4].request_hash = Bytes(32, 2);
    const auto rows = stored(log.append(batch));
    const LogTreeHead before = log.tree_head();

    CHECK(log.delete_recorded_before(500, retention_audit) == 0); // nothing recorded before
    // Before 1150: seq 1 and 2; seq 4 (recorded 1100) stays behind seq 3 (1200): no hole.
    CHECK(log.delete_recorded_before(1150, retention_audit) == 2);
    const auto newest_audit = r.audit.page(std::nullopt, 1);
    REQUIRE(newest_audit.size() == 1);
    CHECK(newest_audit[0].action == "retention.deleted");
    CHECK(newest_audit[0].details_json == R"({"cutoff":1150,"deleted":2,"kept_from_seq":3})");
    CHECK(newest_audit[0].subject_id.has_value());
    CHECK(log.count_for_citizen("me") == 3);
    CHECK_FALSE(log.find(rows[0].id).has_value());
    CHECK(log.find(rows[3].id)->seq == 4);
    CHECK(log.verify_chain().intact); // anchored at the oldest remaining row
    CHECK(log.verify_chain().rows == 3);

    // The tree keeps every node: the same root, and proofs for the later entries still verify.
    CHECK(log.tree_head().root == before.root);
    const auto later =
        stored(log.append(std::vector{entry_of(agency, "me", 2000), entry_of(agency, "me", 2001)}));
    CHECK(later[0].seq == 6); // the numbering goes on
    CHECK(later[0].prev_hash == rows[4].hash);
    const LogTreeHead after = log.tree_head();
    CHECK(after.size == 7);
    CHECK(merkle::verify_consistency(log_tree_sha256(), 5, 7, before.root, after.root,
                                     log.consistency_proof(5, 7)));
    for (const LogEntryRecord& kept : {rows[2], rows[3], rows[4], later[0], later[1]}) {
        CAPTURE(kept.seq);
        CHECK(merkle::verify_inclusion(log_tree_sha256(), kept.seq - 1, 7, leaf_of(kept),
                                       log.inclusion_proof(kept.seq - 1, 7), after.root));
    }
    // The deleted entries' proofs are still served: their leaves stay in the tree.
    CHECK(merkle::verify_inclusion(log_tree_sha256(), 0, 7, leaf_of(rows[0]),
                                   log.inclusion_proof(0, 7), after.root));

    // A key goes with its entry; the kept entry's key still replays.
    auto gone = batch[0];
    gone.recorded_at = gone.occurred_at = 3000;
    CHECK_FALSE(log.append(std::span(&gone, 1)).at(0).replayed);
    auto kept_key = batch[4];
    const AppendResult replay = log.append(std::span(&kept_key, 1)).at(0);
    CHECK(replay.replayed);
    CHECK(replay.entry.id == rows[4].id);

    // Everything recorded before the cutoff: all gone, the numbering still goes on.
    CHECK(log.delete_recorded_before(10'000, retention_audit) == 6);
    CHECK(log.count_for_citizen("me") == 0);
    CHECK(log.verify_chain().intact);
    CHECK(log.verify_chain().rows == 0);
    CHECK(stored(log.append(std::vector{entry_of(agency, "me", 20'000)})).at(0).seq == 9);
    CHECK(log.tree_head().size == 9);
}

void access_log_retention_drops_whole_months(Repositories& r,
                                             const std::function<void()>& make_months) {
    AccessLogRepository& log = r.access_log;
    const RowId agency = r.agencies.create("a", "Agency");
    constexpr UnixMillis day = 86'400'000;
    constexpr UnixMillis jan = 1'577'836'800'000; // 2020-01-01 UTC
    constexpr UnixMillis feb = 1'580'515'200'000;
    constexpr UnixMillis mar = 1'583'020'800'000;
    constexpr UnixMillis apr = 1'585'699'200'000;
    make_months();
    // Two entries each in January and February, two in March, then one recorded in February
    // again (the clock stepped back) after the newest March entry.
    std::vector batch{entry_of(agency, "me", jan + 9 * day), entry_of(agency, "me", jan + 19 * day),
                      entry_of(agency, "me", feb + 4 * day), entry_of(agency, "me", feb + 24 * day),
                      entry_of(agency, "me", mar + 2 * day), entry_of(agency, "me", mar + 19 * day),
                      entry_of(agency, "me", feb + 27 * day)};
    batch[0].idempotency_key = "january";
    batch[0].request_hash = Bytes(32, 1);
    batch[3].idempotency_key = "february";
    batch[3].request_hash = Bytes(32, 2);
    batch[6].idempotency_key = "late";
    batch[6].request_hash = Bytes(32, 3);
    const auto rows = stored(log.append(batch));
    make_months();
    const LogTreeHead before = log.tree_head();
    REQUIRE(before.size == 7);

    // Before March 10: seq 1 to 5. January holds only those (a whole month); February holds
    // seq 7, recorded after the step back, which stays; March holds the cutoff.
    CHECK(log.delete_recorded_before(mar + 9 * day, retention_audit) == 5);
    auto newest_audit = r.audit.page(std::nullopt, 1);
    REQUIRE(newest_audit.size() == 1);
    CHECK(newest_audit[0].details_json ==
          R"({"cutoff":1583798400000,"deleted":5,"kept_from_seq":6})");
    CHECK(log.count_for_citizen("me") == 2);
    for (const std::size_t gone : {0U, 1U, 2U, 3U, 4U}) {
        CAPTURE(gone);
        CHECK_FALSE(log.find(rows[gone].id).has_value());
    }
    CHECK(log.find(rows[5].id)->seq == 6);
    CHECK(log.find(rows[6].id)->seq == 7);
    CHECK(log.verify_chain().intact);
    CHECK(log.verify_chain().rows == 2);
    CHECK(log.tree_head().root == before.root);

    // Before April: seq 6 and 7, the rest of February and March, both whole months now.
    const auto april = stored(log.append(std::vector{entry_of(agency, "me", apr + 4 * day)}));
    CHECK(april[0].seq == 8);
    CHECK(april[0].prev_hash == rows[6].hash);
    make_months();
    CHECK(log.delete_recorded_before(apr, retention_audit) == 2);
    newest_audit = r.audit.page(std::nullopt, 1);
    REQUIRE(newest_audit.size() == 1);
    CHECK(newest_audit[0].details_json ==
          R"({"cutoff":1585699200000,"deleted":2,"kept_from_seq":8})");
    CHECK(log.count_for_citizen("me") == 1);
    CHECK_FALSE(log.find(rows[6].id).has_value());
    const auto page = log.history_page("me", {}, std::nullopt, 10);
    REQUIRE(page.size() == 1);
    CHECK(page[0].id == april[0].id);
    CHECK(log.verify_chain().intact);
    CHECK(log.verify_chain().rows == 1);
    CHECK(log.facts_for_citizen("me", 0).size() == 1);
    CHECK(log.delete_recorded_before(apr, retention_audit) == 0); // nothing left before it

    // The tree keeps every leaf: proofs of the deleted and the kept entries verify.
    const LogTreeHead after = log.tree_head();
    CHECK(after.size == 8);
    CHECK(merkle::verify_consistency(log_tree_sha256(), 7, 8, before.root, after.root,
                                     log.consistency_proof(7, 8)));
    for (const LogEntryRecord& entry : {rows[0], rows[3], rows[6], april[0]}) {
        CAPTURE(entry.seq);
        CHECK(merkle::verify_inclusion(log_tree_sha256(), entry.seq - 1, 8, leaf_of(entry),
                                       log.inclusion_proof(entry.seq - 1, 8), after.root));
    }

    // The keys went with their entries, by rows or with their month: new requests now.
    for (const std::size_t keyed : {0U, 3U, 6U}) {
        CAPTURE(keyed);
        auto again = batch[keyed];
        again.recorded_at = again.occurred_at = apr + 5 * day;
        CHECK_FALSE(log.append(std::span(&again, 1)).at(0).replayed);
    }
    CHECK(log.tree_head().size == 11);
}

void access_log_proofs_verify(Repositories& r) {
    AccessLogRepository& log = r.access_log;
    const RowId agency = r.agencies.create("a", "Agency");
    std::vector<NewLogEntry> entries;
    for (int i = 0; i < 21; ++i) {
        entries.push_back(entry_of(agency, "me", 1000 + i));
    }
    std::vector<LogEntryRecord> rows = stored(log.append(std::span(entries).first(8)));
    for (const LogEntryRecord& row : stored(log.append(std::span(entries).subspan(8)))) {
        rows.push_back(row);
    }
    const LogTreeHead head = log.tree_head();
    REQUIRE(head.size == 21);
    std::vector<std::int64_t> indices;
    for (const LogEntryRecord& row : rows) {
        CAPTURE(row.seq);
        const auto proof = log.inclusion_proof(row.seq - 1, head.size);
        CHECK(merkle::verify_inclusion(log_tree_sha256(), row.seq - 1, head.size, leaf_of(row),
                                       proof, head.root));
        indices.push_back(row.seq - 1);
    }
    // Many proofs at once, in the order asked, each as inclusion_proof gives it; in a smaller
    // tree too.
    std::reverse(indices.begin(), indices.end());
    const auto proofs = log.inclusion_proofs(indices, head.size);
    REQUIRE(proofs.size() == indices.size());
    for (std::size_t i = 0; i < indices.size(); ++i) {
        CHECK(proofs[i] == log.inclusion_proof(indices[i], head.size));
    }
    const std::vector<std::int64_t> early{0, 4, 12};
    const auto in_13 = log.inclusion_proofs(early, 13);
    for (std::size_t i = 0; i < early.size(); ++i) {
        CHECK(merkle::verify_inclusion(log_tree_sha256(), early[i], 13,
                                       leaf_of(rows[static_cast<std::size_t>(early[i])]), in_13[i],
                                       log.tree_root(13)));
    }
    for (std::int64_t first = 1; first <= head.size; ++first) {
        CAPTURE(first);
        const auto proof = log.consistency_proof(first, head.size);
        CHECK(merkle::verify_consistency(log_tree_sha256(), first, head.size, log.tree_root(first),
                                         head.root, proof));
    }
    CHECK(log.tree_root(21) == head.root);
    CHECK(log.tree_root(0) == merkle::empty_root(log_tree_sha256()));
    CHECK_THROWS_AS(log.inclusion_proof(21, 21), std::invalid_argument);
    CHECK_THROWS_AS(log.inclusion_proof(0, 22), std::invalid_argument);
    CHECK_THROWS_AS(log.inclusion_proof(-1, 21), std::invalid_argument);
    CHECK_THROWS_AS(log.inclusion_proofs(std::vector<std::int64_t>{3, 21}, 21),
                    std::invalid_argument);
    CHECK_THROWS_AS(log.consistency_proof(3, 22), std::invalid_argument);
    CHECK_THROWS_AS(log.consistency_proof(0, 21), std::invalid_argument);
    CHECK_THROWS_AS(log.tree_root(22), std::invalid_argument);
    CHECK_THROWS_AS(log.tree_root(-1), std::invalid_argument);
}

namespace {

constexpr UnixMillis hour_ms = 3'600'000;
constexpr UnixMillis week_ms = 7 * 24 * hour_ms;

// weekly_access_counts by its definition: period k holds (now - (k + 1) weeks, now - k weeks].
std::map<std::pair<RowId, int>, std::int64_t>
weekly_by_definition(const std::vector<NewLogEntry>& entries, UnixMillis now, int weeks) {
    std::map<std::pair<RowId, int>, std::int64_t> counts;
    for (const NewLogEntry& e : entries) {
        if (e.kind == AccessKind::Access && e.occurred_at <= now &&
            e.occurred_at > now - weeks * week_ms) {
            ++counts[{e.agency_id, static_cast<int>((now - e.occurred_at) / week_ms)}];
        }
    }
    return counts;
}

std::map<std::pair<RowId, int>, std::int64_t> weekly_stored(AccessLogRepository& log,
                                                            UnixMillis now, int weeks) {
    std::map<std::pair<RowId, int>, std::int64_t> counts;
    for (const AgencyWeekCount& c : log.weekly_access_counts(now, weeks)) {
        CHECK(counts.emplace(std::pair{c.agency_id, c.weeks_ago}, c.accesses).second);
    }
    return counts;
}

} // namespace

void access_log_weekly_counts(Repositories& r) {
    AccessLogRepository& log = r.access_log;
    const RowId a = r.agencies.create("a", "Agency");
    const RowId b = r.agencies.create("b", "Other");
    // The schema counts hours from 14 weeks before it was created: with `now` the clock's,
    // entries over 15 weeks are counted both from the hourly counts and from the log.
    const UnixMillis clock = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    const UnixMillis now = clock - clock % hour_ms + 1'234'567; // not on the hour
    std::vector<NewLogEntry> entries;
    std::uint64_t state = 42;
    for (int i = 0; i < 300; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const auto back = static_cast<UnixMillis>((state >> 17) % (15ULL * week_ms));
        const UnixMillis at = i % 5 == 0 ? (now - back) - (now - back) % hour_ms : now - back;
        NewLogEntry e = entry_of(i % 3 == 0 ? b : a, "c" + std::to_string(i % 7), at);
        e.recorded_at = now;
        e.kind = i % 4 == 0 ? AccessKind::Check : AccessKind::Access;
        entries.push_back(e);
    }
    // On and beside the periods' edges.
    for (int k = 0; k <= 6; ++k) {
        for (const UnixMillis at :
             {now - k * week_ms - 1, now - k * week_ms, now - k * week_ms + 1}) {
            NewLogEntry e = entry_of(a, "edge", at);
            e.recorded_at = now;
            entries.push_back(e);
        }
    }
    for (std::size_t at = 0; at < entries.size(); at += 97) {
        log.append(std::span(entries).subspan(at, std::min<std::size_t>(97, entries.size() - at)));
    }
    for (const UnixMillis when : {now, now - now % hour_ms, now - 9 * 24 * hour_ms + 17}) {
        CAPTURE(when);
        for (const int weeks : {1, 6, 13}) {
            CAPTURE(weeks);
            CHECK(weekly_stored(log, when, weeks) == weekly_by_definition(entries, when, weeks));
        }
    }
}

} // namespace einblick::testing::contract
