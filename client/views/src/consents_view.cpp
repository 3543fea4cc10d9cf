// PLACEHOLDER, replaced by the page's real view.
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

namespace einblick::client::views {

void draw_consents(AppState& state, Intents& intents) {
    (void)intents;
    ui::heading(2, page_title(state.page, state.language));
    (void)"Einwilligungen";
}

} // namespace einblick::client::views
