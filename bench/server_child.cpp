#include "server_child.hpp"

#include "bench_fixture.hpp"
#include "einblick/server/api_server.hpp"
#include "einblick/server/database_choice.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace einblick::bench {
namespace {

constexpr const char* url_in_environment = "env:EINBLICK_BENCH_DB";
constexpr const char* url_variable = "EINBLICK_BENCH_DB";

} // namespace

long status_kb(pid_t pid, const std::string& field) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind(field + ":", 0) == 0) {
            return std::stol(line.substr(field.size() + 1));
        }
    }
    return -1;
}

bool reset_own_peak() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return static_cast<bool>(clear);
}

int run_server_child(const std::string& db, int agencies, int history_rows, int workers,
                     bool keep) {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr); // before any thread: all inherit it
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max; // as `einblick serve` raises it for its connections
    ::setrlimit(RLIMIT_NOFILE, &limit);

    server::SystemClock clock;
    // A PostgreSQL URL comes in the environment, so that its password is not on the command
    // line for ps to show.
    const char* from_environment = db == url_in_environment ? std::getenv(url_variable) : nullptr;
    server::Backend backend(backend_options(from_environment ? from_environment : db, keep), clock);
    if (!keep) {
        prepare(backend, agencies, history_rows);
    }
    server::HttpOptions http;
    http.log_requests = false;
    http.edge.workers = workers;
    server::ApiServer api(backend.services(), http);
    const int port = api.bind("127.0.0.1", 0);
    if (port <= 0) {
        std::cerr << "server child: " << api.bind_error() << '\n';
        return 1;
    }
    std::thread waiter([&] {
        int signal = 0;
        sigwait(&signals, &signal);
        api.stop();
    });
    std::cout << "port " << port << std::endl;
    const bool served = api.serve();
    waiter.join();
    return served ? 0 : 1;
}

ServerProcess::ServerProcess(const std::string& db, int agencies, int history_rows, int workers,
                             bool keep) {
    int out[2];
    if (::pipe(out) != 0) {
        throw std::runtime_error("pipe");
    }
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    const std::string a = std::to_string(agencies);
    const std::string h = std::to_string(history_rows);
    const std::string w = std::to_string(workers);
    const bool url = server::database_backend(db) == server::DatabaseBackend::postgresql;
    pid_ = ::fork();
    if (pid_ == 0) {
        if (url) {
            ::setenv(url_variable, db.c_str(), 1);
        }
        ::dup2(out[1], STDOUT_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        // --keep-db only when asked: einblick_http_bench's children do not know it.
        ::execl(self.c_str(), self.c_str(), "--server-child", "--db",
                url ? url_in_environment : db.c_str(), "--agencies", a.c_str(), "--history-rows",
                h.c_str(), "--workers", w.c_str(), keep ? "--keep-db" : static_cast<char*>(nullptr),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(out[1]);
    std::string line;
    char c = 0;
    while (::read(out[0], &c, 1) == 1 && c != '\n') {
        line += c;
    }
    ::close(out[0]);
    if (line.rfind("port ", 0) != 0) {
        stop();
        throw std::runtime_error("the server child did not start");
    }
    port_ = std::stoi(line.substr(5));
}

ServerProcess::~ServerProcess() {
    stop();
}

int ServerProcess::stop() {
    if (pid_ <= 0) {
        return -1;
    }
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

long ServerProcess::resident_kb() const {
    return status_kb(pid_, "VmRSS");
}

long ServerProcess::peak_kb() const {
    return status_kb(pid_, "VmHWM");
}

int ServerProcess::open_descriptors() const {
    int count = 0;
    for ([[maybe_unused]] const auto& entry :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid_) + "/fd")) {
        ++count;
    }
    return count;
}

} // namespace einblick::bench
