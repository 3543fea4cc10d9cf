// The request log (README.md, "Request log"): one JSON object per line, whatever the request
// carried, with the id the answer's X-Request-Id header gives, the route template and no
// personal data.

#include "einblick/server/request_log.hpp"
#include "raw_connection.hpp"
#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <fstream>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace einblick::testing;
using json = nlohmann::json;

namespace {

// A server whose request log goes to a file of the test's own.
struct LoggedServer {
    LoggedServer()
        : log_fd(::open(dir.file("requests.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600)),
          server(backend,
                 [this] {
                     HttpOptions options;
                     options.request_log_fd = log_fd;
                     return options;
                 }()),
          client("127.0.0.1", server.port()) {
        REQUIRE(log_fd >= 0);
    }
    ~LoggedServer() { ::close(log_fd); }

    std::string text() const {
        std::ifstream file(dir.file("requests.log"), std::ios::binary);
        std::stringstream all;
        all << file.rdbuf();
        return all.str();
    }
    // Each line parsed; fails the test on a line that is not one JSON object.
    std::vector<json> lines() const {
        std::vector<json> parsed;
        std::istringstream in(text());
        for (std::string line; std::getline(in, line);) {
            const json value = json::parse(line, nullptr, false);
            INFO("line: " << line);
            REQUIRE(value.is_object());
            parsed.push_back(value);
        }
        return parsed;
    }

    TempDir dir;
    int log_fd;
    TestBackend backend;
    RunningServer server;
    httplib::Client client;
};

} // namespace

TEST_CASE("request log: a forged line in the path stays inside one JSON line") {
    LoggedServer s;
    {
        RawConnection connection(s.server.port());
        connection.send("GET /x%0d%0aGET%20/api/v1/FORGED%20200 HTTP/1.1\r\nHost: x\r\n"
                        "Connection: close\r\n\r\n");
        CHECK(status_line(connection.read_response(std::chrono::seconds(10))) ==
              "HTTP/1.1 404 Not Found");
    }
    // The line is written before the answer is handed back to the edge.
    const auto lines = s.lines();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["route"].is_null()); // unknown route: no template, and never the raw path
    CHECK(lines[0]["status"] == 404);
    CHECK(s.text().find("FORGED") == std::string::npos);
}

TEST_CASE("request log: control characters and bad UTF-8 are escaped") {
    RequestLogEntry entry;
    entry.request_id = "id";
    entry.method = std::string("GET\0\x1b[31m\r\n\xff", 10);
    entry.client = "\x1b]0;title\x07";
    const std::string line = request_log_line(entry);
    REQUIRE(line.back() == '\n');
    const std::string body = line.substr(0, line.size() - 1);
    for (const char c : body) {
        CHECK(static_cast<unsigned char>(c) >= 0x20); // no raw control byte at all
    }
    const json parsed = json::parse(body);
    CHECK(parsed["method"].get<std::string>().substr(0, 4) == std::string("GET\0", 4));
    CHECK(body.find("\\u0000") != std::string::npos);
    CHECK(body.find("\\u001b") != std::string::npos);
}

TEST_CASE("request log: the line has the answer's request id, the route template and fields") {
    LoggedServer s;
    const auto response = s.client.Get("/api/v1/objections/4711?cursor=secret");
    REQUIRE(response);
    const std::string id = response->get_header_value("X-Request-Id");
    REQUIRE_FALSE(id.empty());
    const auto lines = s.lines();
    REQUIRE(lines.size() == 1);
    const json& line = lines[0];
    CHECK(line["request_id"] == id);
    CHECK(line["method"] == "GET");
    CHECK(line["route"] == "/api/v1/objections/{id}");
    CHECK(line["status"] == response->status);
    CHECK(line["client"] == "127.0.0.1");
    CHECK(line["bytes_in"] == 0);
    CHECK(line["bytes_out"].get<std::size_t>() > response->body.size());
    CHECK(line["duration_ms"].get<double>() >= 0.0);
    CHECK(line["time"].get<std::string>().back() == 'Z');
    CHECK(s.text().find("4711") == std::string::npos);
    CHECK(s.text().find("secret") == std::string::npos);
}

TEST_CASE("request log: the edge's own refusals carry a request id and a line") {
    LoggedServer s;
    RawConnection connection(s.server.port());
    connection.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(40 * 1024, 'a'));
    const std::string answer = connection.read_response(std::chrono::seconds(10));
    REQUIRE(status_line(answer) == "HTTP/1.1 431 Request Header Fields Too Large");
    const auto at = answer.find("X-Request-Id: ");
    REQUIRE(at != std::string::npos);
    const std::string id = answer.substr(at + 14, answer.find("\r\n", at) - at - 14);
    const auto lines = s.lines();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["request_id"] == id);
    CHECK(lines[0]["status"] == 431);
    CHECK(lines[0]["client"] == "127.0.0.1");
    CHECK(lines[0]["route"].is_null()); // the head was not read
}

TEST_CASE("request log: a refused body names the route that would have taken it") {
    LoggedServer s;
    RawConnection connection(s.server.port());
    connection.send("POST /api/v1/objections/4711/decision HTTP/1.1\r\nHost: x\r\n"
                    "Content-Length: 99999999\r\n\r\n");
    REQUIRE(status_line(connection.read_response(std::chrono::seconds(10))) ==
            "HTTP/1.1 413 Payload Too Large");
    const auto lines = s.lines();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["method"] == "POST");
    CHECK(lines[0]["route"] == "/api/v1/objections/{id}/decision");
    CHECK(lines[0]["duration_ms"].is_null());
}

TEST_CASE("request log: no citizen identifier or pseudonym, not even from the body") {
    LoggedServer s;
    const std::string citizen_id = valid_citizen_id("4567890123");
    s.backend.add_citizen("erika", "pw-erika", citizen_id);
    const auto agency = s.backend.add_agency("kfz", "Kfz-Zulassungsbehörde");
    const std::string key = s.backend.add_api_key(agency);
    const auto purpose = s.backend.approved_purpose(agency);
    const json event = {{"citizen_id", citizen_id},    {"purpose_id", purpose},
                        {"register", "melderegister"}, {"data_categories", {"address"}},
                        {"official", "SB-17"},         {"correlation_id", "AZ-2026-1"}};
    const auto response =
        s.client.Post("/api/v1/access-events", {{"Authorization", "Bearer " + key}}, event.dump(),
                      "application/json");
    REQUIRE(response);
    CHECK(response->status == 201);
    const auto lines = s.lines();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["route"] == "/api/v1/access-events");
    CHECK(lines[0]["bytes_in"] == event.dump().size());
    CHECK(s.text().find(citizen_id) == std::string::npos);
    CHECK(s.text().find(s.backend.pseudonym(citizen_id)) == std::string::npos);
    CHECK(s.text().find("AZ-2026-1") == std::string::npos);
}

TEST_CASE("request log: concurrent requests give whole lines, one per request") {
    LoggedServer s;
    constexpr int threads = 8;
    constexpr int per_thread = 25;
    std::vector<std::thread> clients;
    for (int t = 0; t < threads; ++t) {
        clients.emplace_back([port = s.server.port()] {
            httplib::Client client("127.0.0.1", port);
            for (int i = 0; i < per_thread; ++i) {
                client.Get("/health/live");
            }
        });
    }
    for (auto& client : clients) {
        client.join();
    }
    const auto lines = s.lines(); // each one a JSON object
    CHECK(lines.size() == threads * per_thread);
    std::set<std::string> ids;
    for (const auto& line : lines) {
        ids.insert(line["request_id"].get<std::string>());
    }
    CHECK(ids.size() == lines.size());
}
