// Pages per role, what each page loads when shown, what it clears when left, field errors.
#include "einblick/client/app_state.hpp"
#include "update_internal.hpp"

#include <array>

namespace einblick::client {
namespace {

constexpr std::array citizen_pages{Page::Overview,   Page::History,  Page::Consents,
                                   Page::Objections, Page::Registry, Page::Export};
constexpr std::array dpo_pages{Page::ObjectionQueue, Page::PurposeReview, Page::UnusualAccess,
                               Page::Registry};
constexpr std::array agency_pages{Page::AgencyPurposes, Page::ApiKeys};

void append(Commands& to, Commands from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

Commands load_purposes(AppState& state) {
    if (!begin_load(state.purposes)) {
        return {};
    }
    return {command::LoadPurposes{}};
}

Commands load_vocabulary(AppState& state) {
    if (state.vocabulary.requested || !begin_load(state.vocabulary)) {
        return {};
    }
    return {command::LoadVocabulary{}};
}

Commands load_overview(AppState& state) {
    Commands out;
    OverviewState& overview = state.citizen.overview;
    if (!overview.counting) {
        overview = OverviewState{};
        overview.requested = true;
        overview.counting = true;
        overview.window_from = state.now - 30 * millis_per_day;
        out.emplace_back(command::citizen::LoadRecentEvents{overview.window_from, std::nullopt});
    }
    if (begin_load(state.citizen.monthly)) {
        out.emplace_back(command::citizen::LoadMonthly{});
    }
    if (begin_load(state.citizen.consents.list)) {
        out.emplace_back(command::citizen::LoadConsents{});
    }
    if (begin_load(state.citizen.objections.list)) {
        out.emplace_back(command::citizen::LoadObjections{});
    }
    return out;
}

Commands load_citizen_page(AppState& state, Page page) {
    Commands out;
    switch (page) {
    case Page::Overview:
        return load_overview(state);
    case Page::History:
        if (!state.history.requested) {
            out = load_history_first_page(state);
        }
        if (!state.purposes.requested) {
            append(out, load_purposes(state)); // agencies and purposes for the filters
        }
        return out;
    case Page::Consents:
        if (begin_load(state.citizen.consents.list)) {
            out.emplace_back(command::citizen::LoadConsents{});
        }
        append(out, load_purposes(state)); // the purposes one may consent to
        return out;
    case Page::Objections:
        if (begin_load(state.citizen.objections.list)) {
            out.emplace_back(command::citizen::LoadObjections{});
        }
        return out;
    default:
        return {};
    }
}

Commands load_dpo_page(AppState& state, Page page) {
    Commands out;
    DpoState& dpo = state.dpo;
    switch (page) {
    case Page::ObjectionQueue:
        if (begin_load(dpo.queue)) {
            out.emplace_back(command::dpo::LoadQueue{dpo.queue_filter});
        }
        if (dpo.open_case.id && begin_load(dpo.open_case.objection)) {
            out.emplace_back(command::dpo::LoadObjection{*dpo.open_case.id});
        }
        return out;
    case Page::PurposeReview:
        return load_purposes(state);
    case Page::UnusualAccess:
        if (begin_load(dpo.volume)) {
            out.emplace_back(command::dpo::LoadVolume{});
        }
        // An opened agency log whose first page failed is asked for again (retry).
        if (dpo.agency_log.agency_code && dpo.agency_log.rows.phase == LoadPhase::Failed &&
            begin_load(dpo.agency_log.rows)) {
            out.emplace_back(command::dpo::LoadAgencyLog{*dpo.agency_log.agency_code,
                                                         dpo.agency_log.from, std::nullopt});
        }
        return out;
    default:
        return {};
    }
}

} // namespace

std::span<const Page> pages_for_role(api::Role role) {
    switch (role) {
    case api::Role::Dpo:
        return dpo_pages;
    case api::Role::Agency:
        return agency_pages;
    case api::Role::Citizen:
        break;
    }
    return citizen_pages;
}

bool page_allowed(api::Role role, Page page) {
    for (const Page allowed : pages_for_role(role)) {
        if (allowed == page) {
            return true;
        }
    }
    return false;
}

const char* page_title(Page page, Language language) {
    const bool de = language == Language::German;
    switch (page) {
    case Page::Overview:
        return de ? "Übersicht" : "Overview";
    case Page::History:
        return de ? "Zugriffe" : "Accesses";
    case Page::Consents:
        return de ? "Einwilligungen" : "Consents";
    case Page::Objections:
        return de ? "Widersprüche" : "Objections";
    case Page::Registry:
        return de ? "Zweckregister" : "Purpose registry";
    case Page::Export:
        return de ? "Export" : "Export";
    case Page::ObjectionQueue:
        return de ? "Widersprüche" : "Objections";
    case Page::PurposeReview:
        return de ? "Zwecke prüfen" : "Review purposes";
    case Page::UnusualAccess:
        return de ? "Auffällige Zugriffe" : "Unusual access";
    case Page::AgencyPurposes:
        return de ? "Zwecke" : "Purposes";
    case Page::ApiKeys:
        return de ? "API-Schlüssel" : "API keys";
    }
    return "";
}

const FieldError* first_error(const FieldErrors& errors, std::string_view field) {
    for (const FieldError& error : errors) {
        const std::string_view name = error.field;
        const bool nested = name.size() > field.size() && name.substr(0, field.size()) == field &&
                            name[field.size()] == '/';
        if (name == field || nested) {
            return &error;
        }
    }
    return nullptr;
}

std::optional<std::string> error_for(const FieldErrors& errors, std::string_view field) {
    const FieldError* error = first_error(errors, field);
    return error != nullptr ? std::optional<std::string>(error->message) : std::nullopt;
}

FieldErrors field_errors_from(const std::vector<api::FieldViolation>& violations) {
    FieldErrors out;
    for (const api::FieldViolation& v : violations) {
        out.push_back(
            {v.field, v.detail.empty() ? "Bitte prüfen Sie diese Angabe." : v.detail, v.rule});
    }
    return out;
}

Commands load_page(AppState& state, Page page) {
    switch (page) {
    case Page::Overview:
    case Page::History:
    case Page::Consents:
    case Page::Objections:
        return load_citizen_page(state, page);
    case Page::Registry:
    case Page::AgencyPurposes: {
        Commands out = load_purposes(state);
        if (page == Page::AgencyPurposes) {
            append(out, load_vocabulary(state));
        }
        return out;
    }
    case Page::Export:
        return {};
    case Page::ObjectionQueue:
    case Page::PurposeReview:
    case Page::UnusualAccess:
        return load_dpo_page(state, page);
    case Page::ApiKeys:
        if (begin_load(state.agency.api_keys.list)) {
            return {command::agency::LoadApiKeys{}};
        }
        return {};
    }
    return {};
}

void leave_page(AppState& state, Page page) {
    if (page == Page::ApiKeys) {
        ApiKeysState& keys = state.agency.api_keys;
        if (keys.created) {
            // Overwrite before letting go: the key must not linger in memory.
            keys.created->key.assign(keys.created->key.size(), '\0');
        }
        keys.created.reset();
        keys.confirm_revoke_id.reset();
        keys.notice.reset();
    }
}

void release_submits(AppState& state) {
    ObjectionFlow& objection = state.citizen.objection_flow;
    if (objection.step == FlowStep::Submitting) {
        objection.step = FlowStep::Review;
    }
    ConsentFlow& consent = state.citizen.consent_flow;
    if (consent.step == FlowStep::Submitting) {
        consent.step = FlowStep::Review;
    }
    state.citizen.consents.withdrawing_id.reset();
    state.dpo.open_case.submitting = false;
    state.dpo.review.submitting = false;
    state.agency.purpose_form.submitting = false;
    state.agency.api_keys.creating = false;
    state.agency.api_keys.revoking_id.reset();
    leave_page(state, Page::ApiKeys);
}

} // namespace einblick::client
