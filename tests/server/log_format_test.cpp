// Known-answer vectors of the access log's canonical encoding and hash chain, as written down in
// docs/LOG-FORMAT.md. The expected texts and hashes were computed once outside this code (Python's
// json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False) and hashlib, checked
// with printf '%s' … | sha256sum) and stand here as literals: the code is checked against the
// specification, not against itself. If one of these fails, the format changed, and every
// stored hash with it: that needs a new "v", not new literals.

#include "einblick/server/crypto.hpp"
#include "einblick/server/log_chain.hpp"
#include "test_backend.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace einblick::server;

namespace {

const std::string pseudonym_1 = "9b2f6c4e8a1d3f5b7c9e0a2b4d6f8a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f";
const std::string pseudonym_2 = "4d1a7e0c93b85f62a1d4e7c0b93f86a25d1e4a7c0f93b86e25a1d4f7c0e93b8a";

// Vector 1: the first entry (seq 1, prev_hash 32 zero bytes); an absent consent.
const std::string canonical_1 =
    R"json({"agency_id":1,"citizen_pseudonym":"9b2f6c4e8a1d3f5b7c9e0a2b4d6f8a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f",)json"
    R"json("consent_id":null,"correlation_id":"KFZ-2026-000123","data_categories":["address"],)json"
    R"json("kind":"access","legal_basis":"Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 6 FZV",)json"
    R"json("occurred_at":1795867200000,"official":"sb-4711","outcome":"allowed",)json"
    R"json("prev_hash":"0000000000000000000000000000000000000000000000000000000000000000",)json"
    R"json("purpose_id":1,"purpose_version_id":1,"reason":"allowed","register":"melderegister",)json"
    R"json("seq":1,"v":1})json";
const std::string hash_1 = "bc9d58457dec8a8e5beeaea9b380c8f588d1014301df4cc930ae9a75310d426f";

// Vector 2, chained on vector 1: a denied check, every optional value absent, an empty legal
// basis, three data categories in the order given.
const std::string canonical_2 =
    R"json({"agency_id":2,"citizen_pseudonym":"4d1a7e0c93b85f62a1d4e7c0b93f86a25d1e4a7c0f93b86e25a1d4f7c0e93b8a",)json"
    R"json("consent_id":null,"correlation_id":null,"data_categories":["identity","address","vehicle"],)json"
    R"json("kind":"check","legal_basis":"","occurred_at":1795867201000,"official":null,)json"
    R"json("outcome":"denied",)json"
    R"json("prev_hash":"bc9d58457dec8a8e5beeaea9b380c8f588d1014301df4cc930ae9a75310d426f",)json"
    R"json("purpose_id":null,"purpose_version_id":null,"reason":"purpose_unknown",)json"
    R"json("register":"fahrzeugregister","seq":2,"v":1})json";
const std::string hash_2 = "7789e0abd8deac132059b5db8fd76f28510f9a6b548e18f356177df6a2b5ff86";

// Vector 3, chained on vector 2: German umlauts, ß and € as UTF-8, a quote and a backslash
// escaped, a consent.
const std::string canonical_3 =
    R"json({"agency_id":1,"citizen_pseudonym":"9b2f6c4e8a1d3f5b7c9e0a2b4d6f8a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f",)json"
    R"json("consent_id":1,"correlation_id":"Az. \"Größe/Übermaß\" 7\\2026 (€)",)json"
    R"json("data_categories":["address","children"],"kind":"access",)json"
    R"json("legal_basis":"Art. 6 Abs. 1 lit. a DSGVO (Einwilligung, Bürgerbüro Köln-Mülheim)",)json"
    R"json("occurred_at":1795867202000,"official":"Jürgen Weiß","outcome":"allowed",)json"
    R"json("prev_hash":"7789e0abd8deac132059b5db8fd76f28510f9a6b548e18f356177df6a2b5ff86",)json"
    R"json("purpose_id":1,"purpose_version_id":1,"reason":"allowed","register":"melderegister",)json"
    R"json("seq":3,"v":1})json";
const std::string hash_3 = "bcff83eee934326c635325f49879326f6e1bc82e45f406bd63d3555724ca8c59";

NewLogEntry vector_1_entry() {
    NewLogEntry e;
    e.kind = AccessKind::Access;
    e.outcome = AccessOutcome::Allowed;
    e.reason = "allowed";
    e.citizen_pseudonym = pseudonym_1;
    e.agency_id = 1;
    e.purpose_id = 1;
    e.purpose_version_id = 1;
    e.register_code = "melderegister";
    e.data_categories = {"address"};
    e.legal_basis = "Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 6 FZV";
    e.official = "sb-4711";
    e.correlation_id = "KFZ-2026-000123";
    e.occurred_at = 1'795'867'200'000;
    e.recorded_at = e.occurred_at;
    return e;
}

NewLogEntry vector_2_entry() {
    NewLogEntry e;
    e.kind = AccessKind::Check;
    e.outcome = AccessOutcome::Denied;
    e.reason = "purpose_unknown";
    e.citizen_pseudonym = pseudonym_2;
    e.agency_id = 2;
    e.register_code = "fahrzeugregister";
    e.data_categories = {"identity", "address", "vehicle"};
    e.occurred_at = 1'795'867'201'000;
    e.recorded_at = e.occurred_at;
    return e;
}

NewLogEntry vector_3_entry() {
    NewLogEntry e = vector_1_entry();
    e.consent_id = 1;
    e.data_categories = {"address", "children"};
    e.legal_basis = "Art. 6 Abs. 1 lit. a DSGVO (Einwilligung, Bürgerbüro Köln-Mülheim)";
    e.official = "Jürgen Weiß";
    e.correlation_id = "Az. \"Größe/Übermaß\" 7\\2026 (€)";
    e.occurred_at = 1'795'867'202'000;
    e.recorded_at = e.occurred_at;
    return e;
}

// The Merkle tree over vectors 1 to 3 (docs/LOG-FORMAT.md, "The Merkle tree"), computed with
// Python's hashlib from the canonical texts above.
const std::string leaf_1 = "4ab1a888502d07ad913a819f38a316658492e4e1c94134baa6308f12f648779e";
const std::string leaf_2 = "1b19a49bd5630dfb49abc059a9dc36e6a93c866df4fd2bfdf618df89896f0d06";
const std::string leaf_3 = "d51adb845021e0d5089e17b78faff1b173ee239c23800d6db3ca0af1f11aa230";
const std::string tree_root_2 = "bfa20b6054222c34c40874d74cd7f6b0360581a21d537e94a742a5a29d385d63";
const std::string tree_root_3 = "dda574019fef59449ab4186ab4c617be7e96fe9765a1546d60dadff3fc581cc4";

std::string hex_of(const einblick::merkle::Hash& hash) {
    return to_hex(Bytes(hash.begin(), hash.end()));
}

Bytes hex_bytes(const std::string& hex) {
    return from_hex(hex).value();
}

const AuditEntry setup_audit{1, ActorRole::System, {}, "test.setup", "test", {}, "{}"};

// A database in memory holding what the vectors refer to (agencies 1 and 2, purpose 1 with
// version 1, consent 1 of pseudonym 1), so that the vectors can be appended to its log as they
// are. One setup for every test that stores them: their ids must agree with the literals.
struct VectorDatabase {
    SqliteDatabase db{":memory:"};
    SqliteAgencyRepository agencies{db};
    SqlitePurposeRepository purposes{db};
    SqliteConsentRepository consents{db};
    SqliteAccessLogRepository log{db};

    VectorDatabase() {
        REQUIRE(agencies.create("kfz", "Kfz-Zulassung") == 1);
        REQUIRE(agencies.create("bzst", "Bundeszentralamt für Steuern") == 2);
        PurposeContent content;
        content.name = "Zulassung";
        content.legal_basis = "§ 6 FZV";
        content.gdpr_basis = "A6-1-e";
        content.retention_days = 730;
        REQUIRE(purposes.create(1, content, setup_audit) == 1);
        REQUIRE(consents.grant(pseudonym_1, 1, 1, 1'900'000'000'000, setup_audit).id == 1);
    }
};

} // namespace

TEST_CASE("log format vector 1: the first entry is encoded and hashed on 32 zero bytes") {
    const Bytes zeros(32, 0);
    CHECK(canonical_log_encoding(vector_1_entry(), 1, zeros) == canonical_1);
    CHECK(to_hex(log_entry_hash(vector_1_entry(), 1, zeros)) == hash_1);
}

TEST_CASE("log format vector 2: absent values are null, categories keep their order, chained") {
    const Bytes prev = hex_bytes(hash_1);
    CHECK(canonical_log_encoding(vector_2_entry(), 2, prev) == canonical_2);
    CHECK(to_hex(log_entry_hash(vector_2_entry(), 2, prev)) == hash_2);
}

TEST_CASE("log format vector 3: UTF-8 text is kept as it is, quotes and backslashes escaped") {
    const Bytes prev = hex_bytes(hash_2);
    CHECK(canonical_log_encoding(vector_3_entry(), 3, prev) == canonical_3);
    CHECK(to_hex(log_entry_hash(vector_3_entry(), 3, prev)) == hash_3);
}

TEST_CASE("log format: every kind of text encodes as one sorted object's dump() writes it") {
    // The definition in docs/LOG-FORMAT.md: the entry as one JSON object with sorted keys,
    // without whitespace. nlohmann's json sorts an object's keys, so a whole object's dump()
    // is the reference for values the vectors do not cover.
    const std::vector<std::string> awkward{"plain",       "",         "say \"hi\"", "back\\slash",
                                           "tab\tline\n", "\x01\x1f", "del\x7f",    "a/b",
                                           "Müller €",    "東京 😀",   "}{,:[]"};
    for (std::size_t i = 0; i < awkward.size(); ++i) {
        const std::string& text = awkward[i];
        const std::string& other = awkward[(i + 3) % awkward.size()];
        NewLogEntry e = vector_1_entry();
        e.citizen_pseudonym = text;
        e.correlation_id = other;
        e.data_categories = {text, other, ""};
        e.legal_basis = other;
        e.official = text;
        e.reason = text;
        e.register_code = other;
        const Bytes prev(32, 0xab);
        const nlohmann::json whole{{"agency_id", e.agency_id},
                                   {"citizen_pseudonym", text},
                                   {"consent_id", nullptr},
                                   {"correlation_id", other},
                                   {"data_categories", e.data_categories},
                                   {"kind", "access"},
                                   {"legal_basis", other},
                                   {"occurred_at", e.occurred_at},
                                   {"official", text},
                                   {"outcome", "allowed"},
                                   {"prev_hash", to_hex(prev)},
                                   {"purpose_id", 1},
                                   {"purpose_version_id", 1},
                                   {"reason", text},
                                   {"register", other},
                                   {"seq", 9},
                                   {"v", 1}};
        INFO("value " << i);
        CHECK(canonical_log_encoding(e, 9, prev) == whole.dump());
    }
    // Text that is not UTF-8 is refused, as dump() refuses it, not written as it came.
    NewLogEntry broken = vector_1_entry();
    broken.official = std::string("Wei\xdf"); // Latin-1 ß
    CHECK_THROWS(canonical_log_parts(broken));
}

TEST_CASE("log format: bookkeeping outside the encoding does not change the hash") {
    NewLogEntry e = vector_1_entry();
    e.recorded_at = e.occurred_at + 5'000;
    e.idempotency_key = "retry-1";
    e.request_hash = Bytes(32, 7);
    CHECK(to_hex(log_entry_hash(e, 1, Bytes(32, 0))) == hash_1);
}

TEST_CASE("log format: the SQLite log stores exactly the vectors' seq, prev_hash and hash") {
    VectorDatabase v;
    SqliteAccessLogRepository& log = v.log;

    const auto first = log.append(std::vector{vector_1_entry(), vector_2_entry()});
    const auto third = log.append(std::vector{vector_3_entry()});
    const std::vector<LogEntryRecord> rows{first.at(0).entry, first.at(1).entry, third.at(0).entry};
    const std::vector<std::string> hashes{hash_1, hash_2, hash_3};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(i);
        CHECK(rows[i].seq == static_cast<std::int64_t>(i + 1));
        CHECK(to_hex(rows[i].prev_hash) == (i == 0 ? std::string(64, '0') : hashes[i - 1]));
        CHECK(to_hex(rows[i].hash) == hashes[i]);
    }
    const ChainCheck check = log.verify_chain();
    CHECK(check.intact);
    CHECK(check.rows == 3);
    // The Merkle tree over the three (RFC 9162): H(0x01 || H(0x01 || leaf 1 || leaf 2) || leaf 3).
    const LogTreeHead head = log.tree_head();
    CHECK(head.size == 3);
    CHECK(hex_of(head.root) == tree_root_3);
    CHECK(hex_of(log.tree_root(2)) == tree_root_2);
}

TEST_CASE("an appended entry is answered exactly as it reads back from the log") {
    // append() builds its answer in memory instead of reading the new row back: every field,
    // the agency's and the purpose version's names included, must be what a read returns.
    VectorDatabase v;
    SqliteAccessLogRepository& log = v.log;

    NewLogEntry keyed = vector_3_entry();
    keyed.idempotency_key = "retry-1";
    keyed.request_hash = Bytes(32, 7);
    keyed.recorded_at = keyed.occurred_at + 5'000;
    std::vector<AppendResult> answers = log.append(std::vector{vector_1_entry(), vector_2_entry()});
    answers.push_back(log.append(std::span(&keyed, 1)).at(0));
    answers.push_back(log.append(std::vector{vector_3_entry()}).at(0));
    for (const AppendResult& answer : answers) {
        const LogEntryRecord& a = answer.entry;
        CAPTURE(a.seq);
        CHECK_FALSE(answer.replayed);
        const std::optional<LogEntryRecord> read = log.find(a.id);
        REQUIRE(read.has_value());
        const LogEntryRecord& r = *read;
        CHECK(a.seq == r.seq);
        CHECK(a.kind == r.kind);
        CHECK(a.outcome == r.outcome);
        CHECK(a.reason == r.reason);
        CHECK(a.citizen_pseudonym == r.citizen_pseudonym);
        CHECK(a.agency_id == r.agency_id);
        CHECK(a.agency.id == r.agency.id);
        CHECK(a.agency.code == r.agency.code);
        CHECK(a.agency.name == r.agency.name);
        CHECK(a.purpose_id == r.purpose_id);
        CHECK(a.purpose_version_id == r.purpose_version_id);
        CHECK(a.purpose_name == r.purpose_name);
        CHECK(a.purpose_version == r.purpose_version);
        CHECK(a.register_code == r.register_code);
        CHECK(a.data_categories == r.data_categories);
        CHECK(a.legal_basis == r.legal_basis);
        CHECK(a.consent_id == r.consent_id);
        CHECK(a.official == r.official);
        CHECK(a.correlation_id == r.correlation_id);
        CHECK(a.occurred_at == r.occurred_at);
        CHECK(a.recorded_at == r.recorded_at);
        CHECK(a.idempotency_key == r.idempotency_key);
        CHECK(a.request_hash == r.request_hash);
        CHECK(a.prev_hash == r.prev_hash);
        CHECK(r.hash.empty()); // stored as the next entry's prev_hash, not read with the row
        CHECK(a.hash == sha256(canonical_log_encoding(r, r.seq, r.prev_hash)));
    }
    CHECK(answers.at(0).entry.purpose_name == "Zulassung");
    CHECK(answers.at(1).entry.agency.name == "Bundeszentralamt für Steuern");
    // A retry is answered with the stored row, not with what it sent.
    NewLogEntry retry = keyed;
    retry.recorded_at += 1'000;
    const AppendResult replay = log.append(std::span(&retry, 1)).at(0);
    CHECK(replay.replayed);
    CHECK(replay.entry.id == answers.at(2).entry.id);
    CHECK(replay.entry.recorded_at == keyed.recorded_at);
    CHECK(log.verify_chain().intact);
}

TEST_CASE("log format: Merkle leaves are SHA-256 of 0x00 and the canonical text") {
    CHECK(hex_of(log_leaf_hash(canonical_1)) == leaf_1);
    CHECK(hex_of(log_leaf_hash(canonical_2)) == leaf_2);
    CHECK(hex_of(log_leaf_hash(canonical_3)) == leaf_3);
}
