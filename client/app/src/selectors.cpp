// Derived views of the state: consent choices, overview lists, proposals to review, the purpose
// form's checks, date input, labels.
#include "einblick/client/selectors.hpp"

#include "einblick/shared/civil_time.hpp"
#include "einblick/shared/text.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace einblick::client {
namespace {

namespace limits = api::limits;

constexpr UnixMillis millis_per_day = 24LL * 60 * 60 * 1000;

bool read_number(std::string_view text, int& out) {
    if (text.empty()) {
        return false;
    }
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// "28.11.2026" / "28.11.26" or "2026-11-28" into day, month, year.
bool split_date(std::string_view text, int& year, int& month, int& day) {
    const char separator = text.find('-') != std::string_view::npos ? '-' : '.';
    const auto first = text.find(separator);
    const auto second = first == std::string_view::npos ? first : text.find(separator, first + 1);
    if (second == std::string_view::npos) {
        return false;
    }
    int a = 0;
    int b = 0;
    int c = 0;
    if (!read_number(text.substr(0, first), a) ||
        !read_number(text.substr(first + 1, second - first - 1), b) ||
        !read_number(text.substr(second + 1), c)) {
        return false;
    }
    if (separator == '-') {
        year = a, month = b, day = c;
    } else {
        day = a, month = b, year = c < 100 ? 2000 + c : c;
    }
    return year >= 1970 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
           day <= days_in_month(year, month);
}

std::vector<std::string> known_codes(const std::vector<api::VocabularyTerm>* terms,
                                     std::span<const VocabularyEntry> built_in) {
    std::vector<std::string> out;
    if (terms != nullptr) {
        for (const auto& term : *terms) {
            out.push_back(term.code);
        }
        return out;
    }
    for (const auto& entry : built_in) {
        out.emplace_back(entry.code);
    }
    return out;
}

void check_text(FieldErrors& errors, const char* field, const std::string& value, std::size_t max,
                const char* missing) {
    if (is_blank(value)) {
        errors.push_back({field, missing});
    } else if (const std::size_t length = utf8_length(value); length > max) {
        errors.push_back({field, "Höchstens " + std::to_string(max) + " Zeichen (derzeit " +
                                     std::to_string(length) + ")."});
    }
}

void check_codes(FieldErrors& errors, const std::string& field,
                 const std::vector<std::string>& codes, const std::vector<std::string>& known,
                 const char* missing) {
    if (codes.empty()) {
        errors.push_back({field, missing});
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const std::string item = field + "/" + std::to_string(i);
        if (std::find(known.begin(), known.end(), codes[i]) == known.end()) {
            errors.push_back({item, "Unbekannter Eintrag „" + codes[i] + "“."});
        } else if (!seen.insert(codes[i]).second) {
            errors.push_back({item, "„" + codes[i] + "“ ist doppelt angegeben."});
        }
    }
}

std::vector<std::string> recipient_lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        const std::string_view line = trim(std::string_view(text).substr(start, end - start));
        if (!line.empty()) {
            out.emplace_back(line);
        }
        start = end + 1;
    }
    return out;
}

void check_retention(FieldErrors& errors, const std::string& text) {
    int days = 0;
    const std::string_view trimmed = trim(text);
    if (trimmed.empty()) {
        errors.push_back({"/retention_days", "Bitte geben Sie die Speicherdauer in Tagen an."});
    } else if (!read_number(trimmed, days)) {
        errors.push_back(
            {"/retention_days", "Bitte geben Sie die Speicherdauer als ganze Zahl von Tagen an."});
    } else if (days < limits::purpose_retention_days_min ||
               days > limits::purpose_retention_days_max) {
        // The server's sentence (shared/src/server_message_catalog.cpp has its English).
        errors.push_back(
            {"/retention_days", "Die Speicherdauer muss zwischen " +
                                    std::to_string(limits::purpose_retention_days_min) + " und " +
                                    std::to_string(limits::purpose_retention_days_max) +
                                    " Tagen liegen."});
    }
}

} // namespace

std::vector<const api::Purpose*> consent_purposes(const AppState& state) {
    std::vector<const api::Purpose*> out;
    for (const api::Purpose& purpose : state.purposes.data) {
        if (purpose.in_force && purpose.in_force->content.gdpr_basis == consent_basis) {
            out.push_back(&purpose);
        }
    }
    return out;
}

std::vector<const ObjectionRow*> open_objections(const AppState& state) {
    std::vector<const ObjectionRow*> out;
    for (const ObjectionRow& row : state.citizen.objections.list.data) {
        if (row.objection.status == api::ObjectionStatus::Pending) {
            out.push_back(&row);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const ObjectionRow* a, const ObjectionRow* b) {
        return a->objection.due_at < b->objection.due_at;
    });
    return out;
}

std::vector<const ConsentRow*> expiring_consents(const AppState& state) {
    std::vector<const ConsentRow*> out;
    for (const ConsentRow& row : state.citizen.consents.list.data) {
        const api::Consent& c = row.consent;
        if (c.state == api::ConsentState::Given && c.expires_at > state.now &&
            c.expires_at - state.now <= 30 * millis_per_day) {
            out.push_back(&row);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const ConsentRow* a, const ConsentRow* b) {
        return a->consent.expires_at < b->consent.expires_at;
    });
    return out;
}

const api::Purpose* find_purpose(const AppState& state, std::int64_t purpose_id) {
    for (const api::Purpose& purpose : state.purposes.data) {
        if (purpose.id == purpose_id) {
            return &purpose;
        }
    }
    return nullptr;
}

std::optional<UnixMillis> parse_date_input(std::string_view text, bool end_of_day) {
    int year = 0;
    int month = 0;
    int day = 0;
    if (!split_date(trim(text), year, month, day)) {
        return std::nullopt;
    }
    if (!end_of_day) {
        return from_berlin_time(CivilDateTime{year, month, day, 0, 0, 0, 0});
    }
    const CivilDateTime next =
        civil_from_unix_millis((days_from_civil(year, month, day) + 1) * millis_per_day);
    return from_berlin_time(CivilDateTime{next.year, next.month, next.day, 0, 0, 0, 0}) - 1;
}

std::vector<ReviewItem> purposes_to_review(const AppState& state) {
    std::vector<ReviewItem> out;
    for (const api::Purpose& purpose : state.purposes.data) {
        for (const api::PurposeVersion& version : purpose.versions) {
            if (version.status == api::PurposeStatus::Proposed) {
                out.push_back(
                    {purpose.id, version.version, purpose.agency_name, version, purpose.in_force});
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const ReviewItem& a, const ReviewItem& b) {
        return a.proposed.proposed_at < b.proposed.proposed_at;
    });
    return out;
}

FieldErrors validate_purpose_form(const PurposeForm& form, const AppState& state) {
    const api::Vocabulary* vocabulary = state.vocabulary.ready() ? &state.vocabulary.data : nullptr;
    FieldErrors errors;
    check_text(errors, "/name", form.name, limits::purpose_name_max,
               "Bitte geben Sie einen Namen an.");
    check_text(errors, "/description", form.description, limits::purpose_description_max,
               "Bitte beschreiben Sie den Zweck.");
    check_text(errors, "/legal_basis", form.legal_basis, limits::purpose_legal_basis_max,
               "Bitte nennen Sie die Rechtsvorschrift.");
    const auto bases = known_codes(vocabulary ? &vocabulary->gdpr_bases : nullptr, gdpr_bases());
    if (form.gdpr_basis.empty()) {
        errors.push_back({"/gdpr_basis", "Bitte wählen Sie die Rechtsgrundlage nach DSGVO."});
    } else if (std::find(bases.begin(), bases.end(), form.gdpr_basis) == bases.end()) {
        errors.push_back({"/gdpr_basis", "Unbekannte Rechtsgrundlage."});
    }
    check_codes(errors, "/data_categories", form.data_categories,
                known_codes(vocabulary ? &vocabulary->data_categories : nullptr, data_categories()),
                "Bitte wählen Sie mindestens eine Datenkategorie.");
    check_codes(errors, "/source_registers", form.source_registers,
                known_codes(vocabulary ? &vocabulary->registers : nullptr, registers()),
                "Bitte wählen Sie mindestens ein Register.");
    const auto recipients = recipient_lines(form.recipients_text);
    if (recipients.size() > limits::purpose_recipients_max) {
        // The server's sentence (shared/src/server_message_catalog.cpp has its English).
        errors.push_back(
            {"/recipients",
             "Höchstens " + std::to_string(limits::purpose_recipients_max) + " Empfänger."});
    }
    for (std::size_t i = 0; i < recipients.size(); ++i) {
        if (utf8_length(recipients[i]) > limits::purpose_recipient_max) {
            errors.push_back({"/recipients/" + std::to_string(i),
                              "Höchstens " + std::to_string(limits::purpose_recipient_max) +
                                  " Zeichen je Empfänger."});
        }
    }
    check_retention(errors, form.retention_days_text);
    return errors;
}

api::PurposeContent purpose_content_of(const PurposeForm& form) {
    api::PurposeContent content;
    content.name = form.name;
    content.description = form.description;
    content.legal_basis = form.legal_basis;
    content.gdpr_basis = form.gdpr_basis;
    content.data_categories = form.data_categories;
    content.source_registers = form.source_registers;
    content.recipients = recipient_lines(form.recipients_text);
    int days = 0;
    read_number(trim(form.retention_days_text), days);
    content.retention_days = days;
    return content;
}

// Each label function is a switch without a default: a value added to the enumeration
// (api_rules.hpp) is a compile error here (-Wswitch) until it has its words.

const char* purpose_status_label(api::PurposeStatus status, Language language) {
    const bool de = language == Language::German;
    switch (status) {
    case api::PurposeStatus::Proposed:
        return de ? "zur Prüfung eingereicht" : "proposed";
    case api::PurposeStatus::Approved:
        return de ? "genehmigt" : "approved";
    case api::PurposeStatus::Rejected:
        return de ? "abgelehnt" : "rejected";
    case api::PurposeStatus::Superseded:
        return de ? "ersetzt" : "superseded";
    case api::PurposeStatus::Retired:
        return de ? "stillgelegt" : "retired";
    }
    return de ? "unbekannt" : "unknown";
}

} // namespace einblick::client
