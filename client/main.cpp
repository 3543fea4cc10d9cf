// Einblick's browser client: everything lives in client/platform (frame loop, fetch, page
// bridge), client/views (screens) and client/app (state, rules, API client).
#include "browser_app.hpp"

int main() {
    return einblick::client::platform::run_browser_app();
}
