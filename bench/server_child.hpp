#pragma once
// The server under measurement runs in its own process (this program, started again with
// --server-child), so its resident memory is its own and not the load generator's.

#include <string>
#include <sys/types.h>

namespace einblick::bench {

// In the child: builds the fixture on `db` (with `keep`, uses `db` as it is: a copy of a
// pre-loaded database, prepared like the fixture), serves with the defaults of `einblick serve`
// (request log off) but `workers`, prints "port N" and serves until SIGTERM. Returns the exit code.
int run_server_child(const std::string& db, int agencies, int history_rows, int workers,
                     bool keep = false);

// A field of /proc/<pid>/status in kB (e.g. "VmRSS", "VmHWM"); -1 if there is none.
long status_kb(pid_t pid, const std::string& field);
// Resets this process's peak resident size (VmHWM) to its current size (/proc/self/clear_refs);
// false where the kernel does not allow it.
bool reset_own_peak();

class ServerProcess {
public:
    // With `keep`, the child serves `db` as it is (its --keep-db).
    ServerProcess(const std::string& db, int agencies, int history_rows, int workers,
                  bool keep = false);
    ~ServerProcess(); // SIGTERM, then waits
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // From /proc/<pid>/status, in kB.
    long resident_kb() const;
    long peak_kb() const;
    int open_descriptors() const;
    // SIGTERM; the exit code.
    int stop();

private:
    pid_t pid_ = -1;
    int port_ = -1;
};

} // namespace einblick::bench
