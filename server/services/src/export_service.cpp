#include "einblick/server/export_service.hpp"

#include "einblick/shared/labels.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

namespace einblick::server {
namespace {

// The data categories as the history shows them: German labels, comma separated.
std::string category_labels(const std::vector<std::string>& codes) {
    std::string out;
    for (const auto& code : codes) {
        out += (out.empty() ? "" : ", ") + data_category_label(code, Language::German);
    }
    return out;
}

// The reason is only worth a column when the check said no; "erlaubt" says the rest.
std::string reason_label(const api::AccessEvent& e) {
    return e.outcome == api::AccessOutcome::Denied
               ? access_decision_reason_label(e.reason, Language::German)
               : std::string();
}

} // namespace

std::string ExportService::berlin_time(UnixMillis instant) {
    // The Europe/Berlin rule is civil_time's; only the notation is written here.
    const CivilDateTime t = to_berlin_time(instant);
    const int offset = berlin_utc_offset_minutes(instant);
    char text[96]; // room for any int the compiler cannot rule out
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:%02d", t.year, t.month,
                  t.day, t.hour, t.minute, t.second, offset / 60, offset % 60);
    return text;
}

ExportService::ExportService(AccessService& access, ConsentService& consents,
                             ObjectionService& objections, LogProofService& log_proofs,
                             const Clock& clock)
    : access_(access), consents_(consents), objections_(objections), log_proofs_(log_proofs),
      clock_(clock) {}

std::vector<api::AccessEvent> ExportService::all_events(const std::string& pseudonym) {
    std::vector<api::AccessEvent> events;
    HistoryQuery query;
    query.limit = api::limits::history_page_size_max;
    for (;;) {
        api::AccessEventPage page = access_.history(pseudonym, query);
        events.insert(events.end(), page.items.begin(), page.items.end());
        if (!page.next_cursor) {
            return events;
        }
        query.cursor = page.next_cursor;
    }
}

std::string ExportService::as_json(const ExportSubject& subject) {
    // The rows once: the events and their proofs come from the same read.
    const std::vector<LogEntryRecord> entries = access_.entries_of(subject.pseudonym);
    std::vector<api::AccessEvent> events;
    events.reserve(entries.size());
    std::transform(entries.begin(), entries.end(), std::back_inserter(events),
                   AccessService::to_api);
    nlohmann::json document = {
        {"format", "einblick-export/1"},
        {"created_at", format_rfc3339_utc(clock_.now())},
        {"account", {{"username", subject.username}, {"display_name", subject.display_name}}},
        {"access_log", events},
        {"consents", consents_.list(subject.pseudonym)},
        {"objections", objections_.list_mine(subject.pseudonym)},
    };
    if (const auto proofs = log_proofs_.proofs_for(entries)) {
        document["log_proofs"] = *proofs;
    }
    return document.dump(2);
}

std::string ExportService::csv_field(const std::string& value) {
    std::string text = value;
    if (!text.empty() && std::string("=+-@\t\r").find(text.front()) != std::string::npos) {
        text.insert(text.begin(), '\'');
    }
    std::string quoted = "\"";
    for (char c : text) {
        quoted += c == '"' ? "\"\"" : std::string(1, c);
    }
    return quoted + "\"";
}

std::string ExportService::as_csv(const ExportSubject& subject) {
    // One table for all record types: spreadsheets open one sheet per file. Written for German
    // spreadsheets: a BOM so that UTF-8 is recognised, ";" between fields (the comma is the
    // decimal separator there), German words, Berlin time as the pages show it.
    std::ostringstream out;
    out << "\xEF\xBB\xBF";
    const std::vector<std::string> header{"Eintrag",
                                          "Kennung",
                                          "Zeitpunkt",
                                          "Behörde",
                                          "Zweck",
                                          "Rechtsgrundlage",
                                          "Register",
                                          "Datenkategorien",
                                          "Art",
                                          "Ergebnis",
                                          "Grund der Ablehnung",
                                          "Stand",
                                          "Gültig bis / Antwort bis",
                                          "Bemerkung"};
    auto write_row = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            out << (i == 0 ? "" : ";") << csv_field(cells[i]);
        }
        out << "\r\n";
    };
    write_row(header);
    for (const auto& e : all_events(subject.pseudonym)) {
        std::string remark = e.correlation_id ? "Vorgangsnummer " + *e.correlation_id : "";
        if (e.reported_late && e.recorded_at) {
            remark += (remark.empty() ? "" : " | ") +
                      ("nachträglich gemeldet am " + berlin_time(*e.recorded_at));
        }
        write_row({"Protokolleintrag", e.id, berlin_time(e.occurred_at), e.agency_name, e.purpose,
                   e.legal_basis, register_label(e.register_code, Language::German),
                   category_labels(e.data_categories), access_kind_label(e.kind, Language::German),
                   access_outcome_label(e.outcome, Language::German), reason_label(e), "", "",
                   remark});
    }
    for (const auto& c : consents_.list(subject.pseudonym)) {
        write_row({"Einwilligung", std::to_string(c.id), berlin_time(c.granted_at), c.agency_name,
                   c.purpose_name, gdpr_basis_label(consent_basis, Language::German), "", "", "",
                   "", "", consent_state_label(c.state, Language::German),
                   berlin_time(c.expires_at),
                   c.withdrawn_at ? "widerrufen am " + berlin_time(*c.withdrawn_at) : ""});
    }
    for (const auto& o : objections_.list_mine(subject.pseudonym)) {
        write_row({"Widerspruch", o.reference, berlin_time(o.received_at), o.agency_name,
                   o.purpose_name, "", "", "", "", "", "",
                   objection_status_label(o.status, Language::German), berlin_time(o.due_at),
                   o.reason + (o.decision_reason ? " | Entscheidung: " + *o.decision_reason : "")});
    }
    return out.str();
}

} // namespace einblick::server
