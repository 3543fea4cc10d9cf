#pragma once
// Intents, commands and messages of the citizen's pages (see messages.hpp for the kinds).

#include "einblick/client/citizen_state.hpp"
#include "einblick/client/result.hpp"
#include "einblick/shared/api_dashboard.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace einblick::client {

namespace intent::citizen {
// History: filters are edited in HistoryState::filter_form, then applied (reloads page one).
struct ApplyHistoryFilter {};
struct ResetHistoryFilter {};
struct SortHistory {
    HistorySort sort = HistorySort::Newest;
};
struct SelectEvent { // shows the detail and fetches the purpose's registry entry
    std::string event_id;
};
struct CloseEventDetail {};
struct OpenAccess { // from the overview's latest accesses: the history page with this detail
    std::string event_id;
};
// Objection flow: start from an access (history detail) or a purpose (registry), then
// Review (checks the form) → Submit; Edit goes back from Review; Close ends or cancels.
struct ObjectToEvent {
    std::string event_id;
};
struct ObjectToPurpose {
    std::int64_t purpose_id = 0;
};
struct ReviewObjection {};
struct EditObjection {};
struct SubmitObjection {};
struct CloseObjection {};
// Consent flow: the same steps. A purpose may be preselected (from the registry).
struct StartConsent {
    std::optional<std::int64_t> purpose_id;
};
struct ChooseConsentPurpose {
    std::int64_t purpose_id = 0;
};
struct ReviewConsent {};
struct EditConsent {};
struct SubmitConsent {};
struct CloseConsent {};
struct WithdrawConsent { // one step, as easy as giving it (Art. 7(3))
    std::int64_t consent_id = 0;
};
struct DownloadExport {
    api::ExportFormat format = api::ExportFormat::Json;
};
} // namespace intent::citizen

using CitizenIntent =
    std::variant<intent::citizen::ApplyHistoryFilter, intent::citizen::ResetHistoryFilter,
                 intent::citizen::SortHistory, intent::citizen::SelectEvent,
                 intent::citizen::CloseEventDetail, intent::citizen::OpenAccess,
                 intent::citizen::ObjectToEvent, intent::citizen::ObjectToPurpose,
                 intent::citizen::ReviewObjection, intent::citizen::EditObjection,
                 intent::citizen::SubmitObjection, intent::citizen::CloseObjection,
                 intent::citizen::StartConsent, intent::citizen::ChooseConsentPurpose,
                 intent::citizen::ReviewConsent, intent::citizen::EditConsent,
                 intent::citizen::SubmitConsent, intent::citizen::CloseConsent,
                 intent::citizen::WithdrawConsent, intent::citizen::DownloadExport>;

namespace command::citizen {
struct LoadRecentEvents { // one page of the overview's 30-day window
    UnixMillis from = 0;
    std::optional<std::string> cursor;
};
struct LoadMonthly {};
struct LoadConsents {};
struct GrantConsent {
    api::ConsentRequest request;
};
struct WithdrawConsent {
    std::int64_t consent_id = 0;
};
struct LoadObjections {};
struct FileObjection {
    api::ObjectionRequest request;
};
struct LoadPurpose { // the registry entry for the history detail
    std::int64_t purpose_id = 0;
};
struct LoadAccessEvent { // one access a link names, for its detail
    std::string event_id;
};
} // namespace command::citizen

using CitizenCommand =
    std::variant<command::citizen::LoadRecentEvents, command::citizen::LoadMonthly,
                 command::citizen::LoadConsents, command::citizen::GrantConsent,
                 command::citizen::WithdrawConsent, command::citizen::LoadObjections,
                 command::citizen::FileObjection, command::citizen::LoadPurpose,
                 command::citizen::LoadAccessEvent>;

namespace message::citizen {
struct RecentEventsLoaded {
    Result<api::AccessEventPage> result;
    bool first_page = true;
};
struct MonthlyLoaded {
    Result<api::MonthlyStatistics> result;
};
struct ConsentsLoaded {
    Result<api::ItemList<api::Consent>> result;
};
struct ConsentGranted {
    Result<api::Consent> result;
};
struct ConsentWithdrawn {
    Result<api::Consent> result;
    std::int64_t consent_id = 0;
};
struct ObjectionsLoaded {
    Result<api::ItemList<api::Objection>> result;
};
struct ObjectionFiled {
    Result<api::Objection> result;
};
struct PurposeLoaded {
    Result<api::Purpose> result;
    std::int64_t purpose_id = 0;
};
struct AccessEventLoaded {
    Result<api::AccessEvent> result;
    std::string event_id;
};
} // namespace message::citizen

using CitizenMessage =
    std::variant<message::citizen::RecentEventsLoaded, message::citizen::MonthlyLoaded,
                 message::citizen::ConsentsLoaded, message::citizen::ConsentGranted,
                 message::citizen::ConsentWithdrawn, message::citizen::ObjectionsLoaded,
                 message::citizen::ObjectionFiled, message::citizen::PurposeLoaded,
                 message::citizen::AccessEventLoaded>;

} // namespace einblick::client
