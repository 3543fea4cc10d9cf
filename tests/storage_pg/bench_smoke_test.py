#!/usr/bin/env python3
"""einblick_bench's pre-loads and paths on both backends, small, as BENCHMARKS.md runs them at
10 M: `--size N --pg-url-file FILE`, then again with `--reuse`. Times are not checked (tests
never time things); what is checked is that the run completes and that its figures are there
and consistent: the SQLite pre-load holds the entries asked for and the measured citizen's,
the PostgreSQL pre-load holds the same number (its tree head and chain were compared with
SQLite's before it was marked complete), every path ingested something and wrote WAL on
PostgreSQL, and the second run reuses both pre-loads instead of making them again.

    bench_smoke_test.py EINBLICK_BENCH PG_URL_FILE
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

SIZE = 2000


def fail(message):
    print(f"bench_smoke_test: FAIL: {message}", flush=True)
    sys.exit(1)


def run_bench(bench, url_file, work, reuse):
    out = work / ("second.json" if reuse else "first.json")
    args = [bench, "--dir", str(work / "files"), "--pg-url-file", url_file, "--no-http",
            "--agencies", "4", "--writers", "1", "--events-per-writer", "1000", "--batches", "1",
            "--checks", "1", "--history-rows", "60", "--raw-single", "10",
            "--raw-batch-rows", "1000", "--size", str(SIZE), "--json", str(out)]
    if reuse:
        args.append("--reuse")
    done = subprocess.run(args, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        fail(f"einblick_bench exited {done.returncode}:\n{done.stderr[-3000:]}")
    return json.loads(out.read_text())


def check(figures, reused, checks):
    sqlite_preload = figures["preload"]
    pg = figures["postgresql"]
    pg_preload = pg["preload"]
    expectations = [
        ("the SQLite pre-load's events", sqlite_preload["events"] == SIZE),
        ("the SQLite pre-load holds them and the citizen's history",
         sqlite_preload["log_entries"] > SIZE),
        ("the PostgreSQL pre-load holds as many entries",
         pg_preload["log_entries"] == sqlite_preload["log_entries"]),
        ("the PostgreSQL pre-load ran with triggers off", pg_preload["triggers_off"] is True),
        ("SQLite pre-load reused" if reused else "SQLite pre-load made",
         sqlite_preload["reused"] is reused),
        ("PostgreSQL pre-load reused" if reused else "PostgreSQL pre-load made",
         pg_preload["reused"] is reused),
        ("SQLite's service path ingested", figures["service"]["batch_1000_events_per_s"] > 0),
        ("PostgreSQL's service path ingested", pg["service"]["batch_1000_events_per_s"] > 0),
        ("PostgreSQL's service path wrote WAL for its entries",
         pg["wal"]["service"]["entries"] > 0 and pg["wal"]["service"]["bytes"] > 0),
    ]
    for what, holds in expectations:
        checks.append(what)
        if not holds:
            fail(f"{what}: not so in {json.dumps(figures)[:2000]}")


def main():
    bench, url_file = sys.argv[1], sys.argv[2]
    checks = []
    with tempfile.TemporaryDirectory(prefix="einblick-bench-smoke-") as work:
        work = Path(work)
        check(run_bench(bench, url_file, work, reuse=False), False, checks)
        check(run_bench(bench, url_file, work, reuse=True), True, checks)
    print(f"bench_smoke_test: {len(checks)} checks passed", flush=True)


if __name__ == "__main__":
    main()
