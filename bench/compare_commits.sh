#!/usr/bin/env bash
# Compares einblick_bench between an older commit and this checkout, in one run, on the same
# disk: the two binaries take turns (ROUNDS times each), and the median of each figure, with
# head / base, is printed as a Markdown table. Every figure is also a ratio to raw SQLite measured
# in the same process, so a noisy disk moves both sides of a ratio alike.
#
#   bash bench/compare_commits.sh BASE [ROUNDS] [-- einblick_bench options]
#
# Default options: --no-http. BASE needs an einblick_bench with --dir and --json (from 5372828
# on); the commits before it had other options (BENCHMARKS.md keeps their figures). The older
# commit is built with the bench preset in a git worktree under build/compare/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

base=${1:?usage: compare_commits.sh BASE [ROUNDS] [-- einblick_bench options]}
shift
rounds=5
if [ $# -gt 0 ] && [ "$1" != "--" ]; then rounds=$1; shift; fi
[ "${1:-}" = "--" ] && shift
options=("$@")
[ ${#options[@]} -gt 0 ] || options=(--no-http)

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

for round in $(seq "$rounds"); do
    for side in base head; do
        bin=${side}_bin
        "${!bin}" "${options[@]}" --dir "$work/db" --json "$work/$side-$round.json" >/dev/null
    done
    echo "round $round of $rounds done" >&2
done

python3 - "$work" "$base_sha" "$(git rev-parse --short HEAD)" <<'PY'
import glob, json, statistics, sys

work, base_name, head_name = sys.argv[1:4]

def figures(path):
    """The figures of one run, flattened to name -> number."""
    run = json.load(open(path))
    out = {}
    for path_name in ("service", "http"):
        for name, ratio in run.get("ratios_to_raw", {}).get(path_name, {}).items():
            out[f"{path_name}: {name}, ratio to raw"] = ratio
        path = run.get(path_name)
        if not path:
            continue
        for ingest in path.get("single_event_ingest", []):
            out[f"{path_name}: {ingest['writers']} writers, events/s"] = ingest["events_per_s"]
        if "batch_1000_events_per_s" in path:
            out[f"{path_name}: batch of 1000, events/s"] = path["batch_1000_events_per_s"]
        for key in ("access_check_16_concurrent", "history_newest_50",
                    "history_newest_50_while_batch_ingest"):
            if key in path:
                out[f"{path_name}: {key} p50, µs"] = path[key]["p50_us"]
                out[f"{path_name}: {key} p99, µs"] = path[key]["p99_us"]
        # Reads while a writer ingests batches (einblick_bench from ff7d25e on).
        for key, read in path.get("reads_while_batch_ingest", {}).items():
            if isinstance(read, dict) and "p99_us" in read:
                out[f"{path_name}: while ingesting, {key} p50, µs"] = read["p50_us"]
                out[f"{path_name}: while ingesting, {key} p99, µs"] = read["p99_us"]
    raw = run["raw_sqlite"]
    out["raw: rows/s at 1000 per commit"] = raw["batch_1000_rows_per_s"]
    out["raw: single-row commits/s"] = raw["single_row_commits_per_s"]
    return out

runs = {side: [figures(p) for p in sorted(glob.glob(f"{work}/{side}-*.json"))]
        for side in ("base", "head")}
names = list(dict.fromkeys(n for run in runs["base"] + runs["head"] for n in run))
print(f"| measurement (median of {len(runs['head'])} runs each) | {base_name} | {head_name} "
      "| head / base |")
print("|---|---:|---:|---:|")
for name in names:
    base = [r[name] for r in runs["base"] if name in r]
    head = [r[name] for r in runs["head"] if name in r]
    if not base or not head:
        continue
    b, h = statistics.median(base), statistics.median(head)
    digits = 2 if "ratio" in name else 0
    print(f"| {name} | {b:,.{digits}f} | {h:,.{digits}f} | {h / b:.2f} |")
PY
