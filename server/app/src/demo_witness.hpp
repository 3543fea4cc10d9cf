#pragma once
// The demo's own witness (README, "Witnesses"; docs/TRANSPARENCY.md, "Witnesses"): with
// `serve --demo`, unless `--no-demo-witness`, the server trusts a witness key kept beside the
// database (`<db>.demo-witness-key`, generated, mode 0600) or in `--demo-dir`
// (`demo-witness-key`) and runs `einblick witness` with that
// key as a real child process against itself, so that the demo's checkpoints are cosigned and
// the browser can show it. The child is stopped (SIGTERM, then waited for) when the server
// stops, and gets SIGTERM from the kernel should the server die without stopping it.

#include <string>
#include <sys/types.h>

namespace einblick::server {

inline constexpr const char* demo_witness_name = "demo.einblick.example/witness";
inline constexpr int demo_witness_interval_seconds = 2;

// Where the demo witness keeps its key and its state (`einblick witness --key-file`, `--state`).
struct DemoWitnessFiles {
    std::string key_file;
    std::string state_file;
};

// The demo witness's verifier key, its key file created when missing.
std::string demo_witness_verifier_key(const std::string& key_file);

class DemoWitness {
public:
    // Starts `<this executable> witness --log <log_url> …`; throws std::runtime_error when it
    // cannot be started.
    DemoWitness(const DemoWitnessFiles& files, const std::string& log_url,
                const std::string& log_key);
    ~DemoWitness(); // SIGTERM, then waits for the child
    DemoWitness(const DemoWitness&) = delete;
    DemoWitness& operator=(const DemoWitness&) = delete;

private:
    pid_t pid_ = -1;
};

} // namespace einblick::server
