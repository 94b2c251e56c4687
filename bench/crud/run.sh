#!/usr/bin/env bash
# bench/crud — Evident vs. the physical limit of this machine.
#
# 1. Ingest: loads the 55 Synthea transaction Bundles into a fresh embedded cluster (resources/s).
# 2. Starts the release server on that cluster, seeds 1,000 Observations (bench-1..bench-1000).
# 3. For each concurrency: wrk drives read-by-id and create over HTTP; pgbench runs the same SQL
#    statements directly against the same PostgreSQL (Unix socket). Prints both and server/pgbench.
# 4. Reads through PostgresNIO's client alone (no HTTP), to split the server's cost between layers.
#
# Environment: DURATION (s per run, default 10), CONCURRENCY (default "1 8 32"), PORT (default 8099),
# SYNTHEA (bundle folder, default ../shared/data/synthea/r4-bundles).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DURATION=${DURATION:-10}
CONCURRENCY=${CONCURRENCY:-"1 8 32"}
PORT=${PORT:-8099}
SYNTHEA=${SYNTHEA:-$ROOT/../shared/data/synthea/r4-bundles}
for tool in wrk pgbench curl; do command -v $tool >/dev/null || { echo "bench/crud needs $tool: run scripts/install-deps.sh"; exit 1; }; done

echo "== building release binaries"
swift build -c release --product evident 2>&1 | tail -1
swift build -c release --product crud-client-bench 2>&1 | tail -1
BIN=$(swift build -c release --show-bin-path)/evident
WORK=$(mktemp -d /tmp/evident-bench.XXXXXX)
chmod 755 "$WORK"
DATA=$WORK/pg
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== ingest: $(ls "$SYNTHEA"/*.json | wc -l) Synthea transaction bundles"
"$BIN" load --log-level warning --data-dir "$DATA" "$SYNTHEA" > "$WORK/load.log"
INGEST=$(tail -1 "$WORK/load.log")
echo "$INGEST"

"$BIN" serve --log-level warning --data-dir "$DATA" --port "$PORT" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/metadata" >/dev/null && break; sleep 0.2; done
SOCK=$DATA/socket
PSQL=(psql -X -q -h "$SOCK" -U evident evident)

# Seed 1,000 Observations with known ids in one transaction.
python3 - "$PORT" <<'PY'
import json, sys, urllib.request
entries = [{"resource": {"resourceType": "Observation", "id": f"bench-{i}", "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
            "valueQuantity": {"value": 60 + i % 40, "unit": "/min"}},
            "request": {"method": "PUT", "url": f"Observation/bench-{i}"}} for i in range(1, 1001)]
body = json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": entries}).encode()
req = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/", data=body, headers={"Content-Type": "application/fhir+json"})
urllib.request.urlopen(req).read()
PY
"${PSQL[@]}" -c "VACUUM ANALYZE"

run_wrk() { # script concurrency
  local c=$2 t=$(( $2 < 2 ? 1 : 2 ))
  wrk -t"$t" -c"$c" -d"${DURATION}s" -s "bench/crud/$1" "http://127.0.0.1:$PORT" | awk '/^RESULT/ {print}'
}
run_pgbench() { # script concurrency
  local c=$2 j=$(( $2 < 2 ? 1 : 2 ))
  pgbench -n -h "$SOCK" -U evident -M prepared -c "$c" -j "$j" -T "$DURATION" -f "bench/crud/$1" evident 2>&1 |
    awk '/^latency average/ {lat=$4} /^tps/ {tps=$3} END {printf "RESULT tps=%.1f avg_ms=%.3f\n", tps, lat}'
}
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k {print $2}'; }

printf "\n%-8s %5s %12s %9s %9s %7s %14s %10s %8s\n" "op" "conc" "server req/s" "p50 ms" "p99 ms" "errors" "pgbench tps" "pg avg ms" "ratio"
for op in read create; do
  for c in $CONCURRENCY; do
    s=$(run_wrk "$op.lua" "$c")
    p=$(run_pgbench "$op.sql" "$c")
    rps=$(field "$s" rps); tps=$(field "$p" tps)
    ratio=$(awk -v a="$rps" -v b="$tps" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }')
    printf "%-8s %5s %12s %9s %9s %7s %14s %10s %8s\n" "$op" "$c" "$rps" "$(field "$s" p50_ms)" "$(field "$s" p99_ms)" "$(field "$s" errors)" "$tps" "$(field "$p" avg_ms)" "$ratio"
  done
done
echo
echo "read-by-id through PostgresClient alone (no HTTP, one statement per read, same SQL):"
for c in $CONCURRENCY; do
  printf "  conc %3s: %s\n" "$c" "$("$(dirname "$BIN")/crud-client-bench" "$SOCK" "$c" "$DURATION" | sed 's/RESULT //')"
done
echo
echo "ingest: $INGEST"
echo "(errors = non-2xx responses and socket errors seen by wrk; a run with errors is not a valid measurement)"
