// Links: a route from the browser's location shown on the dashboard (page, filters, open
// detail, loading what it needs), kept through the login, or turned into the role's first
// page with a notice when the role lacks the page.
#include "einblick/client/route.hpp"
#include "update_internal.hpp"

#include <utility>

namespace einblick::client {
namespace {

constexpr const char* text_page_unavailable =
    "Die Seite aus dem Link gibt es für Ihre Rolle nicht. Sie sehen Ihre Startseite.";

void append(Commands& to, Commands from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

Commands apply_dpo_route(AppState& state, const Route& route) {
    Commands out;
    DpoState& dpo = state.dpo;
    if (route.queue_filter != dpo.queue_filter) {
        append(out, on_dpo_intent(state, intent::dpo::SetQueueFilter{route.queue_filter}));
    }
    if (route.objection_id != dpo.open_case.id) {
        if (route.objection_id) {
            append(out, on_dpo_intent(state, intent::dpo::OpenObjection{*route.objection_id}));
        } else {
            append(out, on_dpo_intent(state, intent::dpo::CloseObjection{}));
        }
    }
    return out;
}

} // namespace

Commands apply_route(AppState& state, const Route& route) {
    if (state.screen != Screen::Dashboard || !state.session) {
        state.pending_route = route;
        return {};
    }
    state.pending_route.reset();
    const api::Role role = state.session->role;
    const std::optional<Page> named = page_for_segment(route.page, role);
    const Page page = named.value_or(pages_for_role(role).front());
    // The history's filters first, so that entering the page loads its rows only once.
    Commands out = page == Page::History ? apply_history_route(state, route) : Commands{};
    append(out, navigate(state, page));
    if (!named && (route.unknown_page || !route.page.empty())) {
        state.route_notice = text_page_unavailable;
        return out;
    }
    switch (page) {
    case Page::Registry:
        state.registry_search = route.search;
        break;
    case Page::ObjectionQueue:
        append(out, apply_dpo_route(state, route));
        break;
    default:
        break;
    }
    append(out, apply_flow_route(state, route));
    return out;
}

} // namespace einblick::client
