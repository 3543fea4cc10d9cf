#!/usr/bin/env bash
# The crash test's soak (issue 12 item 5): the same test binary CI runs with about 20 kills,
# here with 1,000 (or CYCLES) SIGKILLs of the real server under concurrent single and batch
# writers. After each restart it checks that every acknowledged event is stored exactly once
# with the id and seq it was acknowledged with, that seq is gapless, that `einblick verify`
# finds the log intact, and that retries of unanswered requests with their Idempotency-Key
# store them once or replay the stored result. Prints the test's summary line.
#
#   bash bench/crash_soak.sh [CYCLES] [BUILD_DIR]
#
# BUILD_DIR defaults to build/ci (cmake --preset ci && cmake --build build/ci); any preset
# that builds the tests works (build/asan for the sanitizers, slower). EINBLICK_CRASH_SEED
# repeats a run; the seed of each run is printed.
set -euo pipefail

cycles=${1:-1000}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-$root/build/ci}
binary=$build/tests/server/einblick_crash_tests
[ -x "$binary" ] || { echo "no test binary at $binary: cmake --preset ci && cmake --build build/ci" >&2; exit 2; }

start=$(date +%s)
status=0
EINBLICK_CRASH_CYCLES=$cycles "$binary" 2>&1 | tee "${TMPDIR:-/tmp}/crash_soak.log" || status=$?
echo "crash soak: $cycles cycles in $(( $(date +%s) - start )) s, exit $status (log: ${TMPDIR:-/tmp}/crash_soak.log)"
exit "$status"
