#include "einblick/server/thread_setup.hpp"

#include <pthread.h>
#include <sched.h>

namespace einblick::server {
namespace {

int this_thread_policy() {
    int policy = SCHED_OTHER;
    sched_param parameters{};
    pthread_getschedparam(pthread_self(), &policy, &parameters);
    return policy;
}

bool set_this_thread_policy(int policy) {
    const sched_param parameters{}; // priority 0, the only one SCHED_OTHER and SCHED_BATCH have
    return pthread_setschedparam(pthread_self(), policy, &parameters) == 0;
}

} // namespace

void name_this_thread(const std::string& name) {
    // pthread_setname_np refuses names of 16 bytes or more instead of cutting them.
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

void set_policy_for_request(RequestKind kind) {
    enum class State { Undecided, NotOurs, Other, Batch };
    thread_local State state = State::Undecided;
    if (state == State::Undecided) {
        state = this_thread_policy() == SCHED_OTHER ? State::Other : State::NotOurs;
    }
    const State wanted = kind == RequestKind::Batch ? State::Batch : State::Other;
    if (state == State::NotOurs || state == wanted) {
        return;
    }
    // Refused (a seccomp profile, say): stop asking; the thread keeps what it has.
    state = set_this_thread_policy(wanted == State::Batch ? SCHED_BATCH : SCHED_OTHER)
                ? wanted
                : State::NotOurs;
}

void leave_batch_policy() {
    if (this_thread_policy() == SCHED_BATCH) {
        set_this_thread_policy(SCHED_OTHER);
    }
}

void run_only_on_idle_cores() {
    const int policy = this_thread_policy();
    if (policy == SCHED_OTHER || policy == SCHED_BATCH) {
        set_this_thread_policy(SCHED_IDLE);
    }
}

} // namespace einblick::server
