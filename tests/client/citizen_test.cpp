// The citizen's pages through the whole App: overview, history filters/sorting/detail,
// the objection and consent flows, withdrawal, export.
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

constexpr const char* history_path = "/api/v1/me/access-events?limit=50";
constexpr const char* recent_path = "/api/v1/me/access-events?limit=200";

// An access check as the server writes it ("kind":"check" pins the wire text).
std::string check_json(const std::string& id, api::AccessOutcome outcome) {
    return R"({"id":")" + id +
           R"(","occurred_at":"2026-11-20T10:00:00Z","kind":"check","outcome":")" +
           std::string(to_text(outcome)) +
           R"(","reason":"consent_missing","agency":{"code":"kfz","name":"Kfz"},)"
           R"("purpose":"Zulassung","legal_basis":"§ 6 FZV","data_categories":["address"]})";
}

// Logged in as a citizen with every first request answered (empty lists).
void settle_citizen(t::Harness& h) {
    h.start_at_login();
    h.log_in();
    h.answer(history_path, 200,
             t::page_json({t::event_json("42", "2026-11-27T08:00:00Z"),
                           t::event_json("41", "2026-11-26T08:00:00Z")}));
    h.answer(recent_path, 200, t::page_json({}));
    h.answer("/api/v1/me/statistics/monthly", 200, R"({"months":[]})");
    h.answer("/api/v1/me/consents", 200, t::items_json({}));
    h.answer("/api/v1/me/objections", 200, t::items_json({}));
    REQUIRE(h.net.pending() == 0);
}

} // namespace

TEST_CASE(
    "overview: counts of the last 30 days over several pages, open objections, expiring consents") {
    t::Harness h;
    h.start_at_login();
    h.log_in();
    const auto& recent = h.net.request_to(recent_path);
    CHECK(recent.path == "/api/v1/me/access-events?limit=200&from=2026-10-29T12%3A00%3A00.000Z");

    std::vector<std::string> first;
    for (int i = 0; i < 7; ++i) {
        first.push_back(t::event_json(std::to_string(100 - i), "2026-11-27T08:00:00Z"));
    }
    first.push_back(check_json("90", api::AccessOutcome::Denied));
    first.push_back(check_json("89", api::AccessOutcome::Allowed));
    h.answer(recent_path, 200, t::page_json(first, "more"));
    const OverviewState& overview = h.state().citizen.overview;
    CHECK(overview.counting);
    CHECK(h.net.request_to(recent_path).path.find("cursor=more") != std::string::npos);
    h.answer(recent_path, 200, t::page_json({t::event_json("80", "2026-11-01T08:00:00Z")}));
    CHECK_FALSE(overview.counting);
    CHECK(overview.accesses_30d == 8);
    CHECK(overview.denied_checks_30d == 1);
    CHECK_FALSE(overview.count_is_lower_bound);
    CHECK(overview.latest.size() == 5);

    h.answer(
        "/api/v1/me/statistics/monthly", 200,
        R"({"months":[{"month":"2026-10","accesses":3,"checks_denied":0},{"month":"2026-11","accesses":9,"checks_denied":1}]})");
    REQUIRE(h.state().citizen.monthly.ready());
    CHECK(h.state().citizen.monthly.data.months.back().month == "2026-11");

    h.answer("/api/v1/me/consents", 200,
             t::items_json(
                 {t::consent_json(1, api::ConsentState::Given, "2026-12-10T22:59:59.999Z"),
                  t::consent_json(2, api::ConsentState::Given, "2027-06-01T00:00:00.000Z"),
                  t::consent_json(3, api::ConsentState::Withdrawn, "2026-12-01T00:00:00.000Z")}));
    h.answer("/api/v1/me/objections", 200,
             t::items_json({t::objection_json(1, api::ObjectionStatus::Rejected),
                            t::objection_json(2, api::ObjectionStatus::Pending)}));
    const auto expiring = expiring_consents(h.state());
    REQUIRE(expiring.size() == 1);
    CHECK(expiring[0]->consent.id == 1);
    CHECK(expiring[0]->expires_at == "10.12.2026");
    const auto open = open_objections(h.state());
    REQUIRE(open.size() == 1);
    CHECK(open[0]->due_at == "28.12.2026");
    // Views name the status in the page's language through the selector, from the row's data.
    CHECK(std::string_view(objection_status_label(open[0]->objection.status,
                                                  einblick::Language::German)) == "in Prüfung");
}

TEST_CASE("overview: a failed count shows an error and RetryLoad asks again") {
    t::Harness h;
    h.start_at_login();
    h.log_in();
    h.answer(recent_path, 503, t::problem_json(503, "Nicht verfügbar", "Wartung."));
    CHECK(h.state().citizen.overview.error == std::optional<std::string>("Wartung."));
    h.dispatch(intent::RetryLoad{});
    CHECK(h.net.has(recent_path));
}

TEST_CASE("history: filters become query parameters, an unreadable date asks for a fix") {
    t::Harness h;
    settle_citizen(h);
    h.dispatch(intent::Navigate{Page::History});
    CHECK_FALSE(h.net.has(history_path));                                   // loaded already
    h.answer("/api/v1/purposes", 200, t::items_json({t::purpose_json(6)})); // filter choices
    CHECK(h.net.pending() == 0);

    HistoryFilterForm& form = h.edit().history.filter_form;
    form.agency_code = "kfz";
    form.purpose_id = 6;
    form.category = "address";
    form.outcome = api::AccessOutcome::Denied;
    form.period = Period::Custom;
    form.from_text = "01.11.2026";
    form.to_text = "gestern";
    h.dispatch(intent::citizen::ApplyHistoryFilter{});
    CHECK(h.state().history.filter_error.has_value());
    CHECK(h.net.pending() == 0);

    form.to_text = "2026-11-30";
    h.dispatch(intent::citizen::ApplyHistoryFilter{});
    CHECK_FALSE(h.state().history.filter_error.has_value());
    CHECK(h.state().history.phase == LoadPhase::Loading);
    CHECK(h.net.request_to(history_path).path ==
          "/api/v1/me/access-events?limit=50&agency=kfz&purpose=6&category=address"
          "&from=2026-10-31T23%3A00%3A00.000Z&to=2026-11-30T23%3A00%3A00.000Z&outcome=denied");

    // Filters changed again before the answer: the old answer is dropped.
    form.outcome = api::AccessOutcome::Allowed;
    h.dispatch(intent::citizen::ApplyHistoryFilter{});
    h.answer(history_path, 200, t::page_json({t::event_json("7", "2026-11-27T08:00:00Z")}));
    CHECK(h.state().history.phase == LoadPhase::Loading);
    h.answer(history_path, 200, t::page_json({}));
    CHECK(h.state().history.phase == LoadPhase::Ready);
    CHECK(h.state().history.rows.empty());

    h.dispatch(intent::citizen::ResetHistoryFilter{});
    CHECK(h.net.request_to(history_path).path == history_path);
}

TEST_CASE("history: sorting the loaded rows and the detail with the registry entry") {
    t::Harness h;
    h.start_at_login();
    h.log_in();
    std::string other = t::event_json("43", "2026-11-28T08:00:00Z");
    const std::string ba = "Bundesagentur für Arbeit";
    other.replace(other.find(ba), ba.size(), "Amt A");
    h.answer(history_path, 200,
             t::page_json({other, t::event_json("42", "2026-11-27T08:00:00Z"),
                           t::event_json("41", "2026-11-29T08:00:00Z")}));
    h.dispatch(intent::citizen::SortHistory{HistorySort::Oldest});
    CHECK(h.state().history.rows.front().id == "42");
    h.dispatch(intent::citizen::SortHistory{HistorySort::Agency});
    CHECK(h.state().history.rows.front().agency_name == "Amt A");
    h.dispatch(intent::citizen::SortHistory{HistorySort::Newest});
    CHECK(h.state().history.rows.front().id == "41");

    // Rows with a purpose reference fetch its registry entry.
    std::string with_ref = t::event_json("44", "2026-11-28T09:00:00Z");
    with_ref.insert(with_ref.size() - 1,
                    R"(,"purpose_ref":{"id":6,"version":1},"register":"melderegister")");
    h.dispatch(intent::citizen::ResetHistoryFilter{});
    h.answer(history_path, 200, t::page_json({with_ref}));
    CHECK(h.state().history.rows[0].register_name == "Melderegister");
    h.dispatch(intent::citizen::SelectEvent{"44"});
    REQUIRE(h.state().history.detail.has_value());
    CHECK(h.net.request_to("/api/v1/purposes/6").method == "GET");
    h.answer("/api/v1/purposes/6", 200, t::purpose_json(6));
    const auto& purpose = h.state().history.detail->purpose;
    REQUIRE(purpose.ready());
    CHECK(purpose.data.in_force->content.gdpr_basis == "A6-1-e");
    h.dispatch(intent::citizen::CloseEventDetail{});
    CHECK_FALSE(h.state().history.detail.has_value());
}

TEST_CASE("overview: a latest access opens its detail on the history page") {
    t::Harness h;
    h.start_at_login();
    h.log_in();
    std::string latest = t::event_json("77", "2026-11-28T09:00:00Z");
    latest.insert(latest.size() - 1, R"(,"purpose_ref":{"id":6,"version":1})");
    h.answer(recent_path, 200, t::page_json({latest}));
    // The history's first page does not hold it (as under a filter): the detail still opens.
    h.answer(history_path, 200, t::page_json({t::event_json("42", "2026-11-27T08:00:00Z")}));
    REQUIRE(h.state().page == Page::Overview);
    REQUIRE(h.state().citizen.overview.latest.size() == 1);

    h.dispatch(intent::citizen::OpenAccess{"77"});
    CHECK(h.state().page == Page::History);
    REQUIRE(h.state().history.detail.has_value());
    CHECK(h.state().history.detail->event_id == "77");
    CHECK(h.state().history.detail->row.agency_name == "Bundesagentur für Arbeit");
    CHECK(h.net.request_to("/api/v1/purposes/6").method == "GET");

    // An objection from this detail names the access it is about.
    h.dispatch(intent::citizen::ObjectToEvent{"77"});
    CHECK(h.state().citizen.objection_flow.target_label.find("Bundesagentur für Arbeit") !=
          std::string::npos);

    // An access that is nowhere (gone since) opens no detail, but the page still changes.
    h.dispatch(intent::citizen::CloseEventDetail{});
    h.dispatch(intent::Navigate{Page::Overview});
    h.dispatch(intent::citizen::OpenAccess{"nope"});
    CHECK(h.state().page == Page::History);
    CHECK_FALSE(h.state().history.detail.has_value());
}

TEST_CASE("objection: form → check → send → confirmation with reference and deadline") {
    t::Harness h;
    settle_citizen(h);
    h.dispatch(intent::citizen::ObjectToEvent{"42"});
    ObjectionFlow& flow = h.edit().citizen.objection_flow;
    CHECK(flow.step == FlowStep::Form);
    CHECK(flow.target_label.find("Bundesagentur für Arbeit") != std::string::npos);

    h.dispatch(intent::citizen::ReviewObjection{});
    CHECK(flow.step == FlowStep::Form);
    CHECK(error_for(flow.errors, "/reason").has_value());

    flow.reason = "Ich kenne diesen Vorgang nicht.";
    flow.restrict_processing = true;
    h.dispatch(intent::citizen::ReviewObjection{});
    CHECK(flow.step == FlowStep::Review);
    CHECK(flow.errors.empty());
    h.dispatch(intent::citizen::EditObjection{});
    CHECK(flow.step == FlowStep::Form);
    h.dispatch(intent::citizen::ReviewObjection{});

    h.dispatch(intent::citizen::SubmitObjection{});
    h.dispatch(intent::citizen::SubmitObjection{}); // double click
    CHECK(flow.step == FlowStep::Submitting);
    REQUIRE(h.net.pending() == 1);
    const HttpRequest& post = h.net.request_to("/api/v1/me/objections", "POST");
    CHECK(json::parse(post.body) == json{{"event_id", 42},
                                         {"reason", "Ich kenne diesen Vorgang nicht."},
                                         {"restrict_processing", true}});

    h.answer("POST", "/api/v1/me/objections", 201, t::objection_json(5));
    CHECK(flow.step == FlowStep::Done);
    CHECK(flow.reference == "W-2026-000015");
    CHECK(flow.due_at == "28.12.2026");
    CHECK(h.state().citizen.objections.list.data.size() == 1); // shown in the list at once
    h.dispatch(intent::citizen::CloseObjection{});
    CHECK(flow.step == FlowStep::Closed);
    CHECK(flow.reason.empty());
}

TEST_CASE("objection: field errors from the server land on the form, network failure keeps the "
          "check page") {
    t::Harness h;
    settle_citizen(h);
    h.dispatch(intent::citizen::ObjectToPurpose{6});
    ObjectionFlow& flow = h.edit().citizen.objection_flow;
    flow.reason = "Bitte nicht.";
    h.dispatch(intent::citizen::ReviewObjection{});
    h.dispatch(intent::citizen::SubmitObjection{});
    CHECK(json::parse(h.net.request_to("/api/v1/me/objections").body)["purpose_id"] == 6);
    h.answer("/api/v1/me/objections", 400,
             t::validation_json({{"/purpose_id", "Der Zweck beruht auf einer Einwilligung."}}));
    CHECK(flow.step == FlowStep::Form);
    CHECK(error_for(flow.errors, "/purpose_id") ==
          std::optional<std::string>("Der Zweck beruht auf einer Einwilligung."));
    CHECK(flow.reason == "Bitte nicht.");

    h.dispatch(intent::citizen::ReviewObjection{});
    h.dispatch(intent::citizen::SubmitObjection{});
    h.net.fail_network();
    h.app.begin_frame();
    CHECK(flow.step == FlowStep::Review);
    REQUIRE(flow.error.has_value());
    CHECK(flow.error->find("nicht erreichbar") != std::string::npos);
    h.dispatch(intent::citizen::SubmitObjection{}); // the retry
    CHECK(h.net.has("/api/v1/me/objections", "POST"));
}

TEST_CASE("consent: choose a consent-based purpose, expiry date, check, send, confirmation") {
    t::Harness h;
    settle_citizen(h);
    h.dispatch(intent::Navigate{Page::Consents});
    CHECK(h.net.has("/api/v1/me/consents"));
    h.answer("/api/v1/me/consents", 200, t::items_json({}));
    h.answer("/api/v1/purposes", 200,
             t::items_json({t::purpose_json(6), t::purpose_json(9, "A6-1-a")}));
    const auto choices = consent_purposes(h.state());
    REQUIRE(choices.size() == 1);
    CHECK(choices[0]->id == 9);

    h.dispatch(intent::citizen::StartConsent{std::nullopt});
    ConsentFlow& flow = h.edit().citizen.consent_flow;
    CHECK(flow.step == FlowStep::Form);
    CHECK(flow.expires_text == "28.11.2027");
    h.dispatch(intent::citizen::ReviewConsent{});
    CHECK(error_for(flow.errors, "/purpose_id").has_value());
    h.dispatch(intent::citizen::ChooseConsentPurpose{6}); // not consent-based
    h.dispatch(intent::citizen::ReviewConsent{});
    CHECK(error_for(flow.errors, "/purpose_id").has_value());
    h.dispatch(intent::citizen::ChooseConsentPurpose{9});
    flow.expires_text = "01.01.2020";
    h.dispatch(intent::citizen::ReviewConsent{});
    CHECK(error_for(flow.errors, "/expires_at") ==
          std::optional<std::string>("Das Ablaufdatum muss in der Zukunft liegen."));
    flow.expires_text = "01.01.2040";
    h.dispatch(intent::citizen::ReviewConsent{});
    CHECK(error_for(flow.errors, "/expires_at").has_value());
    flow.expires_text = "31.12.2027";
    h.dispatch(intent::citizen::ReviewConsent{});
    CHECK(flow.step == FlowStep::Review);

    h.dispatch(intent::citizen::SubmitConsent{});
    h.dispatch(intent::citizen::SubmitConsent{});
    REQUIRE(h.net.pending() == 1);
    CHECK(json::parse(h.net.request_to("/api/v1/me/consents", "POST").body) ==
          json{{"purpose_id", 9}, {"expires_at", "2027-12-31T22:59:59.999Z"}});
    h.answer("POST", "/api/v1/me/consents", 201,
             t::consent_json(7, api::ConsentState::Given, "2027-12-31T22:59:59.999Z"));
    CHECK(flow.step == FlowStep::Done);
    REQUIRE(flow.granted.has_value());
    CHECK(flow.granted->expires_at == "31.12.2027");
    CHECK(h.state().citizen.consents.list.data.size() == 1);
}

TEST_CASE("consent: withdrawn in one step") {
    t::Harness h;
    settle_citizen(h);
    h.dispatch(intent::Navigate{Page::Consents});
    h.answer(
        "/api/v1/me/consents", 200,
        t::items_json({t::consent_json(3, api::ConsentState::Given, "2027-06-01T00:00:00.000Z")}));
    h.answer("/api/v1/purposes", 200, t::items_json({}));
    h.dispatch(intent::citizen::WithdrawConsent{3});
    h.dispatch(intent::citizen::WithdrawConsent{3});
    REQUIRE(h.net.pending() == 1);
    const HttpRequest& request = h.net.request_to("/api/v1/me/consents/3/withdrawal");
    CHECK(request.method == "POST");
    CHECK(request.body.empty());
    std::string withdrawn =
        t::consent_json(3, api::ConsentState::Withdrawn, "2027-06-01T00:00:00.000Z");
    withdrawn.insert(withdrawn.size() - 1, R"(,"withdrawn_at":"2026-11-28T12:00:00.000Z")");
    h.answer("/api/v1/me/consents/3/withdrawal", 200, withdrawn);
    const ConsentRow& row = h.state().citizen.consents.list.data.at(0);
    CHECK(std::string_view(consent_state_label(row.consent.state, einblick::Language::German)) ==
          "widerrufen");
    CHECK(row.withdrawn_at == "28.11.2026");
    CHECK(h.state().citizen.consents.notice.has_value());
    CHECK_FALSE(h.state().citizen.consents.withdrawing_id.has_value());
}

TEST_CASE("export: the platform is handed the download URL") {
    t::Harness h;
    std::vector<std::string> downloads;
    h.app.set_download_handler([&](const std::string& url) { downloads.push_back(url); });
    settle_citizen(h);
    h.dispatch(intent::Navigate{Page::Export});
    h.dispatch(intent::citizen::DownloadExport{api::ExportFormat::Csv});
    h.dispatch(intent::citizen::DownloadExport{api::ExportFormat::Json});
    CHECK(downloads == std::vector<std::string>{"/api/v1/me/export?format=csv",
                                                "/api/v1/me/export?format=json"});
    CHECK(h.net.pending() == 0);
}

TEST_CASE("date input: German and ISO dates, Europe/Berlin days") {
    CHECK(parse_date_input("28.11.2026", false) == 1'795'820'400'000); // 2026-11-27T23:00Z
    CHECK(parse_date_input("2026-11-28", false) == 1'795'820'400'000);
    CHECK(parse_date_input(" 1.7.26 ", false) == parse_date_input("01.07.2026", false));
    CHECK(parse_date_input("28.11.2026", true) == 1'795'906'799'999);
    CHECK(parse_date_input("31.06.2026", false) == std::nullopt);
    CHECK(parse_date_input("28/11/2026", false) == std::nullopt);
    CHECK(parse_date_input("", false) == std::nullopt);
}
