#!/usr/bin/env bash
# Compares einblick_bench's write figures between an older commit and this checkout, in one run,
# on the same disk: the two binaries take turns (ROUNDS times each), and the medians and their
# ratio are printed as a Markdown table. Used for "the Merkle tree adds at most 20 % to durable
# ingest" (BENCHMARKS.md): BASE is the commit before the tree.
#
#   bash bench/compare_commits.sh BASE [ROUNDS] [-- einblick_bench options]
#
# The older commit is built with the bench preset in a git worktree under build/compare/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

base=${1:?usage: compare_commits.sh BASE [ROUNDS] [-- einblick_bench options]}
shift
rounds=5
if [ $# -gt 0 ] && [ "$1" != "--" ]; then rounds=$1; shift; fi
[ "${1:-}" = "--" ] && shift
options=("$@")
[ ${#options[@]} -gt 0 ] || options=(--events 20000 --threads 16 --single 500)

base_sha=$(git rev-parse --short "$base^{commit}")
tree="build/compare/$base_sha"
if [ ! -d "$tree" ]; then
    git worktree add --detach "$tree" "$base_sha" >/dev/null
fi
(cd "$tree" && cmake --preset bench >/dev/null && cmake --build build/bench --target einblick_bench)
cmake --preset bench >/dev/null && cmake --build build/bench --target einblick_bench

base_bin="$tree/build/bench/bench/einblick_bench"
head_bin="build/bench/bench/einblick_bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The three write rows of einblick_bench's table, as "name<TAB>events/s".
figures() {
    "$1" "${options[@]}" --db "$work/bench.db" 2>/dev/null |
        awk -F'|' '/events\/s/ { gsub(/^ +| +$/, "", $2); v = $3; gsub(/[^0-9]/, "", v); print $2 "\t" v }'
}

for round in $(seq "$rounds"); do
    figures "$base_bin" | sed "s/^/base\t/" >> "$work/all"
    figures "$head_bin" | sed "s/^/head\t/" >> "$work/all"
    echo "round $round of $rounds done" >&2
done

python3 - "$work/all" "$base_sha" "$(git rev-parse --short HEAD)" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
names = list(dict.fromkeys(r[1] for r in rows))
print(f"| measurement (median of {len(rows) // (2 * len(names))} runs each) | {sys.argv[2]} | {sys.argv[3]} | ratio |")
print("|---|---:|---:|---:|")
for name in names:
    base = statistics.median(int(r[2]) for r in rows if r[0] == "base" and r[1] == name)
    head = statistics.median(int(r[2]) for r in rows if r[0] == "head" and r[1] == name)
    print(f"| {name} | {base:,.0f} events/s | {head:,.0f} events/s | {head / base:.2f} |")
PY
