// The DPO's pages: the objection queue by deadline, the opened objection with decision and
// extension (If-Match; a 412 reloads and keeps the drafts), purpose approvals, unusual access
// volume per agency and the log of an agency it flags.
#include "einblick/client/update.hpp"
#include "einblick/shared/civil_time.hpp"
#include "einblick/shared/text.hpp"
#include "update_internal.hpp"

#include <algorithm>
#include <utility>

namespace einblick::client {
namespace {

namespace di = intent::dpo;
namespace md = message::dpo;
namespace limits = api::limits;

constexpr const char* text_stale =
    "Der Widerspruch wurde inzwischen geändert. Der aktuelle Stand wurde neu geladen; bitte "
    "prüfen Sie ihn und senden Sie Ihre Eingabe erneut.";
constexpr const char* text_decided = "Die Entscheidung wurde gespeichert.";
constexpr const char* text_already_extended = "Die Frist wurde bereits einmal verlängert.";
constexpr const char* text_not_pending = "Dieser Widerspruch ist bereits entschieden.";

QueueRow make_queue_row(const api::Objection& objection, UnixMillis now) {
    QueueRow row;
    row.objection = objection;
    row.received_at = format_german_date(objection.received_at);
    row.due_at = format_german_date(objection.due_at);
    row.overdue = objection.status == api::ObjectionStatus::Pending &&
                  (objection.overdue || objection.due_at < now);
    row.extended = objection.extension_reason.has_value();
    return row;
}

std::vector<QueueRow> queue_rows(const std::vector<api::Objection>& items, UnixMillis now) {
    std::vector<QueueRow> rows;
    for (const api::Objection& objection : items) {
        rows.push_back(make_queue_row(objection, now));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const QueueRow& a, const QueueRow& b) {
        return a.objection.due_at < b.objection.due_at;
    });
    return rows;
}

void check_reason(FieldErrors& errors, const std::string& reason, std::size_t max) {
    if (is_blank(reason)) {
        errors.push_back({"/reason", "Bitte geben Sie eine Begründung an."});
    } else if (utf8_length(reason) > max) {
        errors.push_back({"/reason", "Die Begründung darf höchstens " + std::to_string(max) +
                                         " Zeichen lang sein."});
    }
}

Commands set_queue_filter(AppState& state, QueueFilter filter) {
    DpoState& dpo = state.dpo;
    dpo.queue_filter = filter;
    dpo.queue.in_flight = false; // an answer for the other filter is dropped on arrival
    begin_load(dpo.queue);
    return {command::dpo::LoadQueue{filter}};
}

Commands open_objection(AppState& state, std::int64_t objection_id) {
    ObjectionCase& open = state.dpo.open_case;
    if (open.submitting) {
        return {};
    }
    if (open.id != objection_id) {
        open = ObjectionCase{};
        open.id = objection_id;
    }
    open.objection.in_flight = false;
    begin_load(open.objection);
    return {command::dpo::LoadObjection{objection_id}};
}

// The start common to both actions: loaded, not sending, still pending (else says why).
// Clears what the previous attempt left and records which action the messages belong to.
bool begin_action(ObjectionCase& open, CaseAction action) {
    if (!open.id || !open.objection.ready() || open.submitting) {
        return false;
    }
    open.action = action;
    open.notice.reset();
    open.error.reset();
    open.errors.clear();
    if (open.objection.data.status != api::ObjectionStatus::Pending) {
        open.error = text_not_pending;
        return false;
    }
    return true;
}

// The decision draft's own checks, into open.errors; true when it may be sent.
bool decision_valid(ObjectionCase& open) {
    if (!open.decision.outcome) {
        open.errors.push_back({"/outcome", "Bitte wählen Sie: stattgeben oder zurückweisen."});
    }
    check_reason(open.errors, open.decision.reason, limits::objection_reason_max);
    return open.errors.empty();
}

Commands review_decision(AppState& state) {
    ObjectionCase& open = state.dpo.open_case;
    if (begin_action(open, CaseAction::Decide)) {
        open.decision.checked = decision_valid(open);
    }
    return {};
}

Commands submit_decision(AppState& state) {
    ObjectionCase& open = state.dpo.open_case;
    // A binding decision leaves only from the check step (a stray click on the form's button
    // or a second one on "Weiter" sends nothing).
    if (!open.decision.checked || !begin_action(open, CaseAction::Decide)) {
        return {};
    }
    if (!decision_valid(open)) {
        open.decision.checked = false;
        return {};
    }
    open.submitting = true;
    return {command::dpo::DecideObjection{
        *open.id, open.objection.data.revision,
        api::ObjectionDecisionRequest{*open.decision.outcome, open.decision.reason}}};
}

Commands submit_extension(AppState& state) {
    ObjectionCase& open = state.dpo.open_case;
    if (!begin_action(open, CaseAction::Extend)) {
        return {};
    }
    if (open.objection.data.extension_reason) {
        open.error = text_already_extended;
        return {};
    }
    if (open.extension.months < limits::objection_extension_months_min ||
        open.extension.months > limits::objection_extension_months_max) {
        // The server's sentence, which names the limits in words.
        static_assert(limits::objection_extension_months_min == 1 &&
                      limits::objection_extension_months_max == 2);
        open.errors.push_back(
            {"/months", "Die Frist kann um einen oder zwei Monate verlängert werden."});
    }
    check_reason(open.errors, open.extension.reason, limits::objection_reason_max);
    if (!open.errors.empty()) {
        return {};
    }
    open.submitting = true;
    return {command::dpo::ExtendObjection{
        *open.id, open.objection.data.revision,
        api::ObjectionExtensionRequest{open.extension.months, open.extension.reason}}};
}

void update_queue_row(AppState& state, const api::Objection& objection) {
    auto& rows = state.dpo.queue.data;
    for (auto it = rows.begin(); it != rows.end(); ++it) {
        if (it->objection.id != objection.id) {
            continue;
        }
        if (state.dpo.queue_filter == QueueFilter::Pending &&
            objection.status != api::ObjectionStatus::Pending) {
            rows.erase(it); // decided: leaves the queue of open cases
        } else {
            *it = make_queue_row(objection, state.now);
        }
        return;
    }
}

Commands objection_loaded(AppState& state, const md::ObjectionLoaded& m) {
    ObjectionCase& open = state.dpo.open_case;
    if (open.id != m.objection_id) {
        return {};
    }
    finish_load(open.objection, m.result);
    if (m.result.ok()) {
        update_queue_row(state, m.result.value());
    }
    return {};
}

Commands objection_changed(AppState& state, const md::ObjectionChanged& m) {
    ObjectionCase& open = state.dpo.open_case;
    if (open.id != m.objection_id) {
        return {};
    }
    open.submitting = false;
    const auto& result = m.result;
    if (result.ok()) {
        open.objection.data = result.value();
        update_queue_row(state, result.value());
        if (open.action == CaseAction::Decide) {
            open.decision = DecisionDraft{};
            open.notice = text_decided;
        } else {
            open.extension = ExtensionDraft{};
            open.notice =
                "Die Frist wurde verlängert bis " + format_german_date(result.value().due_at) + ".";
        }
        return {};
    }
    open.errors = field_errors_from(result.violations());
    open.error = result.status() == ApiStatus::Stale ? std::string(text_stale) : result.error();
    const bool changed =
        result.status() == ApiStatus::Stale || result.status() == ApiStatus::Conflict;
    if (!open.errors.empty() || changed) {
        open.decision.checked = false; // back to the form: fix it, or look at the new state
    }
    if (changed) {
        // Reload the current revision; the drafts stay for a second look.
        open.objection.in_flight = false;
        begin_load(open.objection);
        return {command::dpo::LoadObjection{m.objection_id}};
    }
    return {};
}

// [SECTION] Purpose approvals

Commands select_proposal(AppState& state, std::int64_t purpose_id, int version) {
    PurposeReview& review = state.dpo.review;
    if (review.submitting) {
        return {};
    }
    if (review.purpose_id != purpose_id || review.version != version) {
        review = PurposeReview{};
        review.purpose_id = purpose_id;
        review.version = version;
    }
    return {};
}

Commands submit_purpose_decision(AppState& state) {
    PurposeReview& review = state.dpo.review;
    if (!review.purpose_id || review.submitting) {
        return {};
    }
    review.errors.clear();
    review.error.reset();
    review.notice.reset();
    if (!review.decision) {
        review.errors.push_back({"/decision", "Bitte wählen Sie: genehmigen oder ablehnen."});
    }
    check_reason(review.errors, review.reason, limits::purpose_decision_reason_max);
    if (!review.errors.empty()) {
        return {};
    }
    review.submitting = true;
    return {
        command::dpo::DecidePurpose{*review.purpose_id, review.version,
                                    api::PurposeDecisionRequest{*review.decision, review.reason}}};
}

Commands purpose_decided(AppState& state, const md::PurposeDecided& m) {
    PurposeReview& review = state.dpo.review;
    if (review.purpose_id != m.purpose_id) {
        return {};
    }
    review.submitting = false;
    if (!m.result.ok()) {
        review.error = m.result.error();
        review.errors = field_errors_from(m.result.violations());
        if (m.result.status() == ApiStatus::Conflict && begin_load(state.purposes)) {
            return {command::LoadPurposes{}}; // decided elsewhere meanwhile
        }
        return {};
    }
    for (api::Purpose& purpose : state.purposes.data) {
        if (purpose.id == m.purpose_id) {
            purpose = m.result.value();
        }
    }
    const bool approved = review.decision == api::PurposeDecision::Approve;
    review = PurposeReview{};
    review.notice = approved ? "Der Zweck wurde genehmigt." : "Der Zweck wurde abgelehnt.";
    return {};
}

// [SECTION] An agency's log

// The seven days "Auffällige Zugriffe" counts, so the entries are the ones behind the figures.
constexpr UnixMillis agency_log_window = 7 * millis_per_day;

Commands open_agency_log(AppState& state, const di::OpenAgencyLog& open) {
    AgencyLog& log = state.dpo.agency_log;
    log = AgencyLog{};
    log.agency_code = open.agency_code;
    log.agency_name = open.agency_name;
    log.from = state.now - agency_log_window;
    begin_load(log.rows);
    return {command::dpo::LoadAgencyLog{open.agency_code, log.from, std::nullopt}};
}

Commands load_more_agency_log(AppState& state) {
    AgencyLog& log = state.dpo.agency_log;
    if (!log.agency_code || !log.next_cursor || log.loading_more) {
        return {};
    }
    log.loading_more = true;
    log.more_error.reset();
    return {command::dpo::LoadAgencyLog{*log.agency_code, log.from, log.next_cursor}};
}

std::vector<AgencyLogRow> agency_log_rows(const api::AccessEventPage& page) {
    std::vector<AgencyLogRow> rows;
    rows.reserve(page.items.size());
    for (const api::AccessEvent& event : page.items) {
        rows.push_back({make_event_row(event), event.citizen_ref.value_or("")});
    }
    return rows;
}

Commands agency_log_loaded(AppState& state, const md::AgencyLogLoaded& m) {
    AgencyLog& log = state.dpo.agency_log;
    if (log.agency_code != m.agency_code) {
        return {}; // closed, or another agency opened meanwhile
    }
    if (!m.more) {
        finish_load(log.rows, m.result, agency_log_rows);
        if (m.result.ok()) {
            log.next_cursor = m.result.value().next_cursor;
        }
        return {};
    }
    log.loading_more = false;
    if (!m.result.ok()) {
        log.more_error = m.result.error();
        return {};
    }
    std::vector<AgencyLogRow> more = agency_log_rows(m.result.value());
    log.rows.data.insert(log.rows.data.end(), std::make_move_iterator(more.begin()),
                         std::make_move_iterator(more.end()));
    log.next_cursor = m.result.value().next_cursor;
    return {};
}

} // namespace

Commands on_dpo_intent(AppState& state, const DpoIntent& intent) {
    if (state.screen != Screen::Dashboard || !state.session ||
        state.session->role != api::Role::Dpo) {
        return {};
    }
    return std::visit(
        Overloaded{
            [&](const di::SetQueueFilter& i) { return set_queue_filter(state, i.filter); },
            [&](const di::OpenObjection& i) { return open_objection(state, i.objection_id); },
            [&](const di::CloseObjection&) {
                if (!state.dpo.open_case.submitting) {
                    state.dpo.open_case = ObjectionCase{};
                }
                return Commands{};
            },
            [&](const di::ReviewDecision&) { return review_decision(state); },
            [&](const di::EditDecision&) {
                if (!state.dpo.open_case.submitting) {
                    state.dpo.open_case.decision.checked = false;
                }
                return Commands{};
            },
            [&](const di::SubmitDecision&) { return submit_decision(state); },
            [&](const di::SubmitExtension&) { return submit_extension(state); },
            [&](const di::SelectProposal& i) {
                return select_proposal(state, i.purpose_id, i.version);
            },
            [&](const di::CloseProposal&) {
                if (!state.dpo.review.submitting) {
                    state.dpo.review = PurposeReview{};
                }
                return Commands{};
            },
            [&](const di::SubmitPurposeDecision&) { return submit_purpose_decision(state); },
            [&](const di::OpenAgencyLog& i) { return open_agency_log(state, i); },
            [&](const di::CloseAgencyLog&) {
                state.dpo.agency_log = AgencyLog{};
                return Commands{};
            },
            [&](const di::LoadMoreAgencyLog&) { return load_more_agency_log(state); },
        },
        intent);
}

Commands on_dpo_message(AppState& state, const DpoMessage& message) {
    const UnixMillis now = state.now;
    return std::visit(
        Overloaded{
            [&](const md::QueueLoaded& m) {
                if (m.filter == state.dpo.queue_filter) {
                    finish_load(state.dpo.queue, m.result,
                                [now](const api::ItemList<api::Objection>& list) {
                                    return queue_rows(list.items, now);
                                });
                }
                return Commands{};
            },
            [&](const md::ObjectionLoaded& m) { return objection_loaded(state, m); },
            [&](const md::ObjectionChanged& m) { return objection_changed(state, m); },
            [&](const md::PurposeDecided& m) { return purpose_decided(state, m); },
            [&](const md::VolumeLoaded& m) {
                finish_load(state.dpo.volume, m.result);
                return Commands{};
            },
            [&](const md::AgencyLogLoaded& m) { return agency_log_loaded(state, m); },
        },
        message);
}

} // namespace einblick::client
