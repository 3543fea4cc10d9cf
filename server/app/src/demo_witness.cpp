#include "demo_witness.hpp"

#include "einblick/server/secret_key.hpp"
#include "einblick/server/signed_note.hpp"

#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string_view>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace einblick::server {
namespace {

// The demo witness uses its key file only: EINBLICK_WITNESS_KEY, meant for a real witness,
// would make it sign with a key the server does not trust.
std::vector<std::string> child_environment() {
    std::vector<std::string> out;
    const std::string_view skipped = "EINBLICK_WITNESS_KEY=";
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        if (!std::string_view(*entry).starts_with(skipped)) {
            out.emplace_back(*entry);
        }
    }
    return out;
}

std::vector<char*> pointers(std::vector<std::string>& texts) {
    std::vector<char*> out;
    for (std::string& text : texts) {
        out.push_back(text.data());
    }
    out.push_back(nullptr);
    return out;
}

} // namespace

std::string demo_witness_verifier_key(const std::string& key_file) {
    SecretKeySource source;
    source.key_file = key_file;
    source.create_if_missing = true;
    return NoteSigner(demo_witness_name, load_secret_key(witness_key, source)).verifier().text();
}

DemoWitness::DemoWitness(const DemoWitnessFiles& files, const std::string& log_url,
                         const std::string& log_key) {
    std::error_code error;
    const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        throw std::runtime_error("the demo witness cannot be started: " + error.message());
    }
    std::vector<std::string> arguments{executable.string(),
                                       "witness",
                                       "--log",
                                       log_url,
                                       "--log-key",
                                       log_key,
                                       "--key-file",
                                       files.key_file,
                                       "--name",
                                       demo_witness_name,
                                       "--state",
                                       files.state_file,
                                       "--interval-seconds",
                                       std::to_string(demo_witness_interval_seconds)};
    std::vector<std::string> environment = child_environment();
    // Prepared before fork: the child of a threaded process may only call async-signal-safe
    // functions until exec.
    const std::vector<char*> argv = pointers(arguments);
    const std::vector<char*> envp = pointers(environment);
    const pid_t parent = ::getpid();
    sigset_t none;
    sigemptyset(&none);
    pid_ = ::fork();
    if (pid_ < 0) {
        throw std::runtime_error(std::string("the demo witness cannot be started: ") +
                                 std::strerror(errno));
    }
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) {
            ::_exit(0); // the server is gone already
        }
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        // Nothing of the server's but stdin, stdout and stderr: not its database, not its
        // listening socket.
        if (::close_range(3, ~0U, 0) != 0) {
            for (int fd = 3; fd < 1024; ++fd) {
                ::close(fd);
            }
        }
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    std::cout << "demo witness " << demo_witness_name << " started (pid " << pid_
              << "), cosigning every " << demo_witness_interval_seconds << " s\n";
}

DemoWitness::~DemoWitness() {
    if (pid_ <= 0) {
        return;
    }
    ::kill(pid_, SIGTERM);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
}

} // namespace einblick::server
