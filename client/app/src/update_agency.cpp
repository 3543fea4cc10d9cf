// Agency staff's pages: the propose/revise form (inline validation, the server's 400 mapped
// onto the same fields) and API keys (the new key shown once, revoking with confirmation).
#include "einblick/client/selectors.hpp"
#include "einblick/client/update.hpp"
#include "einblick/shared/text.hpp"
#include "update_internal.hpp"

#include <algorithm>
#include <utility>

namespace einblick::client {
namespace {

namespace ia = intent::agency;
namespace ma = message::agency;

constexpr const char* text_submitted =
    "Der Zweck wurde zur Prüfung eingereicht. Er gilt erst, wenn die Datenschutzbeauftragte "
    "ihn genehmigt hat.";
constexpr const char* text_revoked =
    "Der Schlüssel wurde widerrufen und gilt ab sofort nicht mehr.";

Commands ensure_vocabulary(AppState& state) {
    if (state.vocabulary.requested || !begin_load(state.vocabulary)) {
        return {};
    }
    return {command::LoadVocabulary{}};
}

void fill_form(PurposeForm& form, const api::PurposeContent& content) {
    form.name = content.name;
    form.description = content.description;
    form.legal_basis = content.legal_basis;
    form.gdpr_basis = content.gdpr_basis;
    form.data_categories = content.data_categories;
    form.source_registers = content.source_registers;
    form.recipients_text.clear();
    for (const std::string& recipient : content.recipients) {
        form.recipients_text += (form.recipients_text.empty() ? "" : "\n") + recipient;
    }
    form.retention_days_text = std::to_string(content.retention_days);
}

Commands new_purpose(AppState& state) {
    PurposeForm& form = state.agency.purpose_form;
    if (form.submitting || (form.open && !form.purpose_id)) {
        return ensure_vocabulary(state); // already open: keep what was typed
    }
    form = PurposeForm{};
    form.open = true;
    return ensure_vocabulary(state);
}

Commands revise_purpose(AppState& state, std::int64_t purpose_id) {
    PurposeForm& form = state.agency.purpose_form;
    if (form.submitting || (form.open && form.purpose_id == purpose_id)) {
        return ensure_vocabulary(state);
    }
    const api::Purpose* purpose = find_purpose(state, purpose_id);
    if (purpose == nullptr || purpose->versions.empty()) {
        return {};
    }
    form = PurposeForm{};
    form.open = true;
    form.purpose_id = purpose_id;
    fill_form(form, purpose->versions.back().content); // the newest version, also if rejected
    return ensure_vocabulary(state);
}

void toggle(std::vector<std::string>& codes, const std::string& code) {
    const auto it = std::find(codes.begin(), codes.end(), code);
    if (it == codes.end()) {
        codes.push_back(code);
    } else {
        codes.erase(it);
    }
}

Commands submit_purpose(AppState& state) {
    PurposeForm& form = state.agency.purpose_form;
    if (!form.open || form.submitting) {
        return {};
    }
    form.errors = validate_purpose_form(form, state);
    form.error.reset();
    form.notice.reset();
    if (!form.errors.empty()) {
        return {};
    }
    form.submitting = true;
    if (form.purpose_id) {
        return {command::agency::RevisePurpose{*form.purpose_id, purpose_content_of(form)}};
    }
    return {command::agency::ProposePurpose{purpose_content_of(form)}};
}

Commands purpose_submitted(AppState& state, const Result<api::Purpose>& result) {
    PurposeForm& form = state.agency.purpose_form;
    if (!form.submitting) {
        return {};
    }
    form.submitting = false;
    if (!result.ok()) {
        form.error = result.error();
        form.errors = field_errors_from(result.violations());
        return {};
    }
    auto& purposes = state.purposes.data;
    const auto it = std::find_if(purposes.begin(), purposes.end(),
                                 [&](const api::Purpose& p) { return p.id == result.value().id; });
    if (it != purposes.end()) {
        *it = result.value();
    } else {
        purposes.push_back(result.value());
    }
    form = PurposeForm{};
    form.notice = text_submitted;
    return {};
}

// [SECTION] API keys

void wipe_created(ApiKeysState& keys) {
    if (keys.created) {
        keys.created->key.assign(keys.created->key.size(), '\0');
    }
    keys.created.reset();
}

Commands create_api_key(AppState& state) {
    ApiKeysState& keys = state.agency.api_keys;
    if (keys.creating) {
        return {};
    }
    keys.errors.clear();
    keys.error.reset();
    keys.notice.reset();
    if (is_blank(keys.new_label)) {
        keys.errors.push_back(
            {"/label", "Bitte geben Sie an, wofür der Schlüssel verwendet wird."});
    } else if (utf8_length(keys.new_label) > api::limits::api_key_label_max) {
        keys.errors.push_back({"/label", "Die Bezeichnung darf höchstens " +
                                             std::to_string(api::limits::api_key_label_max) +
                                             " Zeichen lang sein."});
    }
    if (!keys.errors.empty()) {
        return {};
    }
    wipe_created(keys);
    keys.creating = true;
    return {command::agency::CreateApiKey{api::ApiKeyRequest{keys.new_label}}};
}

Commands api_key_created(AppState& state, const Result<api::ApiKeyCreated>& result) {
    ApiKeysState& keys = state.agency.api_keys;
    if (!keys.creating) {
        return {};
    }
    keys.creating = false;
    if (!result.ok()) {
        keys.error = result.error();
        keys.errors = field_errors_from(result.violations());
        return {};
    }
    keys.created = result.value();
    keys.new_label.clear();
    keys.list.data.insert(keys.list.data.begin(), result.value().info);
    return {};
}

Commands confirm_revoke(AppState& state) {
    ApiKeysState& keys = state.agency.api_keys;
    if (!keys.confirm_revoke_id || keys.revoking_id) {
        return {};
    }
    keys.revoking_id = keys.confirm_revoke_id;
    keys.confirm_revoke_id.reset();
    keys.error.reset();
    keys.notice.reset();
    return {command::agency::RevokeApiKey{*keys.revoking_id}};
}

Commands api_key_revoked(AppState& state, const ma::ApiKeyRevoked& m) {
    ApiKeysState& keys = state.agency.api_keys;
    keys.revoking_id.reset();
    if (!m.result.ok()) {
        keys.error = m.result.error();
        if (m.result.status() == ApiStatus::NotFound && begin_load(keys.list)) {
            return {command::agency::LoadApiKeys{}}; // revoked elsewhere meanwhile
        }
        return {};
    }
    for (api::ApiKey& key : keys.list.data) {
        if (key.id == m.key_id) {
            key.active = false;
            key.revoked_at = state.now;
        }
    }
    keys.notice = text_revoked;
    return {};
}

} // namespace

Commands on_agency_intent(AppState& state, const AgencyIntent& intent) {
    if (state.screen != Screen::Dashboard || !state.session ||
        state.session->role != api::Role::Agency) {
        return {};
    }
    PurposeForm& form = state.agency.purpose_form;
    ApiKeysState& keys = state.agency.api_keys;
    const auto recheck = [&] {
        if (!form.errors.empty()) { // once shown, errors follow the input
            form.errors = validate_purpose_form(form, state);
        }
        return Commands{};
    };
    return std::visit(
        Overloaded{
            [&](const ia::NewPurpose&) { return new_purpose(state); },
            [&](const ia::RevisePurpose& i) { return revise_purpose(state, i.purpose_id); },
            [&](const ia::TogglePurposeCategory& i) {
                toggle(form.data_categories, i.code);
                return recheck();
            },
            [&](const ia::TogglePurposeRegister& i) {
                toggle(form.source_registers, i.code);
                return recheck();
            },
            [&](const ia::CheckPurposeForm&) {
                form.errors = validate_purpose_form(form, state);
                return Commands{};
            },
            [&](const ia::SubmitPurpose&) { return submit_purpose(state); },
            [&](const ia::ClosePurposeForm&) {
                if (!form.submitting) {
                    form = PurposeForm{};
                }
                return Commands{};
            },
            [&](const ia::CreateApiKey&) { return create_api_key(state); },
            [&](const ia::DismissNewKey&) {
                wipe_created(keys);
                return Commands{};
            },
            [&](const ia::AskRevokeApiKey& i) {
                keys.confirm_revoke_id = i.key_id;
                return Commands{};
            },
            [&](const ia::ConfirmRevokeApiKey&) { return confirm_revoke(state); },
            [&](const ia::CancelRevokeApiKey&) {
                keys.confirm_revoke_id.reset();
                return Commands{};
            },
        },
        intent);
}

Commands on_agency_message(AppState& state, const AgencyMessage& message) {
    return std::visit(
        Overloaded{
            [&](const ma::PurposeSubmitted& m) { return purpose_submitted(state, m.result); },
            [&](const ma::ApiKeysLoaded& m) {
                finish_load(state.agency.api_keys.list, m.result,
                            [](const api::ItemList<api::ApiKey>& list) { return list.items; });
                return Commands{};
            },
            [&](const ma::ApiKeyCreated& m) { return api_key_created(state, m.result); },
            [&](const ma::ApiKeyRevoked& m) { return api_key_revoked(state, m); },
        },
        message);
}

} // namespace einblick::client
