// Agency staff's purposes (Verzeichnis von Verarbeitungstätigkeiten, Art. 30 DSGVO): every
// purpose of their agency with the status of its newest version and the reason the data
// protection officer gave, and the form to propose a new purpose or a new version of one.
//
// The form is drawn instead of the list while it is open. Its errors (the app layer's checks
// or the server's 400, in one FieldErrors) appear twice, as GOV.UK forms do: an error summary
// at the top whose entries move the focus to their field, and under each invalid field, which
// is also marked invalid for assistive technology. Once errors are shown they are checked
// again whenever a field is left, so they follow what the person types; before the first
// submission nobody is told off for fields they have not reached yet.
//
// This file draws the page and keeps the focus memory; the list, the form and its fields are
// in agency_purposes_list.cpp, agency_purposes_form.cpp and agency_purposes_fields.cpp (shared
// declarations in agency_purposes_parts.hpp).
#include "agency_purposes_parts.hpp"
#include "agency_widgets.hpp"
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"

#include <algorithm>
#include <imgui.h>

namespace einblick::client::views {
namespace {

using agency_purposes::FocusMemory;
using agency_purposes::form_key;
using agency_purposes::summary_settled;

bool summary_shown(const PurposeForm& form) {
    return form.open && !form.errors.empty();
}

FocusMemory recall(const agency::FrameMemory& frames, const PurposeForm& form) {
    FocusMemory memory;
    // Nothing remembered (first frame on this page): as if it had looked as it does now.
    memory.previous_form = frames.previous("form", form_key(form));
    memory.summary_frames = frames.previous("summary", summary_shown(form) ? summary_settled : 0);
    return memory;
}

void remember(const agency::FrameMemory& frames, const FocusMemory& memory,
              const PurposeForm& form) {
    frames.remember("form", form_key(form));
    frames.remember("summary",
                    summary_shown(form) ? std::min(memory.summary_frames + 1, summary_settled) : 0);
}

} // namespace

void draw_agency_purposes(AppState& state, Intents& intents) {
    const agency::FrameMemory frames("agency_purposes");
    const FocusMemory memory = recall(frames, state.agency.purpose_form);
    ui::heading(2, page_title(state.page, state.language));
    ui::paragraph(tr(state,
                     "Jeder Abruf von Daten braucht einen genehmigten Zweck im Verzeichnis der "
                     "Verarbeitungstätigkeiten (Art. 30 DSGVO). Hier schlagen Sie Zwecke vor, "
                     "überarbeiten sie und sehen, wie die Datenschutzbeauftragte entschieden hat.",
                     "Every access to data needs an approved purpose in the record of processing "
                     "activities (GDPR Art. 30). Here you propose purposes, revise them and see "
                     "how the data protection officer decided."),
                  &palette::muted_text);
    ImGui::Spacing();
    if (state.agency.purpose_form.open) {
        agency_purposes::draw_form(state, intents, memory);
    } else {
        agency_purposes::draw_list(state, intents, memory);
    }
    remember(frames, memory, state.agency.purpose_form);
}

} // namespace einblick::client::views
