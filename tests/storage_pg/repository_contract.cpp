#include "repository_contract.hpp"

#include <algorithm>
#include <doctest/doctest.h>

namespace einblick::testing::contract {

using namespace server;

namespace {

AuditEntry audit_at(UnixMillis when, std::string action, std::string subject_type) {
    return {when, ActorRole::System, {}, std::move(action), std::move(subject_type), {}, "{}"};
}

PurposeContent content_named(std::string name) {
    return {std::move(name),
            "Prüfung der Halterdaten",
            "§ 6 FZV",
            "A6-1-e",
            {"name", "anschrift"},
            {"ZFZR"},
            {"Kfz-Stelle"},
            30};
}

RowId citizen_account(Repositories& r, const std::string& username) {
    return r.accounts.create(
        {username, "hash", username, AccountRole::Citizen, "p-" + username, {}}, 0);
}

RowId dpo_account(Repositories& r) {
    return r.accounts.create({"dsb", "hash", "DSB", AccountRole::Dpo, {}, {}}, 0);
}

// The newest audit entry's action and subject.
std::pair<std::string, std::optional<RowId>> last_audit(Repositories& r) {
    const auto newest = r.audit.page(std::nullopt, 1);
    REQUIRE(newest.size() == 1);
    return {newest.front().action, newest.front().subject_id};
}

} // namespace

void agencies_and_api_keys(Repositories& r) {
    const RowId kfz = r.agencies.create("kfz", "Kfz-Zulassung");
    const RowId amt = r.agencies.create("amt", "Bürgeramt");
    CHECK(r.agencies.find_by_code("kfz")->id == kfz);
    CHECK(r.agencies.find_by_id(kfz)->name == "Kfz-Zulassung");
    CHECK_FALSE(r.agencies.find_by_code("nope").has_value());
    CHECK_FALSE(r.agencies.find_by_id(kfz + amt + 100).has_value());
    // By name in byte order: "B" before "K".
    const auto listed = r.agencies.list();
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].code == "amt");
    CHECK(listed[1].code == "kfz");

    const Bytes hash(32, 1);
    const AuditEntry created = audit_at(1, "api_key.created", "api_key");
    const RowId key = r.agencies.add_api_key(kfz, hash, "test", created);
    CHECK(last_audit(r) == std::pair<std::string, std::optional<RowId>>{"api_key.created", key});
    CHECK(r.agencies.find_by_api_key_hash(hash)->code == "kfz");
    CHECK_FALSE(r.agencies.find_by_api_key_hash(Bytes(32, 2)).has_value());
    CHECK_THROWS_AS(r.agencies.revoke_api_key(amt, key, created), NotFoundError); // not amt's

    r.agencies.revoke_api_key(kfz, key, audit_at(2, "api_key.revoked", "api_key"));
    CHECK(last_audit(r).first == "api_key.revoked");
    CHECK_FALSE(r.agencies.find_by_api_key_hash(hash).has_value());
    CHECK_THROWS_AS(r.agencies.revoke_api_key(kfz, key, created), NotFoundError);
    const auto keys = r.agencies.list_api_keys(kfz);
    REQUIRE(keys.size() == 1);
    CHECK(keys[0].label == "test");
    CHECK(keys[0].created_at == 1);
    CHECK(keys[0].revoked_at == 2);
    CHECK(r.agencies.list_api_keys(amt).empty());
    CHECK_THROWS(r.agencies.create("kfz", "duplicate"));
}

void accounts_and_sessions(Repositories& r) {
    const RowId kfz = r.agencies.create("kfz", "Kfz-Zulassung");
    const RowId id =
        r.accounts.create({"erika", "hash", "Erika", AccountRole::Citizen, "p1", {}}, 0);
    const RowId staff = r.accounts.create({"kfz", "hash2", "Kfz", AccountRole::Agency, {}, kfz}, 0);
    CHECK(r.accounts.find_by_username("erika")->citizen_pseudonym == "p1");
    CHECK(r.accounts.find_by_id(id)->username == "erika");
    CHECK(r.accounts.find_by_id(staff)->role == AccountRole::Agency);
    CHECK(r.accounts.find_by_id(staff)->agency_id == kfz);
    CHECK_FALSE(r.accounts.find_by_id(staff)->citizen_pseudonym.has_value());
    CHECK_FALSE(r.accounts.find_by_username("ERIKA").has_value()); // case matters
    // The schema refuses a citizen without pseudonym, agency staff without agency, a name twice.
    CHECK_THROWS(r.accounts.create({"x", "hash", "X", AccountRole::Citizen, {}, {}}, 0));
    CHECK_THROWS(r.accounts.create({"y", "hash", "Y", AccountRole::Agency, {}, {}}, 0));
    CHECK_THROWS(r.accounts.create({"erika", "hash", "E", AccountRole::Dpo, {}, {}}, 0));

    r.sessions.create({Bytes(32, 9), id, 1000, 1000});
    r.sessions.create({Bytes(32, 8), id, 1000, 1000});
    CHECK(r.sessions.find(Bytes(32, 9))->account_id == id);
    r.sessions.touch(Bytes(32, 9), 5000);
    CHECK(r.sessions.find(Bytes(32, 9))->last_seen_at == 5000);
    CHECK(r.sessions.find(Bytes(32, 9))->created_at == 1000);
    r.sessions.remove(Bytes(32, 8));
    CHECK_FALSE(r.sessions.find(Bytes(32, 8)).has_value());
    CHECK(r.sessions.remove_expired(4000, 0) == 0);
    CHECK(r.sessions.remove_expired(0, 1001) == 1); // created before the absolute cutoff
    CHECK_FALSE(r.sessions.find(Bytes(32, 9)).has_value());
    r.sessions.create({Bytes(32, 7), id, 1000, 1000});
    CHECK(r.sessions.remove_expired(6000, 0) == 1); // idle since before the idle cutoff
}

void audit_trail_pages(Repositories& r) {
    CHECK(r.audit.page(std::nullopt, 10).empty());
    r.audit.append({10, ActorRole::Dpo, 7, "a", "purpose", 3, R"({"k":"v"})"});
    r.audit.append(audit_at(20, "b", "consent"));
    r.audit.append(audit_at(30, "c", "consent"));

    const auto newest = r.audit.page(std::nullopt, 2);
    REQUIRE(newest.size() == 2);
    CHECK(newest[0].action == "c");
    CHECK(newest[1].action == "b");
    const auto older = r.audit.page(newest[1].id, 10);
    REQUIRE(older.size() == 1);
    CHECK(older[0].action == "a");
    CHECK(older[0].occurred_at == 10);
    CHECK(older[0].actor_role == ActorRole::Dpo);
    CHECK(older[0].actor_id == 7);
    CHECK(older[0].subject_type == "purpose");
    CHECK(older[0].subject_id == 3);
    CHECK(older[0].details_json == R"({"k":"v"})");
    CHECK_FALSE(newest[0].actor_id.has_value());
}

void purpose_versions_are_decided_and_retired(Repositories& r) {
    const RowId kfz = r.agencies.create("kfz", "Kfz-Zulassung");
    const RowId dpo = dpo_account(r);
    const RowId purpose =
        r.purposes.create(kfz, content_named("Halterauskunft"), audit_at(100, "p", "purpose"));

    auto found = r.purposes.find(purpose);
    REQUIRE(found.has_value());
    CHECK(found->agency.code == "kfz");
    CHECK(found->created_at == 100);
    REQUIRE(found->versions.size() == 1);
    const PurposeVersionRecord first = found->versions.front();
    CHECK(last_audit(r).second == first.id); // the audit names the version
    CHECK(first.version == 1);
    CHECK(first.status == PurposeStatus::Proposed);
    CHECK(first.content.name == "Halterauskunft");
    CHECK(first.content.data_categories == std::vector<std::string>{"name", "anschrift"});
    CHECK(first.content.source_registers == std::vector<std::string>{"ZFZR"});
    CHECK(first.content.recipients == std::vector<std::string>{"Kfz-Stelle"});
    CHECK(first.content.retention_days == 30);
    CHECK(first.content.legal_basis == "§ 6 FZV");
    CHECK_FALSE(first.decided_at.has_value());
    CHECK(first.decision_reason.empty());

    r.purposes.decide(first.id, PurposeStatus::Approved, dpo, "passt", audit_at(200, "d", "v"));
    const auto approved = r.purposes.find_version(first.id);
    CHECK(approved->status == PurposeStatus::Approved);
    CHECK(approved->decided_at == 200);
    CHECK(approved->decided_by == dpo);
    CHECK(approved->decision_reason == "passt");
    CHECK_THROWS_AS(r.purposes.decide(first.id, PurposeStatus::Rejected, dpo, "zu spät",
                                      audit_at(201, "d", "v")),
                    ConflictError);

    const PurposeVersionRecord second =
        r.purposes.add_version(purpose, content_named("Halterauskunft 2"), audit_at(300, "a", "v"));
    CHECK(second.version == 2);
    CHECK(second.status == PurposeStatus::Proposed);
    CHECK(second.proposed_at == 300);
    CHECK(last_audit(r).second == second.id);
    r.purposes.decide(second.id, PurposeStatus::Approved, dpo, "neu", audit_at(400, "d", "v"));
    CHECK(r.purposes.find_version(first.id)->status == PurposeStatus::Superseded);
    CHECK(r.purposes.find_version(second.id)->status == PurposeStatus::Approved);

    const PurposeVersionRecord third =
        r.purposes.add_version(purpose, content_named("Halterauskunft 3"), audit_at(500, "a", "v"));
    const PurposeVersionRecord fourth =
        r.purposes.add_version(purpose, content_named("Halterauskunft 4"), audit_at(501, "a", "v"));
    r.purposes.decide(fourth.id, PurposeStatus::Rejected, dpo, "nein", audit_at(502, "d", "v"));
    CHECK(r.purposes.find_version(fourth.id)->status == PurposeStatus::Rejected);
    CHECK(r.purposes.find_version(second.id)->status == PurposeStatus::Approved); // untouched

    r.purposes.retire(purpose, "entfällt", audit_at(600, "retired", "purpose"));
    CHECK(last_audit(r).first == "retired");
    const auto retired = r.purposes.find(purpose);
    REQUIRE(retired->versions.size() == 4);
    CHECK(retired->versions[1].status == PurposeStatus::Retired);
    CHECK(retired->versions[1].decision_reason == "entfällt");
    CHECK(retired->versions[1].decided_at == 600);
    CHECK(retired->versions[2].id == third.id);
    CHECK(retired->versions[2].status == PurposeStatus::Rejected); // open proposal closed
    CHECK(retired->versions[2].decision_reason == "Zweck stillgelegt");
    CHECK(retired->versions[3].decision_reason == "nein"); // decided before: unchanged

    CHECK_THROWS_AS(r.purposes.retire(purpose, "nochmal", audit_at(700, "r", "p")), ConflictError);
    CHECK_THROWS_AS(r.purposes.add_version(purpose, content_named("x"), audit_at(700, "a", "v")),
                    ConflictError);
    CHECK_THROWS_AS(
        r.purposes.add_version(purpose + 1000, content_named("x"), audit_at(700, "a", "v")),
        NotFoundError);
    CHECK_THROWS_AS(r.purposes.decide(fourth.id + 1000, PurposeStatus::Approved, dpo, "",
                                      audit_at(700, "d", "v")),
                    ConflictError);
    CHECK_FALSE(r.purposes.find(purpose + 1000).has_value());
    CHECK_FALSE(r.purposes.find_version(fourth.id + 1000).has_value());
}

void purpose_lists_are_filtered(Repositories& r) {
    const RowId kfz = r.agencies.create("kfz", "Kfz-Zulassung");
    const RowId amt = r.agencies.create("amt", "Bürgeramt");
    const RowId dpo = dpo_account(r);
    const RowId kfz_proposed = r.purposes.create(kfz, content_named("a"), audit_at(1, "p", "p"));
    const RowId amt_in_force = r.purposes.create(amt, content_named("b"), audit_at(2, "p", "p"));
    const RowId kfz_in_force = r.purposes.create(kfz, content_named("c"), audit_at(3, "p", "p"));
    for (const RowId purpose : {amt_in_force, kfz_in_force}) {
        r.purposes.decide(r.purposes.find(purpose)->versions.front().id, PurposeStatus::Approved,
                          dpo, "", audit_at(4, "d", "v"));
    }
    r.purposes.add_version(kfz_in_force, content_named("c2"), audit_at(5, "a", "v"));

    const auto ids = [](const std::vector<PurposeRecord>& purposes) {
        std::vector<RowId> result;
        for (const auto& p : purposes) {
            result.push_back(p.id);
        }
        return result;
    };
    const auto all = r.purposes.list({});
    CHECK(ids(all) == std::vector<RowId>{kfz_proposed, amt_in_force, kfz_in_force});
    CHECK(all[2].versions.size() == 2); // every version, oldest first
    CHECK(all[2].versions[1].content.name == "c2");
    CHECK(all[1].agency.name == "Bürgeramt");
    CHECK(ids(r.purposes.list({kfz, false})) == std::vector<RowId>{kfz_proposed, kfz_in_force});
    CHECK(ids(r.purposes.list({std::nullopt, true})) ==
          std::vector<RowId>{amt_in_force, kfz_in_force});
    CHECK(ids(r.purposes.list({kfz, true})) == std::vector<RowId>{kfz_in_force});
    CHECK(r.purposes.list({kfz + amt + 100, false}).empty());
}

void a_failed_write_leaves_nothing(Repositories& r) {
    const RowId kfz = r.agencies.create("kfz", "Kfz-Zulassung");
    PurposeContent invalid = content_named("ohne Frist");
    invalid.retention_days = 0; // refused by the schema after the purpose's row was written
    CHECK_THROWS(r.purposes.create(kfz, invalid, audit_at(1, "p", "p")));
    CHECK(r.purposes.list({}).empty());
    CHECK(r.audit.page(std::nullopt, 10).empty());

    // A consent for a version that does not exist: neither the consent nor its audit entry.
    const RowId purpose = r.purposes.create(kfz, content_named("a"), audit_at(2, "p", "p"));
    CHECK_THROWS(r.consents.grant("p1", purpose, 999'999, 100, audit_at(3, "c", "consent")));
    CHECK(r.consents.list_for_citizen("p1").empty());
    CHECK(r.audit.page(std::nullopt, 10).size() == 1); // the purpose's only
}

void consents_are_granted_withdrawn_and_expire(Repositories& r) {
    const RowId kfz = r.agencies.create("kfz", "Kfz-Zulassung");
    const RowId purpose = r.purposes.create(kfz, content_named("a"), audit_at(1, "p", "p"));
    const RowId version = r.purposes.find(purpose)->versions.front().id;
    citizen_account(r, "erika");

    const ConsentRecord first =
        r.consents.grant("p-erika", purpose, version, 2000, audit_at(1000, "granted", "consent"));
    CHECK(first.citizen_pseudonym == "p-erika");
    CHECK(first.purpose_id == purpose);
    CHECK(first.purpose_version_id == version);
    CHECK(first.granted_at == 1000);
    CHECK(first.expires_at == 2000);
    CHECK_FALSE(first.withdrawn_at.has_value());
    CHECK(last_audit(r) == std::pair<std::string, std::optional<RowId>>{"granted", first.id});

    CHECK_FALSE(r.consents.valid_consent("p-erika", purpose, 999).has_value()); // not yet
    CHECK(r.consents.valid_consent("p-erika", purpose, 1000) == first.id);
    CHECK_FALSE(r.consents.valid_consent("p-erika", purpose, 2000).has_value()); // expired
    CHECK_FALSE(r.consents.valid_consent("p-max", purpose, 1500).has_value());
    CHECK_FALSE(r.consents.valid_consent("p-erika", purpose + 1, 1500).has_value());

    const ConsentRecord second =
        r.consents.grant("p-erika", purpose, version, 5000, audit_at(1500, "granted", "consent"));
    CHECK(r.consents.valid_consent("p-erika", purpose, 1600) == second.id); // the newest

    CHECK_THROWS_AS(r.consents.withdraw("p-max", second.id, audit_at(1700, "w", "consent")),
                    NotFoundError); // someone else's
    CHECK_THROWS_AS(r.consents.withdraw("p-erika", second.id + 1000, audit_at(1700, "w", "c")),
                    NotFoundError);
    const ConsentRecord withdrawn =
        r.consents.withdraw("p-erika", second.id, audit_at(1700, "withdrawn", "consent"));
    CHECK(withdrawn.id == second.id);
    CHECK(withdrawn.withdrawn_at == 1700);
    CHECK(withdrawn.expires_at == 5000);
    CHECK(last_audit(r).first == "withdrawn");
    CHECK_THROWS_AS(r.consents.withdraw("p-erika", second.id, audit_at(1800, "w", "consent")),
                    ConflictError);
    CHECK(r.consents.valid_consent("p-erika", purpose, 1750) == first.id); // the older one
    CHECK_FALSE(r.consents.valid_consent("p-erika", purpose, 2500).has_value());

    const auto history = r.consents.list_for_citizen("p-erika"); // newest first
    REQUIRE(history.size() == 2);
    CHECK(history[0].id == second.id);
    CHECK(history[0].withdrawn_at == 1700);
    CHECK(history[1].id == first.id);
    CHECK(r.consents.list_for_citizen("p-max").empty());
}

namespace {

// An objection of `citizen` to `purpose` of agency `agency`, received at `at`, due a month on.
NewObjection objection_to(RowId agency, RowId purpose, std::string citizen, UnixMillis at,
                          bool restriction = false) {
    return {std::move(citizen),  agency,      purpose, std::nullopt,
            "Ich widerspreche.", restriction, at,      at + 30 * 86'400'000LL};
}

} // namespace

void objections_are_extended_once_and_decided_at_their_revision(Repositories& r) {
    const RowId kfz = r.agencies.create("kfz", "Kfz-Zulassung");
    const RowId purpose = r.purposes.create(kfz, content_named("a"), audit_at(1, "p", "p"));
    const RowId dpo = dpo_account(r);

    NewObjection filed = objection_to(kfz, purpose, "p-erika", 1000, true);
    filed.event_id = 42; // no foreign key: the event may be gone by retention
    const ObjectionRecord created = r.objections.create(filed, audit_at(1000, "filed", "o"));
    CHECK(last_audit(r) == std::pair<std::string, std::optional<RowId>>{"filed", created.id});
    CHECK(created.status == ObjectionStatus::Pending);
    CHECK(created.revision == 1);
    CHECK(created.event_id == 42);
    CHECK(created.restriction_requested);
    CHECK(created.original_due_at == filed.due_at);
    CHECK(created.due_at == filed.due_at);
    CHECK_FALSE(created.extension_reason.has_value());
    CHECK_FALSE(created.decided_at.has_value());
    const auto found = r.objections.find(created.id);
    REQUIRE(found.has_value());
    CHECK(found->reason == "Ich widerspreche.");
    CHECK(found->citizen_pseudonym == "p-erika");
    CHECK_FALSE(r.objections.find(created.id + 1000).has_value());

    const UnixMillis later = filed.due_at + 1000;
    CHECK_THROWS_AS(r.objections.extend(created.id, 2, later, "x", audit_at(2000, "e", "o")),
                    ConflictError); // stale revision
    CHECK_THROWS_AS(r.objections.extend(created.id + 1000, 1, later, "x", audit_at(2000, "e", "o")),
                    NotFoundError);
    const ObjectionRecord extended =
        r.objections.extend(created.id, 1, later, "komplex", audit_at(2000, "extended", "o"));
    CHECK(extended.revision == 2);
    CHECK(extended.due_at == later);
    CHECK(extended.original_due_at == filed.due_at);
    CHECK(extended.extension_reason == "komplex");
    CHECK(last_audit(r).first == "extended");
    CHECK_THROWS_AS(r.objections.extend(created.id, 2, later + 1, "x", audit_at(2100, "e", "o")),
                    ConflictError); // only once

    CHECK_THROWS_AS(r.objections.decide(created.id, 1, ObjectionStatus::Upheld, dpo, "ja",
                                        audit_at(3000, "d", "o")),
                    ConflictError);
    const ObjectionRecord upheld = r.objections.decide(created.id, 2, ObjectionStatus::Upheld, dpo,
                                                       "ja", audit_at(3000, "decided", "o"));
    CHECK(upheld.status == ObjectionStatus::Upheld);
    CHECK(upheld.revision == 3);
    CHECK(upheld.decided_at == 3000);
    CHECK(upheld.decided_by == dpo);
    CHECK(upheld.decision_reason == "ja");
    CHECK(last_audit(r).first == "decided");
    CHECK_THROWS_AS(r.objections.decide(created.id, 3, ObjectionStatus::Rejected, dpo, "doch",
                                        audit_at(4000, "d", "o")),
                    ConflictError); // decided
    CHECK(r.objections.find(created.id)->status == ObjectionStatus::Upheld);

    const ObjectionRecord second =
        r.objections.create(objection_to(kfz, purpose, "p-erika", 5000), audit_at(5000, "f", "o"));
    r.objections.create(objection_to(kfz, purpose, "p-max", 6000), audit_at(6000, "f", "o"));
    const auto erikas = r.objections.list_for_citizen("p-erika"); // newest first
    REQUIRE(erikas.size() == 2);
    CHECK(erikas[0].id == second.id);
    CHECK(erikas[1].id == created.id);
    CHECK(r.objections.list_for_citizen("p-nobody").empty());
}

void objection_queues_and_blocks(Repositories& r) {
    const RowId kfz = r.agencies.create("kfz", "Kfz-Zulassung");
    const RowId amt = r.agencies.create("amt", "Bürgeramt");
    const RowId kfz_purpose = r.purposes.create(kfz, content_named("a"), audit_at(1, "p", "p"));
    const RowId amt_purpose = r.purposes.create(amt, content_named("b"), audit_at(1, "p", "p"));
    const RowId dpo = dpo_account(r);
    const auto file = [&](RowId agency, RowId purpose, std::string citizen, UnixMillis at,
                          bool restriction) {
        return r.objections.create(
            objection_to(agency, purpose, std::move(citizen), at, restriction),
            audit_at(at, "f", "o"));
    };
    const ObjectionRecord late = file(kfz, kfz_purpose, "p-a", 3000, false);
    const ObjectionRecord early = file(amt, amt_purpose, "p-b", 1000, true);
    const ObjectionRecord middle = file(kfz, kfz_purpose, "p-c", 2000, false);
    const ObjectionRecord rejected = file(kfz, kfz_purpose, "p-d", 500, true);
    r.objections.decide(rejected.id, 1, ObjectionStatus::Rejected, dpo, "nein",
                        audit_at(600, "d", "o"));
    r.objections.decide(middle.id, 1, ObjectionStatus::Upheld, dpo, "ja", audit_at(2500, "d", "o"));

    const auto ids = [](const std::vector<ObjectionRecord>& objections) {
        std::vector<RowId> result;
        for (const auto& o : objections) {
            result.push_back(o.id);
        }
        return result;
    };
    // By due date, earliest first.
    CHECK(ids(r.objections.queue({})) ==
          std::vector<RowId>{rejected.id, early.id, middle.id, late.id});
    CHECK(ids(r.objections.queue({kfz, std::nullopt})) ==
          std::vector<RowId>{rejected.id, middle.id, late.id});
    CHECK(ids(r.objections.queue({std::nullopt, ObjectionStatus::Pending})) ==
          std::vector<RowId>{early.id, late.id});
    CHECK(ids(r.objections.queue({kfz, ObjectionStatus::Upheld})) == std::vector<RowId>{middle.id});
    CHECK(r.objections.queue({amt, ObjectionStatus::Rejected}).empty());

    const auto block = [&](const std::string& citizen, RowId purpose) {
        const ObjectionBlock b = r.objections.block_for(citizen, purpose);
        return std::pair{b.upheld, b.restricted_pending};
    };
    CHECK(block("p-a", kfz_purpose) == std::pair{false, false}); // pending, no restriction
    CHECK(block("p-b", amt_purpose) == std::pair{false, true});  // pending with restriction
    CHECK(block("p-c", kfz_purpose) == std::pair{true, false});  // upheld
    CHECK(block("p-d", kfz_purpose) == std::pair{false, false}); // rejected: no block
    CHECK(block("p-b", kfz_purpose) == std::pair{false, false}); // another purpose
    CHECK(block("p-nobody", kfz_purpose) == std::pair{false, false});

    auto blocking = r.objections.blocking(10);
    std::sort(blocking.begin(), blocking.end(), [](const auto& x, const auto& y) {
        return x.citizen_pseudonym < y.citizen_pseudonym;
    });
    REQUIRE(blocking.size() == 2);
    CHECK(blocking[0].citizen_pseudonym == "p-b");
    CHECK(blocking[0].purpose_id == amt_purpose);
    CHECK(blocking[0].block.restricted_pending);
    CHECK_FALSE(blocking[0].block.upheld);
    CHECK(blocking[1].citizen_pseudonym == "p-c");
    CHECK(blocking[1].block.upheld);
    CHECK(r.objections.blocking(1).size() == 1);
}

} // namespace einblick::testing::contract
