#include <doctest/doctest.h>

#include <SQLiteCpp/Statement.h>

#include "einblick/server/migrations.hpp"
#include "test_backend.hpp"

using namespace einblick::server;
using einblick::UnixMillis;

namespace {

NewAccessEvent event_at(const std::string& pseudonym, RowId agency, UnixMillis at) {
    return {pseudonym, agency, "Zweck", "Rechtsgrundlage", {"address"}, at, at};
}

std::string query_plan(Database& db, const std::string& sql) {
    auto guard = db.lock();
    SQLite::Statement plan(db.connection(), "EXPLAIN QUERY PLAN " + sql);
    std::string text;
    while (plan.executeStep()) {
        text += plan.getColumn(3).getString() + "\n";
    }
    return text;
}

} // namespace

TEST_CASE("a new database is migrated to the latest schema version") {
    Database db(":memory:");
    CHECK(db.schema_version() == latest_schema_version());
    CHECK(db.ping());
}

TEST_CASE("migrations are numbered 1, 2, 3, … without gaps") {
    int expected = 1;
    for (const Migration& migration : all_migrations()) {
        CHECK(migration.version == expected++);
        CHECK_FALSE(migration.description.empty());
    }
}

TEST_CASE("a database from a newer build is refused, not damaged") {
    const std::string path = "/tmp/einblick-newer-schema-test.db";
    std::remove(path.c_str());
    {
        SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("PRAGMA user_version = 999");
    }
    CHECK_THROWS_WITH_AS(Database{path}, doctest::Contains("newer than this build"),
                         std::runtime_error);
    std::remove(path.c_str());
}

TEST_CASE("agencies are found by code and by an unrevoked API key hash") {
    Database db(":memory:");
    AgencyStore agencies(db);
    const RowId id = agencies.create("kfz", "Kfz-Zulassung");
    CHECK(agencies.find_by_code("kfz")->id == id);
    CHECK_FALSE(agencies.find_by_code("nope").has_value());
    const Bytes hash(32, 1);
    agencies.add_api_key(id, hash, "test", 0);
    CHECK(agencies.find_by_api_key_hash(hash)->code == "kfz");
    CHECK_FALSE(agencies.find_by_api_key_hash(Bytes(32, 2)).has_value());
    CHECK_THROWS(agencies.create("kfz", "duplicate"));
}

TEST_CASE("accounts and sessions are stored and expire") {
    Database db(":memory:");
    AccountStore accounts(db);
    SessionStore sessions(db);
    const RowId id = accounts.create({"erika", "hash", "Erika", AccountRole::Citizen, "p1", {}}, 0);
    CHECK(accounts.find_by_username("erika")->citizen_pseudonym == "p1");
    CHECK(accounts.find_by_id(id)->username == "erika");
    CHECK_FALSE(accounts.find_by_username("ERIKA").has_value());
    // A citizen without a pseudonym is rejected by the schema.
    CHECK_THROWS(accounts.create({"x", "hash", "X", AccountRole::Citizen, {}, {}}, 0));

    sessions.create({Bytes(32, 9), id, 1000, 1000});
    CHECK(sessions.find(Bytes(32, 9))->account_id == id);
    sessions.touch(Bytes(32, 9), 5000);
    CHECK(sessions.find(Bytes(32, 9))->last_seen_at == 5000);
    CHECK(sessions.remove_expired(4000, 0) == 0);
    CHECK(sessions.remove_expired(6000, 0) == 1);
    CHECK_FALSE(sessions.find(Bytes(32, 9)).has_value());
}

TEST_CASE("history pages are newest first, stable on equal times, without gaps or repeats") {
    Database db(":memory:");
    AgencyStore agencies(db);
    AccessEventStore events(db);
    const RowId agency = agencies.create("a", "Agency");
    std::vector<NewAccessEvent> batch;
    for (int i = 0; i < 25; ++i) {
        batch.push_back(event_at("me", agency, 1000 + (i / 3) * 10)); // ties in threes
        batch.push_back(event_at("someone-else", agency, 1000 + i));
    }
    events.append_all(batch);
    CHECK(events.count_for_citizen("me") == 25);

    std::vector<RowId> seen;
    std::optional<HistoryCursor> cursor;
    for (int page = 0; page < 10; ++page) {
        const auto rows = events.history_page("me", cursor, 7);
        if (rows.empty()) {
            break;
        }
        for (const auto& row : rows) {
            seen.push_back(row.id);
        }
        cursor = HistoryCursor{rows.back().occurred_at, rows.back().id};
    }
    REQUIRE(seen.size() == 25);
    for (std::size_t i = 1; i < seen.size(); ++i) {
        CHECK(seen[i] != seen[i - 1]);
    }
    const auto all = events.history_page("me", std::nullopt, 100);
    for (std::size_t i = 1; i < all.size(); ++i) {
        const bool ordered = all[i - 1].occurred_at > all[i].occurred_at ||
                             (all[i - 1].occurred_at == all[i].occurred_at && all[i - 1].id > all[i].id);
        CHECK(ordered);
        CHECK(all[i].id == seen[i]);
    }
    CHECK(all.front().agency.name == "Agency");
    CHECK(all.front().data_categories == std::vector<std::string>{"address"});
}

TEST_CASE("append_all is all or nothing") {
    Database db(":memory:");
    AgencyStore agencies(db);
    AccessEventStore events(db);
    const RowId agency = agencies.create("a", "Agency");
    std::vector<NewAccessEvent> batch{event_at("me", agency, 1), event_at("me", 999, 2)};
    CHECK_THROWS(events.append_all(batch)); // agency 999 violates the foreign key
    CHECK(events.count_for_citizen("me") == 0);
}

TEST_CASE("the citizen history query uses its index and needs no sort") {
    Database db(":memory:");
    for (bool with_cursor : {false, true}) {
        const std::string plan = query_plan(db, AccessEventStore::history_page_sql(with_cursor));
        CAPTURE(plan);
        CHECK(plan.find("USING INDEX access_events_by_citizen") != std::string::npos);
        CHECK(plan.find("TEMP B-TREE") == std::string::npos);
        CHECK(plan.find("SCAN e") == std::string::npos);
    }
}
