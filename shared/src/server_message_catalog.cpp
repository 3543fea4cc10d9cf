#include "server_message_catalog.hpp"

#include <array>

// English for every German text the server puts into a problem response (title, detail,
// field violation). "{}" marks a part that varies; the English takes the parts in the same order.
// A text used in several places is listed once, under the first file that uses it. Limits are
// holes: the server formats them from api::limits (api_rules.hpp), so no number is copied here.

namespace einblick::detail {
namespace {

constexpr std::array catalog{
    // server/services/include/einblick/server/service_error.hpp
    MessageEntry{"Ungültige Anfrage", "Invalid request"},
    MessageEntry{"Die Anfrage enthält ungültige Angaben.",
                 "The request contains invalid information."},

    // server/services/src/access_service.cpp
    // (identification number and "doubled" texts also in consent_service.cpp, purpose_service.cpp)
    MessageEntry{"Muss eine gültige 11-stellige Identifikationsnummer sein.",
                 "Must be a valid 11-digit identification number."},
    MessageEntry{"Die Kennung des Zwecks fehlt.", "The identifier of the purpose is missing."},
    MessageEntry{"Das Register ist anzugeben.", "The register must be specified."},
    MessageEntry{"Mindestens eine Datenkategorie ist anzugeben.",
                 "At least one data category must be specified."},
    MessageEntry{"Höchstens {} Datenkategorien.", "At most {} data categories."},
    MessageEntry{"„{}“ ist doppelt angegeben.", "“{}” is listed twice."},
    MessageEntry{"Muss 1 bis {} Zeichen lang sein.", "Must be 1 to {} characters long."},
    MessageEntry{"Idempotenzschlüssel wiederverwendet", "Idempotency key reused"},
    MessageEntry{"Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet.",
                 "This Idempotency-Key has already been used for a different request."},
    MessageEntry{"Dieser Idempotency-Key wurde bereits für {} verwendet. Ein Schlüssel gilt nur "
                 "für den Endpunkt, an dem er zuerst verwendet wurde.",
                 "This Idempotency-Key has already been used for {}. A key belongs to the "
                 "endpoint it was first used on."},
    MessageEntry{"Eine Prüfung gilt immer für jetzt.",
                 "A check always applies to the present moment."},
    MessageEntry{"Der Zeitpunkt des Abrufs liegt in der Zukunft.",
                 "The time of the data access is in the future."},
    MessageEntry{"Der Zeitpunkt des Abrufs liegt zu weit zurück. Ein Abruf ist spätestens {} "
                 "Tag(e) nach seinem Zeitpunkt zu melden; ältere Zeitpunkte nimmt das Protokoll "
                 "nicht an, weil die Löschfrist ab der Meldung läuft.",
                 "The time of the data access lies too far back. An access must be reported "
                 "within {} day(s) of its time; the log accepts no older times, because the "
                 "retention period runs from the time of reporting."},
    MessageEntry{"Ihre Behörde hat keinen Zweck mit dieser Kennung.",
                 "Your authority has no purpose with this identifier."},
    MessageEntry{"In Kraft ist Version {} des Zwecks.", "Version {} of the purpose is in force."},
    MessageEntry{"Ein Stapel enthält 1 bis {} Abrufe.",
                 "A batch must contain between 1 and {} data accesses."},
    // (also audit_service.cpp)
    MessageEntry{"Muss zwischen 1 und {} liegen.", "Must be between 1 and {}."},
    MessageEntry{"Unbekannte Seitenmarke.", "Unknown page cursor."},
    MessageEntry{"Das Ende des Zeitraums muss nach dem Anfang liegen.",
                 "The end of the period must be after its start."},

    // server/services/src/audit_service.cpp
    // ("Keine Berechtigung" also in statistics_service.cpp and request_auth.cpp)
    MessageEntry{"Keine Berechtigung", "Not permitted"},
    MessageEntry{"Das Prüfprotokoll sehen nur Datenschutzbeauftragte für alle Behörden.",
                 "Only data protection officers responsible for all authorities "
                 "may view the audit log."},

    // server/services/src/auth_service.cpp
    // ("Nicht gefunden" also in json_body.cpp, problem_response.cpp, routes_access.cpp)
    MessageEntry{"Zu viele Anmeldeversuche", "Too many sign-in attempts"},
    MessageEntry{"Bitte warten Sie {} Minute(n), bevor Sie es erneut versuchen.",
                 "Please wait {} minute(s) before trying again."},
    MessageEntry{"Anmeldung fehlgeschlagen", "Login failed"},
    MessageEntry{"Benutzername oder Passwort ist falsch.",
                 "The username or password is incorrect."},
    MessageEntry{"Nicht gefunden", "Not found"},
    MessageEntry{"Diesen aktiven API-Schlüssel gibt es bei Ihrer Behörde nicht.",
                 "Your authority has no such active API key."},

    // server/services/src/consent_service.cpp
    MessageEntry{"Einwilligung nicht gefunden", "Consent not found"},
    MessageEntry{"Diese Einwilligung gibt es nicht.", "This consent does not exist."},
    MessageEntry{"Es gibt keinen genehmigten Zweck mit dieser Kennung.",
                 "There is no approved purpose with this identifier."},
    MessageEntry{"Dieser Zweck beruht nicht auf einer Einwilligung, "
                 "sondern auf einer Rechtsvorschrift.",
                 "This purpose is based not on consent but on a legal provision."},
    MessageEntry{"Das Ablaufdatum muss in der Zukunft liegen.",
                 "The expiry date must be in the future."},
    MessageEntry{"Eine Einwilligung gilt höchstens fünf Jahre.",
                 "Consent is valid for no more than five years."},
    MessageEntry{"Einwilligung besteht bereits", "Consent already given"},
    MessageEntry{"Für diesen Zweck haben Sie bereits eine gültige Einwilligung erteilt.",
                 "You have already given valid consent for this purpose."},
    MessageEntry{"Bereits widerrufen", "Already withdrawn"},
    MessageEntry{"Diese Einwilligung haben Sie bereits widerrufen.",
                 "You have already withdrawn this consent."},

    // server/services/src/objection_service.cpp
    // ("Diesen Zweck gibt es nicht." and "Bereits entschieden" also in purpose_service.cpp)
    MessageEntry{"Widerspruch nicht gefunden", "Objection not found"},
    MessageEntry{"Diesen Widerspruch gibt es nicht.", "This objection does not exist."},
    MessageEntry{"Bitte geben Sie eine Begründung an.", "Please give a reason."},
    MessageEntry{"Die Begründung darf höchstens {} Zeichen lang sein.",
                 "The reason may be at most {} characters long."},
    MessageEntry{"Geben Sie entweder einen Datenabruf oder einen Zweck an.",
                 "Please specify either a data access or a purpose."},
    MessageEntry{"Datenabruf nicht gefunden", "Data access not found"},
    MessageEntry{"Diesen Datenabruf gibt es in Ihrem Protokoll nicht.",
                 "This data access is not in your log."},
    MessageEntry{"Diesen Zweck gibt es nicht.", "This purpose does not exist."},
    MessageEntry{"Dieser Zweck beruht auf Ihrer Einwilligung: "
                 "Sie können sie jederzeit widerrufen.",
                 "This purpose is based on your consent: you can withdraw it at any time."},
    MessageEntry{"Widerspruch läuft bereits", "Objection already pending"},
    MessageEntry{"Zu diesem Zweck wird Ihr Widerspruch {} geprüft.",
                 "Your objection {} concerning this purpose is already being reviewed."},
    MessageEntry{"If-Match fehlt", "If-Match missing"},
    MessageEntry{"Senden Sie den ETag des Widerspruchs als If-Match mit, damit keine "
                 "Änderung eines anderen überschrieben wird.",
                 "Please send the objection's ETag as If-Match so that nobody else's change "
                 "is overwritten."},
    MessageEntry{"Zwischenzeitlich geändert", "Changed in the meantime"},
    MessageEntry{"Der Widerspruch wurde inzwischen geändert. Bitte laden Sie ihn neu.",
                 "The objection has been changed in the meantime. Please reload it."},
    MessageEntry{"Die Frist kann um einen oder zwei Monate verlängert werden.",
                 "The deadline can be extended by one or two months."},
    MessageEntry{"Bereits entschieden", "Already decided"},
    MessageEntry{"Über diesen Widerspruch wurde bereits entschieden; "
                 "die Frist läuft nicht mehr.",
                 "A decision has already been made on this objection; "
                 "the deadline no longer applies."},
    MessageEntry{"Frist bereits verlängert", "Deadline already extended"},
    MessageEntry{"Die Frist kann nur einmal verlängert werden (Art. 12 Abs. 3 DSGVO).",
                 "The deadline can be extended only once (GDPR Art. 12(3))."},
    MessageEntry{"Über diesen Widerspruch wurde bereits entschieden.",
                 "A decision has already been made on this objection."},

    // server/services/src/purpose_service.cpp
    MessageEntry{"Darf nicht leer sein.", "Must not be empty."},
    MessageEntry{"Darf höchstens {} Zeichen lang sein.", "Must be at most {} characters long."},
    MessageEntry{"Mindestens ein Eintrag (Datenkategorie) ist anzugeben.",
                 "At least one entry (data category) must be specified."},
    MessageEntry{"Mindestens ein Eintrag (Register) ist anzugeben.",
                 "At least one entry (register) must be specified."},
    MessageEntry{"Unbekannter Eintrag (Datenkategorie) „{}“.",
                 "Unknown entry (data category) “{}”."},
    MessageEntry{"Unbekannter Eintrag (Register) „{}“.", "Unknown entry (register) “{}”."},
    MessageEntry{"Zweck nicht gefunden", "Purpose not found"},
    MessageEntry{"Unbekannte Rechtsgrundlage; erlaubt sind z. B. A6-1-a, A6-1-e.",
                 "Unknown legal basis; permitted values include, for example, A6-1-a and A6-1-e."},
    MessageEntry{"Höchstens {} Empfänger.", "At most {} recipients."},
    MessageEntry{"Die Speicherdauer muss zwischen {} und {} Tagen liegen.",
                 "The retention period must be between {} and {} days."},
    MessageEntry{"Zweck stillgelegt", "Purpose retired"},
    MessageEntry{"Ein stillgelegter Zweck kann nicht mehr geändert werden.",
                 "A retired purpose can no longer be changed."},
    MessageEntry{"Version nicht gefunden", "Version not found"},
    MessageEntry{"Diese Version des Zwecks gibt es nicht.",
                 "This version of the purpose does not exist."},
    MessageEntry{"Über diese Version wurde bereits entschieden.",
                 "A decision has already been made on this version."},
    MessageEntry{"Nicht in Kraft", "Not in force"},
    MessageEntry{"Nur ein genehmigter Zweck kann stillgelegt werden.",
                 "Only an approved purpose can be retired."},

    // server/services/src/statistics_service.cpp
    MessageEntry{"Diese Auswertung steht nur Datenschutzbeauftragten zur Verfügung.",
                 "This report is only available to data protection officers."},

    // server/services/src/supervision_service.cpp
    MessageEntry{"Die Zugriffe einer Stelle sehen nur Datenschutzbeauftragte.",
                 "Only data protection officers see an agency's accesses."},
    MessageEntry{"Diese Stelle gibt es nicht oder sie gehört nicht zu Ihrem Bereich.",
                 "This agency does not exist or is not within your remit."},

    // server/http/src/json_body.cpp
    // ("Fehlerhafte Anfrage" and "Unter dieser Adresse gibt es nichts." also in
    // problem_response.cpp; "Pflichtangabe fehlt." also in routes_rights.cpp)
    // An `enum` violation lists the wire texts: "Erlaubt sind pending, upheld, rejected und all."
    MessageEntry{"Erlaubt sind {} und {}.", "Permitted values are {} and {}."},
    MessageEntry{"Falscher Inhaltstyp", "Wrong content type"},
    MessageEntry{"Der Inhalt muss als application/json gesendet werden.",
                 "The content must be sent as application/json."},
    MessageEntry{"Fehlerhafte Anfrage", "Malformed request"},
    MessageEntry{"Der Inhalt ist kein gültiges JSON.", "The content is not valid JSON."},
    MessageEntry{"Der Inhalt muss ein JSON-Objekt sein.", "The content must be a JSON object."},
    MessageEntry{"Pflichtangabe fehlt.", "Required information is missing."},
    MessageEntry{"Muss eine Zeichenkette sein.", "Must be a string."},
    MessageEntry{"Muss eine Liste von Zeichenketten sein.", "Must be a list of strings."},
    MessageEntry{"Muss eine Liste sein.", "Must be a list."},
    MessageEntry{"Muss eine ganze Zahl sein.", "Must be a whole number."},
    MessageEntry{"Muss true oder false sein.", "Must be true or false."},
    MessageEntry{"Muss ein Zeitpunkt nach RFC 3339 sein, z. B. 2026-11-28T09:30:00Z.",
                 "Must be a point in time in RFC 3339 format, e.g. 2026-11-28T09:30:00Z."},
    MessageEntry{"Unbekannte Angabe.", "Unknown field."},
    MessageEntry{"Muss ein Zeitpunkt nach RFC 3339 sein.",
                 "Must be a point in time in RFC 3339 format."},
    MessageEntry{"Unter dieser Adresse gibt es nichts.", "There is nothing at this address."},

    // server/http/src/problem_response.cpp
    MessageEntry{"Methode nicht erlaubt", "Method not allowed"},
    MessageEntry{"Diese Adresse unterstützt die verwendete HTTP-Methode nicht.",
                 "This address does not support the HTTP method used."},
    MessageEntry{"Anfrage zu groß", "Request too large"},
    MessageEntry{"Der Inhalt der Anfrage überschreitet die erlaubte Größe.",
                 "The content of the request exceeds the permitted size."},
    MessageEntry{"Die Anfrage konnte nicht gelesen werden.", "The request could not be read."},
    MessageEntry{"Interner Fehler", "Internal error"},
    MessageEntry{"Anfrage abgelehnt", "Request refused"},
    MessageEntry{"Ein unerwarteter Fehler ist aufgetreten. Bitte später erneut versuchen.",
                 "An unexpected error has occurred. Please try again later."},
    MessageEntry{"Die Anfrage wurde abgelehnt.", "The request was refused."},
    MessageEntry{"Zeitüberschreitung", "Request timeout"},
    MessageEntry{"Die Anfrage ist nicht rechtzeitig vollständig eingetroffen.",
                 "The request did not arrive completely in time."},
    MessageEntry{"Adresse zu lang", "Address too long"},
    MessageEntry{"Die Adresse der Anfrage ist zu lang.", "The address of the request is too long."},
    MessageEntry{"Nicht unterstütztes Format", "Unsupported format"},
    MessageEntry{"Der Inhalt der Anfrage darf nicht komprimiert sein (Content-Encoding).",
                 "The content of the request must not be compressed (Content-Encoding)."},
    MessageEntry{"Erwartung nicht erfüllbar", "Expectation not supported"},
    MessageEntry{"Von den Erwartungen (Expect) wird nur 100-continue unterstützt.",
                 "Of the expectations (Expect), only 100-continue is supported."},
    MessageEntry{"Kopfzeilen zu groß", "Header fields too large"},
    MessageEntry{"Die Kopfzeilen der Anfrage sind zu zahlreich oder zu lang.",
                 "The header fields of the request are too many or too long."},
    MessageEntry{"Nicht unterstützt", "Not supported"},
    MessageEntry{"Diese Übertragungskodierung (Transfer-Encoding) wird nicht unterstützt.",
                 "This transfer coding (Transfer-Encoding) is not supported."},
    MessageEntry{"Vorübergehend nicht verfügbar", "Temporarily unavailable"},
    MessageEntry{"Der Server ist ausgelastet. Bitte in Kürze erneut versuchen.",
                 "The server is busy. Please try again shortly."},
    MessageEntry{"HTTP-Version nicht unterstützt", "HTTP version not supported"},
    MessageEntry{"Der Server versteht HTTP/1.1 und HTTP/1.0.",
                 "The server understands HTTP/1.1 and HTTP/1.0."},

    // server/http/src/request_auth.cpp
    MessageEntry{"Nicht angemeldet", "Not signed in"},
    MessageEntry{"Bitte melden Sie sich an. Ihre Sitzung ist abgelaufen oder beendet.",
                 "Please sign in. Your session has expired or has been ended."},
    MessageEntry{"Diese Funktion steht nur Bürgerinnen und Bürgern zur Verfügung.",
                 "This function is only available to citizens."},
    MessageEntry{"Diese Funktion steht nur Datenschutzbeauftragten zur Verfügung.",
                 "This function is only available to data protection officers."},
    MessageEntry{"Diese Funktion steht nur Beschäftigten einer Behörde zur Verfügung.",
                 "This function is only available to staff of an authority."},
    MessageEntry{"Nicht authentifiziert", "Not authenticated"},
    MessageEntry{"Ein gültiger API-Schlüssel einer Behörde ist erforderlich "
                 "(Authorization: Bearer <Schlüssel>).",
                 "A valid API key of an authority is required "
                 "(Authorization: Bearer <key>)."},

    // server/http/src/routes_access.cpp
    MessageEntry{"Der Idempotency-Key muss 1 bis {} Zeichen lang sein.",
                 "The Idempotency-Key must be 1 to {} characters long."},
    MessageEntry{"Muss ein JSON-Objekt sein.", "Must be a JSON object."},
    MessageEntry{"Diesen Eintrag gibt es in Ihrem Protokoll nicht.",
                 "This entry is not in your log."},

    // server/services/src/log_proof_service.cpp
    MessageEntry{"Nicht verfügbar", "Not available"},
    MessageEntry{"Dieser Server signiert sein Protokoll nicht; es gibt keine Prüfpunkte und keine "
                 "Beweise.",
                 "This server does not sign its log; there are no checkpoints and no proofs."},
    MessageEntry{"Für diese Größe des Protokolls gibt es keinen signierten Prüfpunkt.",
                 "There is no signed checkpoint for this size of the log."},
    MessageEntry{"Darf nicht negativ sein.", "Must not be negative."},
    MessageEntry{"Muss genau eine Signaturzeile einer signierten Notiz sein: „— <Name> <Base64>“.",
                 "Must be exactly one signature line of a signed note: “— <name> <base64>”."},
    MessageEntry{"Die Signatur passt nicht zum Text dieses Prüfpunkts.",
                 "The signature does not match this checkpoint's text."},
    MessageEntry{"Unbekannte Prüfstelle", "Unknown witness"},
    MessageEntry{"Der Schlüssel „{}“ gehört zu keiner Prüfstelle, die dieses Protokoll anerkennt.",
                 "The key “{}” belongs to no witness this log recognises."},
    MessageEntry{"Noch hat keine Prüfstelle einen Prüfpunkt dieses Protokolls bestätigt.",
                 "No witness has confirmed a checkpoint of this log yet."},
    MessageEntry{"Darf nicht größer sein als second.", "Must not be greater than second."},
    MessageEntry{"Der neueste signierte Prüfpunkt umfasst {} Einträge; über mehr gibt es keinen "
                 "Beweis.",
                 "The latest signed checkpoint covers {} entries; there is no proof beyond it."},

    // server/http/src/routes_log.cpp
    MessageEntry{"Muss eine Liste positiver ganzer Zahlen sein, durch Kommas getrennt.",
                 "Must be a list of positive whole numbers, separated by commas."},
    MessageEntry{"Höchstens {} Einträge.", "At most {} entries."},

    // server/http/src/routes_agency.cpp
    MessageEntry{"Höchstens {} Zeichen.", "At most {} characters."},

    // server/http/src/routes_health.cpp
    MessageEntry{"Nicht bereit", "Not ready"},
    MessageEntry{"Die Datenbank ist nicht erreichbar oder kann nichts speichern.",
                 "The database cannot be reached or cannot store anything."},

    MessageEntry{"Das Zugriffsprotokoll hat seine Integritätsprüfung nicht bestanden. Neue "
                 "Einträge werden weiter gespeichert, aber nicht mehr signiert; der Betrieb "
                 "ist alarmiert.",
                 "The access log failed its integrity check. New entries are still stored, but "
                 "no longer signed; the operators have been alerted."},

    // server/services/src/checkpoint_service.cpp
    MessageEntry{"Das Protokoll hat seine Integritätsprüfung nicht bestanden; bis zur Klärung "
                 "wird kein neuer Prüfpunkt signiert.",
                 "The log failed its integrity check; no new checkpoint is signed until this is "
                 "resolved."},

    // server/http/src/api_server.cpp
    MessageEntry{"Die Daten konnten nicht gespeichert werden. Bitte später erneut senden.",
                 "The data could not be stored. Please send it again later."},
};

} // namespace

std::span<const MessageEntry> server_message_catalog() {
    return catalog;
}

} // namespace einblick::detail
