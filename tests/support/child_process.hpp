#pragma once
// The real `einblick` executable as a child process, with its stdout and stderr captured
// through pipes. Header-only: the including test target defines EINBLICK_BINARY.

#include <chrono>
#include <doctest/doctest.h>
#include <fstream>
#include <optional>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace einblick::testing {

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

    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

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

    // Waits for exit at most `timeout`; the exit code, or nothing if it is still running.
    std::optional<int> wait_for(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            read_some(err_, stderr_, 0);
            int status = 0;
            const pid_t done = ::waitpid(pid_, &status, WNOHANG);
            if (done == pid_) {
                while (read_some(err_, stderr_, 100)) {
                }
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
            }
            if (std::chrono::steady_clock::now() > deadline) {
                return std::nullopt;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    void signal(int number) { ::kill(pid_, number); }
    pid_t pid() const { return pid_; }
    std::string all_stdout() {
        while (read_some(out_, stdout_, 100)) {
        }
        return stdout_;
    }
    const std::string& stderr_text() const { return stderr_; }

    // A field of /proc/<pid>/status in kB ("VmHWM": the peak resident memory), or -1.
    long status_kb(const std::string& field) const {
        std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
        for (std::string line; std::getline(status, line);) {
            if (line.rfind(field + ":", 0) == 0) {
                return std::stol(line.substr(field.size() + 1));
            }
        }
        return -1;
    }

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

inline int run(std::vector<std::string> args, std::string* out = nullptr,
               std::string* err = nullptr) {
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

inline int port_of(const std::string& listening_line) {
    return std::stoi(listening_line.substr(listening_line.rfind(':') + 1));
}

} // namespace einblick::testing
