// The DPO's pages drawn headless over prepared states: the objection queue (overdue in words,
// opening a case), one case (details, deciding, extending, field errors, 412), purpose
// approvals (list, comparison, decision) and unusual access volume (the table's numbers).
#include "a11y_harness.hpp"
#include "einblick/shared/civil_time.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace einblick::client;
using a11y::Role;
using testing::A11yHarness;
using testing::ScreenUnderTest;
namespace api = einblick::api;

namespace {

einblick::UnixMillis at(const char* rfc3339) {
    return einblick::parse_rfc3339(rfc3339).value();
}

api::Objection objection(std::int64_t id, const std::string& reference, const char* due) {
    api::Objection o;
    o.id = id;
    o.reference = reference;
    o.purpose_id = 10 + id;
    o.purpose_name = "Halterabfrage im Ermittlungsverfahren";
    o.agency_code = "polizei-leipzig";
    o.agency_name = "Polizeidirektion Leipzig";
    o.reason = "Mir ist kein Anlass bekannt, warum die Polizei meine Daten abgerufen hat.";
    o.status = api::ObjectionStatus::Pending;
    o.received_at = at("2026-10-01T10:00:00Z");
    o.original_due_at = at(due);
    o.due_at = at(due);
    o.revision = 3;
    return o;
}

QueueRow queue_row(const api::Objection& o, bool overdue, bool extended) {
    QueueRow row;
    row.objection = o;
    row.received_at = einblick::format_german_date(o.received_at);
    row.due_at = einblick::format_german_date(o.due_at);
    row.overdue = overdue;
    row.extended = extended;
    return row;
}

ScreenUnderTest queue_screen() {
    ScreenUnderTest screen = testing::dashboard(api::Role::Dpo, Page::ObjectionQueue);
    AppState& state = screen.state;
    state.now = at("2026-11-28T10:00:00Z");
    api::Objection extended = objection(3, "W-2026-000003", "2027-01-01T22:59:59Z");
    extended.extension_reason = "Stellungnahme steht aus.";
    state.dpo.queue.phase = LoadPhase::Ready;
    state.dpo.queue.data = {
        queue_row(objection(1, "W-2026-000001", "2026-11-20T22:59:59Z"), true, false),
        queue_row(objection(2, "W-2026-000002", "2026-12-20T22:59:59Z"), false, false),
        queue_row(extended, false, true),
    };
    return screen;
}

ScreenUnderTest case_screen(const api::Objection& o) {
    ScreenUnderTest screen = queue_screen();
    ObjectionCase& open = screen.state.dpo.open_case;
    open.id = o.id;
    open.objection.phase = LoadPhase::Ready;
    open.objection.requested = true;
    open.objection.data = o;
    return screen;
}

// Every name in the subtree of the node at `index`, joined by " | " in reading order.
std::string subtree_text(const a11y::Tree& tree, int index) {
    std::string out = tree.nodes[static_cast<std::size_t>(index)].name;
    for (const int child : tree.children(index)) {
        const std::string inner = subtree_text(tree, child);
        if (!inner.empty()) {
            out += (out.empty() ? "" : " | ") + inner;
        }
    }
    return out;
}

// The texts of the table's rows (header first).
std::vector<std::string> rows_of(const A11yHarness& imgui, const a11y::Node& table) {
    const a11y::Tree& tree = imgui.recorder.tree();
    std::vector<std::string> rows;
    for (const int row : tree.children(tree.find(table.id))) {
        rows.push_back(subtree_text(tree, row));
    }
    return rows;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

bool has_node(const A11yHarness& imgui, Role role, const std::string& name) {
    for (const a11y::Node* node : imgui.all(role)) {
        if (node->name == name) {
            return true;
        }
    }
    return false;
}

void type_into(A11yHarness& imgui, ScreenUnderTest& screen, const std::string& label,
               const std::string& text) {
    imgui.recorder.request_edit(imgui.node(Role::TextBox, label).id, a11y::TextEdit{text});
    screen.draw(imgui, 1);
}

} // namespace

// [SECTION] The queue

TEST_CASE("the queue lists objections by deadline, overdue says so in words, not colour alone") {
    A11yHarness imgui;
    ScreenUnderTest screen = queue_screen();
    screen.draw(imgui);
    CHECK(imgui.node(Role::Heading, "Widersprüche").level == 2);
    const auto rows =
        rows_of(imgui, imgui.node(Role::Table, "Offene Widersprüche, nach Frist geordnet"));
    REQUIRE(rows.size() == 4);
    CHECK(rows[0] == "Aktenzeichen | Abrufende Stelle und Zweck | Eingegangen | Frist | Status");
    CHECK(contains(rows[1], "W-2026-000001"));
    CHECK(contains(rows[1], "20.11.2026 | überfällig"));
    CHECK(contains(rows[1], "Polizeidirektion Leipzig | Halterabfrage im Ermittlungsverfahren"));
    CHECK(contains(rows[1], "01.10.2026"));
    CHECK(contains(rows[1], "in Prüfung"));
    CHECK_FALSE(contains(rows[2], "überfällig"));
    CHECK(contains(rows[3], "verlängert"));
    CHECK_FALSE(contains(rows[2], "verlängert"));
    CHECK(has_node(imgui, Role::Status, "3 offene Widersprüche, davon 1 überfällig."));
}

TEST_CASE("opening an objection by its reference asks to open that case") {
    A11yHarness imgui;
    ScreenUnderTest screen = queue_screen();
    screen.draw(imgui);
    const auto& intents = screen.activate(imgui, imgui.node(Role::Link, "W-2026-000002"));
    const auto* open = testing::find_intent<intent::dpo::OpenObjection>(intents);
    REQUIRE(open != nullptr);
    CHECK(open->objection_id == 2);
}

TEST_CASE("the queue filter switches to all objections") {
    A11yHarness imgui;
    ScreenUnderTest screen = queue_screen();
    screen.draw(imgui);
    CHECK(imgui.node(Role::Radio, "nur offene").has(a11y::state::checked));
    CHECK(imgui.parent_of(imgui.node(Role::Radio, "nur offene")).role == Role::RadioGroup);
    const auto& intents =
        screen.activate(imgui, imgui.node(Role::Radio, "alle, auch entschiedene"));
    const auto* filter = testing::find_intent<intent::dpo::SetQueueFilter>(intents);
    REQUIRE(filter != nullptr);
    CHECK(filter->filter == QueueFilter::All);
}

TEST_CASE("queue: loading, failure with retry, empty") {
    A11yHarness imgui;
    ScreenUnderTest screen = testing::dashboard(api::Role::Dpo, Page::ObjectionQueue);
    screen.draw(imgui);
    CHECK(imgui.node(Role::Status, "Widersprüche werden geladen …").has(a11y::state::busy));

    screen.state.dpo.queue.phase = LoadPhase::Failed;
    screen.state.dpo.queue.error = "Der Server ist nicht erreichbar.";
    screen.draw(imgui);
    imgui.node(Role::Alert, "Der Server ist nicht erreichbar.");
    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "Erneut versuchen"));
    CHECK(testing::find_intent<intent::RetryLoad>(intents) != nullptr);

    screen.state.dpo.queue.phase = LoadPhase::Ready;
    screen.state.dpo.queue.error.reset();
    screen.draw(imgui);
    imgui.node(Role::Status, "Es liegen keine offenen Widersprüche vor.");
    CHECK(imgui.all(Role::Table).empty());
}

// [SECTION] One case

TEST_CASE("an opened case shows the citizen's objection in full") {
    A11yHarness imgui;
    api::Objection o = objection(1, "W-2026-000001", "2026-11-20T22:59:59Z");
    o.restriction_requested = true;
    o.event_id = 4711;
    ScreenUnderTest screen = case_screen(o);
    screen.draw(imgui);
    CHECK(imgui.node(Role::Heading, "Widerspruch W-2026-000001").level == 2);
    imgui.node(Role::Text, o.reason);
    imgui.node(Role::Text, "Polizeidirektion Leipzig");
    imgui.node(Role::Text, "Halterabfrage im Ermittlungsverfahren");
    imgui.node(Role::Text, "ein einzelner Zugriff (Protokolleintrag Nr. 4711)");
    imgui.node(Role::Text, "verlangt: Verarbeitung bis zur Entscheidung eingeschränkt");
    imgui.node(Role::Text, "20.11.2026 – überfällig");
    CHECK(imgui.all(Role::Table).empty()); // the queue is not drawn under the case
    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "Zurück zur Liste"));
    CHECK(testing::find_intent<intent::dpo::CloseObjection>(intents) != nullptr);
}

TEST_CASE("deciding: choose the outcome, write the reason, submit") {
    A11yHarness imgui;
    ScreenUnderTest screen = case_screen(objection(2, "W-2026-000002", "2026-12-20T22:59:59Z"));
    screen.draw(imgui);
    CHECK(imgui.parent_of(imgui.node(Role::Radio, "zurückweisen")).role == Role::RadioGroup);
    screen.activate(imgui, imgui.node(Role::Radio, "zurückweisen"));
    CHECK(screen.state.dpo.open_case.decision.outcome == api::ObjectionDecision::Reject);
    const std::string reason_label = "Begründung (wird der Bürgerin oder dem Bürger mitgeteilt)";
    type_into(imgui, screen, reason_label, "Zwingende schutzwürdige Gründe überwiegen.");
    CHECK(screen.state.dpo.open_case.decision.reason ==
          "Zwingende schutzwürdige Gründe überwiegen.");
    screen.draw(imgui);
    CHECK(imgui.node(Role::Radio, "zurückweisen").has(a11y::state::checked));
    CHECK_FALSE(imgui.node(Role::Radio, "stattgeben").has(a11y::state::checked));
    CHECK(imgui.node(Role::TextBox, reason_label).value ==
          "Zwingende schutzwürdige Gründe überwiegen.");
    CHECK(imgui.node(Role::TextBox, reason_label).has(a11y::state::required));
    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "Weiter zur Prüfung"));
    CHECK(testing::find_intent<intent::dpo::ReviewDecision>(intents) != nullptr);
    CHECK(testing::find_intent<intent::dpo::SubmitDecision>(intents) == nullptr);
    CHECK(testing::find_intent<intent::dpo::SubmitExtension>(intents) == nullptr);
}

TEST_CASE("the check step shows the decision and its consequence before it is binding") {
    A11yHarness imgui;
    ScreenUnderTest screen = case_screen(objection(2, "W-2026-000002", "2026-12-20T22:59:59Z"));
    DecisionDraft& draft = screen.state.dpo.open_case.decision;
    draft =
        DecisionDraft{api::ObjectionDecision::Uphold, "Der Abruf war nicht erforderlich.", true};
    screen.draw(imgui);
    const auto shows = [&imgui](const std::string& needle) {
        const auto& nodes = imgui.recorder.tree().nodes;
        return std::any_of(nodes.begin(), nodes.end(), [&](const a11y::Node& node) {
            return node.name.find(needle) != std::string::npos ||
                   node.value.find(needle) != std::string::npos;
        });
    };
    CHECK_FALSE(shows("Weiter zur Prüfung"));
    CHECK(shows("Dem Widerspruch stattgeben"));
    CHECK(shows("Der Abruf war nicht erforderlich."));
    CHECK(shows("künftig abgelehnt"));
    const auto& change = screen.activate(imgui, imgui.node(Role::Button, "Ändern"));
    CHECK(testing::find_intent<intent::dpo::EditDecision>(change) != nullptr);
    screen.draw(imgui);
    const auto& decide =
        screen.activate(imgui, imgui.node(Role::Button, "Verbindlich entscheiden"));
    CHECK(testing::find_intent<intent::dpo::SubmitDecision>(decide) != nullptr);
}

TEST_CASE("extending: offered once with months and reason, hidden when already extended") {
    A11yHarness imgui;
    api::Objection o = objection(2, "W-2026-000002", "2026-12-20T22:59:59Z");
    ScreenUnderTest screen = case_screen(o);
    screen.draw(imgui);
    screen.activate(imgui, imgui.node(Role::Radio, "2 Monate"));
    CHECK(screen.state.dpo.open_case.extension.months == 2);
    type_into(imgui, screen, "Grund der Verlängerung", "Stellungnahme der Stelle steht aus.");
    CHECK(screen.state.dpo.open_case.extension.reason == "Stellungnahme der Stelle steht aus.");
    screen.draw(imgui);
    imgui.node(Role::Text, "Neue Frist: 01.01.2027"); // received 01.10. + 1 + 2 months
    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "Frist verlängern"));
    CHECK(testing::find_intent<intent::dpo::SubmitExtension>(intents) != nullptr);

    o.extension_reason = "Umfangreiche Prüfung.";
    o.original_due_at = at("2026-11-01T22:59:59Z");
    ScreenUnderTest extended = case_screen(o);
    extended.draw(imgui);
    CHECK_FALSE(has_node(imgui, Role::Button, "Frist verlängern"));
    CHECK_FALSE(has_node(imgui, Role::Radio, "1 Monat"));
    CHECK_FALSE(has_node(imgui, Role::TextBox, "Grund der Verlängerung"));
    imgui.node(Role::Text, "Die Frist wurde bereits einmal verlängert; eine weitere Verlängerung "
                           "ist nicht möglich.");
    imgui.node(Role::Text, "Umfangreiche Prüfung.");
    imgui.node(Role::Text, "20.12.2026 (verlängert; ursprünglich 01.11.2026)");
    imgui.node(Role::Button, "Weiter zur Prüfung"); // deciding is still possible
}

TEST_CASE("field errors: inline at the fields, invalid, and listed in a summary") {
    A11yHarness imgui;
    ScreenUnderTest screen = case_screen(objection(2, "W-2026-000002", "2026-12-20T22:59:59Z"));
    ObjectionCase& open = screen.state.dpo.open_case;
    open.action = CaseAction::Decide;
    open.errors = {{"/outcome", "Bitte wählen Sie: stattgeben oder zurückweisen."},
                   {"/reason", "Bitte geben Sie eine Begründung an."}};
    screen.draw(imgui);
    const a11y::Node& reason =
        imgui.node(Role::TextBox, "Begründung (wird der Bürgerin oder dem Bürger mitgeteilt)");
    CHECK(reason.has(a11y::state::invalid));
    CHECK(reason.description == "Fehler: Bitte geben Sie eine Begründung an.");
    imgui.node(Role::Text, "Fehler: Bitte geben Sie eine Begründung an.");
    imgui.node(Role::Text, "Fehler: Bitte wählen Sie: stattgeben oder zurückweisen.");
    testing::check_field_order(imgui, reason, "Fehler: Bitte geben Sie eine Begründung an.");
    const auto alerts = imgui.all(Role::Alert);
    REQUIRE(alerts.size() == 1);
    const a11y::Node& heading = imgui.node(Role::Heading, "Bitte korrigieren Sie Ihre Angaben");
    CHECK(imgui.parent_of(heading).id == alerts[0]->id);
    CHECK(imgui.parent_of(imgui.node(Role::Link, "Bitte geben Sie eine Begründung an.")).id ==
          alerts[0]->id);
    // The extension's field is not blamed for the decision's errors.
    CHECK_FALSE(imgui.node(Role::TextBox, "Grund der Verlängerung").has(a11y::state::invalid));
    // The summary comes first in reading order, before the fields it lists.
    CHECK(alerts[0]->rect.y < reason.rect.y);
    // Each entry is a link to its field: following it moves the focus there.
    screen.activate(imgui, imgui.node(Role::Link, "Bitte geben Sie eine Begründung an."));
    screen.draw(imgui);
    CHECK(imgui.node(Role::TextBox, "Begründung (wird der Bürgerin oder dem Bürger mitgeteilt)")
              .has(a11y::state::focused));
    screen.activate(imgui,
                    imgui.node(Role::Link, "Bitte wählen Sie: stattgeben oder zurückweisen."));
    screen.draw(imgui);
    CHECK(imgui.node(Role::Radio, "stattgeben").has(a11y::state::focused));
}

TEST_CASE("a 412 is an alert above the reloaded case, a success is a notice") {
    A11yHarness imgui;
    ScreenUnderTest screen = case_screen(objection(2, "W-2026-000002", "2026-12-20T22:59:59Z"));
    ObjectionCase& open = screen.state.dpo.open_case;
    open.action = CaseAction::Decide;
    open.decision.reason = "Entwurf";
    open.error = "Der Widerspruch wurde inzwischen geändert. Der aktuelle Stand wurde neu "
                 "geladen; bitte prüfen Sie ihn und senden Sie Ihre Eingabe erneut.";
    screen.draw(imgui);
    imgui.node(Role::Alert, *open.error);
    CHECK(imgui.node(Role::TextBox, "Begründung (wird der Bürgerin oder dem Bürger mitgeteilt)")
              .value == "Entwurf");
    imgui.node(Role::Text, "Polizeidirektion Leipzig");

    open.error.reset();
    open.notice = "Die Entscheidung wurde gespeichert.";
    open.objection.data.status = api::ObjectionStatus::Rejected;
    open.objection.data.decided_at = at("2026-11-28T09:00:00Z");
    open.objection.data.decision_reason = "Zwingende Gründe.";
    screen.draw(imgui);
    imgui.node(Role::Status, "Die Entscheidung wurde gespeichert.");
    imgui.node(Role::Text, "Der Widerspruch wurde zurückgewiesen.");
    imgui.node(Role::Text, "Zwingende Gründe.");
    imgui.node(Role::Text, "28.11.2026, 10:00");
    CHECK_FALSE(has_node(imgui, Role::Button, "Entscheidung speichern"));
    CHECK_FALSE(has_node(imgui, Role::Button, "Frist verlängern"));
}

TEST_CASE("while a decision is sent, the form is disabled and says so") {
    A11yHarness imgui;
    ScreenUnderTest screen = case_screen(objection(2, "W-2026-000002", "2026-12-20T22:59:59Z"));
    screen.state.dpo.open_case.decision =
        DecisionDraft{api::ObjectionDecision::Uphold, "Gründe", true};
    screen.state.dpo.open_case.submitting = true;
    screen.state.dpo.open_case.action = CaseAction::Decide;
    screen.draw(imgui);
    const a11y::Node& button = imgui.node(Role::Button, "Wird gespeichert …");
    CHECK(button.has(a11y::state::disabled));
    CHECK(button.has(a11y::state::busy));
    CHECK(imgui.node(Role::Button, "Ändern").has(a11y::state::disabled));
    CHECK(imgui.node(Role::Button, "Zurück zur Liste").has(a11y::state::disabled));
}

// [SECTION] Purpose approvals

namespace {

api::PurposeVersion purpose_version(int version, api::PurposeStatus status,
                                    const char* proposed_at) {
    api::PurposeVersion v;
    v.id = 100 + version;
    v.version = version;
    v.status = status;
    v.proposed_at = at(proposed_at);
    v.content.name = "Halterabfrage";
    v.content.description = "Auskunft über den Halter eines Fahrzeugs.";
    v.content.legal_basis = "§ 35 StVG";
    v.content.gdpr_basis = "A6-1-e";
    v.content.data_categories = {"vehicle", "identity"};
    v.content.source_registers = {"fahrzeugregister"};
    v.content.retention_days = 365;
    return v;
}

ScreenUnderTest review_screen() {
    ScreenUnderTest screen = testing::dashboard(api::Role::Dpo, Page::PurposeReview);
    api::Purpose changed;
    changed.id = 6;
    changed.agency_code = "polizei-leipzig";
    changed.agency_name = "Polizeidirektion Leipzig";
    changed.status = api::PurposeStatus::Approved;
    changed.in_force = purpose_version(1, api::PurposeStatus::Approved, "2025-01-10T10:00:00Z");
    api::PurposeVersion proposal =
        purpose_version(2, api::PurposeStatus::Proposed, "2026-11-20T10:00:00Z");
    proposal.content.retention_days = 730;
    proposal.content.data_categories = {"vehicle", "identity", "address"};
    changed.versions = {*changed.in_force, proposal};

    api::Purpose fresh;
    fresh.id = 7;
    fresh.agency_code = "standesamt-leipzig";
    fresh.agency_name = "Standesamt Leipzig";
    fresh.status = api::PurposeStatus::Proposed;
    api::PurposeVersion first =
        purpose_version(1, api::PurposeStatus::Proposed, "2026-11-10T10:00:00Z");
    first.content.name = "Beurkundung der Geburt";
    fresh.versions = {first};

    screen.state.purposes.phase = LoadPhase::Ready;
    screen.state.purposes.data = {changed, fresh};
    return screen;
}

} // namespace

TEST_CASE("purpose approvals: the proposals oldest first, opening one selects it") {
    A11yHarness imgui;
    ScreenUnderTest screen = review_screen();
    screen.draw(imgui);
    CHECK(imgui.node(Role::Heading, "Zwecke prüfen").level == 2);
    const auto rows = rows_of(imgui, imgui.node(Role::Table, "Zur Prüfung eingereichte Zwecke"));
    REQUIRE(rows.size() == 3);
    CHECK(contains(rows[1], "10.11.2026 | Beurkundung der Geburt (Version 1)"));
    CHECK(contains(rows[1], "Standesamt Leipzig | neuer Zweck"));
    CHECK(contains(rows[2], "Halterabfrage (Version 2)"));
    CHECK(contains(rows[2], "Änderung von Version 1"));
    imgui.node(Role::Status, "2 Vorschläge warten auf Ihre Entscheidung.");
    const auto& intents =
        screen.activate(imgui, imgui.node(Role::Link, "Halterabfrage (Version 2)"));
    const auto* select = testing::find_intent<intent::dpo::SelectProposal>(intents);
    REQUIRE(select != nullptr);
    CHECK(select->purpose_id == 6);
    CHECK(select->version == 2);
}

TEST_CASE("a proposal next to the version in force, changes marked, decided with a reason") {
    A11yHarness imgui;
    ScreenUnderTest screen = review_screen();
    screen.state.dpo.review.purpose_id = 6;
    screen.state.dpo.review.version = 2;
    screen.draw(imgui);
    CHECK(imgui.node(Role::Heading, "Zweck prüfen: Halterabfrage").level == 2);
    const auto rows =
        rows_of(imgui, imgui.node(Role::Table, "Vorschlag und geltende Fassung im Vergleich"));
    REQUIRE(rows.size() == 9);
    CHECK(rows[0] == "Angabe | Vorschlag (Version 2) | Geltende Fassung (Version 1)");
    CHECK(rows[1] == "Name | Halterabfrage | Halterabfrage");
    CHECK(rows[5] == "Datenkategorien | geändert | Fahrzeugdaten, Identitätsdaten, Anschrift | "
                     "Fahrzeugdaten, Identitätsdaten");
    CHECK(rows[8] == "Speicherdauer | geändert | 730 Tage | 365 Tage");

    screen.activate(imgui, imgui.node(Role::Radio, "ablehnen"));
    CHECK(screen.state.dpo.review.decision == api::PurposeDecision::Reject);
    type_into(imgui, screen, "Begründung (wird der Stelle mitgeteilt)",
              "Die längere Speicherdauer ist nicht begründet.");
    CHECK(screen.state.dpo.review.reason == "Die längere Speicherdauer ist nicht begründet.");
    auto intents = screen.activate(imgui, imgui.node(Role::Button, "Entscheidung speichern"));
    CHECK(testing::find_intent<intent::dpo::SubmitPurposeDecision>(intents) != nullptr);
    intents = screen.activate(imgui, imgui.node(Role::Button, "Zurück zur Liste"));
    CHECK(testing::find_intent<intent::dpo::CloseProposal>(intents) != nullptr);
}

TEST_CASE("purpose decision: field errors, and the notice back on the list") {
    A11yHarness imgui;
    ScreenUnderTest screen = review_screen();
    PurposeReview& review = screen.state.dpo.review;
    review.purpose_id = 7;
    review.version = 1;
    review.errors = {{"/decision", "Bitte wählen Sie: genehmigen oder ablehnen."},
                     {"/reason", "Bitte geben Sie eine Begründung an."}};
    screen.draw(imgui);
    imgui.node(Role::Table, "Der vorgeschlagene Zweck"); // new: nothing to compare with
    CHECK(imgui.node(Role::TextBox, "Begründung (wird der Stelle mitgeteilt)")
              .has(a11y::state::invalid));
    const auto alerts = imgui.all(Role::Alert);
    REQUIRE(alerts.size() == 1);
    CHECK(imgui.parent_of(imgui.node(Role::Heading, "Bitte korrigieren Sie Ihre Angaben")).id ==
          alerts[0]->id);
    screen.activate(imgui, imgui.node(Role::Link, "Bitte wählen Sie: genehmigen oder ablehnen."));
    screen.draw(imgui);
    CHECK(imgui.node(Role::Radio, "genehmigen").has(a11y::state::focused));

    review = PurposeReview{};
    review.notice = "Der Zweck wurde genehmigt.";
    screen.draw(imgui);
    imgui.node(Role::Status, "Der Zweck wurde genehmigt.");
    imgui.node(Role::Table, "Zur Prüfung eingereichte Zwecke");
}

// [SECTION] Unusual access

TEST_CASE("unusual access: each agency's week against its usual, unusual ones in words") {
    A11yHarness imgui;
    ScreenUnderTest screen = testing::dashboard(api::Role::Dpo, Page::UnusualAccess);
    api::AgencyVolume police;
    police.agency_code = "polizei-leipzig";
    police.agency_name = "Polizeidirektion Leipzig";
    police.this_week = 1234;
    police.usual_weekly = 293.5;
    police.ratio = 4.2;
    police.unusual = true;
    api::AgencyVolume office;
    office.agency_code = "buergeramt-leipzig";
    office.agency_name = "Bürgeramt Leipzig";
    office.this_week = 40;
    office.usual_weekly = 44;
    office.ratio = 0.909;
    api::AgencyVolume tax = office;
    tax.agency_code = "finanzamt";
    tax.agency_name = "Finanzamt Leipzig I";
    tax.this_week = 90;
    tax.usual_weekly = 0;
    tax.ratio = 90;
    tax.unusual = true;
    screen.state.dpo.volume.phase = LoadPhase::Ready;
    screen.state.dpo.volume.data.agencies = {police, tax, office};
    screen.draw(imgui);
    CHECK(imgui.node(Role::Heading, "Auffällige Zugriffe").level == 2);
    const auto rows =
        rows_of(imgui, imgui.node(Role::Table, "Zugriffe je Stelle: diese Woche und üblich"));
    REQUIRE(rows.size() == 4);
    CHECK(rows[0] == "Abrufende Stelle | Letzte 7 Tage | Üblich je Woche | Bewertung | Protokoll");
    CHECK(rows[1] == "Polizeidirektion Leipzig | 1.234 | 293,5 | "
                     "auffällig: 4,2-fach über dem Üblichen | Zugriffe ansehen");
    CHECK(rows[2] == "Finanzamt Leipzig I | 90 | 0 | auffällig: 90 Zugriffe, üblich sind keine | "
                     "Zugriffe ansehen");
    CHECK(rows[3] == "Bürgeramt Leipzig | 40 | 44 | im üblichen Rahmen (0,9-fach) | "
                     "Zugriffe ansehen");
    imgui.node(Role::Status, "2 Stellen greifen auffällig häufig zu.");
    // Each agency's entries are one link away; the link says whose.
    const auto links = imgui.all(Role::Link);
    const auto police_link = std::find_if(links.begin(), links.end(), [](const a11y::Node* node) {
        return node->name == "Zugriffe ansehen" &&
               node->description == "Zugriffe der letzten 7 Tage: Polizeidirektion Leipzig";
    });
    REQUIRE(police_link != links.end());
    const auto& opened = screen.activate(imgui, **police_link);
    const auto* open = testing::find_intent<intent::dpo::OpenAgencyLog>(opened);
    REQUIRE(open != nullptr);
    CHECK(open->agency_code == "polizei-leipzig");
    CHECK(open->agency_name == "Polizeidirektion Leipzig");

    screen.state.language = einblick::Language::English;
    screen.draw(imgui);
    const auto english =
        rows_of(imgui, imgui.node(Role::Table, "Accesses per agency: this week and usual"));
    CHECK(
        english[1] ==
        "Polizeidirektion Leipzig | 1.234 | 293,5 | unusual: 4,2 times the usual | View accesses");
}

TEST_CASE("an agency's log: entries with citizen references, more, and back to the figures") {
    A11yHarness imgui;
    ScreenUnderTest screen = testing::dashboard(api::Role::Dpo, Page::UnusualAccess);
    AgencyLog& log = screen.state.dpo.agency_log;
    log.agency_code = "polizei-leipzig";
    log.agency_name = "Polizeidirektion Leipzig";
    log.rows.phase = LoadPhase::Ready;
    EventRow event;
    event.id = "7";
    event.occurred_at = "28.11.2026, 19:07";
    event.purpose = "Gefahrenabwehr";
    event.legal_basis = "§ 34 PolG";
    event.data_categories = "Anschrift";
    log.rows.data = {{event, "B-3f9a1c2e7d"}, {event, "B-000000000a"}};
    log.rows.data[1].event.id = "6";
    log.next_cursor = "1.6";
    screen.draw(imgui);
    imgui.node(Role::Heading, "Zugriffe der Stelle Polizeidirektion Leipzig");
    const auto rows =
        rows_of(imgui, imgui.node(Role::Table, "Protokoll von Polizeidirektion Leipzig"));
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == "Zeitpunkt | Zweck | Rechtsgrundlage | Datenkategorien | Bürger-Kennung");
    CHECK(rows[1] == "28.11.2026, 19:07 | Gefahrenabwehr | § 34 PolG | Anschrift | B-3f9a1c2e7d");
    imgui.node(Role::Status, "2 Einträge angezeigt");
    const auto& more = screen.activate(imgui, imgui.node(Role::Button, "Weitere laden"));
    CHECK(testing::find_intent<intent::dpo::LoadMoreAgencyLog>(more) != nullptr);
    const auto& back =
        screen.activate(imgui, imgui.node(Role::Link, "Zurück zu den Zugriffszahlen"));
    CHECK(testing::find_intent<intent::dpo::CloseAgencyLog>(back) != nullptr);
}

TEST_CASE("unusual access: loading and failure") {
    A11yHarness imgui;
    ScreenUnderTest screen = testing::dashboard(api::Role::Dpo, Page::UnusualAccess);
    screen.draw(imgui);
    CHECK(imgui.node(Role::Status, "Die Zugriffszahlen werden geladen …").has(a11y::state::busy));
    screen.state.dpo.volume.phase = LoadPhase::Failed;
    screen.draw(imgui);
    imgui.node(Role::Alert, "Die Zugriffszahlen konnten nicht geladen werden.");
    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "Erneut versuchen"));
    CHECK(testing::find_intent<intent::RetryLoad>(intents) != nullptr);
}
