// The citizen's pages apart from the history: overview (counted from the 30-day window of the
// history), monthly statistics, consents (list, withdrawal), objections list, export.
#include "einblick/client/api_client.hpp"
#include "einblick/client/update.hpp"
#include "einblick/shared/civil_time.hpp"
#include "update_internal.hpp"

#include <algorithm>
#include <utility>

namespace einblick::client {
namespace {

// The client's own choice, not an API rule: at most this many pages of
// api::limits::history_page_size_max entries each; beyond that "mehr als".
constexpr int overview_max_pages = 5;
constexpr std::size_t overview_latest = 5;

constexpr const char* text_withdrawn =
    "Ihre Einwilligung wurde widerrufen. Die Behörde darf Ihre Daten ab sofort nicht mehr auf "
    "dieser Grundlage verwenden.";

Commands recent_events_loaded(AppState& state, const message::citizen::RecentEventsLoaded& m) {
    OverviewState& overview = state.citizen.overview;
    if (!overview.counting) {
        return {};
    }
    if (!m.result.ok()) {
        overview.counting = false;
        overview.error = m.result.error();
        return {};
    }
    const api::AccessEventPage& page = m.result.value();
    std::vector<api::AccessEvent> shown; // the latest accesses this page adds to the overview
    for (const api::AccessEvent& event : page.items) {
        if (event.kind == api::AccessKind::Check) {
            overview.denied_checks_30d += event.outcome == api::AccessOutcome::Denied ? 1 : 0;
        } else {
            ++overview.accesses_30d;
        }
        if (overview.latest.size() < overview_latest) {
            overview.latest.push_back(make_event_row(event));
            shown.push_back(event);
        }
    }
    // The latest accesses are checked against the signed log as the history's entries are;
    // the result joins the same record of checks, by entry id.
    Commands out;
    if (!shown.empty()) {
        ++state.history.trust.pending;
        out.emplace_back(command::VerifyLog{std::move(shown)});
    }
    ++overview.pages_read;
    if (page.next_cursor && overview.pages_read < overview_max_pages) {
        out.emplace_back(
            command::citizen::LoadRecentEvents{overview.window_from, page.next_cursor});
        return out;
    }
    overview.counting = false;
    overview.count_is_lower_bound = page.next_cursor.has_value();
    overview.error.reset();
    return out;
}

std::vector<ConsentRow> consent_rows(const std::vector<api::Consent>& consents, UnixMillis now) {
    std::vector<ConsentRow> rows;
    for (const api::Consent& consent : consents) {
        rows.push_back(make_consent_row(consent, now));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const ConsentRow& a, const ConsentRow& b) {
        return a.consent.granted_at > b.consent.granted_at;
    });
    return rows;
}

std::vector<ObjectionRow> objection_rows(const std::vector<api::Objection>& objections) {
    std::vector<ObjectionRow> rows;
    for (const api::Objection& objection : objections) {
        rows.push_back(make_objection_row(objection));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const ObjectionRow& a, const ObjectionRow& b) {
        return a.objection.received_at > b.objection.received_at;
    });
    return rows;
}

Commands withdraw_consent(AppState& state, std::int64_t consent_id) {
    ConsentsState& consents = state.citizen.consents;
    if (consents.withdrawing_id) {
        return {};
    }
    const auto& rows = consents.list.data;
    const auto row = std::find_if(rows.begin(), rows.end(), [&](const ConsentRow& r) {
        return r.consent.id == consent_id && r.consent.state == api::ConsentState::Given;
    });
    if (row == rows.end()) {
        return {};
    }
    consents.withdrawing_id = consent_id;
    consents.notice.reset();
    consents.error.reset();
    return {command::citizen::WithdrawConsent{consent_id}};
}

Commands consent_withdrawn(AppState& state, const message::citizen::ConsentWithdrawn& m) {
    ConsentsState& consents = state.citizen.consents;
    consents.withdrawing_id.reset();
    if (!m.result.ok()) {
        consents.error = m.result.error();
        if (m.result.status() == ApiStatus::Conflict && begin_load(consents.list)) {
            return {command::citizen::LoadConsents{}}; // withdrawn elsewhere meanwhile
        }
        return {};
    }
    for (ConsentRow& row : consents.list.data) {
        if (row.consent.id == m.consent_id) {
            row = make_consent_row(m.result.value(), state.now);
        }
    }
    consents.notice = text_withdrawn;
    return {};
}

Commands download_export(AppState& state, api::ExportFormat format) {
    state.citizen.last_download = format;
    return {command::OpenDownload{export_url(format)}};
}

} // namespace

ConsentRow make_consent_row(const api::Consent& consent, UnixMillis now) {
    ConsentRow row;
    row.consent = consent;
    row.granted_at = format_german_date(consent.granted_at);
    row.expires_at = format_german_date(consent.expires_at);
    if (consent.withdrawn_at) {
        row.withdrawn_at = format_german_date(*consent.withdrawn_at);
    }
    row.expires_soon = consent.state == api::ConsentState::Given && consent.expires_at > now &&
                       consent.expires_at - now <= 30 * millis_per_day;
    return row;
}

ObjectionRow make_objection_row(const api::Objection& objection) {
    ObjectionRow row;
    row.objection = objection;
    row.received_at = format_german_date(objection.received_at);
    row.due_at = format_german_date(objection.due_at);
    row.original_due_at = format_german_date(objection.original_due_at);
    if (objection.decided_at) {
        row.decided_at = format_german_date(*objection.decided_at);
    }
    row.extended =
        objection.extension_reason.has_value() || objection.due_at != objection.original_due_at;
    return row;
}

Commands on_citizen_intent(AppState& state, const CitizenIntent& intent) {
    if (state.screen != Screen::Dashboard || !state.session ||
        state.session->role != api::Role::Citizen) {
        return {};
    }
    bool handled = false;
    Commands out = on_history_intent(state, intent, handled);
    if (handled) {
        return out;
    }
    out = on_citizen_flow_intent(state, intent, handled);
    if (handled) {
        return out;
    }
    if (const auto* withdraw = std::get_if<intent::citizen::WithdrawConsent>(&intent)) {
        return withdraw_consent(state, withdraw->consent_id);
    }
    if (const auto* download = std::get_if<intent::citizen::DownloadExport>(&intent)) {
        return download_export(state, download->format);
    }
    return {};
}

Commands on_citizen_message(AppState& state, const CitizenMessage& message) {
    namespace mc = message::citizen;
    const UnixMillis now = state.now;
    return std::visit(
        Overloaded{
            [&](const mc::RecentEventsLoaded& m) { return recent_events_loaded(state, m); },
            [&](const mc::MonthlyLoaded& m) {
                finish_load(state.citizen.monthly, m.result);
                return Commands{};
            },
            [&](const mc::ConsentsLoaded& m) {
                finish_load(state.citizen.consents.list, m.result,
                            [now](const api::ItemList<api::Consent>& list) {
                                return consent_rows(list.items, now);
                            });
                return Commands{};
            },
            [&](const mc::ConsentGranted& m) { return consent_granted(state, m.result); },
            [&](const mc::ConsentWithdrawn& m) { return consent_withdrawn(state, m); },
            [&](const mc::ObjectionsLoaded& m) {
                finish_load(state.citizen.objections.list, m.result,
                            [](const api::ItemList<api::Objection>& list) {
                                return objection_rows(list.items);
                            });
                return Commands{};
            },
            [&](const mc::ObjectionFiled& m) { return objection_filed(state, m.result); },
            [&](const mc::PurposeLoaded& m) { return history_purpose_loaded(state, m); },
            [&](const mc::AccessEventLoaded& m) { return history_access_event_loaded(state, m); },
        },
        message);
}

} // namespace einblick::client
