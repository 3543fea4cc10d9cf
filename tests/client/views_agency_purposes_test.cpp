// The agency staff's purposes drawn headless over prepared states: each purpose with status,
// version and the DPO's reason; the propose/revise form (error summary, invalid fields with
// their messages, check boxes that mirror the form, submitting).
#include "einblick/client/selectors.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/shared/api_rules.hpp"
#include "views_agency_fixtures.hpp"

#include <string>
#include <vector>

using namespace einblick::client;
using namespace einblick::client::testing::agency_screens;
using testing::A11yHarness;
using testing::ScreenUnderTest;
namespace api = einblick::api;
namespace ia = intent::agency;

namespace {

api::PurposeVersion version(int number, api::PurposeStatus status, const std::string& name,
                            const char* proposed, const char* decided = nullptr,
                            const char* reason = nullptr) {
    api::PurposeVersion v;
    v.id = 100 + number;
    v.version = number;
    v.status = status;
    v.content.name = name;
    v.content.description = "Beschreibung von " + name;
    v.content.legal_basis = "Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 6 FZV";
    v.content.gdpr_basis = "A6-1-e";
    v.content.data_categories = {"address", "vehicle"};
    v.content.source_registers = {"fahrzeugregister"};
    v.content.retention_days = 365;
    v.proposed_at = at(proposed);
    if (decided != nullptr) {
        v.decided_at = at(decided);
    }
    if (reason != nullptr) {
        v.decision_reason = reason;
    }
    return v;
}

api::Purpose purpose(std::int64_t id, std::vector<api::PurposeVersion> versions) {
    api::Purpose p;
    p.id = id;
    p.agency_code = "kfz-zulassung-leipzig";
    p.agency_name = "Kfz-Zulassungsbehörde Leipzig";
    p.status = versions.back().status;
    for (const api::PurposeVersion& v : versions) {
        if (v.status == api::PurposeStatus::Approved) {
            p.in_force = v;
            p.status = api::PurposeStatus::Approved;
        }
    }
    p.versions = std::move(versions);
    return p;
}

api::Vocabulary vocabulary() {
    api::Vocabulary v;
    v.data_categories = {{"address", "Anschrift", "Address"},
                         {"vehicle", "Fahrzeugdaten", "Vehicle data"},
                         {"insurance", "Versicherungsnachweis", "Insurance confirmation"}};
    v.registers = {{"melderegister", "Melderegister", "Population register"},
                   {"fahrzeugregister", "Fahrzeugregister", "Vehicle register"}};
    v.gdpr_bases = {{"A6-1-a", "Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)", "Consent"},
                    {"A6-1-e", "Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)", "Public task"}};
    return v;
}

ScreenUnderTest purposes_screen() {
    ScreenUnderTest screen = testing::dashboard(api::Role::Agency, Page::AgencyPurposes);
    AppState& state = screen.state;
    state.now = at("2026-11-28T10:00:00Z");
    state.purposes.phase = LoadPhase::Ready;
    state.purposes.data = {
        purpose(6, {version(1, api::PurposeStatus::Approved, "Zulassung eines Fahrzeugs",
                            "2024-10-29T09:00:00Z", "2024-10-31T09:00:00Z",
                            "Erforderlich und verhältnismäßig.")}),
        purpose(8,
                {version(1, api::PurposeStatus::Superseded, "Auskunft aus dem Fahrzeugregister",
                         "2024-10-29T09:00:00Z", "2024-10-31T09:00:00Z", "Geprüft."),
                 version(2, api::PurposeStatus::Approved, "Auskunft aus dem Fahrzeugregister",
                         "2025-05-02T09:00:00Z", "2025-05-05T09:00:00Z", "Geprüft."),
                 version(3, api::PurposeStatus::Proposed,
                         "Auskunft aus dem Fahrzeugregister (erweitert)", "2026-11-20T09:00:00Z")}),
        purpose(9,
                {version(1, api::PurposeStatus::Rejected, "Abgleich mit dem Melderegister",
                         "2026-02-01T09:00:00Z", "2026-02-03T10:00:00Z",
                         "Der Zweck ist zu weit gefasst; bitte die Datenkategorien begründen.")}),
        purpose(21, {version(1, api::PurposeStatus::Retired, "Erfassung von Papieranträgen",
                             "2024-10-29T09:00:00Z", "2025-01-10T09:00:00Z",
                             "Ersetzt durch die Online-Zulassung.")}),
    };
    state.vocabulary.phase = LoadPhase::Ready;
    state.vocabulary.data = vocabulary();
    return screen;
}

ScreenUnderTest form_screen() {
    ScreenUnderTest screen = purposes_screen();
    screen.state.agency.purpose_form.open = true;
    return screen;
}

} // namespace

// [SECTION] Purposes

TEST_CASE("agency purposes: each purpose with its version, status and the DPO's reason") {
    A11yHarness imgui;
    auto screen = purposes_screen();
    screen.draw(imgui);

    imgui.node(Role::Heading, "Zwecke");
    imgui.node(Role::Table, "Zwecke Ihrer Stelle");
    const auto headers =
        names(inside(imgui, imgui.node(Role::Table, "Zwecke Ihrer Stelle")), Role::ColumnHeader);
    CHECK(headers == std::vector<std::string>{"Zweck", "Version", "Status",
                                              "Begründung der Datenschutzbeauftragten", "Aktion"});

    const auto approved = row_of(imgui, "Zulassung eines Fahrzeugs");
    CHECK(contains(approved, "1"));
    CHECK(contains(approved, "genehmigt am 31.10.2024"));
    CHECK(contains(approved, "Erforderlich und verhältnismäßig."));

    // A new version under review: its status, and that the approved one still applies.
    const auto revised = row_of(imgui, "Auskunft aus dem Fahrzeugregister (erweitert)");
    CHECK(contains(revised, "3"));
    CHECK(contains(revised, "zur Prüfung eingereicht am 20.11.2026"));
    CHECK(contains(revised, "Noch nicht entschieden."));
    imgui.node(Role::Text, "Version 2 gilt weiter.");

    const auto rejected = row_of(imgui, "Abgleich mit dem Melderegister");
    CHECK(contains(rejected, "abgelehnt am 03.02.2026"));
    CHECK(
        contains(rejected, "Der Zweck ist zu weit gefasst; bitte die Datenkategorien begründen."));

    // Every purpose can be revised except a retired one.
    imgui.node(Role::Button, "Überarbeiten: Zulassung eines Fahrzeugs");
    imgui.node(Role::Button, "Überarbeiten: Abgleich mit dem Melderegister");
    CHECK(count(imgui, Role::Button, "Überarbeiten: Erfassung von Papieranträgen") == 0);
    CHECK(contains(row_of(imgui, "Erfassung von Papieranträgen"), "stillgelegt am 10.01.2025"));

    const auto& intents = screen.activate(
        imgui,
        imgui.node(Role::Button, "Überarbeiten: Auskunft aus dem Fahrzeugregister (erweitert)"));
    const auto* revise = testing::find_intent<ia::RevisePurpose>(intents);
    REQUIRE(revise != nullptr);
    CHECK(revise->purpose_id == 8);
    CHECK(testing::find_intent<ia::NewPurpose>(screen.activate(
              imgui, imgui.node(Role::Button, "Neuen Zweck vorschlagen"))) != nullptr);
}

TEST_CASE("agency purposes: loading, failure with retry, no purposes, the notice") {
    A11yHarness imgui;
    auto screen = purposes_screen();
    screen.state.purposes.phase = LoadPhase::Loading;
    screen.draw(imgui);
    CHECK(imgui.node(Role::Status, "Zwecke werden geladen …").has(a11y::state::busy));

    screen.state.purposes.phase = LoadPhase::Failed;
    screen.state.purposes.error = "Beim Server ist ein Fehler aufgetreten. Bitte versuchen Sie es "
                                  "später erneut.";
    screen.draw(imgui);
    imgui.node(Role::Alert, *screen.state.purposes.error);
    CHECK(testing::find_intent<intent::RetryLoad>(
              screen.activate(imgui, imgui.node(Role::Button, "Erneut versuchen"))) != nullptr);

    screen.state.purposes = {};
    screen.state.purposes.phase = LoadPhase::Ready;
    screen.state.agency.purpose_form.notice =
        "Der Zweck wurde zur Prüfung eingereicht. Er gilt erst, wenn die Datenschutzbeauftragte "
        "ihn genehmigt hat.";
    screen.draw(imgui);
    imgui.node(Role::Status, *screen.state.agency.purpose_form.notice);
    CHECK(count(imgui, Role::Table, "Zwecke Ihrer Stelle") == 0);
    CHECK(imgui.all(Role::Status).size() == 2); // the notice and "noch keinen Zweck"
}

TEST_CASE("purpose form: every field, labelled, required ones marked") {
    A11yHarness imgui;
    auto screen = purposes_screen();
    screen.draw(imgui); // the list first: the form opens on the page
    screen.state.agency.purpose_form.open = true;
    screen.draw(imgui);
    const a11y::Node& form = imgui.node(Role::Form, "Neuen Zweck vorschlagen");
    const auto fields = inside(imgui, form);
    CHECK(names(fields, Role::TextBox) ==
          std::vector<std::string>{"Name des Zwecks", "Beschreibung", "Rechtsvorschrift",
                                   "Empfänger (optional)", "Speicherdauer in Tagen"});
    CHECK(imgui.node(Role::TextBox, "Name des Zwecks").has(a11y::state::required));
    CHECK(imgui.node(Role::TextBox, "Beschreibung").has(a11y::state::multiline));
    CHECK_FALSE(imgui.node(Role::TextBox, "Empfänger (optional)").has(a11y::state::required));
    CHECK(imgui.node(Role::TextBox, "Empfänger (optional)").has(a11y::state::multiline));
    const a11y::Node& basis = imgui.node(Role::ComboBox, "Rechtsgrundlage nach DSGVO");
    CHECK(names(inside(imgui, basis), Role::Option) ==
          std::vector<std::string>{"Bitte wählen …", "Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)",
                                   "Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)"});
    CHECK(names(inside(imgui, imgui.node(Role::Group, "Datenkategorien")), Role::CheckBox) ==
          std::vector<std::string>{"Anschrift", "Fahrzeugdaten", "Versicherungsnachweis"});
    CHECK(names(inside(imgui, imgui.node(Role::Group, "Quellregister")), Role::CheckBox) ==
          std::vector<std::string>{"Melderegister", "Fahrzeugregister"});
    CHECK(count(imgui, Role::Alert, "") == 0); // no errors yet: no summary
    // The form replaced the list; the person starts typing in the first field.
    CHECK(count(imgui, Role::Table, "Zwecke Ihrer Stelle") == 0);
    const a11y::Node* focus = focused(imgui);
    REQUIRE(focus != nullptr);
    CHECK(focus->name == "Name des Zwecks");

    CHECK(testing::find_intent<ia::ClosePurposeForm>(
              screen.activate(imgui, imgui.node(Role::Button, "Abbrechen"))) != nullptr);
}

TEST_CASE("purpose form: the error summary lists every error, each field shows its own") {
    A11yHarness imgui;
    auto screen = form_screen();
    screen.draw(imgui); // first without errors, as before the first submission
    PurposeForm& form = screen.state.agency.purpose_form;
    form.retention_days_text = "zwei";
    form.errors = validate_purpose_form(form, screen.state);
    REQUIRE(form.errors.size() == 7);
    screen.draw(imgui, 3); // scrolled to the top, then the focus asked for, then moved

    const auto alerts = imgui.all(Role::Alert);
    REQUIRE(alerts.size() == 1);
    const auto summary = inside(imgui, *alerts.front());
    CHECK(names(summary, Role::Heading) ==
          std::vector<std::string>{"Bitte korrigieren Sie Ihre Angaben"});
    const auto links = names(summary, Role::Link);
    REQUIRE(links.size() == 7);
    CHECK(links.front() == "Bitte geben Sie einen Namen an.");
    CHECK(links.back() == "Bitte geben Sie die Speicherdauer als ganze Zahl von Tagen an.");
    // GOV.UK: when errors appear, the focus goes to the summary.
    const a11y::Node* focus = focused(imgui);
    REQUIRE(focus != nullptr);
    CHECK(focus->role == Role::Link);
    CHECK(focus->name == "Bitte geben Sie einen Namen an.");

    const a11y::Node& name = imgui.node(Role::TextBox, "Name des Zwecks");
    CHECK(name.has(a11y::state::invalid));
    CHECK(name.description == "Kurz und verständlich, so wie Bürgerinnen und Bürger ihn lesen. "
                              "Fehler: Bitte geben Sie einen Namen an.");
    imgui.node(Role::Text, "Fehler: Bitte geben Sie einen Namen an.");
    testing::check_field_order(imgui, name,
                               "Kurz und verständlich, so wie Bürgerinnen und Bürger ihn lesen.");
    const a11y::Node& retention = imgui.node(Role::TextBox, "Speicherdauer in Tagen");
    CHECK(retention.has(a11y::state::invalid));
    CHECK(retention.value == "zwei");
    imgui.node(Role::Text,
               "Fehler: Bitte geben Sie die Speicherdauer als ganze Zahl von Tagen an.");
    const a11y::Node& basis = imgui.node(Role::ComboBox, "Rechtsgrundlage nach DSGVO");
    CHECK(basis.has(a11y::state::invalid));
    testing::check_field_order(imgui, basis,
                               "Fehler: Bitte wählen Sie die Rechtsgrundlage nach DSGVO.");
    CHECK(basis.description == "Fehler: Bitte wählen Sie die Rechtsgrundlage nach DSGVO.");
    CHECK(imgui.node(Role::Group, "Datenkategorien").description ==
          "Fehler: Bitte wählen Sie mindestens eine Datenkategorie.");
    imgui.node(Role::Text, "Fehler: Bitte wählen Sie mindestens ein Register.");
    CHECK_FALSE(imgui.node(Role::TextBox, "Empfänger (optional)").has(a11y::state::invalid));

    SUBCASE("an entry of the summary moves the focus to its field") {
        screen.activate(imgui, imgui.node(Role::Link, "Bitte geben Sie die Speicherdauer als ganze "
                                                      "Zahl von Tagen an."));
        screen.draw(imgui, 2);
        focus = focused(imgui);
        REQUIRE(focus != nullptr);
        CHECK(focus->name == "Speicherdauer in Tagen");

        screen.activate(imgui, imgui.node(Role::Link, "Bitte wählen Sie mindestens ein Register."));
        screen.draw(imgui, 2);
        focus = focused(imgui);
        REQUIRE(focus != nullptr);
        CHECK(focus->role == Role::CheckBox);
        CHECK(focus->name == "Melderegister");
    }

    SUBCASE("in English, the messages are translated too") {
        screen.state.language = einblick::Language::English;
        screen.draw(imgui);
        imgui.node(Role::Heading, "Please correct your entries");
        CHECK(imgui.node(Role::TextBox, "Name of the purpose").description ==
              "Short and clear, as citizens will read it. Error: Please enter a name.");
        imgui.node(Role::Text, "Error: Please enter a name.");
    }

    SUBCASE("once shown, errors are checked again when a field changes") {
        imgui.recorder.request_edit(imgui.node(Role::TextBox, "Name des Zwecks").id,
                                    a11y::TextEdit{"Zulassung", -1, -1});
        screen.draw(imgui, 1);
        CHECK(form.name == "Zulassung");
        CHECK(testing::find_intent<ia::CheckPurposeForm>(screen.intents) != nullptr);
    }
}

TEST_CASE("purpose form: the server's field errors, in English by their rule") {
    A11yHarness imgui;
    auto screen = form_screen();
    PurposeForm& form = screen.state.agency.purpose_form;
    form.errors = field_errors_from({
        {"/recipients", "max_items", "Höchstens 20 Empfänger."},
        {"/name", "max_length", "Darf höchstens 200 Zeichen lang sein."},
        {"/legal_basis", "max_length", "Ein Satz, den kein Katalog kennt."},
        {"/description", "novel_rule", "Eine Regel, die der Client nicht kennt."},
    });
    screen.draw(imgui, 3);
    imgui.node(Role::Link, "Höchstens 20 Empfänger.");

    screen.state.language = einblick::Language::English;
    screen.draw(imgui, 3);
    // The server's sentences come from the shared catalogue, with their numbers; an unknown
    // sentence gives way to its rule; an unknown rule leaves the server's sentence (better
    // German than nothing).
    imgui.node(Role::Link, "At most 20 recipients.");
    imgui.node(Role::Link, "Must be at most 200 characters long.");
    imgui.node(Role::Link, "This entry is too long.");
    imgui.node(Role::Link, "Eine Regel, die der Client nicht kennt.");
    CHECK(imgui.node(Role::TextBox, "Name of the purpose").description ==
          "Short and clear, as citizens will read it. Error: Must be at most 200 characters long.");
}

TEST_CASE("purpose form: no checks are pushed before errors were shown") {
    A11yHarness imgui;
    auto screen = form_screen();
    screen.draw(imgui);
    imgui.recorder.request_edit(imgui.node(Role::TextBox, "Name des Zwecks").id,
                                a11y::TextEdit{"Zulassung", -1, -1});
    screen.draw(imgui, 1);
    CHECK(screen.state.agency.purpose_form.name == "Zulassung");
    CHECK(screen.intents.empty());
}

TEST_CASE("purpose form: check boxes show the form's choices and ask to toggle") {
    A11yHarness imgui;
    auto screen = form_screen();
    PurposeForm& form = screen.state.agency.purpose_form;
    form.data_categories = {"vehicle"};
    form.source_registers = {"melderegister"};
    screen.draw(imgui);
    CHECK(imgui.node(Role::CheckBox, "Fahrzeugdaten").has(a11y::state::checked));
    CHECK_FALSE(imgui.node(Role::CheckBox, "Anschrift").has(a11y::state::checked));
    CHECK(imgui.node(Role::CheckBox, "Melderegister").has(a11y::state::checked));
    CHECK_FALSE(imgui.node(Role::CheckBox, "Fahrzeugregister").has(a11y::state::checked));

    const auto& on = screen.activate(imgui, imgui.node(Role::CheckBox, "Anschrift"));
    const auto* category = testing::find_intent<ia::TogglePurposeCategory>(on);
    REQUIRE(category != nullptr);
    CHECK(category->code == "address");
    CHECK(form.data_categories == std::vector<std::string>{"vehicle"}); // the update decides

    const auto& off = screen.activate(imgui, imgui.node(Role::CheckBox, "Melderegister"));
    const auto* reg = testing::find_intent<ia::TogglePurposeRegister>(off);
    REQUIRE(reg != nullptr);
    CHECK(reg->code == "melderegister");

    // A code the vocabulary does not know (an older version's) can still be removed.
    form.data_categories = {"vehicle", "legacy_code"};
    screen.draw(imgui);
    CHECK(imgui.node(Role::CheckBox, "legacy_code").has(a11y::state::checked));
}

TEST_CASE("purpose form: choosing the GDPR basis, submitting, busy while sent") {
    A11yHarness imgui;
    auto screen = form_screen();
    PurposeForm& form = screen.state.agency.purpose_form;
    screen.draw(imgui);
    CHECK(imgui.node(Role::ComboBox, "Rechtsgrundlage nach DSGVO").value == "Bitte wählen …");
    screen.activate(imgui,
                    imgui.node(Role::Option, "Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)"));
    CHECK(form.gdpr_basis == "A6-1-e");
    screen.draw(imgui);
    CHECK(imgui.node(Role::ComboBox, "Rechtsgrundlage nach DSGVO").value ==
          "Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)");

    const auto& intents =
        screen.activate(imgui, imgui.node(Role::Button, "Zur Prüfung einreichen"));
    CHECK(testing::find_intent<ia::SubmitPurpose>(intents) != nullptr);

    form.submitting = true;
    screen.draw(imgui);
    CHECK(imgui.node(Role::Button, "Wird eingereicht …").has(a11y::state::busy));
    CHECK(imgui.node(Role::TextBox, "Name des Zwecks").has(a11y::state::disabled));
    CHECK(imgui.node(Role::Status, "Der Zweck wird übermittelt …").has(a11y::state::busy));
    CHECK(screen.activate(imgui, imgui.node(Role::CheckBox, "Anschrift")).empty());

    form.submitting = false;
    form.error = "Beim Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.";
    screen.draw(imgui);
    imgui.node(Role::Alert, *form.error);
}

TEST_CASE("purpose form: revising names the purpose and the version it will become") {
    A11yHarness imgui;
    auto screen = purposes_screen();
    PurposeForm& form = screen.state.agency.purpose_form;
    form.open = true;
    form.purpose_id = 8;
    form.name = "Auskunft aus dem Fahrzeugregister (erweitert)";
    screen.draw(imgui);
    imgui.node(Role::Heading, "Zweck überarbeiten: Auskunft aus dem Fahrzeugregister (erweitert)");
    imgui.node(Role::Text, "Ihre Änderungen werden als Version 4 zur Prüfung eingereicht. Bis zur "
                           "Genehmigung gilt weiter Version 2.");
    CHECK(imgui.node(Role::TextBox, "Name des Zwecks").value == form.name);

    // Cancelled: the list is back and the focus on the purpose's "Überarbeiten".
    form = PurposeForm{};
    screen.draw(imgui);
    const a11y::Node* focus = focused(imgui);
    REQUIRE(focus != nullptr);
    CHECK(focus->name == "Überarbeiten: Auskunft aus dem Fahrzeugregister (erweitert)");
}

TEST_CASE("purpose form: the hints state the API's limits, in both languages") {
    namespace limits = api::limits;
    using views::format_count;
    A11yHarness imgui;
    auto screen = form_screen();
    screen.draw(imgui);
    CHECK(imgui.node(Role::TextBox, "Beschreibung").description ==
          "Wozu werden die Daten verwendet? Höchstens " +
              format_count(limits::purpose_description_max) + " Zeichen.");
    CHECK(imgui.node(Role::TextBox, "Speicherdauer in Tagen").description ==
          "Wie lange die Daten gespeichert bleiben: " +
              format_count(limits::purpose_retention_days_min) + " bis " +
              format_count(limits::purpose_retention_days_max) + " Tage.");

    screen.state.language = einblick::Language::English;
    screen.draw(imgui);
    CHECK(imgui.node(Role::TextBox, "Description").description ==
          "What are the data used for? At most " + format_count(limits::purpose_description_max) +
              " characters.");
    CHECK(imgui.node(Role::TextBox, "Retention in days").description ==
          "How long the data are kept: " + format_count(limits::purpose_retention_days_min) +
              " to " + format_count(limits::purpose_retention_days_max) + " days.");
}
