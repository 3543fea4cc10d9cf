#include "einblick/server/access_service.hpp"

#include "einblick/server/purpose_service.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/citizen_id.hpp"
#include "einblick/shared/text.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <stdexcept>
#include <string>

namespace einblick::server {
namespace {

namespace limits = api::limits;
using api::AccessDecision;
using api::AccessReason;

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// Shape checks that make a request unusable (as opposed to rule checks, which deny).
void check_shape(const AccessRequest& r, const std::string& prefix, Violations& v) {
    if (!is_valid_citizen_id(r.citizen_id)) {
        v.add(prefix + "/citizen_id", "format",
              "Muss eine gültige 11-stellige Identifikationsnummer sein.");
    }
    if (r.purpose_id <= 0) {
        v.add(prefix + "/purpose_id", "required", "Die Kennung des Zwecks fehlt.");
    }
    if (r.register_code.empty()) {
        v.add(prefix + "/register", "required", "Das Register ist anzugeben.");
    }
    if (r.data_categories.empty()) {
        v.add(prefix + "/data_categories", "required",
              "Mindestens eine Datenkategorie ist anzugeben.");
    } else if (r.data_categories.size() > limits::access_data_categories_max) {
        v.add(prefix + "/data_categories", "max_items",
              "Höchstens " + std::to_string(limits::access_data_categories_max) +
                  " Datenkategorien.");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < r.data_categories.size(); ++i) {
        if (!seen.insert(r.data_categories[i]).second) {
            v.add(prefix + "/data_categories/" + std::to_string(i), "unique",
                  "„" + r.data_categories[i] + "“ ist doppelt angegeben.");
        }
    }
    for (const auto& [field, value] :
         {std::pair{"/official", &r.official}, std::pair{"/correlation_id", &r.correlation_id}}) {
        if (*value &&
            (value->value().empty() || utf8_length(value->value()) > limits::access_text_max)) {
            v.add(prefix + field, "length",
                  "Muss 1 bis " + std::to_string(limits::access_text_max) + " Zeichen lang sein.");
        }
    }
}

NewLogEntry base_entry(const AgencyRecord& agency, const std::string& pseudonym,
                       const AccessRequest& request, const Evaluation& evaluation, UnixMillis now) {
    NewLogEntry e;
    e.outcome = evaluation.outcome;
    e.reason = evaluation.reason;
    e.citizen_pseudonym = pseudonym;
    e.agency_id = agency.id;
    e.purpose_id = request.purpose_id;
    if (evaluation.version) {
        e.purpose_version_id = evaluation.version->id;
    }
    e.register_code = request.register_code;
    e.data_categories = request.data_categories;
    e.legal_basis = evaluation.legal_basis;
    e.consent_id = evaluation.consent_id;
    e.official = request.official;
    e.correlation_id = request.correlation_id;
    e.occurred_at = now;
    e.recorded_at = now;
    return e;
}

} // namespace

AccessService::AccessService(AccessLogRepository& log, PurposeRepository& purposes,
                             ConsentRepository& consents, ObjectionRepository& objections,
                             const Pseudonymizer& pseudonymizer, const Clock& clock,
                             int backdating_window_days)
    : log_(log), purposes_(purposes), consents_(consents), objections_(objections),
      pseudonymizer_(pseudonymizer), clock_(clock),
      backdating_window_days_(backdating_window_days) {
    if (backdating_window_days < 1 ||
        backdating_window_days > api::limits::backdating_window_days_max) {
        throw std::invalid_argument("the backdating window must be 1 to " +
                                    std::to_string(api::limits::backdating_window_days_max) +
                                    " days");
    }
}

const std::optional<PurposeRecord>& PurposeLookup::find(RowId id) {
    const auto it = cache_.find(id);
    if (it != cache_.end()) {
        return it->second;
    }
    return cache_.emplace(id, purposes_.find(id)).first->second;
}

Evaluation AccessService::evaluate(const AgencyRecord& agency, const std::string& pseudonym,
                                   const AccessRequest& request, UnixMillis now) {
    PurposeLookup purposes(purposes_);
    return evaluate(agency, pseudonym, request, now, purposes);
}

Evaluation AccessService::evaluate(const AgencyRecord& agency, const std::string& pseudonym,
                                   const AccessRequest& request, UnixMillis now,
                                   PurposeLookup& purposes) {
    Evaluation result;
    auto deny = [&](AccessReason reason) {
        result.outcome = AccessOutcome::Denied;
        result.reason = to_text(reason);
        return result;
    };
    const auto& purpose = purposes.find(request.purpose_id);
    if (!purpose) {
        return deny(AccessReason::PurposeUnknown);
    }
    if (purpose->agency.id != agency.id) {
        return deny(AccessReason::PurposeOtherAgency);
    }
    const PurposeVersionRecord* in_force = version_in_force(*purpose);
    result.legal_basis = purpose->versions.back().content.legal_basis;
    if (in_force == nullptr) {
        return deny(AccessReason::PurposeNotApproved);
    }
    result.version = *in_force;
    result.legal_basis = in_force->content.legal_basis;
    const PurposeContent& content = in_force->content;
    if (!contains(content.source_registers, request.register_code)) {
        return deny(AccessReason::RegisterNotCovered);
    }
    for (const auto& category : request.data_categories) {
        if (!contains(content.data_categories, category)) {
            return deny(AccessReason::CategoryNotCovered);
        }
    }
    const ObjectionBlock block = objections_.block_for(pseudonym, purpose->id);
    if (block.upheld) {
        return deny(AccessReason::ObjectionUpheld);
    }
    if (block.restricted_pending) {
        return deny(AccessReason::RestrictedPendingObjection);
    }
    if (content.gdpr_basis == consent_basis) {
        result.consent_id = consents_.valid_consent(pseudonym, purpose->id, now);
        if (!result.consent_id) {
            return deny(AccessReason::ConsentMissing);
        }
    }
    result.outcome = AccessOutcome::Allowed;
    result.reason = to_text(AccessReason::Allowed);
    return result;
}

std::vector<AppendResult> AccessService::append(std::span<const NewLogEntry> entries) {
    try {
        return log_.append(entries);
    } catch (const IdempotencyConflict& conflict) {
        if (const auto endpoint = conflict.other_endpoint()) {
            throw ServiceError(ErrorKind::Conflict, "Idempotenzschlüssel wiederverwendet",
                               "Dieser Idempotency-Key wurde bereits für POST /api/v1/" +
                                   std::string(to_text(*endpoint)) +
                                   " verwendet. Ein Schlüssel gilt nur für den Endpunkt, an "
                                   "dem er zuerst verwendet wurde.");
        }
        throw ServiceError(
            ErrorKind::Conflict, "Idempotenzschlüssel wiederverwendet",
            "Dieser Idempotency-Key wurde bereits für eine andere Anfrage verwendet.");
    }
}

api::AccessCheckResult AccessService::check(const AgencyRecord& agency,
                                            const AccessRequest& request, bool record_access,
                                            const Idempotency& idempotency) {
    Violations v;
    check_shape(request, "", v);
    if (request.occurred_at) {
        v.add("/occurred_at", "not_allowed", "Eine Prüfung gilt immer für jetzt.");
    }
    v.throw_if_any();
    const UnixMillis now = clock_.now();
    const std::string pseudonym = pseudonymizer_.pseudonym(request.citizen_id);
    const Evaluation evaluation = evaluate(agency, pseudonym, request, now);

    NewLogEntry entry = base_entry(agency, pseudonym, request, evaluation, now);
    const bool becomes_access = record_access && evaluation.outcome == AccessOutcome::Allowed;
    entry.kind = becomes_access ? AccessKind::Access : AccessKind::Check;
    entry.idempotency_key = idempotency.key;
    entry.idempotency_scope = IdempotencyScope::AccessCheck;
    entry.request_hash = idempotency.request_hash;
    const LogEntryRecord stored = append(std::span(&entry, 1)).front().entry;

    api::AccessCheckResult result;
    result.decision =
        stored.outcome == AccessOutcome::Allowed ? AccessDecision::Allow : AccessDecision::Deny;
    result.reason = stored.reason;
    result.reason_text = access_decision_reason_label(stored.reason, Language::German);
    result.check_id = std::to_string(stored.id);
    if (stored.purpose_version_id) {
        result.purpose_version = stored.purpose_version;
    }
    result.consent_id = stored.consent_id;
    if (stored.kind == AccessKind::Access) {
        result.access_event = to_api(stored);
    }
    return result;
}

NewLogEntry AccessService::prepare_access(const AgencyRecord& agency, const AccessRequest& request,
                                          const Idempotency& idempotency, const std::string& prefix,
                                          Violations& v, PurposeLookup& purposes) {
    const std::size_t before = v.size();
    check_shape(request, prefix, v);
    const UnixMillis now = clock_.now();
    if (request.occurred_at && *request.occurred_at > now + max_clock_skew) {
        v.add(prefix + "/occurred_at", "not_in_future",
              "Der Zeitpunkt des Abrufs liegt in der Zukunft.");
    }
    const UnixMillis window = static_cast<UnixMillis>(backdating_window_days_) * day_millis;
    if (request.occurred_at && *request.occurred_at < now - window) {
        v.add(prefix + "/occurred_at", "too_old",
              "Der Zeitpunkt des Abrufs liegt zu weit zurück. Ein Abruf ist spätestens " +
                  std::to_string(backdating_window_days_) +
                  " Tag(e) nach seinem Zeitpunkt zu melden; ältere Zeitpunkte nimmt das "
                  "Protokoll nicht an, weil die Löschfrist ab der Meldung läuft.");
    }
    if (request.purpose_id > 0) {
        const auto& purpose = purposes.find(request.purpose_id);
        if (!purpose || purpose->agency.id != agency.id) {
            v.add(prefix + "/purpose_id", "unknown",
                  "Ihre Behörde hat keinen Zweck mit dieser Kennung.");
        }
    }
    if (v.size() != before) {
        return {};
    }
    const std::string pseudonym = pseudonymizer_.pseudonym(request.citizen_id);
    const Evaluation evaluation = evaluate(agency, pseudonym, request, now, purposes);
    if (request.purpose_version && evaluation.version &&
        *request.purpose_version != evaluation.version->version) {
        v.add(prefix + "/purpose_version", "stale",
              "In Kraft ist Version " + std::to_string(evaluation.version->version) +
                  " des Zwecks.");
    }
    NewLogEntry entry = base_entry(agency, pseudonym, request, evaluation, now);
    entry.kind = AccessKind::Access;
    entry.occurred_at = request.occurred_at.value_or(now);
    entry.idempotency_key = idempotency.key;
    entry.request_hash = idempotency.request_hash;
    return entry;
}

RecordedAccess AccessService::record(const AgencyRecord& agency, const AccessRequest& request,
                                     const Idempotency& idempotency) {
    Violations v;
    PurposeLookup purposes(purposes_);
    NewLogEntry entry = prepare_access(agency, request, idempotency, "", v, purposes);
    v.throw_if_any();
    entry.idempotency_scope = IdempotencyScope::AccessEvent;
    const AppendResult stored = append(std::span(&entry, 1)).front();
    return {to_api(stored.entry), stored.replayed};
}

std::vector<RecordedAccess> AccessService::record_batch(const AgencyRecord& agency,
                                                        std::span<const AccessRequest> requests,
                                                        const Idempotency& idempotency) {
    Violations v;
    if (requests.empty() || requests.size() > limits::access_batch_max) {
        v.add("/events", "size",
              "Ein Stapel enthält 1 bis " + std::to_string(limits::access_batch_max) + " Abrufe.");
        v.throw_if_any();
    }
    std::vector<NewLogEntry> entries;
    entries.reserve(requests.size());
    PurposeLookup purposes(purposes_);
    for (std::size_t i = 0; i < requests.size(); ++i) {
        entries.push_back(prepare_access(agency, requests[i], idempotency,
                                         "/events/" + std::to_string(i), v, purposes));
        entries.back().idempotency_scope = IdempotencyScope::AccessEventBatch;
        entries.back().idempotency_item = static_cast<int>(i);
    }
    v.throw_if_any();
    std::vector<RecordedAccess> recorded;
    for (const AppendResult& stored : append(entries)) {
        recorded.push_back({to_api(stored.entry), stored.replayed});
    }
    return recorded;
}

api::AccessEvent AccessService::to_api(const LogEntryRecord& e) {
    api::AccessEvent out;
    out.id = std::to_string(e.id);
    out.seq = e.seq;
    out.kind = e.kind;
    out.outcome = e.outcome;
    out.reason = e.reason;
    out.occurred_at = e.occurred_at;
    out.recorded_at = e.recorded_at;
    out.reported_late = e.recorded_at - e.occurred_at > late_after;
    out.agency_code = e.agency.code;
    out.agency_name = e.agency.name;
    out.purpose = e.purpose_name;
    out.purpose_id = e.purpose_id;
    if (e.purpose_version > 0) {
        out.purpose_version = e.purpose_version;
    }
    out.legal_basis = e.legal_basis;
    out.register_code = e.register_code;
    out.data_categories = e.data_categories;
    out.official = e.official;
    out.correlation_id = e.correlation_id;
    out.consent_id = e.consent_id;
    return out;
}

std::optional<HistoryCursor> AccessService::validate(const HistoryQuery& query) {
    Violations v;
    if (query.limit < 1 || query.limit > limits::history_page_size_max) {
        v.add("limit", "range",
              "Muss zwischen 1 und " + std::to_string(limits::history_page_size_max) + " liegen.");
    }
    std::optional<HistoryCursor> after;
    if (query.cursor) {
        after = decode_cursor(*query.cursor);
        if (!after) {
            v.add("cursor", "format", "Unbekannte Seitenmarke.");
        }
    }
    if (query.filter.from && query.filter.to && *query.filter.from >= *query.filter.to) {
        v.add("to", "range", "Das Ende des Zeitraums muss nach dem Anfang liegen.");
    }
    v.throw_if_any();
    return after;
}

api::AccessEventPage AccessService::page_of(std::vector<LogEntryRecord> rows, int limit) {
    api::AccessEventPage page;
    if (rows.size() > static_cast<std::size_t>(limit)) {
        rows.pop_back();
        page.next_cursor = encode_cursor({rows.back().occurred_at, rows.back().id});
    }
    page.items.reserve(rows.size());
    std::transform(rows.begin(), rows.end(), std::back_inserter(page.items), to_api);
    return page;
}

api::AccessEventPage AccessService::history(const std::string& pseudonym,
                                            const HistoryQuery& query) {
    const std::optional<HistoryCursor> after = validate(query);
    // One extra row tells whether another page exists without a count query.
    return page_of(log_.history_page(pseudonym, query.filter, after, query.limit + 1), query.limit);
}

std::vector<LogEntryRecord> AccessService::entries_of(const std::string& pseudonym) {
    constexpr int page_size = limits::history_page_size_max;
    std::vector<LogEntryRecord> entries;
    std::optional<HistoryCursor> after;
    for (;;) {
        std::vector<LogEntryRecord> page = log_.history_page(pseudonym, {}, after, page_size);
        const bool last = page.size() < static_cast<std::size_t>(page_size);
        if (!page.empty()) {
            after = HistoryCursor{page.back().occurred_at, page.back().id};
        }
        entries.insert(entries.end(), std::make_move_iterator(page.begin()),
                       std::make_move_iterator(page.end()));
        if (last) {
            return entries;
        }
    }
}

std::optional<LogEntryRecord> AccessService::entry_of(const std::string& pseudonym, RowId id) {
    auto entry = log_.find(id);
    if (!entry || entry->citizen_pseudonym != pseudonym) {
        return std::nullopt;
    }
    return entry;
}

std::string AccessService::encode_cursor(const HistoryCursor& cursor) {
    return std::to_string(cursor.occurred_at) + "." + std::to_string(cursor.id);
}

std::optional<HistoryCursor> AccessService::decode_cursor(std::string_view text) {
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
