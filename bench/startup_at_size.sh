#!/usr/bin/env bash
# Start-up of the real server on a large log (issue 11 item 7: "start-up stays fast at 10 M
# entries"), next to its start-up on an empty database in the same run as the baseline.
#
#   bash bench/startup_at_size.sh DB [RUNS]
#
# DB is a database filled by einblick_log_bench (its keys: checkpoint seed 07…07, pseudonym key
# 01…01, origin einblick.localhost/log). Each run starts `einblick serve` on it and polls
# /health/ready every 10 ms until it answers 200: migrations, the log integrity check at start
# (the newest --log-check-window entries, the tree over them, the latest checkpoint) and the
# listening socket all lie inside that time. Prints the median and the worst run of each, the
# ratio, and the server's resident memory when ready. The page cache is warm after the first
# run; the first run of each is shown on its own.
set -euo pipefail

db=${1:?usage: startup_at_size.sh DB [RUNS]}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
server=${EINBLICK_SERVER:-$root/build/bench/server/einblick}
[ -x "$server" ] || { echo "no server at $server: cmake --workflow --preset bench" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%s\n' "$(printf '07%.0s' {1..32})" >"$work/checkpoint-key"
printf '%s\n' "$(printf '01%.0s' {1..32})" >"$work/pseudonym-key"
chmod 600 "$work/checkpoint-key" "$work/pseudonym-key"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# One start: prints "<seconds to ready> <RSS kB when ready>".
start_once() {
    local database=$1 port
    port=$(free_port)
    local begin end pid
    begin=$(date +%s.%N)
    "$server" serve --db "$database" --port "$port" --bind 127.0.0.1 \
        --checkpoint-key-file "$work/checkpoint-key" --pseudonym-key-file "$work/pseudonym-key" \
        --log-origin einblick.localhost/log >/dev/null 2>"$work/stderr" &
    pid=$!
    for _ in $(seq 1 6000); do
        if curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; then
            end=$(date +%s.%N)
            local rss
            rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
            kill "$pid"
            wait "$pid" || true
            echo "$(echo "$end - $begin" | bc -l) $rss"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "the server stopped before it was ready:" >&2
            cat "$work/stderr" >&2
            exit 1
        fi
        sleep 0.01
    done
    kill "$pid"
    echo "not ready within 60 s:" >&2
    grep -v '^{' "$work/stderr" >&2
    exit 1
}

summary() { # label, then lines "<seconds> <rss>"
    local label=$1
    shift
    printf '%s\n' "$@" | sort -n | awk -v label="$label" '
        { s[NR] = $1; r[NR] = $2 }
        END { printf "| %s | %.0f ms | %.0f ms | %.1f MiB |\n", label, s[int((NR + 1) / 2)] * 1000,
                     s[NR] * 1000, r[int((NR + 1) / 2)] / 1024 }'
}

entries=$(python3 -c "import sqlite3,sys; c=sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True); print(c.execute('select count(*) from log_tree_nodes where level = 0').fetchone()[0])" "$db")
bytes=$(stat -c %s "$db")

empty_runs=() large_runs=()
for i in $(seq 1 "$runs"); do
    rm -f "$work/empty.db"*
    empty_runs+=("$(start_once "$work/empty.db")")
    large_runs+=("$(start_once "$db")")
    [ "$i" = 1 ] && first_large=${large_runs[0]}
done

echo "| start-up to /health/ready 200 ($runs runs each) | median | worst | RSS when ready |"
echo "|---|---:|---:|---:|"
summary "baseline: empty database (migrations from scratch)" "${empty_runs[@]}"
summary "$entries entries, $((bytes / 1000000)) MB file" "${large_runs[@]}"
summary "$entries entries, first run only" "$first_large"
e=$(printf '%s\n' "${empty_runs[@]}" | sort -n | awk '{s[NR]=$1} END {print s[int((NR+1)/2)]}')
l=$(printf '%s\n' "${large_runs[@]}" | sort -n | awk '{s[NR]=$1} END {print s[int((NR+1)/2)]}')
echo
echo "ratio of the medians, large log to empty database: $(echo "scale=2; $l / $e" | bc -l)"
