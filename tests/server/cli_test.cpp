// Starts the real `einblick` executable as a user or an operator would.
#include "einblick/shared/api_rules.hpp"
#include "temp_dir.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <cstdint>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

// A child process with its stdout and stderr captured through pipes.
class Process {
public:
    explicit Process(std::vector<std::string> args) {
        int out[2];
        int err[2];
        REQUIRE(::pipe(out) == 0);
        REQUIRE(::pipe(err) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_adddup2(&actions, err[1], 2);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        posix_spawn_file_actions_addclose(&actions, err[0]);
        args.insert(args.begin(), EINBLICK_BINARY);
        std::vector<char*> argv;
        for (auto& arg : args) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        REQUIRE(posix_spawn(&pid_, EINBLICK_BINARY, &actions, nullptr, argv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        ::close(err[1]);
        out_ = out[0];
        err_ = err[0];
    }

    ~Process() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        ::close(out_);
        ::close(err_);
    }

    // Reads stdout until a line containing `needle` arrives; returns that line or "".
    std::string wait_for_line(const std::string& needle,
                              int timeout_ms = 180'000) { // demo seeding under ASan takes a while
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (std::chrono::steady_clock::now() < deadline) {
            for (std::size_t end; (end = stdout_.find('\n')) != std::string::npos;) {
                std::string line = stdout_.substr(0, end);
                stdout_.erase(0, end + 1);
                if (line.find(needle) != std::string::npos) {
                    return line;
                }
            }
            if (!read_some(out_, stdout_, 200)) {
                return "";
            }
        }
        return "";
    }

    // Waits for exit; returns the exit code (or -signal). Collects stderr.
    int wait() {
        while (read_some(err_, stderr_, 100)) {
        }
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }

    void signal(int number) { ::kill(pid_, number); }
    std::string all_stdout() {
        while (read_some(out_, stdout_, 100)) {
        }
        return stdout_;
    }
    const std::string& stderr_text() const { return stderr_; }

private:
    static bool read_some(int fd, std::string& into, int timeout_ms) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0) {
            return true; // nothing yet, still open
        }
        char buffer[4096];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) {
            return false;
        }
        into.append(buffer, static_cast<std::size_t>(n));
        return true;
    }

    pid_t pid_ = -1;
    int out_ = -1;
    int err_ = -1;
    std::string stdout_;
    std::string stderr_;
};

int run(std::vector<std::string> args, std::string* out = nullptr, std::string* err = nullptr) {
    Process process(std::move(args));
    const std::string text = process.all_stdout();
    const int code = process.wait();
    if (out != nullptr) {
        *out = text;
    }
    if (err != nullptr) {
        *err = process.stderr_text();
    }
    return code;
}

int port_of(const std::string& listening_line) {
    return std::stoi(listening_line.substr(listening_line.rfind(':') + 1));
}

// A plain TCP connection to 127.0.0.1, for a request sent in parts (httplib's client cannot
// stop between the headers and the body).
class RawConnection {
public:
    explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        REQUIRE(fd_ >= 0);
        REQUIRE(connect_to(fd_, port));
    }
    ~RawConnection() { ::close(fd_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    static bool connect_to(int fd, int port) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    }

    void send(const std::string& bytes) {
        REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(bytes.size()));
    }

    // Reads until `needle` has arrived (or, with an empty needle, until the peer closes) or
    // the time is up; returns everything read.
    std::string read_until(const std::string& needle, std::chrono::seconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        std::string received;
        while (needle.empty() || received.find(needle) == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            pollfd p{fd_, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
                break;
            }
            char buffer[4096];
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) {
                break;
            }
            received.append(buffer, static_cast<std::size_t>(n));
        }
        return received;
    }

private:
    int fd_;
};

// Whether something listens on the port (a refused connection says nothing does).
bool accepts_connections(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    const bool connected = RawConnection::connect_to(fd, port);
    ::close(fd);
    return connected;
}

// Polls `condition` until it holds or the time is up; returns whether it held.
bool eventually(const std::function<bool()>& condition, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

} // namespace

TEST_CASE("--version and --help answer and exit 0") {
    std::string out;
    CHECK(run({"--version"}, &out) == 0);
    CHECK(out.find("einblick " EINBLICK_VERSION) != std::string::npos);
    CHECK(run({"serve", "--help"}, &out) == 0);
    for (const char* flag :
         {"--db", "--port", "--bind", "--demo", "--web-root", "--trusted-proxy"}) {
        CHECK(out.find(flag) != std::string::npos);
    }
}

TEST_CASE("bad configuration fails at start with one readable line") {
    struct Case {
        std::vector<std::string> args;
        std::string mentions;
    };
    const einblick::testing::TempDir temp("einblick-cli-bad-config");
    const std::filesystem::path& dir = temp.path();
    const std::vector<Case> cases{
        {{"serve", "--port", "70000"}, "--port"},
        {{"serve", "--port", "abc"}, "--port"},
        {{"serve", "--bind", "not-an-address", "--demo", "--db", (dir / "a.db").string()},
         "--bind"},
        {{"serve", "--db", (dir / "b.db").string()}, "pseudonym key"},
        {{"serve", "--web-root", "/does/not/exist"}, "web-root"},
        {{"serve", "--trusted-proxy", "10.0.0.1/8"}, "--trusted-proxy: '10.0.0.1/8'"},
        {{"serve", "--trusted-proxy", "::1", "--trusted-proxy", "proxy.local"}, "proxy.local"},
        {{"serve", "--demo", "--db", "/does/not/exist/x.db"}, "database"},
        {{"frobnicate"}, "frobnicate"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.mentions);
        std::string err;
        CHECK(run(c.args, nullptr, &err) != 0);
        // Exactly one error line, and it names the problem (a warning may precede it).
        const auto error_line = err.find("einblick: error: ");
        REQUIRE(error_line != std::string::npos);
        CHECK(err.find("einblick: error: ", error_line + 1) == std::string::npos);
        const std::string line = err.substr(error_line, err.find('\n', error_line) - error_line);
        CHECK(line.find(c.mentions) != std::string::npos);
        CHECK(err.substr(err.find('\n', error_line) + 1).empty());
    }
}

TEST_CASE("demo start: seeded data, private key file, readiness, graceful SIGTERM, same data after "
          "restart") {
    const einblick::testing::TempDir temp("einblick-cli-demo");
    const std::filesystem::path& dir = temp.path();
    const std::string db = (dir / "demo.db").string();
    nlohmann::json first_page;
    for (int start = 0; start < 2; ++start) {
        CAPTURE(start);
        Process server({"serve", "--demo", "--db", db, "--port", "0", "--no-request-log"});
        const std::string line = server.wait_for_line("listening on http://127.0.0.1:");
        REQUIRE_FALSE(line.empty());
        httplib::Client client("127.0.0.1", port_of(line));
        REQUIRE(client.Get("/health/ready")->status == 200);

        const auto login = client.Post("/api/v1/session",
                                       R"({"username":"erika","password":"Einblick-Demo-2026"})",
                                       "application/json");
        REQUIRE(login);
        REQUIRE(login->status == 201);
        const std::string cookie = login->get_header_value("Set-Cookie");
        const int page_size = einblick::api::limits::history_page_size_max;
        const auto page =
            client.Get(("/api/v1/me/access-events?limit=" + std::to_string(page_size)).c_str(),
                       {{"Cookie", cookie.substr(0, cookie.find(';'))}});
        REQUIRE(page);
        REQUIRE(page->status == 200);
        const auto items = nlohmann::json::parse(page->body)["items"];
        CHECK(items.size() == static_cast<std::size_t>(page_size)); // hundreds: the page is full
        if (start == 0) {
            first_page = items;
        } else {
            // The same key (else Erika's pseudonym, and so her history, would differ) and the
            // same data after a restart, entry for entry.
            CHECK(items == first_page);
        }

        server.signal(SIGTERM);
        CHECK(server.wait() == 0);
    }
    struct stat info {};
    REQUIRE(::stat((db + ".pseudonym-key").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("SIGINT lets an in-flight request finish before exit") {
    const einblick::testing::TempDir temp("einblick-cli-sigint");
    const std::filesystem::path& dir = temp.path();
    Process server(
        {"serve", "--demo", "--db", (dir / "d.db").string(), "--port", "0", "--no-request-log"});
    const std::string line = server.wait_for_line("listening on");
    REQUIRE_FALSE(line.empty());
    const int port = port_of(line);

    // A login whose body follows only after "100 Continue": the server sends that once a
    // worker has read the headers, so from then on the request is in flight for certain.
    const std::string body = R"({"username":"erika","password":"Einblick-Demo-2026"})";
    RawConnection connection(port);
    connection.send("POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) +
                    "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
    const std::string interim = connection.read_until("\r\n\r\n", std::chrono::seconds(30));
    REQUIRE(interim.rfind("HTTP/1.1 100 Continue\r\n", 0) == 0);

    // Interrupt, and wait until the listener has closed: the shutdown is under way.
    server.signal(SIGINT);
    REQUIRE(eventually([&] { return !accepts_connections(port); }, std::chrono::seconds(30)));

    // The request in flight is still answered in full: the login happened.
    connection.send(body);
    const std::string answer = connection.read_until("", std::chrono::seconds(60));
    INFO(answer);
    REQUIRE(answer.rfind("HTTP/1.1 201 ", 0) == 0);
    CHECK(answer.find("Set-Cookie: einblick_session=") != std::string::npos);
    const auto end_of_headers = answer.find("\r\n\r\n");
    REQUIRE(end_of_headers != std::string::npos);
    const auto session = nlohmann::json::parse(answer.substr(end_of_headers + 4), nullptr, false);
    CHECK(session.value("role", "") == "citizen");
    CHECK(server.wait() == 0);
}

TEST_CASE("a database another einblick serve writes to is refused at start with one line") {
    const einblick::testing::TempDir temp("einblick-cli-one-db");
    const std::string db = temp.file("shared.db");
    const std::string key = temp.file("key");
    {
        std::ofstream(key) << std::string(64, 'a') << '\n';
        ::chmod(key.c_str(), 0600);
    }
    // A web root of its own: without the browser client built the server would warn first.
    const auto args = [&](const std::string& port) {
        return std::vector<std::string>{"serve",
                                        "--db",
                                        db,
                                        "--pseudonym-key-file",
                                        key,
                                        "--web-root",
                                        temp.path().string(),
                                        "--port",
                                        port,
                                        "--no-request-log"};
    };
    Process first(args("0"));
    const std::string line = first.wait_for_line("listening on");
    REQUIRE_FALSE(line.empty());
    httplib::Client client("127.0.0.1", port_of(line));

    // Read up to its exit: should the lock fail to refuse, the second would serve, and this
    // fails on its "listening on" instead of waiting for ever.
    Process second(args("0"));
    REQUIRE(second.wait_for_line("listening on").empty());
    CHECK(second.wait() == 1);
    const std::string err = second.stderr_text();
    INFO(err);
    CHECK(err.rfind("einblick: error: ", 0) == 0);
    CHECK(err.find('\n') == err.size() - 1); // one line
    CHECK(err.find("'" + db + "' is already open for writing") != std::string::npos);
    // The first goes on undisturbed.
    CHECK(client.Get("/health/ready")->status == 200);

    // Its lock goes with it: the next start succeeds.
    first.signal(SIGTERM);
    CHECK(first.wait() == 0);
    Process next(args("0"));
    const std::string next_line = next.wait_for_line("listening on");
    REQUIRE_FALSE(next_line.empty());
    // An answer says it serves: a signal before the accept loop runs would be lost (httplib's
    // stop() does nothing until then).
    CHECK(httplib::Client("127.0.0.1", port_of(next_line)).Get("/health/ready")->status == 200);
    next.signal(SIGTERM);
    CHECK(next.wait() == 0);
}
