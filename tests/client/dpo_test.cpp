// The DPO's pages through the whole App: queue by deadline, deciding and extending with
// If-Match (412 reloads and keeps the drafts), purpose approvals, unusual access volume.
#include "app_harness.hpp"
#include "einblick/client/selectors.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

using namespace einblick::client;
namespace t = einblick::client::testing;
using nlohmann::json;
namespace api = einblick::api;

namespace {

constexpr const char* queue_path = "/api/v1/objections?status=";

void open_case(t::Harness& h, int revision = 1) {
    h.start_at_login();
    h.log_in("dpo", "dsb");
    h.answer(queue_path, 200,
             t::items_json({t::objection_json(2, api::ObjectionStatus::Pending, 1,
                                              "2026-12-28T22:59:59.999Z"),
                            t::objection_json(1, api::ObjectionStatus::Pending, 1,
                                              "2026-11-20T22:59:59.999Z", true)}));
    h.dispatch(intent::dpo::OpenObjection{1});
    CHECK(h.net.request_to("/api/v1/objections/1").method == "GET");
    h.answer("/api/v1/objections/1", 200,
             t::objection_json(1, api::ObjectionStatus::Pending, revision,
                               "2026-11-20T22:59:59.999Z", true));
    REQUIRE(h.state().dpo.open_case.objection.ready());
}

} // namespace

TEST_CASE("the queue is sorted by deadline and flags what is overdue") {
    t::Harness h;
    open_case(h);
    const auto& rows = h.state().dpo.queue.data;
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].objection.id == 1);
    CHECK(rows[0].overdue);
    CHECK(rows[0].due_at == "20.11.2026");
    CHECK_FALSE(rows[1].overdue);

    h.dispatch(intent::dpo::SetQueueFilter{QueueFilter::All});
    CHECK(h.net.request_to(queue_path).path == "/api/v1/objections?status=all");
    h.answer(queue_path, 200, t::items_json({t::objection_json(3, api::ObjectionStatus::Upheld)}));
    CHECK(h.state().dpo.queue.data.size() == 1);
    CHECK(std::string_view(objection_status_label(h.state().dpo.queue.data[0].objection.status,
                                                  einblick::Language::German)) == "stattgegeben");
}

TEST_CASE("deciding sends If-Match with the revision, success leaves the pending queue") {
    t::Harness h;
    open_case(h, 3);
    ObjectionCase& open = h.edit().dpo.open_case;
    h.dispatch(intent::dpo::ReviewDecision{});
    CHECK(error_for(open.errors, "/outcome").has_value());
    CHECK(error_for(open.errors, "/reason").has_value());
    CHECK_FALSE(open.decision.checked);
    CHECK(h.net.pending() == 0);

    open.decision.outcome = api::ObjectionDecision::Uphold;
    open.decision.reason = "Der Abruf war nicht erforderlich.";
    h.dispatch(intent::dpo::ReviewDecision{});
    CHECK(open.decision.checked);
    CHECK(open.errors.empty());
    CHECK(h.net.pending() == 0); // the check step sends nothing
    h.dispatch(intent::dpo::SubmitDecision{});
    h.dispatch(intent::dpo::SubmitDecision{}); // double click
    REQUIRE(h.net.pending() == 1);
    const HttpRequest& request = h.net.request_to("/api/v1/objections/1/decision", "POST");
    CHECK(request.header("If-Match") == "\"3\"");
    // The body as JSON with its wire texts, pinned: upholding is sent as the status "upheld".
    CHECK(json::parse(request.body) ==
          json{{"outcome", "upheld"}, {"reason", "Der Abruf war nicht erforderlich."}});
    h.answer("/api/v1/objections/1/decision", 200,
             t::objection_json(1, api::ObjectionStatus::Upheld, 4));
    CHECK_FALSE(open.submitting);
    CHECK(open.notice == std::optional<std::string>("Die Entscheidung wurde gespeichert."));
    CHECK(open.decision.reason.empty());
    CHECK(open.objection.data.revision == 4);
    CHECK(h.state().dpo.queue.data.size() == 1); // decided: no longer in the pending queue
}

TEST_CASE("412 on a decision: reloaded, told, drafts kept, resent with the new revision") {
    t::Harness h;
    open_case(h, 1);
    ObjectionCase& open = h.edit().dpo.open_case;
    open.decision.outcome = api::ObjectionDecision::Reject;
    open.decision.reason = "Zwingende Gründe.";
    h.dispatch(intent::dpo::ReviewDecision{});
    h.dispatch(intent::dpo::SubmitDecision{});
    h.answer("/api/v1/objections/1/decision", 412,
             t::problem_json(412, "Veraltete Version", "If-Match passt nicht."));
    CHECK_FALSE(open.submitting);
    REQUIRE(open.error.has_value());
    CHECK(open.error->find("inzwischen geändert") != std::string::npos);
    CHECK(open.decision.reason == "Zwingende Gründe.");
    CHECK(h.net.request_to("/api/v1/objections/1").method == "GET"); // reloading
    std::string extended =
        t::objection_json(1, api::ObjectionStatus::Pending, 2, "2027-01-20T22:59:59.999Z");
    extended.insert(extended.size() - 1, R"(,"extension_reason":"Umfangreiche Prüfung")");
    h.answer("/api/v1/objections/1", 200, extended);
    CHECK(open.objection.data.revision == 2);
    CHECK(open.decision.reason == "Zwingende Gründe.");
    // The case changed: back to the form, and checked again before it is sent.
    CHECK_FALSE(open.decision.checked);
    h.dispatch(intent::dpo::SubmitDecision{});
    CHECK_FALSE(h.net.has("/api/v1/objections/1/decision", "POST"));

    h.dispatch(intent::dpo::ReviewDecision{});
    h.dispatch(intent::dpo::SubmitDecision{});
    CHECK(h.net.request_to("/api/v1/objections/1/decision").header("If-Match") == "\"2\"");
}

TEST_CASE("a binding decision is sent only from its check step, and Change goes back") {
    t::Harness h;
    open_case(h, 1);
    ObjectionCase& open = h.edit().dpo.open_case;
    open.decision.outcome = api::ObjectionDecision::Reject;
    open.decision.reason = "Zwingende Gründe.";
    h.dispatch(intent::dpo::SubmitDecision{}); // not from the form
    CHECK(h.net.pending() == 0);
    h.dispatch(intent::dpo::ReviewDecision{});
    REQUIRE(open.decision.checked);
    h.dispatch(intent::dpo::EditDecision{});
    CHECK_FALSE(open.decision.checked);
    CHECK(open.decision.reason == "Zwingende Gründe."); // the draft stays
    h.dispatch(intent::dpo::SubmitDecision{});
    CHECK(h.net.pending() == 0);
    // A reason made too long on the check step's way is caught again before sending.
    h.dispatch(intent::dpo::ReviewDecision{});
    open.decision.reason = std::string(api::limits::objection_reason_max + 1, 'x');
    h.dispatch(intent::dpo::SubmitDecision{});
    CHECK(h.net.pending() == 0);
    CHECK_FALSE(open.decision.checked);
    CHECK(error_for(open.errors, "/reason").has_value());
}

TEST_CASE("extending: once, by one or two months, with If-Match, a 400 maps to the field") {
    t::Harness h;
    open_case(h, 1);
    ObjectionCase& open = h.edit().dpo.open_case;
    open.extension.months = 3;
    h.dispatch(intent::dpo::SubmitExtension{});
    CHECK(error_for(open.errors, "/months").has_value());
    CHECK(open.action == CaseAction::Extend);
    open.extension.months = 2;
    open.extension.reason = "Stellungnahme der Behörde steht aus.";
    h.dispatch(intent::dpo::SubmitExtension{});
    const HttpRequest& request = h.net.request_to("/api/v1/objections/1/extension", "POST");
    CHECK(request.header("If-Match") == "\"1\"");
    CHECK(json::parse(request.body) ==
          json{{"months", 2}, {"reason", "Stellungnahme der Behörde steht aus."}});
    h.answer("/api/v1/objections/1/extension", 400, t::validation_json({{"/reason", "Zu lang."}}));
    CHECK(error_for(open.errors, "/reason") == std::optional<std::string>("Zu lang."));
    CHECK(open.extension.reason == "Stellungnahme der Behörde steht aus.");

    h.dispatch(intent::dpo::SubmitExtension{});
    std::string extended =
        t::objection_json(1, api::ObjectionStatus::Pending, 2, "2027-01-20T22:59:59.999Z");
    extended.insert(extended.size() - 1, R"(,"extension_reason":"Stellungnahme")");
    h.answer("/api/v1/objections/1/extension", 200, extended);
    CHECK(open.notice == std::optional<std::string>("Die Frist wurde verlängert bis 20.01.2027."));
    h.dispatch(intent::dpo::SubmitExtension{});
    CHECK(open.error == std::optional<std::string>("Die Frist wurde bereits einmal verlängert."));
    CHECK(h.net.pending() == 0);
}

TEST_CASE("purpose approvals: proposals listed, decision with reason") {
    t::Harness h;
    h.start_at_login();
    h.log_in("dpo", "dsb");
    h.dispatch(intent::Navigate{Page::PurposeReview});
    h.answer("/api/v1/purposes", 200,
             t::items_json({t::purpose_json(6, "A6-1-e", true), t::purpose_json(7)}));
    const auto items = purposes_to_review(h.state());
    REQUIRE(items.size() == 1);
    CHECK(items[0].purpose_id == 6);
    CHECK(items[0].version == 2);
    CHECK(items[0].in_force.has_value());

    h.dispatch(intent::dpo::SelectProposal{6, 2});
    PurposeReview& review = h.edit().dpo.review;
    h.dispatch(intent::dpo::SubmitPurposeDecision{});
    CHECK(error_for(review.errors, "/decision").has_value());
    review.decision = api::PurposeDecision::Approve;
    review.reason = "Rechtsgrundlage trägt.";
    h.dispatch(intent::dpo::SubmitPurposeDecision{});
    const HttpRequest& request = h.net.request_to("/api/v1/purposes/6/versions/2/decision", "POST");
    CHECK(json::parse(request.body) ==
          json{{"decision", "approve"}, {"reason", "Rechtsgrundlage trägt."}});
    std::string decided = t::purpose_json(6);
    h.answer("/api/v1/purposes/6/versions/2/decision", 200, decided);
    CHECK(review.notice == std::optional<std::string>("Der Zweck wurde genehmigt."));
    CHECK_FALSE(review.purpose_id.has_value());
    CHECK(purposes_to_review(h.state()).empty());
}

TEST_CASE("an agency's log: its last seven days, more pages, closed, late answers dropped") {
    t::Harness h;
    h.start_at_login();
    h.log_in("dpo", "dsb");
    h.dispatch(intent::Navigate{Page::UnusualAccess});
    h.dispatch(intent::dpo::OpenAgencyLog{"polizei", "Polizei"});
    const AgencyLog& log = h.state().dpo.agency_log;
    CHECK(log.agency_code == std::optional<std::string>("polizei"));
    CHECK(log.from == h.state().now - 7 * 86'400'000LL);
    const std::string first = agency_log_path("polizei", log.from, std::nullopt, 50);
    CHECK(first.rfind("/api/v1/agencies/polizei/access-events?limit=50&from=", 0) == 0);
    const std::string event =
        R"({"id":"9","seq":9,"kind":"access","outcome":"allowed","reason":"allowed",)"
        R"("occurred_at":"2026-11-27T10:00:00Z","agency":{"code":"polizei","name":"Polizei"},)"
        R"("purpose":"Gefahrenabwehr","legal_basis":"§ 34","register":"melderegister",)"
        R"("data_categories":["address"],"citizen_ref":"B-3f9a1c2e7d"})";
    h.answer(first, 200, R"({"items":[)" + event + R"(],"next_cursor":"c1"})");
    REQUIRE(log.rows.ready());
    REQUIRE(log.rows.data.size() == 1);
    CHECK(log.rows.data[0].citizen_ref == "B-3f9a1c2e7d");
    CHECK(log.rows.data[0].event.purpose == "Gefahrenabwehr");
    CHECK(log.next_cursor == std::optional<std::string>("c1"));

    const std::size_t before = h.net.pending();
    h.dispatch(intent::dpo::LoadMoreAgencyLog{});
    h.dispatch(intent::dpo::LoadMoreAgencyLog{}); // double click: one request
    const std::string second = agency_log_path("polizei", log.from, "c1", 50);
    CHECK(h.net.pending() == before + 1);
    CHECK(h.net.has(second));
    h.answer(second, 200, R"({"items":[)" + event + "]}");
    CHECK(log.rows.data.size() == 2);
    CHECK_FALSE(log.next_cursor);

    // Closed while a page is on its way: the late answer shows nothing.
    h.dispatch(intent::dpo::OpenAgencyLog{"kfz", "Kfz"});
    h.dispatch(intent::dpo::CloseAgencyLog{});
    h.answer("/api/v1/agencies/kfz/access-events", 200, R"({"items":[)" + event + "]}");
    CHECK_FALSE(log.agency_code);
    CHECK(log.rows.data.empty());
}

TEST_CASE("unusual access volume per agency") {
    t::Harness h;
    h.start_at_login();
    h.log_in("dpo", "dsb");
    h.dispatch(intent::Navigate{Page::UnusualAccess});
    h.answer(
        "/api/v1/statistics/agency-weekly", 200,
        R"({"agencies":[{"agency":{"code":"polizei","name":"Polizei"},"this_week":40,"usual_weekly":4.5,"ratio":8.9,"unusual":true}]})");
    const auto& volume = h.state().dpo.volume;
    REQUIRE(volume.ready());
    CHECK(volume.data.agencies[0].unusual);
    CHECK(volume.data.agencies[0].usual_weekly == doctest::Approx(4.5));
}
