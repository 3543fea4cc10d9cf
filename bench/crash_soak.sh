#!/usr/bin/env bash
# The crash test's soak (issue 12 item 5): the same test binary CI runs with about 20 kills,
# here with 1,000 (or CYCLES) SIGKILLs of the real server under concurrent single and batch
# writers. After each restart it checks that every acknowledged event is stored exactly once
# with the id and seq it was acknowledged with, that seq is gapless, that `einblick verify`
# finds the log intact, and that retries of unanswered requests with their Idempotency-Key
# store them once or replay the stored result.
#
#   bash bench/crash_soak.sh [CYCLES] [BUILD_DIR] [CYCLES_PER_SEGMENT]
#
# The kills run in segments of CYCLES_PER_SEGMENT (default 50), each a run of the test binary
# on a fresh database with its own seed. Each restart's checks read the whole database, so in
# one database of 1,000 kills (about 1.5 M events) they would grow with every cycle and the
# soak would take hours; in segments every check reads at most one segment's events. Every
# segment must pass, and must report the one test case as run and passed (a binary that ran
# nothing fails the soak). Prints each segment's summary line and the sums.
#
# BUILD_DIR defaults to build/ci (cmake --preset ci && cmake --build build/ci); any preset
# that builds the tests works (build/asan for the sanitizers, slower). EINBLICK_CRASH_SEED
# repeats one segment; the seed of each segment is printed.
set -euo pipefail

cycles=${1:-1000}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-$root/build/ci}
per_segment=${3:-50}
binary=$build/tests/server/einblick_crash_tests
[ -x "$binary" ] || { echo "no test binary at $binary: cmake --preset ci && cmake --build build/ci" >&2; exit 2; }
log=${TMPDIR:-/tmp}/crash_soak.log
: > "$log"

start=$(date +%s)
done_cycles=0 segments=0 failed=0
declare -A sum=([requests]=0 [events]=0 [unanswered]=0 [replayed]=0 [stored]=0 [lost]=0 [duplicated]=0 [gaps]=0)
while [ "$done_cycles" -lt "$cycles" ]; do
    n=$(( cycles - done_cycles < per_segment ? cycles - done_cycles : per_segment ))
    segments=$((segments + 1))
    status=0
    out=$(EINBLICK_CRASH_CYCLES=$n "$binary" 2>&1) || status=$?
    printf '%s\n' "$out" >> "$log"
    summary=$(printf '%s\n' "$out" | grep -o 'crash test: [0-9]* kills, .*' || true)
    seed=$(printf '%s\n' "$out" | grep -o 'EINBLICK_CRASH_SEED=[0-9]*' | head -1 || true)
    # doctest's own count: exactly one test case run and passed.
    if [ "$status" -ne 0 ] || [ -z "$summary" ] ||
        ! printf '%s\n' "$out" | grep -Eq 'test cases: *1 \| *1 passed \| *0 failed'; then
        echo "segment $segments ($seed): FAILED, exit $status (log: $log)"
        failed=$((failed + 1))
    else
        echo "segment $segments ($seed): $summary"
        read -r requests events unanswered replayed stored lost duplicated gaps < <(
            printf '%s\n' "$summary" | sed -E 's/.* kills, ([0-9]+) acknowledged requests with ([0-9]+) events; ([0-9]+) unanswered, on retry ([0-9]+) already stored \(200\) and ([0-9]+) stored then \(201\); ([0-9]+) lost, ([0-9]+) duplicated, ([0-9]+) sequence gaps/\1 \2 \3 \4 \5 \6 \7 \8/')
        for k in requests events unanswered replayed stored lost duplicated gaps; do
            sum[$k]=$(( sum[$k] + ${!k} ))
        done
    fi
    done_cycles=$((done_cycles + n))
done
echo "crash soak: $cycles kills in $segments segments, $(( $(date +%s) - start )) s;" \
    "${sum[requests]} acknowledged requests with ${sum[events]} events;" \
    "${sum[unanswered]} unanswered, on retry ${sum[replayed]} already stored (200) and" \
    "${sum[stored]} stored then (201); ${sum[lost]} lost, ${sum[duplicated]} duplicated," \
    "${sum[gaps]} sequence gaps; $failed segments failed (log: $log)"
[ "$failed" -eq 0 ]
