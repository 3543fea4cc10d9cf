#include "demo_catalog.hpp"

namespace einblick::server::demo {
namespace {
const std::string e = "Art. 6 Abs. 1 lit. e DSGVO i. V. m. ";
const std::string a = "Art. 6 Abs. 1 lit. a DSGVO (Einwilligung)";
} // namespace

std::vector<AgencyEntry> agencies() {
    return {
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
    };
}

std::vector<PurposeEntry> purposes() {
    return {
        {"anmeldung", "buergeramt-leipzig", "Anmeldung einer Wohnung",
         "Eintragung des Einzugs in das Melderegister und Benachrichtigung der zuständigen Stellen.",
         e + "§ 17 BMG", "A6-1-e", {"identity", "address", "family_status", "children"},
         {"melderegister", "personenstandsregister"}, {"Finanzamt", "Familienkasse"}, 730},
        {"meldebescheinigung", "buergeramt-leipzig", "Ausstellung einer Meldebescheinigung",
         "Bescheinigung der gemeldeten Anschrift auf Antrag.", e + "§ 18 BMG", "A6-1-e",
         {"identity", "address"}, {"melderegister"}, {}, 365},
        {"anschrift-steuer", "finanzamt-leipzig-1", "Aktualisierung der Anschrift im Besteuerungsverfahren",
         "Übernahme der neuen Anschrift aus dem Melderegister.", e + "§ 34 BMG, § 139b AO", "A6-1-e",
         {"address"}, {"melderegister"}, {}, 3650},
        {"einkommensteuer", "finanzamt-leipzig-1", "Festsetzung der Einkommensteuer",
         "Abgleich der Steuererklärung mit elektronisch übermittelten Daten.", e + "§§ 88, 155 AO",
         "A6-1-e", {"income", "tax", "family_status", "employment"}, {"steuerdaten"}, {}, 3650},
        {"halteranschrift", "kfz-zulassung-leipzig", "Aktualisierung der Halteranschrift",
         "Übernahme der neuen Anschrift des Fahrzeughalters.", e + "§ 34 BMG, § 33 StVG", "A6-1-e",
         {"address"}, {"melderegister"}, {}, 730},
        {"zulassung", "kfz-zulassung-leipzig", "Zulassung eines Fahrzeugs",
         "Prüfung der Halterdaten und des Versicherungsnachweises bei der Zulassung.", e + "§§ 6, 23 FZV",
         "A6-1-e", {"identity", "address", "insurance", "vehicle"},
         {"melderegister", "versicherungsnachweise", "fahrzeugregister"}, {"Hauptzollamt"}, 730},
        {"anschrift-wiederverwendung", "kfz-zulassung-leipzig",
         "Wiederverwendung der Anschrift statt Nachweisvorlage",
         "Abruf der Anschrift aus dem Melderegister, damit Sie keine Meldebescheinigung vorlegen müssen.",
         a, "A6-1-a", {"address"}, {"melderegister"}, {}, 365},
        {"fahrzeugauskunft", "kfz-zulassung-leipzig", "Auskunft aus dem Fahrzeugregister",
         "Auskunft an berechtigte Stellen.", e + "§ 35 StVG", "A6-1-e", {"vehicle", "identity"},
         {"fahrzeugregister"}, {"Polizei", "Gerichte"}, 730},
        {"kindergeld", "familienkasse-sachsen", "Bewilligung und Prüfung von Kindergeld",
         "Prüfung des Anspruchs auf Kindergeld bei Geburt, Umzug und laufend.",
         e + "§§ 62 ff., 68, 69 EStG", "A6-1-e", {"identity", "birth", "children", "address"},
         {"melderegister", "personenstandsregister", "familienleistungen"}, {}, 2190},
        {"geburt", "standesamt-leipzig", "Beurkundung der Geburt",
         "Eintragung der Geburt in das Geburtenregister.", e + "§ 21 PStG", "A6-1-e",
         {"identity", "birth", "family_status"}, {"personenstandsregister"}, {"Bürgeramt"}, 3650},
        {"elterngeld", "elterngeldstelle-leipzig", "Berechnung des Elterngeldes",
         "Abruf der Einkommensdaten beim Finanzamt, damit Sie keine Gehaltsnachweise einreichen müssen.",
         a + ", § 2 BEEG", "A6-1-a", {"income", "employment"}, {"steuerdaten"}, {}, 1095},
        {"kfz-steuer", "hauptzollamt-dresden", "Festsetzung der Kraftfahrzeugsteuer",
         "Steuerfestsetzung nach Zulassung eines Fahrzeugs.", e + "§ 1 KraftStG, § 36 FZV", "A6-1-e",
         {"identity", "address", "vehicle"}, {"fahrzeugregister", "melderegister"}, {}, 1825},
        {"elstam", "bzst", "Bereitstellung der Lohnsteuerabzugsmerkmale (ELStAM)",
         "Bereitstellung der Merkmale für den Lohnsteuerabzug an den Arbeitgeber.", e + "§ 39e EStG",
         "A6-1-e", {"tax", "family_status"}, {"idnr_datenbank", "steuerdaten"}, {"Arbeitgeber"}, 730},
        {"idnr-pruefung", "bzst", "Prüfung der steuerlichen Identifikationsnummer",
         "Abgleich der IdNr bei Anfragen anderer Stellen.", e + "§ 139b AO", "A6-1-e", {"identity"},
         {"idnr_datenbank"}, {}, 365},
        {"rundfunkbeitrag", "beitragsservice", "Meldedatenabgleich zum Rundfunkbeitrag",
         "Übermittlung von Meldedaten zur Feststellung der Beitragspflicht.", e + "§ 11 RBStV",
         "A6-1-e", {"identity", "address"}, {"melderegister", "beitragskonto"}, {}, 730},
        {"kontenklaerung", "drv-mitteldeutschland", "Kontenklärung in der Rentenversicherung",
         "Vervollständigung des Versicherungskontos.", e + "§ 149 SGB VI", "A6-1-e",
         {"identity", "employment", "income"}, {"rentenversicherung", "steuerdaten"}, {}, 3650},
        {"halterabfrage", "polizei-leipzig", "Halterabfrage bei einer Verkehrskontrolle",
         "Feststellung des Halters eines kontrollierten Fahrzeugs.", e + "§ 35 StVG", "A6-1-e",
         {"vehicle", "identity"}, {"fahrzeugregister"}, {}, 365},
        {"melderegister-abgleich", "polizei-leipzig", "Abgleich mit dem Melderegister",
         "Feststellung von Aufenthalt und Identität im Rahmen der Gefahrenabwehr.",
         e + "§ 34 BMG, § 57 SächsPVDG", "A6-1-e", {"identity", "address", "nationality"},
         {"melderegister"}, {}, 365},
        {"mikrozensus", "statistik-sachsen", "Mikrozensus: Auswahl der Stichprobe",
         "Auswahl von Haushalten für die gesetzliche Haushaltsbefragung.", e + "§ 5 MZG", "A6-1-e",
         {"address", "family_status"}, {"melderegister", "statistikregister"}, {}, 1460},
        {"bevoelkerungsstatistik", "statistik-sachsen", "Registergestützte Bevölkerungsstatistik",
         "Auswertung von Registerdaten ohne Befragung.", e + "§ 4 BevStatG", "A6-1-e",
         {"address", "family_status"}, {"melderegister", "statistikregister"}, {}, 1460},
    };
}

PurposeEntry proposed_purpose() {
    return {"hundesteuer", "buergeramt-leipzig", "Abgleich zur Hundesteuer",
            "Abgleich des Melderegisters mit dem Hundesteuerregister.", e + "§ 34 BMG, SächsKAG",
            "A6-1-e", {"identity", "address"}, {"melderegister"}, {"Steueramt der Stadt Leipzig"}, 365};
}

PurposeEntry rejected_purpose() {
    return {"rasterfahndung", "polizei-leipzig", "Anlassloser Abgleich aller Meldedaten",
            "Regelmäßiger Abgleich des gesamten Melderegisters mit Fahndungsdaten.", e + "§ 34 BMG",
            "A6-1-e", {"identity", "address", "nationality", "family_status"}, {"melderegister"}, {},
            3650};
}

PurposeEntry retired_purpose() {
    return {"papierantrag", "kfz-zulassung-leipzig", "Erfassung von Papieranträgen",
            "Übernahme von Daten aus Papieranträgen (ersetzt durch die Online-Zulassung).",
            e + "§ 6 FZV", "A6-1-e", {"identity", "address"}, {"fahrzeugregister"}, {}, 365};
}

PurposeEntry revised_purpose_v2() {
    PurposeEntry p = purposes()[12];
    p.description = "Bereitstellung der Merkmale für den Lohnsteuerabzug an den Arbeitgeber; "
                    "seit 2026 einschließlich der Merkmale für Teilzeitbeschäftigung.";
    p.categories = {"tax", "family_status", "employment"};
    return p;
}

std::vector<LifeEvent> family_life_events() {
    return {
        {610, 8, {"anmeldung", "melderegister", {"identity", "address", "family_status"}}},
        {609, 9, {"anschrift-steuer", "melderegister", {"address"}}},
        {609, 10, {"halteranschrift", "melderegister", {"address"}}},
        {608, 7, {"kindergeld", "melderegister", {"address"}}},
        {605, 12, {"rundfunkbeitrag", "melderegister", {"identity", "address"}}},
        {372, 9, {"zulassung", "melderegister", {"identity", "address"}}},
        {372, 9, {"zulassung", "versicherungsnachweise", {"insurance", "vehicle"}}},
        {372, 10, {"anschrift-wiederverwendung", "melderegister", {"address"}}},
        {371, 13, {"kfz-steuer", "fahrzeugregister", {"identity", "address", "vehicle"}}},
        {184, 6, {"geburt", "personenstandsregister", {"identity", "birth", "family_status"}}},
        {183, 8, {"anmeldung", "personenstandsregister", {"children", "address"}}},
        {170, 9, {"kindergeld", "personenstandsregister", {"identity", "birth", "children"}}},
        {165, 11, {"elterngeld", "steuerdaten", {"income", "employment"}}},
        {90, 15, {"halterabfrage", "fahrzeugregister", {"vehicle", "identity"}}},
        {31, 22, {"melderegister-abgleich", "melderegister", {"identity", "address", "nationality"}}},
        {420, 10, {"mikrozensus", "melderegister", {"address", "family_status"}}},
    };
}

std::vector<AccessTemplate> routine_accesses() {
    return {
        {"elstam", "idnr_datenbank", {"tax", "family_status"}},
        {"idnr-pruefung", "idnr_datenbank", {"identity"}},
        {"einkommensteuer", "steuerdaten", {"income", "tax", "family_status"}},
        {"einkommensteuer", "steuerdaten", {"income", "employment"}},
        {"kontenklaerung", "rentenversicherung", {"identity", "employment", "income"}},
        {"rundfunkbeitrag", "beitragskonto", {"identity", "address"}},
        {"meldebescheinigung", "melderegister", {"identity", "address"}},
        {"bevoelkerungsstatistik", "statistikregister", {"address", "family_status"}},
        {"fahrzeugauskunft", "fahrzeugregister", {"vehicle"}},
        {"kindergeld", "familienleistungen", {"children", "address"}},
    };
}

} // namespace einblick::server::demo
