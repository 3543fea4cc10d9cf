// Counts with their nouns in both languages: the one plural helper, and the texts on the
// overview that used to say "1 Zugriffe" or "Eine Behörde ... wurde abgewiesen" for any count.
#include "einblick/client/views/i18n.hpp"
#include "views_citizen_fixtures.hpp"

#include <span>
#include <string>

using namespace einblick::client;
using namespace einblick::client::testing::citizen_screens;
using einblick::Language;
using testing::A11yHarness;
using testing::ScreenUnderTest;
using views::plural;

namespace {

std::string accesses(Language language, long long count) {
    return plural(language, count, {"{} Zugriff", "{} Zugriffe"}, {"{} access", "{} accesses"});
}

// The overview with its 30-day counts arrived: `accesses` and `refused` of them.
ScreenUnderTest overview_with(int accesses_30d, int refused, Language language) {
    ScreenUnderTest screen = citizen_on(Page::Overview);
    screen.state.language = language;
    OverviewState& overview = screen.state.citizen.overview;
    overview.requested = true;
    overview.accesses_30d = accesses_30d;
    overview.denied_checks_30d = refused;
    return screen;
}

// The overview's two cards and the refused-attempts explanation for each count, in one language.
struct CardCase {
    int count;
    const char* accesses;
    const char* refused;
    const char* explanation;
};

void check_overview_cards(Language language, std::span<const CardCase> cases) {
    for (const CardCase& c : cases) {
        CAPTURE(c.count);
        A11yHarness imgui;
        ScreenUnderTest screen = overview_with(c.count, c.count, language);
        screen.draw(imgui);
        // Each card reads "label: number" (see ui::key_figure).
        imgui.node(Role::Text, std::string(c.accesses) + ": " + std::to_string(c.count));
        imgui.node(Role::Text, std::string(c.refused) + ": " + std::to_string(c.count));
        CHECK(has_text(imgui, c.explanation));
    }
}

} // namespace

TEST_CASE("plural: singular for exactly one, plural for 0 and 2, in German and English") {
    CHECK(accesses(Language::German, 0) == "0 Zugriffe");
    CHECK(accesses(Language::German, 1) == "1 Zugriff");
    CHECK(accesses(Language::German, 2) == "2 Zugriffe");
    CHECK(accesses(Language::English, 0) == "0 accesses");
    CHECK(accesses(Language::English, 1) == "1 access");
    CHECK(accesses(Language::English, 2) == "2 accesses");
    // The number in German format in both languages, as everywhere in the client.
    CHECK(accesses(Language::English, 1234) == "1.234 accesses");
    CHECK(accesses(Language::German, -1) == "-1 Zugriffe");
}

TEST_CASE("plural: a zero form replaces the plural for 0 only") {
    const views::PluralForms de{"{} Stelle", "{} Stellen", "Keine Stelle"};
    const views::PluralForms en{"{} agency", "{} agencies", "No agency"};
    CHECK(plural(Language::German, 0, de, en) == "Keine Stelle");
    CHECK(plural(Language::German, 1, de, en) == "1 Stelle");
    CHECK(plural(Language::German, 2, de, en) == "2 Stellen");
    CHECK(plural(Language::English, 0, de, en) == "No agency");
    CHECK(plural(Language::English, 1, de, en) == "1 agency");
    CHECK(plural(Language::English, 2, de, en) == "2 agencies");
}

TEST_CASE("overview: the cards' labels follow their numbers for 0, 1 and 2 (German)") {
    const CardCase cases[] = {
        {0, "Zugriffe in den letzten 30 Tagen", "Abgelehnte Abrufversuche in 30 Tagen",
         "Keine Behörde wurde beim Abruf Ihrer Daten abgewiesen."},
        {1, "Zugriff in den letzten 30 Tagen", "Abgelehnter Abrufversuch in 30 Tagen",
         "Eine Behörde wollte Daten abrufen und wurde abgewiesen."},
        {2, "Zugriffe in den letzten 30 Tagen", "Abgelehnte Abrufversuche in 30 Tagen",
         "So oft wollten Behörden Daten abrufen und wurden abgewiesen."},
    };
    check_overview_cards(Language::German, cases);
}

TEST_CASE("overview: the cards' labels follow their numbers for 0, 1 and 2 (English)") {
    const CardCase cases[] = {
        {0, "Accesses in the last 30 days", "Refused retrieval attempts in 30 days",
         "No authority was refused when retrieving your data."},
        {1, "Access in the last 30 days", "Refused retrieval attempt in 30 days",
         "An authority tried to retrieve data and was refused."},
        {2, "Accesses in the last 30 days", "Refused retrieval attempts in 30 days",
         "This many times authorities tried to retrieve data and were refused."},
    };
    check_overview_cards(Language::English, cases);
}

TEST_CASE("overview: a capped count ('mindestens 200') speaks in the plural") {
    A11yHarness imgui;
    ScreenUnderTest screen = overview_with(1, 1, Language::German);
    screen.state.citizen.overview.count_is_lower_bound = true;
    screen.draw(imgui);
    imgui.node(Role::Text, "Zugriffe in den letzten 30 Tagen: mehr als 1");
    imgui.node(Role::Text, "Abgelehnte Abrufversuche in 30 Tagen: mindestens 1");
    CHECK(has_text(imgui, "So oft wollten Behörden Daten abrufen und wurden abgewiesen."));
}

TEST_CASE("the monthly chart's text alternative counts one access in the singular") {
    A11yHarness imgui;
    ScreenUnderTest screen = overview_with(1, 0, Language::German);
    api::MonthlyCount month;
    month.month = "2026-11";
    month.accesses = 1;
    screen.state.citizen.monthly.phase = LoadPhase::Ready;
    screen.state.citizen.monthly.data.months = {month};
    screen.draw(imgui);
    REQUIRE(imgui.all(Role::Image).size() == 1);
    CHECK(imgui.all(Role::Image)[0]->name.find("insgesamt 1 Zugriff,") != std::string::npos);

    screen.state.language = Language::English;
    screen.draw(imgui);
    REQUIRE(imgui.all(Role::Image).size() == 1);
    CHECK(imgui.all(Role::Image)[0]->name.find(": 1 access in total") != std::string::npos);
}
