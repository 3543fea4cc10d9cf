#!/usr/bin/env bash
# einblick_bench on SQLite and PostgreSQL in one run (issue 13 item 7): starts a throwaway
# PostgreSQL 15 cluster (tests/support/pg_cluster.py), tunes it for a benchmark, runs
# einblick_bench --pg-url-file on it with the arguments given, and stops the cluster.
#
#   bash bench/pg_bench.sh [einblick_bench options...]
#   bash bench/pg_bench.sh --size 1000000 --json pg.json
#
# The tuning, for the benchmark machine (24 GiB, 2 cores, one SSD) and set with ALTER SYSTEM,
# then a restart:
#   shared_buffers = 6GB (a quarter of the memory), effective_cache_size = 16GB,
#   maintenance_work_mem = 1GB (index builds of the pre-load), work_mem = 32MB,
#   wal_buffers = 64MB, max_wal_size = 16GB, min_wal_size = 1GB, checkpoint_timeout = 15min,
#   checkpoint_completion_target = 0.9 (checkpoints rare and spread, as a production server
#   would be set), random_page_cost = 1.1 (SSD), max_parallel_workers_per_gather = 1 (2 cores),
#   max_connections = 60 (the service path's pool of 16 and the log's writer, the server child's,
#   the floor's and the admin connections).
# Durability stays as Einblick requires and as in production: fsync = on,
# synchronous_commit = on, full_page_writes = on (asserted before the run).
#
# The URL (with its password) stays in a file readable by this user only; it is never printed.
# EINBLICK_BENCH names the einblick_bench binary (default: build/bench/bench/einblick_bench).
# EINBLICK_PG_BENCH_KEEP=DIR keeps the cluster running afterwards with its state in DIR, and
# reuses the cluster DIR records when it still answers: then --size N --reuse keeps the
# pre-loaded PostgreSQL database between runs too. Stop it with
# `python3 tests/support/pg_cluster.py stop DIR`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bench=${EINBLICK_BENCH:-$root/build/bench/bench/einblick_bench}
[ -x "$bench" ] || { echo "no einblick_bench at $bench: cmake --workflow --preset bench" >&2; exit 2; }
cluster=(python3 "$root/tests/support/pg_cluster.py")
pg_bin=${EINBLICK_PG_BIN_DIR:-/usr/lib/postgresql/15/bin}

keep=${EINBLICK_PG_BENCH_KEEP:-}
if [ -n "$keep" ]; then
    state=$keep
    mkdir -p "$state"
else
    state=$(mktemp -d "${TMPDIR:-/tmp}/einblick-pg-bench.XXXXXX")
    trap '"${cluster[@]}" stop "$state" >&2 || true; rm -rf "$state"' EXIT
fi

# psql with the URL from the file, so that it is never on a command line.
pg_psql() { PGCONNECT_TIMEOUT=10 "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 "$(cat "$state/url")" "$@"; }

as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -n "$keep" ] && [ -f "$state/url" ] && pg_psql -c 'SELECT 1' >/dev/null 2>&1; then
    echo "pg_bench: reusing the running cluster recorded in $state" >&2
else
    "${cluster[@]}" start "$state" >&2
    pg_psql <<'SQL'
ALTER SYSTEM SET shared_buffers = '6GB';
ALTER SYSTEM SET effective_cache_size = '16GB';
ALTER SYSTEM SET maintenance_work_mem = '1GB';
ALTER SYSTEM SET work_mem = '32MB';
ALTER SYSTEM SET wal_buffers = '64MB';
ALTER SYSTEM SET max_wal_size = '16GB';
ALTER SYSTEM SET min_wal_size = '1GB';
ALTER SYSTEM SET checkpoint_timeout = '15min';
ALTER SYSTEM SET checkpoint_completion_target = 0.9;
ALTER SYSTEM SET random_page_cost = 1.1;
ALTER SYSTEM SET max_parallel_workers_per_gather = 1;
ALTER SYSTEM SET max_connections = 60;
ALTER SYSTEM SET fsync = on;
ALTER SYSTEM SET synchronous_commit = on;
ALTER SYSTEM SET full_page_writes = on;
SQL
    # shared_buffers, wal_buffers and max_connections take a restart; pg_ctl keeps the port.
    as_owner "$pg_bin/pg_ctl" restart --pgdata "$(cat "$state/cluster_dir")/data" --mode fast \
        --wait --timeout=60 --log "$(cat "$state/cluster_dir")/server.log" >&2
fi
settings=$(pg_psql -At -c "SELECT string_agg(name || '=' || current_setting(name), ', '
    ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'fsync',
    'synchronous_commit', 'full_page_writes', 'max_wal_size', 'max_connections')")
echo "pg_bench: $settings" >&2
case "$settings" in
    *fsync=on*full_page_writes=on*synchronous_commit=on*) ;;
    *) echo "pg_bench: the cluster is not durable as configured; not measuring" >&2; exit 1 ;;
esac

"$bench" --pg-url-file "$state/url" "$@"
