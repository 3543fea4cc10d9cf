// The citizen's export (Art. 15 DSGVO: access; Art. 20: data portability): what the file
// holds, and a download as JSON (complete, machine-readable) or CSV (one table for a
// spreadsheet). The browser saves the server's answer; the page only says it started.
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "page_parts.hpp"

#include <imgui.h>
#include <string>

namespace einblick::client::views {
namespace {

void draw_contents(const AppState& state) {
    ui::heading(3, tr(state, "Was der Export enthält", "What the export contains"));
    const char* items[] = {
        tr(state, "Ihr Konto: Benutzername und Name.", "Your account: username and name."),
        tr(state,
           "Alle Zugriffe auf Ihre Daten und alle abgelehnten Abrufversuche: Zeitpunkt, abrufende "
           "Stelle, Zweck, Rechtsgrundlage, Register und Datenkategorien.",
           "Every access to your data and every refused attempt: time, authority, purpose, legal "
           "basis, register and data categories."),
        tr(state, "Ihre Einwilligungen mit Status, Erteilungs-, Ablauf- und Widerrufsdatum.",
           "Your consents with status and the dates given, expiring and withdrawn."),
        tr(state, "Ihre Widersprüche mit Aktenzeichen, Begründung, Fristen und Entscheidungen.",
           "Your objections with reference, reason, deadlines and decisions."),
    };
    for (const char* item : items) {
        ui::paragraph((std::string("• ") + item).c_str());
    }
    ui::paragraph(tr(state,
                     "Der Export enthält keine Inhalte aus den Registern selbst, sondern nur, wer "
                     "wann welche Art von Daten abgerufen hat – genau das, was Sie unter "
                     "„Zugriffe“ sehen.",
                     "The export holds no contents of the registers themselves, only who "
                     "retrieved which kind of data when – exactly what you see under "
                     "“Accesses”."),
                  &palette::muted_text);
}

bool download_button(const AppState& state, const char* label, const char* description) {
    ui::ButtonOptions options;
    options.primary = true;
    options.description = description;
    options.size =
        ImVec2(ImGui::CalcTextSize(tr(state, "Als JSON herunterladen", "Download as JSON")).x +
                   ImGui::GetStyle().FramePadding.x * 4.0F,
               0.0F);
    return ui::button(label, options);
}

void draw_formats(const AppState& state, Intents& intents) {
    ui::heading(3, tr(state, "Format wählen", "Choose a format"));
    const char* json_text = tr(state,
                               "JSON: vollständig und strukturiert – zum Weiterverarbeiten mit "
                               "anderen Programmen oder zum Übertragen an eine andere Stelle "
                               "(Art. 20 DSGVO).",
                               "JSON: complete and structured – to process with other programs "
                               "or to transfer to another controller (GDPR Art. 20).");
    ui::paragraph(json_text);
    if (download_button(state,
                        tr(state, "Als JSON herunterladen###json", "Download as JSON###json"),
                        json_text)) {
        intents.emplace_back(intent::citizen::DownloadExport{api::ExportFormat::Json});
    }
    ImGui::Spacing();
    // What the server writes (ExportService::as_csv): say it, so the promise stays true.
    const char* csv_text = tr(state,
                              "CSV: eine Tabelle, die Sie mit einer Tabellenkalkulation öffnen "
                              "können – mit deutschen Spaltennamen, Semikolon als Trennzeichen "
                              "und Zeiten in deutscher Zeit, wie auf diesen Seiten.",
                              "CSV: one table you can open with a spreadsheet program – in German "
                              "(column names and values), with semicolons between fields and "
                              "times in German time, as on these pages.");
    ui::paragraph(csv_text);
    if (download_button(state, tr(state, "Als CSV herunterladen###csv", "Download as CSV###csv"),
                        csv_text)) {
        intents.emplace_back(intent::citizen::DownloadExport{api::ExportFormat::Csv});
    }
}

void draw_download_status(const AppState& state) {
    if (!state.citizen.last_download) {
        return;
    }
    const bool csv = *state.citizen.last_download == api::ExportFormat::Csv;
    const std::string text =
        std::string(tr(state, "Download gestartet: ", "Download started: ")) +
        (csv ? "einblick-export.csv" : "einblick-export.json") +
        tr(state, ". Ihr Browser speichert die Datei in Ihrem Download-Ordner.",
           ". Your browser saves the file in your downloads folder.");
    ImGui::Spacing();
    ui::status(text.c_str(), &palette::success);
}

} // namespace

void draw_export(AppState& state, Intents& intents) {
    ui::heading(2, page_title(Page::Export, state.language));
    ui::paragraph(tr(state,
                     "Sie haben das Recht zu erfahren, welche Daten über Sie verarbeitet werden "
                     "(Art. 15 DSGVO), und diese Daten in einem gängigen, maschinenlesbaren "
                     "Format zu erhalten (Art. 20 DSGVO). Hier laden Sie alles herunter, was "
                     "Einblick über Sie gespeichert hat.",
                     "You have the right to know which data about you is processed (GDPR "
                     "Art. 15) and to receive it in a common, machine-readable format (GDPR "
                     "Art. 20). Here you download everything Einblick holds about you."),
                  &palette::muted_text);
    ImGui::Spacing();
    draw_contents(state);
    ImGui::Spacing();
    draw_formats(state, intents);
    draw_download_status(state);
    ImGui::Spacing();
    ui::paragraph(tr(state,
                     "Die Datei enthält personenbezogene Daten. Speichern Sie sie nur auf einem "
                     "Gerät, dem Sie vertrauen.",
                     "The file contains personal data. Only save it on a device you trust."),
                  &palette::muted_text);
}

} // namespace einblick::client::views
