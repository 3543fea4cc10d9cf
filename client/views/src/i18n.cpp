#include "einblick/client/views/i18n.hpp"

#include "einblick/shared/messages.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <array>
#include <optional>
#include <utility>

namespace einblick::client::views {
namespace {

using Entry = MessageTemplate;

// The messages the app layer writes into the state (German, the source language), with their
// English text. Keyed by the German sentence, as gettext keys by the source text: the app
// layer stays monolingual and a language switch also translates messages already shown.
// "{}" marks a part that varies (a date, a code, a limit the app formats from api::limits);
// sentences the app shares with the server (such as "Höchstens {} Empfänger.") are the
// server catalogue's alone (shared/src/server_message_catalog.cpp).
constexpr std::array catalog{
    // api_client.cpp
    Entry{"Der Server ist nicht erreichbar. Bitte prüfen Sie Ihre Internetverbindung und "
          "versuchen Sie es erneut.",
          "The server cannot be reached. Please check your internet connection and try again."},
    Entry{"Die Antwort des Servers konnte nicht gelesen werden. Bitte versuchen Sie es später "
          "erneut.",
          "The server's answer could not be read. Please try again later."},
    Entry{"Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
          "Your session has expired. Please sign in again."},
    Entry{"Zu viele Versuche in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie es "
          "erneut.",
          "Too many attempts in a short time. Please wait a moment and try again."},
    Entry{"Der Server hat die Anfrage abgelehnt.", "The server refused the request."},
    Entry{"Der Eintrag wurde nicht gefunden.", "The entry was not found."},
    Entry{"Das ist im aktuellen Stand nicht mehr möglich. Bitte laden Sie die Ansicht neu.",
          "This is no longer possible in the current state. Please reload the view."},
    Entry{"Der Eintrag wurde inzwischen geändert. Bitte prüfen Sie den aktuellen Stand.",
          "The entry has been changed meanwhile. Please check its current state."},
    Entry{"Beim Server ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.",
          "An error occurred on the server. Please try again later."},
    // update.cpp
    Entry{"Bitte geben Sie Ihren Benutzernamen ein.", "Please enter your username."},
    Entry{"Bitte geben Sie Ihr Passwort ein.", "Please enter your password."},
    Entry{"Sie wurden abgemeldet.", "You have been signed out."},
    // update_route.cpp, update_history.cpp: links
    Entry{"Die Seite aus dem Link gibt es für Ihre Rolle nicht. Sie sehen Ihre Startseite.",
          "The page the link names does not exist for your role. You see your start page."},
    Entry{"Der Zugriff aus dem Link wurde nicht gefunden. Sie sehen Ihre Zugriffe.",
          "The access the link names was not found. You see your accesses."},
    Entry{"Die Abmeldung konnte vom Server nicht bestätigt werden. Schließen Sie zur Sicherheit "
          "das Browserfenster.",
          "The server could not confirm the sign-out. To be safe, close the browser window."},
    Entry{"Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an. Ihre Eingaben bleiben "
          "erhalten.",
          "Your session has expired. Please sign in again. What you entered is kept."},
    // update_history.cpp
    Entry{"Bitte geben Sie das Anfangsdatum als TT.MM.JJJJ an.",
          "Please enter the start date as DD.MM.YYYY."},
    Entry{"Bitte geben Sie das Enddatum als TT.MM.JJJJ an.",
          "Please enter the end date as DD.MM.YYYY."},
    Entry{"Das Enddatum darf nicht vor dem Anfangsdatum liegen.",
          "The end date must not be before the start date."},
    // update_citizen.cpp, update_citizen_flows.cpp
    Entry{"Ihre Einwilligung wurde widerrufen. Die Behörde darf Ihre Daten ab sofort nicht mehr "
          "auf dieser Grundlage verwenden.",
          "Your consent has been withdrawn. The authority may no longer use your data on this "
          "basis, with immediate effect."},
    Entry{"Bitte begründen Sie Ihren Widerspruch.", "Please give a reason for your objection."},
    Entry{"Bitte wählen Sie einen Zweck.", "Please choose a purpose."},
    Entry{"Für diesen Zweck ist keine Einwilligung möglich.",
          "Consent is not possible for this purpose."},
    Entry{"Bitte geben Sie das Ablaufdatum als TT.MM.JJJJ an.",
          "Please enter the expiry date as DD.MM.YYYY."},
    // update_dpo.cpp
    Entry{"Der Widerspruch wurde inzwischen geändert. Der aktuelle Stand wurde neu geladen; "
          "bitte prüfen Sie ihn und senden Sie Ihre Eingabe erneut.",
          "The objection has been changed meanwhile. Its current state has been reloaded; "
          "please check it and send your input again."},
    Entry{"Die Entscheidung wurde gespeichert.", "The decision has been saved."},
    Entry{"Die Frist wurde verlängert bis {}.", "The deadline has been extended until {}."},
    Entry{"Die Frist wurde bereits einmal verlängert.",
          "The deadline has already been extended once."},
    Entry{"Dieser Widerspruch ist bereits entschieden.",
          "This objection has already been decided."},
    Entry{"Bitte wählen Sie: stattgeben oder zurückweisen.", "Please choose: uphold or reject."},
    Entry{"Bitte wählen Sie: genehmigen oder ablehnen.", "Please choose: approve or reject."},
    Entry{"Der Zweck wurde genehmigt.", "The purpose has been approved."},
    Entry{"Der Zweck wurde abgelehnt.", "The purpose has been rejected."},
    // update_agency.cpp, selectors.cpp (purpose form)
    Entry{"Der Zweck wurde zur Prüfung eingereicht. Er gilt erst, wenn die "
          "Datenschutzbeauftragte ihn genehmigt hat.",
          "The purpose has been submitted for review. It applies only once the data protection "
          "officer has approved it."},
    Entry{"Der Schlüssel wurde widerrufen und gilt ab sofort nicht mehr.",
          "The key has been revoked and is no longer valid, with immediate effect."},
    Entry{"Bitte geben Sie an, wofür der Schlüssel verwendet wird.",
          "Please state what the key is used for."},
    Entry{"Die Bezeichnung darf höchstens {} Zeichen lang sein.",
          "The label may be at most {} characters long."},
    Entry{"Bitte geben Sie die Speicherdauer in Tagen an.", "Please enter the retention in days."},
    Entry{"Bitte geben Sie die Speicherdauer als ganze Zahl von Tagen an.",
          "Please enter the retention as a whole number of days."},
    Entry{"Bitte geben Sie einen Namen an.", "Please enter a name."},
    Entry{"Bitte beschreiben Sie den Zweck.", "Please describe the purpose."},
    Entry{"Bitte nennen Sie die Rechtsvorschrift.", "Please name the statute."},
    Entry{"Bitte wählen Sie die Rechtsgrundlage nach DSGVO.",
          "Please choose the legal basis under the GDPR."},
    Entry{"Unbekannte Rechtsgrundlage.", "Unknown legal basis."},
    Entry{"Bitte wählen Sie mindestens eine Datenkategorie.",
          "Please choose at least one data category."},
    Entry{"Bitte wählen Sie mindestens ein Register.", "Please choose at least one register."},
    Entry{"Höchstens {} Zeichen je Empfänger.", "At most {} characters per recipient."},
    Entry{"Höchstens {} Zeichen (derzeit {}).", "At most {} characters (currently {})."},
    Entry{"Unbekannter Eintrag „{}“.", "Unknown entry “{}”."},
    Entry{"Bitte prüfen Sie diese Angabe.", "Please check this entry."},
};

// "Abruf abgelehnt: <reason>" (update_history.cpp): the reason is a label of the shared
// vocabulary, so it is translated through the vocabulary rather than the catalogue.
constexpr std::string_view refusal_prefix = "Abruf abgelehnt: ";

std::string localized_refusal(std::string_view reason) {
    std::string text = "Retrieval refused: ";
    for (const VocabularyEntry& entry : access_decision_reasons()) {
        if (entry.german == reason) {
            return text.append(entry.english);
        }
    }
    return text.append(reason); // an unknown code is shown as it is in German, too
}

} // namespace

std::string localized(Language language, std::string_view german) {
    if (language == Language::German) {
        return std::string(german);
    }
    // The client's catalogue first: its templates are more specific than some of the server's
    // ("Höchstens {} Zeichen je Empfänger." would also fit "Höchstens {} Empfänger.").
    if (std::optional<std::string> english = english_message(catalog, german)) {
        return std::move(*english);
    }
    // The server's own messages (problem details, field errors) from the shared catalogue.
    if (std::optional<std::string> english = english_message(german)) {
        return std::move(*english);
    }
    if (german.substr(0, refusal_prefix.size()) == refusal_prefix) {
        return localized_refusal(german.substr(refusal_prefix.size()));
    }
    return std::string(german); // a message no catalogue knows: shown as it came
}

std::string localized(const AppState& state, const FieldError& error) {
    std::string text = localized(state.language, error.message);
    if (state.language == Language::German || text != error.message) {
        return text;
    }
    constexpr std::array by_rule{
        Entry{"required", "Please fill in this entry."},
        Entry{"max_length", "This entry is too long."},
        Entry{"length", "This entry does not have the required length."},
        Entry{"max_items", "There are too many entries."},
        Entry{"size", "There are too many entries."},
        Entry{"enum", "This is not one of the allowed entries."},
        Entry{"one_of", "This is not one of the allowed entries."},
        Entry{"unknown", "This entry is not known."},
        Entry{"unique", "This entry is listed twice."},
        Entry{"range", "This value is outside the allowed range."},
        Entry{"format", "This entry does not have the expected format."},
        Entry{"type", "This entry does not have the expected format."},
        Entry{"in_future", "This date must lie in the future."},
        Entry{"not_in_future", "This date must not lie in the future."},
        Entry{"too_old", "This date lies too far in the past."},
        Entry{"max_duration", "This period is too long."},
    };
    for (const auto& [rule, english] : by_rule) {
        if (rule == error.rule) {
            return std::string(english);
        }
    }
    return text;
}

std::string format_count(long long value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out;
    const std::size_t first_group = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
    out.append(digits, 0, first_group);
    for (std::size_t i = first_group; i < digits.size(); i += 3) {
        out += '.';
        out.append(digits, i, 3);
    }
    return value < 0 ? "-" + out : out;
}

std::string plural(Language language, long long count, const PluralForms& german,
                   const PluralForms& english) {
    const PluralForms& forms = language == Language::English ? english : german;
    const char* chosen = count == 1 ? forms.one : forms.other;
    if (count == 0 && forms.zero != nullptr) {
        chosen = forms.zero;
    }
    std::string text = chosen;
    const std::size_t slot = text.find("{}");
    if (slot != std::string::npos) {
        text.replace(slot, 2, format_count(count));
    }
    return text;
}

} // namespace einblick::client::views
