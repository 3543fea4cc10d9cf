#include "einblick/server/access_log_service.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "einblick/server/service_error.hpp"
#include "einblick/shared/citizen_id.hpp"
#include "einblick/shared/vocabulary.hpp"

namespace einblick::server {
namespace {

constexpr std::size_t max_purpose_length = 200;
constexpr std::size_t max_legal_basis_length = 300;
constexpr std::size_t max_categories = 20;

api::AccessEvent to_api(const AccessEventRecord& record) {
    return {std::to_string(record.id), record.occurred_at, record.agency.code, record.agency.name,
            record.purpose, record.legal_basis, record.data_categories};
}

void check_text(Violations& violations, const std::string& field, const std::string& value,
                std::size_t max_length) {
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
        violations.add(field, "required", "Darf nicht leer sein.");
    } else if (value.size() > max_length) {
        violations.add(field, "max_length",
                       "Darf höchstens " + std::to_string(max_length) + " Zeichen lang sein.");
    }
}

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

AccessLogService::AccessLogService(AccessEventStore& events, const Pseudonymizer& pseudonymizer,
                                   const Clock& clock)
    : events_(events), pseudonymizer_(pseudonymizer), clock_(clock) {}

NewAccessEvent AccessLogService::validate(const AgencyRecord& agency,
                                          const AccessEventSubmission& submission,
                                          const std::string& prefix, Violations& violations) const {
    const UnixMillis now = clock_.now();
    if (!is_valid_citizen_id(submission.citizen_id)) {
        violations.add(prefix + "/citizen_id", "format",
                       "Muss eine gültige 11-stellige Identifikationsnummer sein.");
    }
    check_text(violations, prefix + "/purpose", submission.purpose, max_purpose_length);
    check_text(violations, prefix + "/legal_basis", submission.legal_basis, max_legal_basis_length);
    const auto& categories = submission.data_categories;
    if (categories.empty()) {
        violations.add(prefix + "/data_categories", "required",
                       "Mindestens eine Datenkategorie ist anzugeben.");
    } else if (categories.size() > max_categories) {
        violations.add(prefix + "/data_categories", "max_items",
                       "Höchstens " + std::to_string(max_categories) + " Datenkategorien.");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < categories.size(); ++i) {
        const std::string field = prefix + "/data_categories/" + std::to_string(i);
        if (!is_known_data_category(categories[i])) {
            violations.add(field, "enum", "Unbekannte Datenkategorie „" + categories[i] + "“.");
        } else if (!seen.insert(categories[i]).second) {
            violations.add(field, "unique", "Datenkategorie „" + categories[i] + "“ ist doppelt.");
        }
    }
    if (submission.occurred_at && *submission.occurred_at > now + max_clock_skew) {
        violations.add(prefix + "/occurred_at", "not_in_future",
                       "Der Zeitpunkt des Abrufs liegt in der Zukunft.");
    }
    NewAccessEvent event;
    event.agency_id = agency.id;
    event.purpose = submission.purpose;
    event.legal_basis = submission.legal_basis;
    event.data_categories = categories;
    event.occurred_at = submission.occurred_at.value_or(now);
    event.recorded_at = now;
    if (is_valid_citizen_id(submission.citizen_id)) {
        event.citizen_pseudonym = pseudonymizer_.pseudonym(submission.citizen_id);
    }
    return event;
}

api::AccessEvent AccessLogService::record(const AgencyRecord& agency,
                                          const AccessEventSubmission& submission) {
    Violations violations;
    NewAccessEvent event = validate(agency, submission, "", violations);
    violations.throw_if_any();
    const RowId id = events_.append(event);
    return {std::to_string(id), event.occurred_at, agency.code, agency.name, event.purpose,
            event.legal_basis, event.data_categories};
}

std::vector<api::AccessEvent>
AccessLogService::record_all(const AgencyRecord& agency,
                             std::span<const AccessEventSubmission> submissions) {
    Violations violations;
    std::vector<NewAccessEvent> events;
    events.reserve(submissions.size());
    for (std::size_t i = 0; i < submissions.size(); ++i) {
        events.push_back(validate(agency, submissions[i], "/" + std::to_string(i), violations));
    }
    violations.throw_if_any();
    const std::vector<RowId> ids = events_.append_all(events);
    std::vector<api::AccessEvent> recorded;
    recorded.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const NewAccessEvent& e = events[i];
        recorded.push_back({std::to_string(ids[i]), e.occurred_at, agency.code, agency.name,
                            e.purpose, e.legal_basis, e.data_categories});
    }
    return recorded;
}

api::AccessEventPage AccessLogService::history(const std::string& citizen_pseudonym,
                                               const HistoryQuery& query) {
    Violations violations;
    if (query.limit < 1 || query.limit > max_page_size) {
        violations.add("limit", "range",
                       "Muss zwischen 1 und " + std::to_string(max_page_size) + " liegen.");
    }
    std::optional<HistoryCursor> after;
    if (query.cursor) {
        after = decode_cursor(*query.cursor);
        if (!after) {
            violations.add("cursor", "format", "Unbekannte Seitenmarke.");
        }
    }
    violations.throw_if_any();
    // One extra row tells whether another page exists without a count query.
    auto rows = events_.history_page(citizen_pseudonym, after, query.limit + 1);
    api::AccessEventPage page;
    if (rows.size() > static_cast<std::size_t>(query.limit)) {
        rows.pop_back();
        page.next_cursor = encode_cursor({rows.back().occurred_at, rows.back().id});
    }
    page.items.reserve(rows.size());
    std::transform(rows.begin(), rows.end(), std::back_inserter(page.items), to_api);
    return page;
}

std::string AccessLogService::encode_cursor(const HistoryCursor& cursor) {
    return std::to_string(cursor.occurred_at) + "." + std::to_string(cursor.id);
}

std::optional<HistoryCursor> AccessLogService::decode_cursor(std::string_view text) {
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const auto occurred = parse_int(text.substr(0, dot));
    const auto id = parse_int(text.substr(dot + 1));
    if (!occurred || !id || *id <= 0) {
        return std::nullopt;
    }
    return HistoryCursor{*occurred, *id};
}

} // namespace einblick::server
