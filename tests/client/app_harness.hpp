#pragma once
// Helpers for tests that drive the whole App frame by frame over a FakeTransport, with a
// fixed clock (28.11.2026, 13:00 in Leipzig).

#include "einblick/client/app.hpp"
#include "fake_transport.hpp"

#include <array>
#include <cstring>
#include <doctest/doctest.h>
#include <string>

namespace einblick::client::testing {

inline constexpr UnixMillis fixed_now = 1'795'867'200'000; // 2026-11-28T12:00:00Z

template <std::size_t N> void type_into(std::array<char, N>& field, const char* text) {
    field.fill('\0');
    std::strncpy(field.data(), text, N - 1);
}

// An App on a fake network with a clock the test can move.
struct Harness {
    FakeTransport net;
    UnixMillis now = fixed_now;
    App app{net, [this] { return now; }};

    const AppState& state() const { return app.state(); }
    AppState& edit() { return app.state(); }

    // Starts the app and answers the session check with 401: the login screen.
    void start_at_login() {
        app.start();
        REQUIRE(net.pending() == 1);
        net.respond(401, problem_json(401, "Nicht angemeldet", "Bitte anmelden."));
        app.begin_frame();
        REQUIRE(state().screen == Screen::Login);
    }

    // Logs in with the given role; the requests of the first page stay open.
    void log_in(const std::string& role = "citizen", const char* username = "erika") {
        type_into(edit().login.username, username);
        type_into(edit().login.password, "Einblick-Demo-2026");
        app.dispatch(intent::SubmitLogin{});
        REQUIRE(net.has("/api/v1/session", "POST"));
        net.respond_to("POST", "/api/v1/session", 201,
                       R"({"username":")" + std::string(username) +
                           R"(","display_name":"Erika Mustermann","role":")" + role + R"("})");
        app.begin_frame();
        REQUIRE(state().screen == Screen::Dashboard);
    }

    // Answers an open request and applies it.
    void answer(const std::string& prefix, int status, const std::string& body) {
        net.respond_to(prefix, status, body);
        app.begin_frame();
    }
    void answer(const std::string& method, const std::string& prefix, int status,
                const std::string& body) {
        net.respond_to(method, prefix, status, body);
        app.begin_frame();
    }

    // An expired session on the next answer to `prefix`, then the same account logs in again.
    void expire_on(const std::string& prefix) {
        answer(prefix, 401, problem_json(401, "Nicht angemeldet", "Kein Cookie."));
        REQUIRE(state().screen == Screen::Login);
    }

    void dispatch(const Intent& intent) { app.dispatch(intent); }
};

} // namespace einblick::client::testing
