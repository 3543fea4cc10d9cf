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
