#!/usr/bin/env bash
# Stops PostgreSQL clusters left behind by test processes that were killed before they could clean up.
for pidfile in /tmp/evident-test-*/pg/postmaster.pid; do
  [ -f "$pidfile" ] || continue
  dir=$(dirname "$pidfile")
  owner=$(basename "$(dirname "$dir")" | sed 's/evident-test-//')
  if ! kill -0 "$owner" 2>/dev/null; then
    pid=$(head -1 "$pidfile")
    kill -INT "$pid" 2>/dev/null || true
    sleep 1
    rm -rf "$(dirname "$dir")"
  fi
done
exit 0
