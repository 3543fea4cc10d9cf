// The plans of the history pages on PostgreSQL, read from EXPLAIN over a log analysed with a
// citizen's 5,000 entries among 55,000 of 64 agencies over five monthly partitions, the shape of
// the benchmark's 10 M database. For every combination of filters, with and without a cursor, in
// the plan the server's prepared statement gets after its fifth run (generic) and in the one for
// the values (custom):
// - the page is selected from access_log alone (a Limit with no join and no other table below
//   it; agencies only in an InitPlan that turns the agency's code into its id), and only its
//   rows are joined to the names;
// - a citizen's page is read in the order of access_log_by_citizen, or, where the filters leave
//   few rows, those are sorted: a Sort below the Limit never takes more than 4 pages' rows (run
//   with EXPLAIN ANALYZE), never all of the citizen's.
// Joining agencies to filter by its code let the planner read and sort all 5,000 rows at 10 M:
// 13.9 ms a page instead of 0.7 ms (BENCHMARKS.md, thirteenth stop).
#include "einblick/server/pg/access_log_repository.hpp"
#include "einblick/server/pg/log_partitions.hpp"
#include "log_test_support.hpp"

#include <algorithm>
#include <cstdint>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <test_cluster.hpp>
#include <variant>
#include <vector>

using namespace einblick::server;
using einblick::UnixMillis;
using nlohmann::json;

namespace {

constexpr UnixMillis jan_2020 = 1'577'836'800'000; // 2020-01-01 UTC
constexpr int page_size = 50;

struct AnalysedLog : einblick::testing::PgLogRepositories {
    AnalysedLog() : PgLogRepositories(1) {
        pg::PartitionMaintenanceOptions options;
        options.months_ahead = 4;
        REQUIRE(pg::maintain_log_partitions(setup, jan_2020, options).created.size() == 5);
        for (int i = 0; i < 64; ++i) {
            agencies.create("agency-" + std::to_string(i), "Agency " + std::to_string(i));
        }
        // Every 11th entry is the citizen's; one every 3 minutes from January to mid-April.
        // The citizen's column's statistics from every row, not a sample, so the planner knows
        // her 5,000 entries and makes the same plans in every run: a target of 1,000 samples
        // 300,000 rows, more than the log holds. Set on the table (and so its
        // partitions) before the rows come, so that an autovacuum ANALYZE reads every row too.
        // ANALYZE names this case's tables: the others' schemas are not its business.
        setup.execute_script(
            "ALTER TABLE access_log ALTER COLUMN citizen_pseudonym SET STATISTICS 1000;"
            "INSERT INTO log_reasons (reason) VALUES ('allowed') ON CONFLICT DO NOTHING;"
            "INSERT INTO access_log (seq, kind, outcome, reason, citizen_pseudonym, agency_id, "
            "  purpose_id, register, data_categories, legal_basis, occurred_at, recorded_at, "
            "  prev_hash) "
            "SELECT g, 1, (g % 13 = 0)::int, (SELECT min(code) FROM log_reasons), "
            "  CASE WHEN g % 11 = 0 THEN 'me' ELSE 'c' || (g % 997) END, "
            "  (SELECT min(id) FROM agencies) + g % 64, g % 7, 'register', "
            "  CASE WHEN g % 2 = 0 THEN '[\"address\"]' ELSE '[\"address\",\"vehicle\"]' END, "
            "  'basis', " +
            std::to_string(jan_2020) + " + g::bigint * 180000, " + std::to_string(jan_2020) +
            " + g::bigint * 180000, decode(repeat('00', 32), 'hex') "
            "FROM generate_series(1, 55000) AS g;"
            "ANALYZE access_log, agencies, log_reasons, purpose_versions;");
        REQUIRE(setup.execute("SELECT count(*) FROM access_log WHERE citizen_pseudonym = 'me'")
                    .int64(0, 0) == 5000);
    }
};

// All 64 combinations of the history filters: agency, purpose, outcome, from, to, category.
std::vector<HistoryFilter> every_filter_combination() {
    std::vector<HistoryFilter> filters;
    for (int bits = 0; bits < 64; ++bits) {
        HistoryFilter f;
        if (bits & 1) {
            f.agency_code = "agency-3";
        }
        if (bits & 2) {
            f.purpose_id = 3;
        }
        if (bits & 4) {
            f.outcome = AccessOutcome::Denied;
        }
        if (bits & 8) {
            f.from = jan_2020 + 86'400'000;
        }
        if (bits & 16) {
            f.to = jan_2020 + 90 * 86'400'000LL;
        }
        if (bits & 32) {
            f.data_category = "vehicle";
        }
        filters.push_back(f);
    }
    return filters;
}

std::string literal(const pg::Param& value) {
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*number);
    }
    const auto* text = std::get_if<std::string>(&value);
    REQUIRE(text != nullptr); // the pages' parameters are texts and numbers
    std::string quoted = "'";
    for (char c : *text) {
        quoted += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return quoted + "'";
}

constexpr const char* explain = "EXPLAIN (ANALYZE, FORMAT JSON) ";

// The plan PostgreSQL chooses for the values (as for a prepared statement's first five runs),
// run.
json custom_plan(pg::Connection& c, const PageQuery& q) {
    return json::parse(c.execute(explain + q.sql, q.params).text(0, 0)).at(0).at("Plan");
}

// The plan for any values (as a prepared statement may get from its sixth run on), run.
json generic_plan(pg::Connection& c, const PageQuery& q) {
    std::string arguments;
    for (const auto& value : q.params) {
        arguments += (arguments.empty() ? "" : ", ") + literal(value);
    }
    c.execute_script("SET plan_cache_mode = force_generic_plan; PREPARE page AS " + q.sql);
    const std::string text =
        c.execute(explain + std::string("EXECUTE page (") + arguments + ")").text(0, 0);
    c.execute_script("DEALLOCATE page; RESET plan_cache_mode");
    return json::parse(text).at(0).at("Plan");
}

std::vector<const json*> children(const json& node) {
    std::vector<const json*> found;
    if (node.contains("Plans")) {
        for (const auto& child : node.at("Plans")) {
            found.push_back(&child);
        }
    }
    return found;
}

// What a Limit's subtree reads, apart from InitPlans and SubPlans (the agency's id, the
// category's test).
struct Subtree {
    std::vector<std::string> tables; // "Relation Name" of every scan
    std::vector<std::string> joins;  // "Node Type" of every join
    std::int64_t rows_sorted = 0;    // the most rows a Sort (not an Incremental Sort) took
};

std::int64_t rows_out(const json& node) {
    return node.at("Actual Rows").get<std::int64_t>() * node.at("Actual Loops").get<std::int64_t>();
}

void collect(const json& node, Subtree& into) {
    const std::string type = node.at("Node Type").get<std::string>();
    if (node.contains("Relation Name")) {
        into.tables.push_back(node.at("Relation Name").get<std::string>());
    }
    if (type == "Nested Loop" || type == "Hash Join" || type == "Merge Join") {
        into.joins.push_back(type);
    }
    if (type == "Sort") {
        into.rows_sorted = std::max(into.rows_sorted, rows_out(node.at("Plans").at(0)));
    }
    for (const json* child : children(node)) {
        const std::string relationship = child->value("Parent Relationship", "");
        if (relationship != "InitPlan" && relationship != "SubPlan") {
            collect(*child, into);
        }
    }
}

// The Limit nodes of the plan, outermost first.
void find_limits(const json& node, std::vector<const json*>& into) {
    if (node.at("Node Type") == "Limit") {
        into.push_back(&node);
    }
    for (const json* child : children(node)) {
        find_limits(*child, into);
    }
}

// The page's Limit, checked to read access_log's partitions alone, without joins.
Subtree page_limit(const json& plan) {
    std::vector<const json*> limits;
    find_limits(plan, limits);
    REQUIRE(limits.size() == 1);
    Subtree below;
    collect(*limits.front(), below);
    CHECK(below.joins.empty());
    REQUIRE_FALSE(below.tables.empty());
    for (const auto& table : below.tables) {
        CHECK(table.rfind("access_log_", 0) == 0); // a partition
    }
    return below;
}

std::string described(const HistoryFilter& f, bool with_cursor, const json& plan) {
    return "agency " + std::to_string(f.agency_code.has_value()) + ", purpose " +
           std::to_string(f.purpose_id.has_value()) + ", outcome " +
           std::to_string(f.outcome.has_value()) + ", from " + std::to_string(f.from.has_value()) +
           ", to " + std::to_string(f.to.has_value()) + ", category " +
           std::to_string(f.data_category.has_value()) + ", cursor " + std::to_string(with_cursor) +
           "\n" + plan.dump(1);
}

} // namespace

TEST_CASE_FIXTURE(AnalysedLog, "PostgreSQL: a citizen's history page, filtered in any way, is "
                               "read in index order from the log alone and then named") {
    const HistoryCursor cursor{jan_2020 + 60 * 86'400'000LL, 30'000};
    int plans = 0;
    for (const auto& filter : every_filter_combination()) {
        for (const bool with_cursor : {false, true}) {
            const PageQuery q = PgAccessLogRepository::history_page_query(
                "me", filter, with_cursor ? std::optional(cursor) : std::nullopt, page_size);
            for (const json& plan : {custom_plan(setup, q), generic_plan(setup, q)}) {
                INFO(described(filter, with_cursor, plan));
                CHECK(page_limit(plan).rows_sorted <= 4 * page_size);
                ++plans;
            }
        }
    }
    CHECK(plans == 256);
}

TEST_CASE_FIXTURE(AnalysedLog, "PostgreSQL: an agency's page, filtered in any way, is selected "
                               "from the log alone and then named") {
    const RowId agency =
        setup.execute("SELECT id FROM agencies WHERE code = 'agency-3'").int64(0, 0);
    const HistoryCursor cursor{jan_2020 + 60 * 86'400'000LL, 30'000};
    int plans = 0;
    for (const auto& filter : every_filter_combination()) {
        for (const bool with_cursor : {false, true}) {
            const PageQuery q = PgAccessLogRepository::agency_page_query(
                agency, filter, with_cursor ? std::optional(cursor) : std::nullopt, page_size);
            for (const json& plan : {custom_plan(setup, q), generic_plan(setup, q)}) {
                INFO(described(filter, with_cursor, plan));
                page_limit(plan);
                ++plans;
            }
        }
    }
    CHECK(plans == 256);
}
