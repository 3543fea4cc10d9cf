#!/usr/bin/env python3
"""einblick_bench over HTTP, small: the run completes and its HTTP figures are there and
consistent. In particular the events per group commit over HTTP, which the bench reads from
the server's own /metrics counters around each ingest (in process it reads the storage's):
with one writer in a closed loop every commit holds one event, with four writers between one
and four. The targets' verdicts take their values from the figures they name. The access
checks' commits are reported by duration for both paths (over HTTP from the server's /metrics
histogram), with the log's finishes, restarts and copies; the HTTP edge alone is measured
beside the checks, and a bare loopback responder beside the edge; the floor for the check's
tail reports how often the server's own checkpointer copied and finished its log; the
group-commit floors for the check (plain and verifiable rows) commit and time every caller's
row; and the disk under --dir is named alike in the JSON and the Markdown. Times are not
checked (tests never time things).

    http_figures_test.py EINBLICK_BENCH
"""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def fail(message):
    print(f"http_figures_test: FAIL: {message}", flush=True)
    sys.exit(1)


def run_bench(bench, work):
    out = work / "figures.json"
    args = [bench, "--dir", str(work / "files"), "--agencies", "4", "--writers", "1", "4",
            "--events-per-writer", "250", "--batches", "1", "--checks", "1",
            "--history-rows", "60", "--raw-single", "10", "--raw-batch-rows", "1000",
            "--size", "2000", "--json", str(out)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        fail(f"einblick_bench exited {done.returncode}:\n{done.stderr[-3000:]}")
    return json.loads(out.read_text()), done.stdout, done.stderr


def ingest_by_writers(path_figures):
    return {i["writers"]: i for i in path_figures["single_event_ingest"]}


def commits_by_duration(stderr, path):
    """(commits, writes, has buckets and the log's finishes) of the access checks' line for
    `path` on stderr."""
    found = re.search(rf"^{path}: check: (\d+) commits of (\d+) writes; by duration:(.*)$",
                      stderr, re.MULTILINE)
    if found is None:
        return None
    rest = found.group(3)
    # On a SQLite file the writer's finishes of the log and its restarts follow, over HTTP
    # also from /metrics.
    return (int(found.group(1)), int(found.group(2)),
            "<=" in rest and "; the log finished " in rest and
            re.search(r"; it started over \d+ times; the thread copied it \d+ times$", rest) is not None)


def disk_named_consistently(figures, markdown):
    """The disk under --dir is in the JSON and the Markdown alike, or in neither (a folder on
    tmpfs or overlay has no block device in /sys)."""
    disk = figures.get("disk", "missing")
    if disk is None:
        return "Disk under " not in markdown
    return (isinstance(disk, dict) and disk.get("device") and disk.get("scheduler")
            and "Disk under " in markdown and disk["device"] in markdown)


def floor_checkpoints_consistent(figures, markdown):
    """The floor's copies and finishes of its log are in the JSON as counts and in the
    Markdown's line for the check's floor with the same values."""
    raw = figures.get("raw_sqlite", {})
    copies, finishes = raw.get("checkpointed_copies"), raw.get("checkpointed_finishes")
    shown = re.search(r"commits of 10 rows, the log kept short by the server's checkpointer \|"
                      r".*% over 2 ms; (\d+) copies, (\d+) finishes \|", markdown)
    return (isinstance(copies, int) and isinstance(finishes, int) and shown is not None
            and (int(shown.group(1)), int(shown.group(2))) == (copies, finishes))


def group_commit_floor_consistent(figures, markdown, name, rows_shown, callers, per_caller):
    """A group-commit floor for the check: every caller's rows were committed and timed, in at
    least one and at most one commit per row, alike in the JSON and the Markdown."""
    floor = figures.get("raw_sqlite", {}).get(name, {})
    rows, commits = floor.get("rows"), floor.get("commits")
    shown = re.search(rf"\| the same against {callers} callers of {re.escape(rows_shown)} each, "
                      r"one writer committing what waits \(group commit\) \|"
                      r".*; (\d+) rows in (\d+) commits \|", markdown)
    return (rows == callers * per_caller and isinstance(commits, int) and 1 <= commits <= rows
            and floor.get("latency", {}).get("p99_us", 0) > 0 and shown is not None
            and (int(shown.group(1)), int(shown.group(2))) == (rows, commits))


def target_value(figures, name):
    values = [t["value"] for t in figures.get("targets", []) if t["name"] == name]
    return values[0] if len(values) == 1 else None


def main():
    bench = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="einblick-bench-http-") as work:
        figures, markdown, stderr = run_bench(bench, Path(work))
    if "http" not in figures:
        fail(f"no HTTP figures in {json.dumps(figures)[:2000]}")
    http = ingest_by_writers(figures["http"])
    service = ingest_by_writers(figures["service"])
    expectations = [
        ("HTTP ingest measured for 1 and 4 writers", sorted(http) == [1, 4]),
        ("HTTP ingest stored events", all(i["events_per_s"] > 0 for i in http.values())),
        ("HTTP events per commit reported", all("events_per_commit" in i for i in http.values())),
        # The server signs a checkpoint of the log at most once a second while entries arrive;
        # that write may share a commit with an event.
        ("one writer over HTTP: one event per commit",
         1.0 <= http.get(1, {}).get("events_per_commit", 0) <= 1.02),
        ("four writers over HTTP: between one and four events per commit",
         1.0 <= http.get(4, {}).get("events_per_commit", 0) <= 4.0),
        ("one writer in process: one event per commit",
         service.get(1, {}).get("events_per_commit") == 1.0),
        ("the Markdown names both paths' events per commit",
         re.search(r"\| 1 writer, 1 event per request \(1\.00 / 1\.0\d per commit\)", markdown)
         is not None),
        ("HTTP batches stored events", figures["http"]["batch_1000_events_per_s"] > 0),
        # 16 callers with one check each: at least one commit of at least 16 writes, by bucket,
        # and the writer's finishes of the log; over HTTP read from the server's /metrics.
        ("the checks' commits by duration, in process and over HTTP",
         all((c := commits_by_duration(stderr, path)) is not None and c[0] >= 1 and c[1] >= 16
             and c[2] for path in ("service", "HTTP"))),
        # The edge's own round trip beside the check, the same number of requests and callers.
        ("the HTTP edge alone measured and shown beside the check",
         figures["http"].get("edge_16_concurrent", {}).get("p99_us", 0) > 0
         and "edge_16_concurrent" not in figures["service"]
         and re.search(r"\| the HTTP edge alone: GET /health/live, 16 concurrent, as many \|\s*"
                       r"\| p50 [0-9.]+ ms, p99 [0-9.]+ ms \|\s*\| check p99 / edge p99: [0-9.]+ \|",
                       markdown) is not None),
        # The edge's floor: as many round trips, answered by a bare responder in the bench.
        ("a bare loopback responder measured beside the edge, with the ratios between them",
         figures["http"].get("loopback_16_concurrent", {}).get("p99_us", 0) > 0
         and "loopback_16_concurrent" not in figures["service"]
         and re.search(r"\| the same round trips answered by a bare loopback responder \(the "
                       r"server's bytes, no parsing, no workers\) \|\s*\| p50 [0-9.]+ ms, "
                       r"p99 [0-9.]+ ms \|\s*\| edge p50 / loopback p50: [0-9.]+, p99: [0-9.]+ \|",
                       markdown) is not None),
        ("the disk under --dir named in the JSON and the Markdown alike",
         disk_named_consistently(figures, markdown)),
        ("the history target is the HTTP path's p99 while a writer ingests, in ms",
         target_value(figures, "history newest 50 p99 while a writer ingests batches, ms (HTTP)")
         == figures["http"]["history_newest_50_while_batch_ingest"]["p99_us"] / 1000),
        ("the size target is the pre-load's bytes per entry",
         target_value(figures, "bytes per entry, tree nodes and indexes included")
         == figures["preload"]["bytes_per_entry"]),
        # The floor for the check's tail keeps its log short with the server's own
        # checkpointer, and says how often its thread copied and its writer finished the log,
        # alike in the JSON and the Markdown. (How often depends on how much CPU the copying
        # thread, which runs on idle cores only, gets on a busy machine, so not the counts.)
        ("the check's floor reports its checkpointer's copies and finishes",
         floor_checkpoints_consistent(figures, markdown)),
        # 16 callers (the checks' concurrency) of one row each (--checks 1).
        ("the check's group-commit floor committed and timed every caller's row",
         group_commit_floor_consistent(figures, markdown, "group_committed_callers", "one row",
                                       16, 1)),
        ("the check's verifiable group-commit floor committed and timed every caller's row",
         group_commit_floor_consistent(figures, markdown, "group_committed_verifiable_callers",
                                       "one verifiable row (chain, tree, head, count)", 16, 1)),
        ("each target says whether it is met, by its bound",
         all(t["met"] == (t["value"] >= t["bound"] if t["at_least"] else t["value"] <= t["bound"])
             for t in figures["targets"])),
    ]
    checks = []
    for what, holds in expectations:
        checks.append(what)
        if not holds:
            fail(f"{what}: not so in {json.dumps(figures)[:3000]}\nstderr:\n{stderr[-2000:]}")
    print(f"http_figures_test: {len(checks)} checks passed", flush=True)


if __name__ == "__main__":
    main()
