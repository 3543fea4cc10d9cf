#include "einblick/server/demo_data.hpp"

#include <array>
#include <map>
#include <random>

#include "einblick/shared/citizen_id.hpp"

namespace einblick::server {
namespace {

constexpr UnixMillis day_ms = 86'400'000;
constexpr const char* demo_password = demo_citizen_password;

struct DemoAgency {
    const char* code;
    const char* name;
};

constexpr std::array<DemoAgency, 12> agencies{{
    {"buergeramt-leipzig", "Bürgeramt Leipzig"},
    {"finanzamt-leipzig-1", "Finanzamt Leipzig I"},
    {"kfz-zulassung-leipzig", "Kfz-Zulassungsbehörde Leipzig"},
    {"familienkasse-sachsen", "Familienkasse Sachsen"},
    {"standesamt-leipzig", "Standesamt Leipzig"},
    {"elterngeldstelle-leipzig", "Elterngeldstelle Leipzig"},
    {"hauptzollamt-dresden", "Hauptzollamt Dresden"},
    {"bzst", "Bundeszentralamt für Steuern"},
    {"beitragsservice", "ARD ZDF Deutschlandradio Beitragsservice"},
    {"drv-mitteldeutschland", "Deutsche Rentenversicherung Mitteldeutschland"},
    {"polizei-leipzig", "Polizeidirektion Leipzig"},
    {"statistik-sachsen", "Statistisches Landesamt des Freistaates Sachsen"},
}};

// One kind of access: who, why, on what legal basis, which categories.
struct Template {
    std::string agency;
    std::string purpose;
    std::string legal_basis;
    std::vector<std::string> categories;
};

struct Planned {
    int days_ago;
    int hour_utc;
    Template what;
};

std::string make_citizen_id(std::string_view first_ten) {
    return std::string(first_ten) + std::to_string(*citizen_id_check_digit(first_ten));
}

std::string random_citizen_id(std::mt19937& rng) {
    std::uniform_int_distribution<int> first(1, 9);
    std::uniform_int_distribution<int> digit(0, 9);
    std::string ten(1, static_cast<char>('0' + first(rng)));
    while (ten.size() < 10) {
        ten.push_back(static_cast<char>('0' + digit(rng)));
    }
    return make_citizen_id(ten);
}

// The family's life events: Umzug, Autokauf, Familienzuwachs, and the odd police query.
std::vector<Planned> life_events() {
    const std::string gdpr_e = "Art. 6 Abs. 1 lit. e DSGVO i. V. m. ";
    return {
        {610, 8, {"buergeramt-leipzig", "Anmeldung einer Wohnung (Umzug)", gdpr_e + "§ 17 BMG", {"identity", "address", "family_status"}}},
        {609, 9, {"finanzamt-leipzig-1", "Aktualisierung der Anschrift im Besteuerungsverfahren", gdpr_e + "§ 34 BMG, § 139b AO", {"address"}}},
        {609, 10, {"kfz-zulassung-leipzig", "Aktualisierung der Halteranschrift", gdpr_e + "§ 34 BMG, § 33 StVG", {"address"}}},
        {608, 7, {"familienkasse-sachsen", "Prüfung des Kindergeldanspruchs nach Wohnortwechsel", gdpr_e + "§ 34 BMG, § 68 EStG", {"address"}}},
        {605, 12, {"beitragsservice", "Meldedatenübermittlung nach Umzug", gdpr_e + "§ 11 Abs. 4 RBStV", {"identity", "address"}}},
        {372, 9, {"kfz-zulassung-leipzig", "Zulassung eines Fahrzeugs", gdpr_e + "§ 6 FZV", {"identity", "address"}}},
        {372, 9, {"kfz-zulassung-leipzig", "Prüfung des Versicherungsnachweises", gdpr_e + "§ 23 FZV", {"insurance", "vehicle"}}},
        {372, 10, {"kfz-zulassung-leipzig", "Wiederverwendung der Anschrift statt Nachweisvorlage", "Art. 6 Abs. 1 lit. a DSGVO (Einwilligung)", {"address"}}},
        {371, 13, {"hauptzollamt-dresden", "Festsetzung der Kraftfahrzeugsteuer", gdpr_e + "§ 1 KraftStG, § 36 FZV", {"identity", "address", "vehicle"}}},
        {184, 6, {"standesamt-leipzig", "Beurkundung der Geburt", gdpr_e + "§ 21 PStG", {"identity", "birth", "family_status"}}},
        {183, 8, {"buergeramt-leipzig", "Anmeldung des Kindes im Melderegister", gdpr_e + "§ 17 BMG, § 57 PStV", {"children", "address"}}},
        {170, 9, {"familienkasse-sachsen", "Bewilligung von Kindergeld", gdpr_e + "§§ 62 ff. EStG, § 139b AO", {"identity", "birth", "children", "address"}}},
        {165, 11, {"elterngeldstelle-leipzig", "Berechnung des Elterngeldes", "Art. 6 Abs. 1 lit. a DSGVO (Einwilligung), § 2 BEEG", {"income", "employment"}}},
        {90, 15, {"polizei-leipzig", "Halterabfrage bei einer Verkehrskontrolle", gdpr_e + "§ 35 StVG", {"vehicle", "identity"}}},
        {31, 22, {"polizei-leipzig", "Abgleich mit dem Melderegister", gdpr_e + "§ 34 BMG", {"identity", "address", "nationality"}}},
        {420, 10, {"statistik-sachsen", "Mikrozensus: Auswahl der Stichprobe", gdpr_e + "§ 5 MZG", {"address", "family_status"}}},
    };
}

// Routine accesses that happen to everyone, again and again.
std::vector<Template> routine_accesses() {
    const std::string gdpr_e = "Art. 6 Abs. 1 lit. e DSGVO i. V. m. ";
    return {
        {"bzst", "Bereitstellung der Lohnsteuerabzugsmerkmale (ELStAM) für den Arbeitgeber", gdpr_e + "§ 39e EStG", {"tax", "family_status"}},
        {"bzst", "Prüfung der steuerlichen Identifikationsnummer", gdpr_e + "§ 139b AO", {"identity"}},
        {"finanzamt-leipzig-1", "Festsetzung der Einkommensteuer", gdpr_e + "§ 155 AO", {"income", "tax", "family_status"}},
        {"finanzamt-leipzig-1", "Abgleich elektronischer Lohnsteuerbescheinigungen", gdpr_e + "§ 41b EStG", {"income", "employment"}},
        {"drv-mitteldeutschland", "Kontenklärung in der Rentenversicherung", gdpr_e + "§ 149 SGB VI", {"identity", "employment", "income"}},
        {"beitragsservice", "Meldedatenabgleich zum Rundfunkbeitrag", gdpr_e + "§ 11 Abs. 5 RBStV", {"identity", "address"}},
        {"buergeramt-leipzig", "Ausstellung einer Meldebescheinigung", gdpr_e + "§ 18 BMG", {"identity", "address"}},
        {"statistik-sachsen", "Registergestützte Bevölkerungsstatistik", gdpr_e + "§ 4 BevStatG", {"address", "family_status"}},
        {"kfz-zulassung-leipzig", "Auskunft aus dem Fahrzeugregister", gdpr_e + "§ 35 StVG", {"vehicle"}},
        {"familienkasse-sachsen", "Laufende Prüfung des Kindergeldanspruchs", gdpr_e + "§ 69 EStG", {"children", "address"}},
    };
}

AccessEventSubmission submission_at(const std::string& citizen_id, const Template& what,
                                    UnixMillis now, int days_ago, int hour_utc, int minute) {
    AccessEventSubmission s;
    s.citizen_id = citizen_id;
    s.purpose = what.purpose;
    s.legal_basis = what.legal_basis;
    s.data_categories = what.categories;
    const UnixMillis midnight = now - now % day_ms;
    s.occurred_at = midnight - static_cast<UnixMillis>(days_ago) * day_ms +
                    (static_cast<UnixMillis>(hour_utc) * 60 + minute) * 60'000;
    if (*s.occurred_at > now) {
        s.occurred_at = *s.occurred_at - day_ms;
    }
    return s;
}

using Plan = std::map<std::string, std::vector<AccessEventSubmission>>;

void plan_family(Plan& plan, const std::string& erika, const std::string& max, UnixMillis now,
                 std::mt19937& rng) {
    std::uniform_int_distribution<int> minute(0, 59);
    for (const Planned& p : life_events()) {
        plan[p.what.agency].push_back(
            submission_at(erika, p.what, now, p.days_ago, p.hour_utc, minute(rng)));
    }
    // Routine accesses: roughly two to three a week over two years for Erika, fewer for Max.
    const auto routine = routine_accesses();
    std::uniform_int_distribution<std::size_t> which(0, routine.size() - 1);
    std::uniform_int_distribution<int> office_hour(6, 16);
    std::uniform_int_distribution<int> day(1, 725);
    for (int i = 0; i < 260; ++i) {
        const Template& t = routine[which(rng)];
        plan[t.agency].push_back(
            submission_at(erika, t, now, day(rng), office_hour(rng), minute(rng)));
    }
    for (int i = 0; i < 60; ++i) {
        const Template& t = routine[which(rng)];
        plan[t.agency].push_back(submission_at(max, t, now, day(rng), office_hour(rng), minute(rng)));
    }
}

void plan_other_citizens(Plan& plan, int count, UnixMillis now, std::mt19937& rng) {
    const auto routine = routine_accesses();
    const auto life = life_events();
    std::uniform_int_distribution<std::size_t> which(0, routine.size() - 1);
    std::uniform_int_distribution<std::size_t> which_life(0, life.size() - 1);
    std::uniform_int_distribution<int> events(1, 5);
    std::uniform_int_distribution<int> office_hour(6, 16);
    std::uniform_int_distribution<int> minute(0, 59);
    std::uniform_int_distribution<int> day(0, 725);
    for (int c = 0; c < count; ++c) {
        const std::string id = random_citizen_id(rng);
        const int n = events(rng);
        for (int e = 0; e < n; ++e) {
            const Template& t = e == 0 ? life[which_life(rng)].what : routine[which(rng)];
            plan[t.agency].push_back(submission_at(id, t, now, day(rng), office_hour(rng), minute(rng)));
        }
    }
}

std::string demo_api_key(const std::string& agency_code) { return "ebk_demo_" + agency_code; }

} // namespace

std::vector<DemoLogin> demo_logins() {
    return {
        {"citizen", demo_citizen_username, demo_password},
        {"citizen", "max", demo_password},
        {"dpo", "dsb", demo_password},
        {"agency", "Kfz-Zulassungsbehörde Leipzig", demo_api_key("kfz-zulassung-leipzig")},
    };
}

bool seed_demo_data(const DemoServices& services, const DemoOptions& options) {
    if (services.agencies.find_by_code(agencies.front().code)) {
        return false;
    }
    const UnixMillis now = services.clock.now();
    std::map<std::string, AgencyRecord> by_code;
    for (const DemoAgency& agency : agencies) {
        const RowId id = services.agencies.create(agency.code, agency.name);
        by_code[agency.code] = {id, agency.code, agency.name};
        services.auth.install_api_key(id, demo_api_key(agency.code), "Demo-Schlüssel");
    }

    const std::string erika = make_citizen_id("4567890123");
    const std::string max = make_citizen_id("5678901234");
    const std::string password_hash = hash_password(demo_password, options.password_hashing);
    services.accounts.create({demo_citizen_username, password_hash, "Erika Mustermann",
                              AccountRole::Citizen, services.pseudonymizer.pseudonym(erika), {}},
                             now);
    services.accounts.create({"max", password_hash, "Max Mustermann", AccountRole::Citizen,
                              services.pseudonymizer.pseudonym(max), {}},
                             now);
    services.accounts.create(
        {"dsb", password_hash, "Dana Schulze (Datenschutzbeauftragte)", AccountRole::Dpo, {}, {}},
        now);

    std::mt19937 rng(20261128); // fixed seed: the same demo on every machine
    Plan plan;
    plan_family(plan, erika, max, now, rng);
    plan_other_citizens(plan, options.other_citizens, now, rng);
    for (const auto& [code, submissions] : plan) {
        services.access_log.record_all(by_code.at(code), submissions);
    }
    return true;
}

} // namespace einblick::server
