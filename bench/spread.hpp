#pragma once
// A fixed, well-spread choice per entry (splitmix64): which citizen, agency or purpose the
// n-th generated entry has. The server's pre-load and the raw floor use the same one, so that
// both write for citizens spread over the whole index, as real traffic does.

#include <cstdint>

namespace einblick::bench {

constexpr std::uint64_t spread(std::uint64_t n) {
    n += 0x9e3779b97f4a7c15ULL;
    n = (n ^ (n >> 30)) * 0xbf58476d1ce4e5b9ULL;
    n = (n ^ (n >> 27)) * 0x94d049bb133111ebULL;
    return n ^ (n >> 31);
}

} // namespace einblick::bench
