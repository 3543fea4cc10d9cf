#include "einblick/server/thread_setup.hpp"

#include <pthread.h>
#include <sched.h>

namespace einblick::server {

void name_this_thread(const std::string& name) {
    // pthread_setname_np refuses names of 16 bytes or more instead of cutting them.
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

namespace {

int this_thread_policy() {
    int policy = SCHED_OTHER;
    sched_param parameters{};
    pthread_getschedparam(pthread_self(), &policy, &parameters);
    return policy;
}

bool switch_policy(int from, int to) {
    if (this_thread_policy() != from) {
        return false;
    }
    const sched_param parameters{}; // priority 0, the only one either policy has
    return pthread_setschedparam(pthread_self(), to, &parameters) == 0;
}

} // namespace

bool enter_batch_policy() {
    return switch_policy(SCHED_OTHER, SCHED_BATCH);
}

void leave_batch_policy() {
    switch_policy(SCHED_BATCH, SCHED_OTHER);
}

} // namespace einblick::server
