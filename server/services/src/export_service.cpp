#include "einblick/server/export_service.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

namespace einblick::server {
namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ";") + item;
    }
    return out;
}

std::string optional_time(const std::optional<UnixMillis>& t) {
    return t ? format_rfc3339_utc(*t) : "";
}

} // namespace

ExportService::ExportService(AccessService& access, ConsentService& consents,
                             ObjectionService& objections, const Clock& clock)
    : access_(access), consents_(consents), objections_(objections), clock_(clock) {}

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
    const nlohmann::json document = {
        {"format", "einblick-export/1"},
        {"created_at", format_rfc3339_utc(clock_.now())},
        {"account", {{"username", subject.username}, {"display_name", subject.display_name}}},
        {"access_log", all_events(subject.pseudonym)},
        {"consents", consents_.list(subject.pseudonym)},
        {"objections", objections_.list_mine(subject.pseudonym)},
    };
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
    // One table for all record types: spreadsheets open one sheet per file.
    std::ostringstream out;
    const std::vector<std::string> header{
        "record_type",    "id",          "time",     "agency",
        "purpose",        "legal_basis", "register", "data_categories",
        "kind",           "outcome",     "reason",   "state_or_status",
        "expires_or_due", "text"};
    auto write_row = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            out << (i == 0 ? "" : ",") << csv_field(cells[i]);
        }
        out << "\r\n";
    };
    write_row(header);
    for (const auto& e : all_events(subject.pseudonym)) {
        write_row({"access_log", e.id, format_rfc3339_utc(e.occurred_at), e.agency_name, e.purpose,
                   e.legal_basis, e.register_code, join(e.data_categories),
                   std::string(to_text(e.kind)), std::string(to_text(e.outcome)), e.reason, "", "",
                   e.correlation_id.value_or("")});
    }
    for (const auto& c : consents_.list(subject.pseudonym)) {
        write_row({"consent", std::to_string(c.id), format_rfc3339_utc(c.granted_at), c.agency_name,
                   c.purpose_name, "", "", "", "", "", "", std::string(to_text(c.state)),
                   format_rfc3339_utc(c.expires_at), optional_time(c.withdrawn_at)});
    }
    for (const auto& o : objections_.list_mine(subject.pseudonym)) {
        write_row({"objection", o.reference, format_rfc3339_utc(o.received_at), o.agency_name,
                   o.purpose_name, "", "", "", "", "", "", std::string(to_text(o.status)),
                   format_rfc3339_utc(o.due_at),
                   o.reason + (o.decision_reason ? " | Entscheidung: " + *o.decision_reason : "")});
    }
    return out.str();
}

} // namespace einblick::server
