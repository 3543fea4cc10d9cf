// Agency staff's API keys: the keys their agency's systems (Fachverfahren) use to call
// Einblick. A new key is shown exactly once, in a marked box with a warning, until the person
// confirms they have stored it; the server keeps only its hash. Revoking asks first
// ("Wirklich widerrufen?") and takes effect at once.
#include "agency_widgets.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"
#include "page_parts.hpp"
#include "widgets.hpp"

#include <algorithm>
#include <imgui.h>
#include <optional>
#include <string>

namespace einblick::client::views {
namespace {

namespace ia = intent::agency;
using agency::focus_widget;
using parts::name_last;

// Stable across languages: the focus moves between these by ID.
constexpr const char* label_field_id = "###new_key_label";
constexpr const char* revoke_id = "###revoke";
constexpr const char* cancel_revoke_id = "###cancel_revoke";

// [SECTION] What the previous frame showed (see agency::FrameMemory)

struct FocusMemory {
    int previous_created = 0; // id of the key shown once, 0: none
    int previous_confirm = 0; // id of the key whose revocation was being confirmed, 0: none
};

int created_id(const ApiKeysState& keys) {
    return keys.created ? static_cast<int>(keys.created->info.id) : 0;
}
int confirm_id(const ApiKeysState& keys) {
    return keys.confirm_revoke_id ? static_cast<int>(*keys.confirm_revoke_id) : 0;
}

// [SECTION] The key shown once

// What the box of the new key holds: the key to copy, the warning that it is shown once, and
// the button that dismisses it.
void draw_new_key_content(const AppState& state, const api::ApiKeyCreated& created,
                          float field_width, Intents& intents, bool just_created) {
    ui::begin_region(a11y::Role::Region, tr(state, "Neuer API-Schlüssel", "New API key"));
    const std::string title =
        std::string(tr(state, "Ihr neuer API-Schlüssel: ", "Your new API key: ")) +
        created.info.label;
    ui::heading(3, title.c_str());
    ui::status(tr(state, "Der Schlüssel wurde erstellt. Er wird nur dieses eine Mal angezeigt.",
                  "The key has been created. It is shown this one time only."),
               &palette::success);
    ui::paragraph(tr(state,
                     "Wichtig: Kopieren Sie den Schlüssel jetzt und hinterlegen Sie ihn sicher im "
                     "Fachverfahren. Einblick speichert nur einen Hashwert und kann ihn später "
                     "niemandem mehr anzeigen. Geht er verloren, widerrufen Sie ihn und erstellen "
                     "Sie einen neuen.",
                     "Important: copy the key now and store it safely in your system. Einblick "
                     "keeps only a hash and cannot show it to anyone later. If it is lost, "
                     "revoke it and create a new one."));
    std::string shown = created.key; // read-only: ImGui never writes to it
    ui::TextInputOptions field;
    field.read_only = true;
    field.focus = just_created; // selected on focus: ready to copy
    field.width = field_width;
    field.description = tr(state,
                           "Markieren Sie den Schlüssel und kopieren Sie ihn, zum Beispiel mit "
                           "Strg+A und Strg+C.",
                           "Select the key and copy it, for example with Ctrl+A and Ctrl+C.");
    ui::text_input(tr(state, "API-Schlüssel###created_key", "API key###created_key"), shown, field);
    ImGui::Spacing();
    ui::ButtonOptions done;
    done.primary = true;
    done.description = tr(state, "Der Schlüssel wird danach nie wieder angezeigt.",
                          "The key is never shown again afterwards.");
    if (ui::button(tr(state, "Ich habe den Schlüssel sicher gespeichert###dismiss_key",
                      "I have stored the key safely###dismiss_key"),
                   done)) {
        intents.emplace_back(ia::DismissNewKey{});
    }
    ui::end_region();
}

void draw_new_key(const AppState& state, Intents& intents, bool just_created) {
    const api::ApiKeyCreated& created = *state.agency.api_keys.created;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = std::min(900.0F, ImGui::GetContentRegionAvail().x);
    constexpr float padding = 16.0F;
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    ImGui::Dummy(ImVec2(0.0F, padding - ImGui::GetStyle().ItemSpacing.y));
    ImGui::Indent(padding);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - 2.0F * padding);

    draw_new_key_content(state, created, width - 2.0F * padding, intents, just_created);

    ImGui::PopTextWrapPos();
    ImGui::Unindent(padding);
    ImGui::Dummy(ImVec2(0.0F, padding - ImGui::GetStyle().ItemSpacing.y));
    const ImVec2 end(start.x + width,
                     ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y);
    draw->ChannelsSetCurrent(0);
    draw->AddRectFilled(start, end, ImGui::GetColorU32(palette::key_box_background), 6.0F);
    draw->AddRect(start, end, ImGui::GetColorU32(palette::brand), 6.0F, 0, 3.0F);
    draw->ChannelsMerge();
    ImGui::Spacing();
}

// [SECTION] Creating a key

void draw_create(AppState& state, Intents& intents, bool focus_label) {
    ApiKeysState& keys = state.agency.api_keys;
    ui::heading(3, tr(state, "Neuen Schlüssel erstellen", "Create a new key"));
    ui::begin_region(a11y::Role::Form, tr(state, "Neuen Schlüssel erstellen", "Create a new key"));
    const std::optional<std::string> error = parts::field_error(state, keys.errors, "/label");
    const std::string max = format_count(api::limits::api_key_label_max);
    const std::string hint =
        tr(state,
           "Wofür der Schlüssel verwendet wird, z. B. „Fachverfahren Zulassung, Produktion“. "
           "Höchstens ",
           "What the key is used for, e.g. “Registration system, production”. At most ") +
        max + tr(state, " Zeichen.", " characters.");
    const parts::ErrorLink links[] = {{"/label", label_field_id}};
    parts::draw_error_summary(state, keys.errors, links, 4);
    const std::string label = std::string(tr(state, "Bezeichnung", "Label")) + label_field_id;
    const std::string description = parts::field_head(state, label.c_str(), hint.c_str(), error);
    ui::TextInputOptions options;
    options.required = true;
    options.invalid = error.has_value();
    options.description = description.c_str();
    options.show_label = false;
    options.width = std::min(520.0F, ImGui::GetContentRegionAvail().x);
    options.focus = focus_label;
    ImGui::BeginDisabled(keys.creating);
    {
        const parts::InvalidFrame frame(options.invalid);
        ui::text_input(label.c_str(), keys.new_label, options);
    }
    // Enter in the field creates the key, as the button does.
    const bool enter = ImGui::IsItemDeactivated() && widgets::enter_pressed();
    ui::same_line_if_fits();
    ui::ButtonOptions create;
    create.primary = true;
    create.busy = keys.creating;
    const bool pressed = ui::button(
        keys.creating ? tr(state, "Wird erstellt …###create_key", "Creating …###create_key")
                      : tr(state, "Schlüssel erstellen###create_key", "Create key###create_key"),
        create);
    ImGui::EndDisabled();
    if ((pressed || enter) && !keys.creating) {
        intents.emplace_back(ia::CreateApiKey{});
    }
    ui::end_region();
    ImGui::Spacing();
}

// [SECTION] The list

void draw_confirmation(const AppState& state, const api::ApiKey& key, Intents& intents,
                       bool just_asked) {
    ui::alert(tr(state,
                 "Wirklich widerrufen? Systeme, die diesen Schlüssel verwenden, verlieren sofort "
                 "den Zugang.",
                 "Really revoke? Systems using this key lose access at once."),
              &palette::error);
    ui::ButtonOptions confirm;
    confirm.primary = true;
    const bool yes = ui::button(
        tr(state, "Ja, widerrufen###confirm_revoke", "Yes, revoke###confirm_revoke"), confirm);
    name_last(std::string(tr(state, "Ja, widerrufen: ", "Yes, revoke: ")) + key.label);
    if (yes) {
        intents.emplace_back(ia::ConfirmRevokeApiKey{});
    }
    ui::same_line_if_fits();
    const std::string cancel_label =
        std::string(tr(state, "Abbrechen", "Cancel")) + cancel_revoke_id;
    if (just_asked) {
        focus_widget(cancel_label.c_str()); // the safe choice first (the button asked went away)
    }
    const bool no = ui::button(cancel_label.c_str());
    name_last(std::string(tr(state, "Abbrechen: ", "Cancel: ")) + key.label +
              tr(state, " nicht widerrufen", " not revoked"));
    if (no) {
        intents.emplace_back(ia::CancelRevokeApiKey{});
    }
}

void draw_actions(const AppState& state, const api::ApiKey& key, Intents& intents,
                  const FocusMemory& memory) {
    const ApiKeysState& keys = state.agency.api_keys;
    ui::table_control_cell();
    if (!key.active) {
        return;
    }
    if (keys.revoking_id == key.id) {
        ImGui::BeginDisabled();
        ui::ButtonOptions busy;
        busy.busy = true;
        ui::button(tr(state, "Wird widerrufen …###revoking", "Revoking …###revoking"), busy);
        ImGui::EndDisabled();
        return;
    }
    if (keys.confirm_revoke_id == key.id) {
        draw_confirmation(state, key, intents, memory.previous_confirm != key.id);
        return;
    }
    const std::string label = std::string(tr(state, "Widerrufen", "Revoke")) + revoke_id;
    if (memory.previous_confirm == key.id) {
        focus_widget(label.c_str()); // the confirmation was cancelled: back to the button
    }
    ImGui::BeginDisabled(keys.revoking_id.has_value());
    const bool pressed = ui::button(label.c_str());
    name_last(std::string(tr(state, "Widerrufen: ", "Revoke: ")) + key.label);
    ImGui::EndDisabled();
    if (pressed) {
        intents.emplace_back(ia::AskRevokeApiKey{key.id});
    }
}

void draw_key_row(const AppState& state, const api::ApiKey& key, Intents& intents,
                  const FocusMemory& memory) {
    const std::string row = "key" + std::to_string(key.id);
    ImGui::PushID(row.c_str());
    ui::table_row(row.c_str());
    ui::table_cell(key.label.c_str());
    ui::table_cell(format_german_date_time(key.created_at).c_str());
    if (key.active) {
        ui::table_cell(tr(state, "aktiv", "active"), &palette::success);
    } else {
        std::string revoked = tr(state, "widerrufen", "revoked");
        if (key.revoked_at) {
            revoked += tr(state, " am ", " on ") + format_german_date_time(*key.revoked_at);
        }
        ui::table_cell(revoked.c_str(), &palette::muted_text);
    }
    draw_actions(state, key, intents, memory);
    ImGui::PopID();
}

float actions_width(const AppState& state) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float buttons = ImGui::CalcTextSize(tr(state, "Ja, widerrufen", "Yes, revoke")).x +
                          ImGui::CalcTextSize(tr(state, "Abbrechen", "Cancel")).x +
                          style.FramePadding.x * 4.0F + style.ItemSpacing.x;
    return std::max(buttons, 200.0F);
}

void draw_table(const AppState& state, Intents& intents, const FocusMemory& memory) {
    constexpr ImGuiTableFlags flags = parts::list_table_flags;
    if (!ui::begin_table("api_keys",
                         tr(state, "API-Schlüssel Ihrer Stelle", "Your agency's API keys"), 4,
                         flags)) {
        return;
    }
    ui::table_column(tr(state, "Bezeichnung", "Label"), ImGuiTableColumnFlags_None, 1.6F);
    ui::table_column(tr(state, "Erstellt am", "Created"), ImGuiTableColumnFlags_None, 0.9F);
    ui::table_column(tr(state, "Status", "Status"), ImGuiTableColumnFlags_None, 1.1F);
    ui::table_column(tr(state, "Aktion", "Action"), ImGuiTableColumnFlags_WidthFixed,
                     actions_width(state));
    ui::header_row();
    for (const api::ApiKey& key : state.agency.api_keys.list.data) {
        draw_key_row(state, key, intents, memory);
    }
    ui::end_table();
}

void draw_list(const AppState& state, Intents& intents, const FocusMemory& memory) {
    ui::heading(3, tr(state, "Schlüssel Ihrer Stelle", "Your agency's keys"));
    const auto& list = state.agency.api_keys.list;
    // A failed reload keeps the older list shown.
    if (!parts::remote_ready(state, list, tr(state, "Schlüssel werden geladen …", "Loading keys …"),
                             tr(state, "Die Schlüssel konnten nicht geladen werden.",
                                "The keys could not be loaded."),
                             intents)) {
        return;
    }
    if (list.data.empty()) {
        ui::status(tr(state,
                      "Ihre Stelle hat noch keinen API-Schlüssel. Erstellen Sie einen, wenn ein "
                      "Fachverfahren Einblick aufrufen soll.",
                      "Your agency has no API key yet. Create one when a system is to call "
                      "Einblick."));
        return;
    }
    draw_table(state, intents, memory);
}

void draw_messages(const AppState& state) {
    const ApiKeysState& keys = state.agency.api_keys;
    if (keys.notice) {
        ui::status(localized(state, *keys.notice).c_str(), &palette::success);
    }
    // A field's own error is written under the field; this is what the server said besides.
    if (keys.error && keys.errors.empty()) {
        ui::alert(localized(state, *keys.error).c_str(), &palette::error);
    }
    if (keys.notice || (keys.error && keys.errors.empty())) {
        ImGui::Spacing();
    }
}

} // namespace

void draw_api_keys(AppState& state, Intents& intents) {
    const agency::FrameMemory frames("api_keys");
    const ApiKeysState& keys = state.agency.api_keys;
    FocusMemory memory;
    memory.previous_created = frames.previous("created", created_id(keys));
    memory.previous_confirm = frames.previous("confirm", confirm_id(keys));

    ui::heading(2, page_title(state.page, state.language));
    ui::paragraph(tr(state,
                     "Mit einem API-Schlüssel meldet sich ein Fachverfahren Ihrer Stelle bei "
                     "Einblick an, um Abrufe prüfen und protokollieren zu lassen. Erstellen Sie "
                     "je Verfahren einen eigenen Schlüssel und widerrufen Sie Schlüssel, die nicht "
                     "mehr gebraucht werden oder in falsche Hände geraten sein könnten.",
                     "With an API key, a system of your agency signs in to Einblick to have "
                     "accesses checked and logged. Create one key per system and revoke keys "
                     "that are no longer needed or may have fallen into the wrong hands."),
                  &palette::muted_text);
    ImGui::Spacing();
    draw_messages(state);
    if (keys.created) {
        draw_new_key(state, intents, memory.previous_created != created_id(keys));
    }
    // The key box was closed: the focus goes on to creating the next key.
    const bool focus_label = memory.previous_created != 0 && !keys.created;
    draw_create(state, intents, focus_label);
    draw_list(state, intents, memory);

    frames.remember("created", created_id(keys));
    frames.remember("confirm", confirm_id(keys));
}

} // namespace einblick::client::views
