// The features' commands → API client calls → typed messages.
#include "app_commands.hpp"

#include <type_traits>
#include <utility>
#include <variant>

namespace einblick::client::detail {
namespace {

// A callback that wraps the result into message M (whose only member is `result`).
template <class M, class T> ApiCallback<T> to(const Post& post) {
    return [post](Result<T> r) { post(M{std::move(r)}); };
}

template <class... Fs> struct Overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> Overloaded(Fs...) -> Overloaded<Fs...>;

} // namespace

void run(ApiClient& api, const CitizenCommand& command, const Post& post) {
    namespace cc = command::citizen;
    namespace mc = message::citizen;
    std::visit(
        Overloaded{
            [&](const cc::LoadRecentEvents& c) {
                EventQuery query;
                query.from = c.from;
                const bool first = !c.cursor.has_value();
                api.fetch_access_events(query, c.cursor, api::limits::history_page_size_max,
                                        [post, first](Result<api::AccessEventPage> r) {
                                            post(mc::RecentEventsLoaded{std::move(r), first});
                                        });
            },
            [&](const cc::LoadMonthly&) {
                api.fetch_monthly_statistics(to<mc::MonthlyLoaded, api::MonthlyStatistics>(post));
            },
            [&](const cc::LoadConsents&) {
                api.fetch_consents(to<mc::ConsentsLoaded, api::ItemList<api::Consent>>(post));
            },
            [&](const cc::GrantConsent& c) {
                api.grant_consent(c.request, to<mc::ConsentGranted, api::Consent>(post));
            },
            [&](const cc::WithdrawConsent& c) {
                api.withdraw_consent(c.consent_id,
                                     [post, id = c.consent_id](Result<api::Consent> r) {
                                         post(mc::ConsentWithdrawn{std::move(r), id});
                                     });
            },
            [&](const cc::LoadObjections&) {
                api.fetch_my_objections(
                    to<mc::ObjectionsLoaded, api::ItemList<api::Objection>>(post));
            },
            [&](const cc::FileObjection& c) {
                api.file_objection(c.request, to<mc::ObjectionFiled, api::Objection>(post));
            },
            [&](const cc::LoadPurpose& c) {
                api.fetch_purpose(c.purpose_id, [post, id = c.purpose_id](Result<api::Purpose> r) {
                    post(mc::PurposeLoaded{std::move(r), id});
                });
            },
            [&](const cc::LoadAccessEvent& c) {
                api.fetch_access_event(c.event_id,
                                       [post, id = c.event_id](Result<api::AccessEvent> r) {
                                           post(mc::AccessEventLoaded{std::move(r), id});
                                       });
            },
        },
        command);
}

void run(ApiClient& api, const DpoCommand& command, const Post& post) {
    namespace cd = command::dpo;
    namespace md = message::dpo;
    std::visit(
        Overloaded{
            [&](const cd::LoadQueue& c) {
                api.fetch_objection_queue(
                    c.filter, [post, filter = c.filter](Result<api::ItemList<api::Objection>> r) {
                        post(md::QueueLoaded{std::move(r), filter});
                    });
            },
            [&](const cd::LoadObjection& c) {
                api.fetch_objection(c.objection_id,
                                    [post, id = c.objection_id](Result<api::Objection> r) {
                                        post(md::ObjectionLoaded{std::move(r), id});
                                    });
            },
            [&](const cd::DecideObjection& c) {
                api.decide_objection(c.objection_id, c.revision, c.request,
                                     [post, id = c.objection_id](Result<api::Objection> r) {
                                         post(md::ObjectionChanged{std::move(r), id});
                                     });
            },
            [&](const cd::ExtendObjection& c) {
                api.extend_objection(c.objection_id, c.revision, c.request,
                                     [post, id = c.objection_id](Result<api::Objection> r) {
                                         post(md::ObjectionChanged{std::move(r), id});
                                     });
            },
            [&](const cd::DecidePurpose& c) {
                api.decide_purpose_version(c.purpose_id, c.version, c.request,
                                           [post, id = c.purpose_id](Result<api::Purpose> r) {
                                               post(md::PurposeDecided{std::move(r), id});
                                           });
            },
            [&](const cd::LoadVolume&) {
                api.fetch_agency_volume(to<md::VolumeLoaded, api::AgencyVolumeStatistics>(post));
            },
            [&](const cd::LoadAgencyLog& c) {
                api.fetch_agency_log(c.agency_code, c.from, c.cursor,
                                     [post, code = c.agency_code,
                                      more = c.cursor.has_value()](Result<api::AccessEventPage> r) {
                                         post(md::AgencyLogLoaded{std::move(r), code, more});
                                     });
            },
        },
        command);
}

void run(ApiClient& api, const AgencyCommand& command, const Post& post) {
    namespace ca = command::agency;
    namespace ma = message::agency;
    std::visit(Overloaded{
                   [&](const ca::ProposePurpose& c) {
                       api.propose_purpose(c.content, to<ma::PurposeSubmitted, api::Purpose>(post));
                   },
                   [&](const ca::RevisePurpose& c) {
                       api.revise_purpose(c.purpose_id, c.content,
                                          to<ma::PurposeSubmitted, api::Purpose>(post));
                   },
                   [&](const ca::LoadApiKeys&) {
                       api.fetch_api_keys(to<ma::ApiKeysLoaded, api::ItemList<api::ApiKey>>(post));
                   },
                   [&](const ca::CreateApiKey& c) {
                       api.create_api_key(c.request,
                                          to<ma::ApiKeyCreated, api::ApiKeyCreated>(post));
                   },
                   [&](const ca::RevokeApiKey& c) {
                       api.revoke_api_key(c.key_id, [post, id = c.key_id](Result<Done> r) {
                           post(ma::ApiKeyRevoked{std::move(r), id});
                       });
                   },
               },
               command);
}

} // namespace einblick::client::detail
