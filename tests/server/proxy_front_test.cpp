// Einblick behind a TLS-terminating reverse proxy: HSTS when it is served over HTTPS
// (--secure-cookies), and whose address counts as the client's (--trusted-proxy).

#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <arpa/inet.h>
#include <cstdint>
#include <doctest/doctest.h>
#include <fstream>
#include <httplib.h>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace einblick::testing;

namespace {

constexpr const char* hsts = "Strict-Transport-Security";

// Answers of every kind: an API answer, a file, a problem from a route, a problem httplib
// raises itself (unknown route, body too large) and a 304.
std::vector<httplib::Result> answers_of_every_kind(httplib::Client& client) {
    std::vector<httplib::Result> answers;
    answers.push_back(client.Get("/health/live"));
    answers.push_back(client.Get("/index.html"));
    answers.push_back(client.Get("/api/v1/session"));
    answers.push_back(client.Get("/api/v1/nothing-here"));
    answers.push_back(
        client.Post("/api/v1/session", std::string(2 * 1024 * 1024, 'x'), "application/json"));
    const std::string tag = answers[1]->get_header_value("ETag");
    answers.push_back(client.Get("/index.html", {{"If-None-Match", tag}}));
    return answers;
}

// The head of httplib's own answer to a request line it cannot parse, sent over a raw socket.
std::string answer_to_garbage(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    const std::string garbage = "GARBAGE\r\n\r\n";
    REQUIRE(::send(fd, garbage.data(), garbage.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(garbage.size()));
    std::string answer;
    char buffer[4096];
    while (answer.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            break;
        }
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return answer.substr(0, answer.find("\r\n\r\n"));
}

} // namespace

TEST_CASE("HSTS on every answer when served over HTTPS (--secure-cookies), never otherwise") {
    const TempDir web;
    std::ofstream(web.path() / "index.html") << "<!doctype html>";
    for (const bool secure : {true, false}) {
        CAPTURE(secure);
        TestBackend backend;
        HttpOptions options;
        options.web_root = web.path().string();
        options.secure_cookies = secure;
        RunningServer server(backend, options);
        httplib::Client client("127.0.0.1", server.port());
        const std::vector<int> statuses{200, 200, 401, 404, 413, 304};
        const auto answers = answers_of_every_kind(client);
        for (std::size_t i = 0; i < answers.size(); ++i) {
            REQUIRE(answers[i]);
            CAPTURE(answers[i]->status);
            CHECK(answers[i]->status == statuses[i]);
            if (secure) {
                // A year; no includeSubDomains: other hosts under Einblick's name are not its
                // to decide (README).
                CHECK(answers[i]->get_header_value(hsts) == "max-age=31536000");
            } else {
                CHECK_FALSE(answers[i]->has_header(hsts));
            }
        }
        const std::string garbage = answer_to_garbage(server.port());
        CHECK(garbage.rfind("HTTP/1.1 400 ", 0) == 0);
        CHECK((garbage.find("\r\nStrict-Transport-Security: max-age=31536000\r\n") !=
               std::string::npos) == secure);
    }
}

namespace {

// A server whose login throttle allows three failures per client address (and plenty per
// account), trusting `proxies`.
struct Throttled {
    explicit Throttled(std::vector<std::string> proxies)
        : backend(ThrottleLimits{1000, 3, 15 * 60 * 1000, 100'000}),
          server(backend,
                 [&] {
                     HttpOptions options;
                     options.trusted_proxies = TrustedProxies(proxies);
                     return options;
                 }()),
          client("127.0.0.1", server.port()) {
        backend.add_citizen("erika", "richtig", valid_citizen_id("4567890123"));
    }

    // A login as erika from the test (127.0.0.1) with this X-Forwarded-For; its status.
    int login(const std::string& forwarded_for, const std::string& password = "falsch") {
        const httplib::Headers headers{{"X-Forwarded-For", forwarded_for}};
        const auto response = client.Post(
            "/api/v1/session", headers, R"({"username":"erika","password":")" + password + R"("})",
            "application/json");
        REQUIRE(response);
        return response->status;
    }

    TestBackend backend;
    RunningServer server;
    httplib::Client client;
};

} // namespace

TEST_CASE("behind a trusted proxy, each forwarded client is throttled on its own") {
    Throttled h({"127.0.0.0/8"});
    for (int i = 0; i < 3; ++i) {
        CHECK(h.login("198.51.100.7") == 401);
    }
    CHECK(h.login("198.51.100.7") == 429);
    // Another client behind the same proxy is not locked out with the first.
    CHECK(h.login("198.51.100.8") == 401);
    CHECK(h.login("198.51.100.8", "richtig") == 201);
    // The first cannot get out by writing another address in front of its own: the proxy
    // appends the address it saw, and that one counts.
    CHECK(h.login("198.51.100.8, 198.51.100.7") == 429);
    CHECK(h.login("2001:db8::8") == 401);
}

TEST_CASE("without a trusted proxy, X-Forwarded-For is ignored by the throttle") {
    for (const std::vector<std::string>& proxies :
         {std::vector<std::string>{}, std::vector<std::string>{"10.0.0.0/8", "::1"}}) {
        CAPTURE(proxies.size());
        Throttled h(proxies);
        // Every attempt comes from 127.0.0.1, whatever the header says.
        CHECK(h.login("198.51.100.1") == 401);
        CHECK(h.login("198.51.100.2") == 401);
        CHECK(h.login("198.51.100.3") == 401);
        CHECK(h.login("198.51.100.4") == 429);
        CHECK(h.login("198.51.100.5", "richtig") == 429);
    }
}
