#!/usr/bin/env bash
# Installs the system packages Evident needs (Debian 12). As root it installs them; otherwise it prints
# the apt command to run. Swift itself is expected at /opt/swift or on PATH.
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
command -v pgbench >/dev/null 2>&1 || need+=(postgresql-client)
pkg-config --exists jansson 2>/dev/null || need+=(libjansson-dev pkg-config)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The Debian package starts a system cluster on port 5432; Evident runs its own, so stop it.
  service postgresql stop >/dev/null 2>&1 || true
else
  echo "Missing system packages. Install them with:"
  echo "  sudo apt-get install -y ${need[*]}"
  exit 1
fi
