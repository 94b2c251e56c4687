#!/usr/bin/env bash
# bench/search — search latency and index cost of Evident on replicated Synthea data, at growing sizes.
#
# For each SIZE (resources):
# 1. Generates SIZE resources from the 55 Synthea Bundles (make-data.py; cached in $DATA_ROOT/evident-search-data-SIZE).
# 2. Ingest: `evident load` into a fresh embedded cluster (resources/s, search indexing on). For the first size (or
#    every size with INGEST_COMPARE=1) also `load --no-index` into a second fresh cluster, then `evident reindex`
#    on it (REINDEX=0 skips), to show what indexing costs at ingest.
# 3. VACUUM ANALYZE, starts the release server, picks query values from the data (pick-values.sql), and
#    client.py measures REQUESTS sequential GETs per query on one keep-alive connection (after WARMUP).
# 4. Prints the rows and on-disk size of resource, resource_history, resource_ref and every search_* table.
# Finally: p95 per query across sizes, and the ingest table.
#
# Environment: SIZES (default "100000 1000000"), REQUESTS (default 200), WARMUP (default 20), PORT (default 8098),
# JOBS (files loaded in parallel, default 2), INGEST_COMPARE (1 = no-index load at every size), REINDEX (default 1),
# SYNTHEA (source Bundles, default ../shared/data/synthea/r4-bundles), DATA_ROOT (data cache, default /tmp),
# RESULTS_DIR (keep per-size JSON results there; default: a temporary folder removed at exit).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
HERE=$ROOT/bench/search
SIZES=${SIZES:-"100000 1000000"}
REQUESTS=${REQUESTS:-200}
WARMUP=${WARMUP:-20}
PORT=${PORT:-8098}
JOBS=${JOBS:-2}
INGEST_COMPARE=${INGEST_COMPARE:-0}
REINDEX=${REINDEX:-1}
SYNTHEA=${SYNTHEA:-$ROOT/../shared/data/synthea/r4-bundles}
DATA_ROOT=${DATA_ROOT:-/tmp}
for tool in psql curl python3; do command -v $tool >/dev/null || { echo "bench/search needs $tool: run scripts/install-deps.sh"; exit 1; }; done

echo "== building release binary"
swift build -c release --product evident 2>&1 | tail -1
BIN=$(swift build -c release --show-bin-path)/evident
WORK=$(mktemp -d /tmp/evident-search-bench.XXXXXX)
chmod 755 "$WORK"
RESULTS_DIR=${RESULTS_DIR:-$WORK/results}
mkdir -p "$RESULTS_DIR"
SERVER_PID=
CLUSTERS=()

# Stops a cluster this script created if something (an interrupted load, a server that did not stop it) left it running.
stop_cluster() { # data-dir
  [ -f "$1/postmaster.pid" ] || return 0
  local pgctl
  pgctl=$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$pgctl" ] || pgctl=$(command -v pg_ctl || true)
  [ -n "$pgctl" ] || return 0
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$(stat -c %U "$1")" -- env -C /tmp "$pgctl" -D "$1" -m fast -w stop >/dev/null 2>&1 || true
  else
    "$pgctl" -D "$1" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
drop_cluster() { # data-dir
  stop_cluster "$1"
  rm -rf "$1"
}
cleanup() {
  stop_server
  for c in "${CLUSTERS[@]}"; do drop_cluster "$c"; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Runs `evident load` (extra flags first), prints every 250th progress line, and echoes
# "resources seconds rate status" parsed from the summary line ("Loaded N resources ... in S s (R resources/s)").
# Runs in a subshell when used as `read < <(load …)`: it must not change variables.
load() { # data-dir log flags...
  local dir=$1 log=$2 status=ok
  shift 2
  if ! "$BIN" load --log-level warning "$@" --data-dir "$dir" --jobs "$JOBS" "${LOAD_PATHS[@]}" 2>&1 | tee "$log" |
      awk 'NR % 250 == 0 { print "   " $0; fflush() }' >&2; then
    status=failed
    grep -E 'FAILED|rror' "$log" | head -5 | sed 's/^/   /' >&2 || true
  fi
  python3 - "$log" "$status" <<'PY'
import re, sys
status = sys.argv[2]
m = None
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"Loaded (\d+) resources.*? in ([0-9.]+) s \((\d+) resources/s\)", line) or m
    if "entries failed" in line or "files and" in line:
        status = "partial"
print(*(m.groups() if m else ("n/a", "n/a", "n/a")), status)
PY
}

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

echo "== $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $(psql --version | head -1), REQUESTS=$REQUESTS"
INGEST_ROWS=()
RESULT_FILES=()
first=1
for SIZE in $SIZES; do
  echo
  echo "################ SIZE $SIZE"
  DATA_DIR=$DATA_ROOT/evident-search-data-$SIZE
  if [ -f "$DATA_DIR/SUMMARY.txt" ] && grep -q "requested=$SIZE " "$DATA_DIR/SUMMARY.txt" &&
     [ ! "$HERE/make-data.py" -nt "$DATA_DIR/SUMMARY.txt" ]; then
    echo "== data: cached in $DATA_DIR ($(cat "$DATA_DIR/SUMMARY.txt"))"
  else
    echo "== data: generating $SIZE resources into $DATA_DIR"
    python3 "$HERE/make-data.py" "$DATA_DIR" --resources "$SIZE" --source "$SYNTHEA" | awk 'NR % 10 == 1 || /^wrote/ { print "   " $0; fflush() }'
  fi

  PG=$WORK/pg-$SIZE
  CLUSTERS+=("$PG")
  echo "== ingest with search indexing (--jobs $JOBS)"
  LOAD_PATHS=("$DATA_DIR")
  if [ -d "$DATA_DIR/shared" ]; then
    # Shared (hospital/practitioner) Bundles first, since copies reference them conditionally; then the copies
    # as an explicit file list (the folder would include shared/ again).
    LOAD_PATHS=("$DATA_DIR/shared"); load "$PG" "$WORK/load-shared-$SIZE.log" >/dev/null
    LOAD_PATHS=("$DATA_DIR"/copy*.json)
  fi
  read -r n_res load_s load_rate load_status < <(load "$PG" "$WORK/load-$SIZE.log")
  echo "   $(grep -E '^Loaded' "$WORK/load-$SIZE.log" | tail -1) [$load_status]"

  noidx_rate=-; reindex_s=-; noidx_total_rate=-
  if [ "$first" = 1 ] || [ "$INGEST_COMPARE" = 1 ]; then
    NOIDX=$WORK/pg-$SIZE-noindex
    CLUSTERS+=("$NOIDX")
    echo "== ingest with --no-index into a second fresh cluster"
    if [ -d "$DATA_DIR/shared" ]; then
      LOAD_PATHS=("$DATA_DIR/shared"); load "$NOIDX" "$WORK/load-shared-noindex-$SIZE.log" --no-index >/dev/null
      LOAD_PATHS=("$DATA_DIR"/copy*.json)
    fi
    read -r _ noidx_s noidx_rate noidx_status < <(load "$NOIDX" "$WORK/load-noindex-$SIZE.log" --no-index)
    echo "   $(grep -E '^Loaded' "$WORK/load-noindex-$SIZE.log" | tail -1 || tail -2 "$WORK/load-noindex-$SIZE.log") [$noidx_status]"
    if [ "$REINDEX" = 1 ] && [ "$noidx_status" != failed ]; then
      echo "== evident reindex on the --no-index cluster"
      t0=$(now)
      if "$BIN" reindex --log-level warning --data-dir "$NOIDX" > "$WORK/reindex-$SIZE.log" 2>&1; then
        reindex_s=$(secs "$t0" "$(now)")
        echo "   $(tail -1 "$WORK/reindex-$SIZE.log") [${reindex_s} s wall]"
        noidx_total_rate=$(awk -v n="$n_res" -v a="$noidx_s" -v b="$reindex_s" 'BEGIN { if (a + b > 0 && n + 0 > 0) printf "%d", n / (a + b); else print "n/a" }')
      else
        reindex_s=failed
        tail -3 "$WORK/reindex-$SIZE.log" | sed 's/^/   /'
      fi
    fi
    drop_cluster "$NOIDX"
  fi
  INGEST_ROWS+=("$SIZE $n_res $load_rate $load_s $noidx_rate $reindex_s $noidx_total_rate")
  first=0

  "$BIN" serve --log-level warning --data-dir "$PG" --port "$PORT" > "$WORK/server-$SIZE.log" 2>&1 &
  SERVER_PID=$!
  up=0
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$PORT/metadata" >/dev/null && { up=1; break; }
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited:"; tail -20 "$WORK/server-$SIZE.log"; exit 1; }
    sleep 0.2
  done
  [ "$up" = 1 ] || { echo "server not answering GET /metadata on port $PORT after 60 s:"; tail -20 "$WORK/server-$SIZE.log"; exit 1; }
  PSQL=(psql -X -q -h "$PG/socket" -U evident evident)
  t0=$(now)
  "${PSQL[@]}" -c "VACUUM ANALYZE"
  echo "== VACUUM ANALYZE: $(secs "$t0" "$(now)") s"

  t0=$(now)
  declare -A V=()
  while IFS='=' read -r k v; do [ -n "$k" ] && V[$k]=$v; done < <("${PSQL[@]}" -At -F $'\n' -f "$HERE/pick-values.sql")
  for k in code rare_code patient family prefix d1 d2; do
    [ -n "${V[$k]:-}" ] || { echo "pick-values.sql found no $k (is the data loaded?)"; exit 1; }
  done
  echo "== query values ($(secs "$t0" "$(now)") s): ${V[observations]} Observations; code ${V[code]} (${V[code_count]}x)," \
       "rare code ${V[rare_code]} (${V[rare_code_count]}x), Patient/${V[patient]} (${V[patient_observations]} Observations)," \
       "family '${V[family]}' (${V[family_patients]} Patients), ${V[d1]} ≤ date < ${V[d2]} (${V[month_observations]} Observations)"

  echo "== search latency: $REQUESTS sequential requests per query after $WARMUP warm-up, one keep-alive connection"
  python3 "$HERE/client.py" run --port "$PORT" --requests "$REQUESTS" --warmup "$WARMUP" --label "$SIZE" \
    --code "${V[code]}" --rare-code "${V[rare_code]}" --patient "${V[patient]}" --family "${V[family]}" \
    --prefix "${V[prefix]}" --d1 "${V[d1]}" --d2 "${V[d2]}" --out "$RESULTS_DIR/results-$SIZE.json"
  RESULT_FILES+=("$RESULTS_DIR/results-$SIZE.json")

  if [ "${EXPLAIN:-1}" = 1 ]; then
    # Query plans of every shape as the server runs them: auto_explain (ANALYZE, BUFFERS) on fresh server sessions.
    echo "== EXPLAIN ANALYZE of each query shape (auto_explain), saved to $RESULTS_DIR/plans-$SIZE.txt"
    "${PSQL[@]}" -c "LOAD 'auto_explain'" -c "ALTER SYSTEM SET session_preload_libraries = 'auto_explain'" -c "ALTER SYSTEM SET auto_explain.log_min_duration = 0" \
      -c "ALTER SYSTEM SET auto_explain.log_analyze = on" -c "ALTER SYSTEM SET auto_explain.log_buffers = on" -c "SELECT pg_reload_conf()" >/dev/null
    stop_server
    "$BIN" serve --log-level warning --data-dir "$PG" --port "$PORT" > "$WORK/server-explain-$SIZE.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/metadata" >/dev/null && break; sleep 0.2; done
    LOG_START=$(wc -l < "$PG/server.log")
    python3 "$HERE/client.py" run --port "$PORT" --requests 1 --warmup 0 --paging-iterations 1 --label "$SIZE" \
      --code "${V[code]}" --rare-code "${V[rare_code]}" --patient "${V[patient]}" --family "${V[family]}" \
      --prefix "${V[prefix]}" --d1 "${V[d1]}" --d2 "${V[d2]}" > /dev/null
    tail -n +"$((LOG_START + 1))" "$PG/server.log" | grep -v "^\s*$" > "$RESULTS_DIR/plans-$SIZE.txt" || true
    echo "   $(grep -c 'duration:' "$RESULTS_DIR/plans-$SIZE.txt" || echo 0) plans"
    "${PSQL[@]}" -c "ALTER SYSTEM RESET ALL" -c "SELECT pg_reload_conf()" >/dev/null
  fi
  unset V

  echo
  echo "== storage after VACUUM ANALYZE"
  "${PSQL[@]}" -f "$HERE/sizes.sql"

  stop_server
  drop_cluster "$PG"
done

echo
echo "################ summary"
echo "== search p95 (ms) by data size"
python3 "$HERE/client.py" compare "${RESULT_FILES[@]}"
echo
echo "== ingest (--jobs $JOBS)"
printf "%10s %10s %14s %9s %16s %11s %22s\n" "size" "resources" "indexed res/s" "load s" "--no-index res/s" "reindex s" "no-index+reindex res/s"
for r in "${INGEST_ROWS[@]}"; do
  read -r s n rate ls nrate rs nt <<<"$r"
  printf "%10s %10s %14s %9s %16s %11s %22s\n" "$s" "$n" "$rate" "$ls" "$nrate" "$rs" "$nt"
done
[ -n "${RESULTS_DIR##"$WORK"*}" ] && echo "(per-size results kept in $RESULTS_DIR)"
exit 0
