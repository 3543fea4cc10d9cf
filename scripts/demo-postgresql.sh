#!/usr/bin/env bash
# The demo on PostgreSQL in one command: builds as the README's SQLite demo does (emsdk-setup.sh,
# then `cmake --workflow --preset release`, both doing nothing when everything is there), starts
# a PostgreSQL 15 cluster of its own (Debian's postgresql-15, which emsdk-setup.sh installs) and
# runs `einblick serve --db postgresql://… --demo` on it until Ctrl-C, then stops the cluster.
#
#   scripts/demo-postgresql.sh [DIR] [-- SERVE-OPTION...]
#
# Without DIR the cluster is a throwaway: tests/support/pg_cluster.py (the one the tests use)
# runs initdb in a fresh temporary directory, listens on a free port of 127.0.0.1, and the
# cluster, the demo's data and its generated keys are removed again on Ctrl-C.
#
# With DIR the cluster persists in DIR (created on the first run, reused afterwards, so the
# demo is seeded once): DIR/pgdata, its Unix socket in DIR/socket (no TCP port at all), the
# demo's keys and witness state in DIR/demo (einblick's --demo-dir), the server's log in
# DIR/pgdata/postgresql.log. Remove DIR to start over. As root, PostgreSQL runs as Debian's
# `postgres` user (it refuses root), which must be able to reach DIR: /root is not reachable,
# /var/tmp/einblick-demo-pg is.
#
# Options after `--` go to `einblick serve` (e.g. -- --port 8081 --demo-date 2026-11-30T10:00:00Z).
# EINBLICK=/path/to/einblick runs that executable and skips the build.
# shellcheck disable=SC2317 # stop_cluster runs from the EXIT trap
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pg_bin="${EINBLICK_PG_BIN_DIR:-/usr/lib/postgresql/15/bin}"
umask 077

usage() {
    sed -n '7p' "$0" | sed 's/^# *//' >&2
    exit 2
}

dir=""
serve_options=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --) shift; serve_options=("$@"); break ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) usage ;;
        *) [[ -z "$dir" ]] || usage; dir="$1"; shift ;;
    esac
done

if [[ -n "${EINBLICK:-}" ]]; then
    einblick="$EINBLICK"
else
    (cd "$root" && bash emsdk-setup.sh && cmake --workflow --preset release)
    einblick="$root/build/release/server/einblick"
fi
[[ -x "$einblick" ]] || { echo "demo-postgresql: no executable $einblick" >&2; exit 1; }
[[ -x "$pg_bin/initdb" ]] || {
    echo "demo-postgresql: no $pg_bin/initdb: install postgresql-15 (bash emsdk-setup.sh)" >&2
    exit 1
}

# PostgreSQL's programs run as the cluster's owner: the user running this, or `postgres`
# when that is root.
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop_cluster() { :; }

if [[ -z "$dir" ]]; then
    # Throwaway: the tests' own cluster script, its state in a temporary directory.
    state="$(mktemp -d "${TMPDIR:-/tmp}/einblick-demo-pg-XXXXXX")"
    stop_cluster() {
        python3 "$root/tests/support/pg_cluster.py" stop "$state" >&2 || true
        rm -rf "$state"
    }
    trap stop_cluster EXIT
    python3 "$root/tests/support/pg_cluster.py" start "$state" >&2
    url="$(cat "$state/url")"
    demo_dir="$state/demo"
else
    if [[ ! -e "$dir" ]]; then
        mkdir -p "$dir"
        # As root: others (the postgres user) may pass through, not list it.
        [[ $EUID -ne 0 ]] || chmod 711 "$dir"
    fi
    dir="$(cd "$dir" && pwd)"
    pgdata="$dir/pgdata"
    socket="$dir/socket"
    demo_dir="$dir/demo"
    if [[ ! -d "$pgdata" ]]; then
        mkdir "$socket" "$pgdata"
        if [[ $EUID -eq 0 ]]; then
            chown postgres:postgres "$socket" "$pgdata"
            runuser -u postgres -- test -w "$pgdata" || {
                rmdir "$socket" "$pgdata"
                echo "demo-postgresql: the user postgres cannot reach $dir; choose a folder" \
                     "it can, e.g. /var/tmp/einblick-demo-pg" >&2
                exit 1
            }
        fi
        # Only the owner-only socket directory, no TCP: trust is the owner's alone.
        as_owner "$pg_bin/initdb" --pgdata "$pgdata" --username einblick --auth=trust \
            --encoding=UTF8 --no-locale >/dev/null
        cat >>"$pgdata/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$socket'
fsync = on
synchronous_commit = on
EOF
        created=1
    fi
    if ! as_owner "$pg_bin/pg_ctl" status --pgdata "$pgdata" >/dev/null 2>&1; then
        as_owner "$pg_bin/pg_ctl" start --pgdata "$pgdata" --log "$pgdata/postgresql.log" \
            --wait --timeout=60 >/dev/null
        stop_cluster() {
            as_owner "$pg_bin/pg_ctl" stop --pgdata "$pgdata" --mode fast --wait >/dev/null ||
                true
        }
        trap stop_cluster EXIT
    fi
    if [[ -n "${created:-}" ]]; then
        as_owner "$pg_bin/createdb" --host "$socket" --username einblick einblick_demo
    fi
    echo "demo-postgresql: PostgreSQL in $pgdata (socket in $socket)" >&2
    url="postgresql://einblick@/einblick_demo?host=$socket"
fi

# The password goes to libpq through the environment, not on the command line where `ps`
# shows it; einblick never prints it either.
if [[ "$url" =~ ^(postgresql://[^:/@]+):([^@]*)@(.*)$ ]]; then
    export PGPASSWORD="${BASH_REMATCH[2]}"
    url="${BASH_REMATCH[1]}@${BASH_REMATCH[3]}"
fi

# In the background, so that Ctrl-C (or SIGTERM) reaches the script, which stops the server
# (SIGTERM: it shuts down in order) and then the cluster (EXIT trap).
"$einblick" serve --db "$url" --demo --demo-dir "$demo_dir" "${serve_options[@]}" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true' INT TERM
status=0
while kill -0 "$server" 2>/dev/null; do
    wait "$server" && status=0 || status=$?
done
exit "$status"
