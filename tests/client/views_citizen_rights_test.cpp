// The citizen's rights pages drawn headless over prepared states: consents (withdraw in one
// step, the grant flow with its checks), objections (deadlines, decisions, remedies), the
// purpose registry (citizen and DPO) and the export. The intents the controls emit are fed
// through the real update functions where the next screen depends on them.
#include "a11y_harness.hpp"
#include "einblick/client/update.hpp"

#include <string>

using namespace einblick::client;
using a11y::Role;
using einblick::UnixMillis;
using testing::A11yHarness;
using testing::ScreenUnderTest;
namespace api = einblick::api;

namespace {

constexpr UnixMillis day = 24LL * 60 * 60 * 1000;
constexpr UnixMillis now = 1'795'000'000'000; // 18.11.2026

ScreenUnderTest citizen_on(Page page) {
    ScreenUnderTest screen = testing::dashboard(api::Role::Citizen, page);
    screen.state.now = now;
    return screen;
}

api::PurposeContent content(const std::string& name, const std::string& basis) {
    api::PurposeContent c;
    c.name = name;
    c.description = "Beschreibung von " + name + ".";
    c.legal_basis = basis == "A6-1-a" ? "Art. 6 Abs. 1 lit. a DSGVO (Einwilligung)" : "§ 34 BMG";
    c.gdpr_basis = basis;
    c.data_categories = {"address", "income"};
    c.source_registers = {"melderegister"};
    c.recipients = {"Finanzamt"};
    c.retention_days = 730;
    return c;
}

api::Purpose purpose(std::int64_t id, const std::string& name, const std::string& basis,
                     const std::string& agency) {
    api::Purpose p;
    p.id = id;
    p.agency_code = "code-" + std::to_string(id);
    p.agency_name = agency;
    p.status = api::PurposeStatus::Approved;
    api::PurposeVersion version;
    version.id = id * 10;
    version.version = 1;
    version.status = api::PurposeStatus::Approved;
    version.content = content(name, basis);
    p.in_force = version;
    p.versions = {version};
    return p;
}

void with_purposes(AppState& state) {
    state.purposes.phase = LoadPhase::Ready;
    state.purposes.data = {
        purpose(1, "Berechnung des Elterngeldes", "A6-1-a", "Elterngeldstelle Leipzig"),
        purpose(2, "Meldedatenabgleich zum Rundfunkbeitrag", "A6-1-e",
                "ARD ZDF Deutschlandradio Beitragsservice"),
        purpose(3, "Wiederverwendung der Anschrift", "A6-1-a", "Kfz-Zulassungsbehörde Leipzig"),
    };
}

ConsentRow consent_row(std::int64_t id, std::int64_t purpose_id, const std::string& name,
                       api::ConsentState state, UnixMillis expires_at) {
    ConsentRow row;
    row.consent.id = id;
    row.consent.purpose_id = purpose_id;
    row.consent.purpose_version = 1;
    row.consent.purpose_name = name;
    row.consent.agency_name = "Stelle " + std::to_string(purpose_id);
    row.consent.state = state;
    row.consent.granted_at = now - 100 * day;
    row.consent.expires_at = expires_at;
    row.granted_at = "10.08.2026";
    row.expires_at = "10.08.2027";
    if (state == api::ConsentState::Withdrawn) {
        row.consent.withdrawn_at = now - 10 * day;
        row.withdrawn_at = "08.11.2026";
    }
    row.expires_soon = state == api::ConsentState::Given && expires_at - now <= 30 * day;
    return row;
}

void with_consents(AppState& state) {
    auto& list = state.citizen.consents.list;
    list.phase = LoadPhase::Ready;
    list.data = {
        consent_row(11, 3, "Wiederverwendung der Anschrift", api::ConsentState::Given,
                    now + 300 * day),
        consent_row(12, 4, "Abruf der Versicherung", api::ConsentState::Given,
                    now + 12 * day + 1000),
        consent_row(10, 1, "Berechnung des Elterngeldes", api::ConsentState::Withdrawn,
                    now + 200 * day),
    };
}

ObjectionRow objection_row(std::int64_t id, api::ObjectionStatus status) {
    ObjectionRow row;
    api::Objection& o = row.objection;
    o.id = id;
    o.reference = "W-2026-00000" + std::to_string(id);
    o.purpose_id = 2;
    o.purpose_name = "Meldedatenabgleich zum Rundfunkbeitrag";
    o.agency_name = "ARD ZDF Deutschlandradio Beitragsservice";
    o.reason = "Wir zahlen den Beitrag bereits einmal.";
    o.status = status;
    o.remedies = "Sie haben das Recht, sich bei einer Datenschutz-Aufsichtsbehörde zu beschweren "
                 "(Art. 77 DSGVO).";
    row.received_at = "01.05.2026";
    row.due_at = "01.06.2026";
    row.original_due_at = "01.06.2026";
    if (status != api::ObjectionStatus::Pending) {
        o.decided_at = now - 50 * day;
        o.decision_reason = "Der Abgleich dient der Feststellung der Beitragspflicht.";
        row.decided_at = "20.05.2026";
    }
    return row;
}

const a11y::Node* find_text(const A11yHarness& imgui, const std::string& part) {
    for (const a11y::Node& node : imgui.recorder.tree().nodes) {
        if (node.name.find(part) != std::string::npos) {
            return &node;
        }
    }
    return nullptr;
}

// Applies the intents of the last frame as the app would, then draws again.
void apply(A11yHarness& imgui, ScreenUnderTest& screen) {
    const views::Intents intents = screen.intents;
    for (const Intent& intent : intents) {
        on_intent(screen.state, intent);
    }
    screen.draw(imgui);
}

} // namespace

// [SECTION] Consents

TEST_CASE("consents: given ones with dates and a withdraw button each, earlier ones in a table") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Consents);
    with_consents(screen.state);
    screen.draw(imgui);

    CHECK(imgui.node(Role::Heading, "Einwilligungen").level == 2);
    CHECK(imgui.node(Role::Heading, "Erteilte Einwilligungen").level == 3);
    imgui.node(Role::Heading, "Wiederverwendung der Anschrift");
    imgui.node(Role::Button, "Einwilligung erteilen");
    // One withdraw button per given consent, told apart by the purpose in the name.
    const auto& withdraw =
        imgui.node(Role::Button, "Einwilligung widerrufen: Wiederverwendung der Anschrift");
    imgui.node(Role::Button, "Einwilligung widerrufen: Abruf der Versicherung");
    CHECK_FALSE(find_text(imgui, "Einwilligung widerrufen: Berechnung des Elterngeldes"));
    CHECK(find_text(imgui, "läuft in 12 Tagen ab") != nullptr);
    CHECK(find_text(imgui, "10.08.2027") != nullptr);

    const auto& table = imgui.node(Role::Table, "Widerrufene und abgelaufene Einwilligungen");
    CHECK(table.rect.y > withdraw.rect.y);
    const auto& cell = imgui.node(Role::Cell, "erteilt am 10.08.2026 · widerrufen am 08.11.2026");
    CHECK(imgui.parent_of(imgui.parent_of(cell)).id == table.id);
    imgui.node(Role::Cell, "widerrufen");

    const auto& intents = screen.activate(imgui, withdraw);
    const auto* w = testing::find_intent<intent::citizen::WithdrawConsent>(intents);
    REQUIRE(w != nullptr);
    CHECK(w->consent_id == 11);
}

TEST_CASE("consents: while one is withdrawn the buttons are disabled, then the notice shows") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Consents);
    with_consents(screen.state);
    screen.state.citizen.consents.withdrawing_id = 11;
    screen.draw(imgui);
    const auto& busy = imgui.node(Role::Button, "Wird widerrufen: Wiederverwendung der Anschrift");
    CHECK(busy.has(a11y::state::busy));
    CHECK(busy.has(a11y::state::disabled));
    const auto& other = imgui.node(Role::Button, "Einwilligung widerrufen: Abruf der Versicherung");
    CHECK(other.has(a11y::state::disabled));
    CHECK(testing::find_intent<intent::citizen::WithdrawConsent>(screen.activate(imgui, other)) ==
          nullptr);

    screen.state.citizen.consents.withdrawing_id.reset();
    screen.state.citizen.consents.notice = "Ihre Einwilligung wurde widerrufen.";
    screen.state.citizen.consents.error = "Diese Einwilligung war bereits widerrufen.";
    screen.draw(imgui);
    imgui.node(Role::Status, "Ihre Einwilligung wurde widerrufen.");
    imgui.node(Role::Alert, "Diese Einwilligung war bereits widerrufen.");
}

TEST_CASE("consents: loading, failure with retry, and none given") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Consents);
    screen.draw(imgui);
    CHECK(imgui.node(Role::Status, "Einwilligungen werden geladen …").has(a11y::state::busy));

    screen.state.citizen.consents.list.phase = LoadPhase::Failed;
    screen.state.citizen.consents.list.error = "Der Server ist nicht erreichbar.";
    screen.draw(imgui);
    imgui.node(Role::Alert, "Der Server ist nicht erreichbar.");
    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "Erneut versuchen"));
    CHECK(testing::find_intent<intent::RetryLoad>(intents) != nullptr);

    screen.state.citizen.consents.list.phase = LoadPhase::Ready;
    screen.state.citizen.consents.list.error.reset();
    screen.draw(imgui);
    imgui.node(Role::Status, "Sie haben derzeit keine Einwilligung erteilt.");
    CHECK(imgui.all(Role::Table).empty());
}

TEST_CASE("consents: a failed reload keeps the list shown, says so and offers a retry") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Consents);
    with_consents(screen.state);
    screen.state.citizen.consents.list.error =
        "Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung und versuchen "
        "Sie es erneut.";
    screen.draw(imgui);
    imgui.node(Role::Alert,
               "Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung und "
               "versuchen Sie es erneut. Angezeigt wird der zuletzt geladene Stand.");
    imgui.node(Role::Heading, "Wiederverwendung der Anschrift");
    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "Erneut versuchen"));
    CHECK(testing::find_intent<intent::RetryLoad>(intents) != nullptr);

    screen.state.language = einblick::Language::English;
    screen.draw(imgui);
    imgui.node(Role::Alert,
               "The server cannot be reached. Please check your internet connection and try "
               "again. Shown below is what was loaded before.");
    imgui.node(Role::Button, "Try again");
}

TEST_CASE("consent flow: purpose and date, inline errors with a summary, check, confirmation") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Consents);
    with_purposes(screen.state);
    with_consents(screen.state);
    screen.draw(imgui);
    screen.activate(imgui, imgui.node(Role::Button, "Einwilligung erteilen"));
    REQUIRE(testing::find_intent<intent::citizen::StartConsent>(screen.intents) != nullptr);
    apply(imgui, screen);
    REQUIRE(screen.state.citizen.consent_flow.step == FlowStep::Form);

    // The form: only consent-based purposes are offered, in a radio group.
    CHECK(imgui.node(Role::Heading, "Einwilligung erteilen").level == 2);
    const auto& group = imgui.node(Role::RadioGroup, "Zweck der Einwilligung");
    const auto radios = imgui.all(Role::Radio);
    REQUIRE(radios.size() == 2);
    CHECK(imgui.parent_of(*radios[0]).id == group.id);
    CHECK(radios[0]->name == "Berechnung des Elterngeldes – Elterngeldstelle Leipzig");
    CHECK_FALSE(find_text(imgui, "Meldedatenabgleich"));
    imgui.node(Role::Form, "Einwilligung erteilen");

    // Nothing chosen and a date in the past: both fields say why, the summary lists both.
    screen.state.citizen.consent_flow.expires_text = "01.01.2020";
    screen.draw(imgui);
    screen.activate(imgui, imgui.node(Role::Button, "Weiter zur Prüfung"));
    apply(imgui, screen);
    REQUIRE(screen.state.citizen.consent_flow.step == FlowStep::Form);
    const auto alerts = imgui.all(Role::Alert);
    REQUIRE(alerts.size() == 1);
    const a11y::Node& summary = *alerts.front();
    const auto& date = imgui.node(Role::TextBox, "Gültig bis (TT.MM.JJJJ)");
    CHECK(date.has(a11y::state::invalid));
    CHECK(date.has(a11y::state::required));
    CHECK(date.description ==
          "Höchstens fünf Jahre. Sie können die Einwilligung jederzeit vorher widerrufen. "
          "Fehler: Das Ablaufdatum muss in der Zukunft liegen.");
    CHECK(date.value == "01.01.2020");
    CHECK(summary.rect.y < date.rect.y);
    testing::check_field_order(
        imgui, date,
        "Höchstens fünf Jahre. Sie können die Einwilligung jederzeit vorher widerrufen.");
    const a11y::Node& to_purpose = imgui.node(Role::Link, "Bitte wählen Sie einen Zweck.");
    CHECK(imgui.parent_of(to_purpose).id == summary.id);
    CHECK(imgui.node(Role::RadioGroup, "Zweck der Einwilligung").description ==
          "Fehler: Bitte wählen Sie einen Zweck.");
    // Each entry of the summary moves the focus to its field.
    const a11y::NodeId date_id = date.id;
    screen.activate(imgui, imgui.node(Role::Link, "Das Ablaufdatum muss in der Zukunft liegen."));
    screen.draw(imgui, 2);
    CHECK(imgui.recorder.tree().focused() == date_id);
    screen.activate(imgui, imgui.node(Role::Link, "Bitte wählen Sie einen Zweck."));
    screen.draw(imgui, 2);
    CHECK(imgui.recorder.tree().focused() == imgui.all(Role::Radio)[0]->id);

    // Choosing a purpose explains who, why, which data and how long.
    screen.activate(imgui, *imgui.all(Role::Radio)[0]);
    const auto* choose =
        testing::find_intent<intent::citizen::ChooseConsentPurpose>(screen.intents);
    REQUIRE(choose != nullptr);
    CHECK(choose->purpose_id == 1);
    apply(imgui, screen);
    CHECK(imgui.all(Role::Radio)[0]->has(a11y::state::checked));
    CHECK(find_text(imgui, "Beschreibung von Berechnung des Elterngeldes.") != nullptr);
    CHECK(find_text(imgui, "Anschrift, Einkommen") != nullptr);
    CHECK(find_text(imgui, "730 Tage (2 Jahre)") != nullptr);

    // Too far ahead: the five-year limit.
    screen.state.citizen.consent_flow.expires_text = "01.01.2040";
    screen.draw(imgui);
    screen.activate(imgui, imgui.node(Role::Button, "Weiter zur Prüfung"));
    apply(imgui, screen);
    CHECK(imgui.node(Role::TextBox, "Gültig bis (TT.MM.JJJJ)")
              .description.ends_with("Fehler: Eine Einwilligung gilt höchstens fünf Jahre."));
    CHECK(find_text(imgui, "Bitte wählen Sie einen Zweck.") == nullptr);

    // A valid date: check your answers.
    screen.state.citizen.consent_flow.expires_text = "31.12.2027";
    screen.draw(imgui);
    screen.activate(imgui, imgui.node(Role::Button, "Weiter zur Prüfung"));
    apply(imgui, screen);
    REQUIRE(screen.state.citizen.consent_flow.step == FlowStep::Review);
    imgui.node(Role::Heading, "Bitte prüfen Sie Ihre Angaben");
    imgui.node(Role::Table, "Ihre Angaben");
    imgui.node(Role::Cell, "31.12.2027");
    imgui.node(Role::Cell, "Elterngeldstelle Leipzig");
    CHECK(imgui.all(Role::Alert).empty());

    // "Angaben ändern" goes back with everything kept; then forward again.
    screen.activate(imgui, imgui.node(Role::Button, "Angaben ändern"));
    REQUIRE(testing::find_intent<intent::citizen::EditConsent>(screen.intents) != nullptr);
    apply(imgui, screen);
    CHECK(imgui.node(Role::TextBox, "Gültig bis (TT.MM.JJJJ)").value == "31.12.2027");
    CHECK(imgui.all(Role::Radio)[0]->has(a11y::state::checked));
    screen.activate(imgui, imgui.node(Role::Button, "Weiter zur Prüfung"));
    apply(imgui, screen);

    // Sending: the button is busy and no second submit.
    screen.activate(imgui, imgui.node(Role::Button, "Einwilligung erteilen"));
    REQUIRE(testing::find_intent<intent::citizen::SubmitConsent>(screen.intents) != nullptr);
    apply(imgui, screen);
    REQUIRE(screen.state.citizen.consent_flow.step == FlowStep::Submitting);
    const auto& sending = imgui.node(Role::Button, "Wird gesendet …");
    CHECK(sending.has(a11y::state::busy));
    CHECK(sending.has(a11y::state::disabled));
    CHECK(imgui.node(Role::Button, "Abbrechen").has(a11y::state::disabled));

    // The server's answer: the confirmation.
    api::Consent granted;
    granted.id = 99;
    granted.purpose_id = 1;
    granted.purpose_name = "Berechnung des Elterngeldes";
    granted.agency_name = "Elterngeldstelle Leipzig";
    granted.state = api::ConsentState::Given;
    granted.granted_at = now;
    granted.expires_at = now + 400 * day;
    on_message(
        screen.state, screen.state.session_epoch,
        CitizenMessage{message::citizen::ConsentGranted{Result<api::Consent>::success(granted)}});
    REQUIRE(screen.state.citizen.consent_flow.step == FlowStep::Done);
    screen.draw(imgui);
    CHECK(imgui.node(Role::Heading, "Einwilligung erteilt").level == 2);
    imgui.node(Role::Status, "Ihre Einwilligung wurde erteilt und ist ab sofort wirksam.");
    CHECK(find_text(imgui, "Berechnung des Elterngeldes") != nullptr);
    screen.activate(imgui, imgui.node(Role::Button, "Zurück zu den Einwilligungen"));
    REQUIRE(testing::find_intent<intent::citizen::CloseConsent>(screen.intents) != nullptr);
    apply(imgui, screen);
    CHECK(screen.state.citizen.consent_flow.step == FlowStep::Closed);
    // Back on the list, the new consent is among the given ones with its own withdraw button.
    imgui.node(Role::Button, "Einwilligung widerrufen: Berechnung des Elterngeldes");
}

TEST_CASE("consent flow: cancel from the form and from the check page") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Consents);
    with_purposes(screen.state);
    screen.state.citizen.consent_flow.step = FlowStep::Form;
    screen.draw(imgui);
    screen.activate(imgui, imgui.node(Role::Button, "Abbrechen"));
    REQUIRE(testing::find_intent<intent::citizen::CloseConsent>(screen.intents) != nullptr);

    screen.state.citizen.consent_flow.step = FlowStep::Review;
    screen.state.citizen.consent_flow.purpose_id = 3;
    screen.state.citizen.consent_flow.expires_text = "01.02.2027";
    screen.state.citizen.consent_flow.error = "Für diesen Zweck besteht bereits eine Einwilligung.";
    screen.draw(imgui);
    imgui.node(Role::Alert, "Für diesen Zweck besteht bereits eine Einwilligung.");
    CHECK(find_text(imgui, "Kfz-Zulassungsbehörde Leipzig“, die genannten Daten") != nullptr);
    screen.activate(imgui, imgui.node(Role::Button, "Abbrechen"));
    REQUIRE(testing::find_intent<intent::citizen::CloseConsent>(screen.intents) != nullptr);
}

// [SECTION] Objections

TEST_CASE("objections: status, deadline with extension, restriction, decision and remedies") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Objections);
    auto& list = screen.state.citizen.objections.list;
    list.phase = LoadPhase::Ready;
    ObjectionRow pending = objection_row(7, api::ObjectionStatus::Pending);
    pending.objection.restriction_requested = true;
    pending.objection.extension_reason = "Die Prüfung erfordert eine Stellungnahme der Polizei.";
    pending.extended = true;
    pending.due_at = "01.08.2026";
    pending.objection.overdue = true;
    list.data = {pending, objection_row(5, api::ObjectionStatus::Rejected)};
    screen.draw(imgui);

    CHECK(imgui.node(Role::Heading, "Widersprüche").level == 2);
    imgui.node(Role::Status, "2 Widersprüche");
    const auto& first = imgui.node(
        Role::Heading, "Widerspruch W-2026-000007: Meldedatenabgleich zum Rundfunkbeitrag");
    const auto& second = imgui.node(
        Role::Heading, "Widerspruch W-2026-000005: Meldedatenabgleich zum Rundfunkbeitrag");
    CHECK(first.level == 3);
    CHECK(first.rect.y < second.rect.y);
    imgui.node(Role::Text, "in Prüfung – Antwortfrist überschritten");
    imgui.node(Role::Text, "01.08.2026 (verlängert)");
    imgui.node(Role::Text, "Die Prüfung erfordert eine Stellungnahme der Polizei.");
    CHECK(find_text(imgui, "beantragt – bis zur Entscheidung") != nullptr);
    imgui.node(Role::Text, "zurückgewiesen am 20.05.2026");
    imgui.node(Role::Text, "Der Abgleich dient der Feststellung der Beitragspflicht.");
    // The remedies of the decided one (the server's text), and the general note at the end.
    imgui.node(Role::Text, "Sie haben das Recht, sich bei einer Datenschutz-Aufsichtsbehörde zu "
                           "beschweren (Art. 77 DSGVO).");
    imgui.node(Role::Heading, "Beschwerde bei der Aufsichtsbehörde");

    const auto& intents = screen.activate(imgui, imgui.node(Role::Button, "Zum Zweckregister"));
    const auto* navigate = testing::find_intent<intent::Navigate>(intents);
    REQUIRE(navigate != nullptr);
    CHECK(navigate->page == Page::Registry);

    screen.state.language = einblick::Language::English;
    screen.draw(imgui);
    imgui.node(Role::Text, "rejected on 20.05.2026");
    CHECK(find_text(imgui, "GDPR Art. 77") != nullptr);
}

TEST_CASE("objections: none yet") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Objections);
    screen.state.citizen.objections.list.phase = LoadPhase::Ready;
    screen.draw(imgui);
    imgui.node(Role::Status, "Sie haben bisher keinen Widerspruch eingelegt.");
}

// [SECTION] Registry

TEST_CASE("registry for citizens: who, why, legal basis, data, object or consent per purpose") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Registry);
    with_purposes(screen.state);
    screen.state.citizen.consents.list.phase = LoadPhase::Ready;
    screen.state.citizen.consents.list.data = {consent_row(
        11, 3, "Wiederverwendung der Anschrift", api::ConsentState::Given, now + 300 * day)};
    screen.draw(imgui);

    CHECK(imgui.node(Role::Heading, "Zweckregister").level == 2);
    const auto& table = imgui.node(Role::Table, "Zweckregister");
    const auto rows = imgui.all(Role::Row);
    REQUIRE(rows.size() == 4); // header + 3 purposes
    imgui.node(Role::Status, "3 von 3 Zwecken angezeigt");
    // Sorted by agency: ARD … first.
    imgui.node(Role::Cell, "ARD ZDF Deutschlandradio Beitragsservice");
    CHECK(imgui.parent_of(imgui.node(Role::Cell, "Meldedatenabgleich zum Rundfunkbeitrag")).id ==
          rows[1]->id);
    imgui.node(Role::Cell, "Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)");
    CHECK(find_text(imgui, "Herkunft: Melderegister") != nullptr);
    CHECK(find_text(imgui, "Weitergabe an: Finanzamt") != nullptr);
    CHECK(find_text(imgui, "Speicherdauer: 730 Tage (2 Jahre)") != nullptr);
    CHECK(table.rect.width > 0.0F);

    auto intents = screen.activate(
        imgui,
        imgui.node(Role::Button, "Widerspruch einlegen: Meldedatenabgleich zum Rundfunkbeitrag"));
    const auto* object = testing::find_intent<intent::citizen::ObjectToPurpose>(intents);
    REQUIRE(object != nullptr);
    CHECK(object->purpose_id == 2);

    // A consent-based purpose: consent instead of objection; the flow opens on the consents page.
    CHECK(find_text(imgui, "Widerspruch einlegen: Berechnung des Elterngeldes") == nullptr);
    intents = screen.activate(
        imgui, imgui.node(Role::Button, "Einwilligung erteilen: Berechnung des Elterngeldes"));
    const auto* start = testing::find_intent<intent::citizen::StartConsent>(intents);
    REQUIRE(start != nullptr);
    CHECK(start->purpose_id == 1);
    const auto* navigate = testing::find_intent<intent::Navigate>(intents);
    REQUIRE(navigate != nullptr);
    CHECK(navigate->page == Page::Consents);
    apply(imgui, screen);
    CHECK(screen.state.page == Page::Consents);
    CHECK(imgui.all(Role::Radio)[0]->has(a11y::state::checked));

    // Consent given already: managed on the consents page.
    screen.state.citizen.consent_flow = ConsentFlow{};
    screen.state.page = Page::Registry;
    screen.draw(imgui);
    imgui.node(Role::Cell, "Sie haben eingewilligt, gültig bis 10.08.2027.");
    imgui.node(Role::Button, "Einwilligung verwalten: Wiederverwendung der Anschrift");

    // A pending objection under the purpose (here to one of its accesses): no second one.
    ObjectionRow pending = objection_row(7, api::ObjectionStatus::Pending);
    pending.objection.event_id = 4711;
    screen.state.citizen.objections.list.phase = LoadPhase::Ready;
    screen.state.citizen.objections.list.data = {pending};
    screen.draw(imgui);
    imgui.node(Role::Cell, "Ihr Widerspruch W-2026-000007 wird geprüft.");
    CHECK(find_text(imgui, "Widerspruch einlegen: Meldedatenabgleich") == nullptr);
}

TEST_CASE("registry: the search narrows by agency, name or data, case-insensitive") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Registry);
    with_purposes(screen.state);
    screen.draw(imgui);
    const auto& search = imgui.node(Role::TextBox, "Zweckregister durchsuchen");
    imgui.recorder.request_edit(search.id, a11y::TextEdit{"kfz-ZULASSUNG", -1, -1});
    screen.draw(imgui);
    CHECK(screen.state.registry_search == "kfz-ZULASSUNG");
    imgui.node(Role::Status, "1 von 3 Zwecken angezeigt");
    CHECK(imgui.all(Role::Row).size() == 2);
    imgui.node(Role::Cell, "Wiederverwendung der Anschrift");

    screen.state.registry_search = "ÖFFENTLICHE rundfunk";
    screen.draw(imgui);
    imgui.node(Role::Status, "1 von 3 Zwecken angezeigt");
    imgui.node(Role::Cell, "Meldedatenabgleich zum Rundfunkbeitrag");

    screen.state.registry_search = "Hundesteuer";
    screen.draw(imgui);
    imgui.node(Role::Status, "Kein Zweck passt zu „Hundesteuer“.");
    CHECK(imgui.all(Role::Table).empty());
    screen.activate(imgui, imgui.node(Role::Button, "Suche zurücksetzen"));
    screen.draw(imgui);
    CHECK(screen.state.registry_search.empty());
    CHECK(imgui.all(Role::Row).size() == 4);
}

TEST_CASE("registry for DPOs: status and versions, no citizen actions") {
    A11yHarness imgui;
    auto screen = testing::dashboard(api::Role::Dpo, Page::Registry);
    with_purposes(screen.state);
    api::Purpose& revised = screen.state.purposes.data[1];
    api::PurposeVersion proposed = *revised.in_force;
    proposed.version = 2;
    proposed.status = api::PurposeStatus::Proposed;
    revised.versions.push_back(proposed);
    api::Purpose only_proposed =
        purpose(9, "Abgleich zur Hundesteuer", "A6-1-e", "Bürgeramt Leipzig");
    only_proposed.in_force.reset();
    only_proposed.status = api::PurposeStatus::Proposed;
    only_proposed.versions[0].status = api::PurposeStatus::Proposed;
    screen.state.purposes.data.push_back(only_proposed);
    screen.draw(imgui);

    imgui.node(Role::Heading, "Zweckregister");
    imgui.node(Role::ColumnHeader, "Status");
    CHECK(imgui.all(Role::Row).size() == 5);
    imgui.node(Role::Text, "Versionen: V1 genehmigt · V2 zur Prüfung eingereicht");
    int version_lines = 0; // only the revised purpose lists its versions
    for (const a11y::Node* text : imgui.all(Role::Text)) {
        version_lines += text->name.rfind("Versionen: ", 0) == 0 ? 1 : 0;
    }
    CHECK(version_lines == 1);
    imgui.node(Role::Cell, "zur Prüfung eingereicht");
    imgui.node(Role::Cell, "Abgleich zur Hundesteuer");
    CHECK(find_text(imgui, "Widerspruch einlegen") == nullptr);
    CHECK(find_text(imgui, "Einwilligung erteilen") == nullptr);
}

TEST_CASE("registry: loading and failure") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Registry);
    screen.draw(imgui);
    CHECK(imgui.node(Role::Status, "Das Zweckregister wird geladen …").has(a11y::state::busy));
    screen.state.purposes.phase = LoadPhase::Failed;
    screen.draw(imgui);
    imgui.node(Role::Alert, "Das Zweckregister konnte nicht geladen werden.");
    imgui.node(Role::Button, "Erneut versuchen");
}

// [SECTION] Export

TEST_CASE("export: what it holds, two downloads, and the started download") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Export);
    screen.draw(imgui);
    CHECK(imgui.node(Role::Heading, "Export").level == 2);
    imgui.node(Role::Heading, "Was der Export enthält");
    CHECK(find_text(imgui, "Art. 15 DSGVO") != nullptr);
    CHECK(find_text(imgui, "Art. 20 DSGVO") != nullptr);

    auto intents = screen.activate(imgui, imgui.node(Role::Button, "Als JSON herunterladen"));
    const auto* json = testing::find_intent<intent::citizen::DownloadExport>(intents);
    REQUIRE(json != nullptr);
    CHECK(json->format == api::ExportFormat::Json);
    intents = screen.activate(imgui, imgui.node(Role::Button, "Als CSV herunterladen"));
    const auto* csv = testing::find_intent<intent::citizen::DownloadExport>(intents);
    REQUIRE(csv != nullptr);
    CHECK(csv->format == api::ExportFormat::Csv);
    apply(imgui, screen);
    CHECK(find_text(imgui, "Download gestartet: einblick-export.csv") != nullptr);
    CHECK(imgui.all(Role::Status).size() == 1);
}

TEST_CASE("the rights pages in English") {
    A11yHarness imgui;
    auto screen = citizen_on(Page::Consents);
    screen.state.language = einblick::Language::English;
    with_consents(screen.state);
    screen.draw(imgui);
    imgui.node(Role::Heading, "Consents");
    imgui.node(Role::Button, "Withdraw consent: Wiederverwendung der Anschrift");
    imgui.node(Role::Cell, "withdrawn");
    screen.state.page = Page::Export;
    screen.draw(imgui);
    imgui.node(Role::Button, "Download as JSON");
}
