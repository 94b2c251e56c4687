#!/usr/bin/env bash
# Copies the OperationDefinitions and Profiles (the files users read, at the top level) into the
# Operations target's resources, which SwiftPM bundles into the server. A test fails if they differ.
set -euo pipefail
cd "$(dirname "$0")/.."
for d in OperationDefinitions Profiles; do
  dest="Sources/Operations/Resources/$d"
  rm -rf "$dest" && mkdir -p "$dest"
  cp "$d"/*.json "$dest"/
done
echo "Synced $(ls OperationDefinitions/*.json | wc -l) OperationDefinitions and $(ls Profiles/*.json | wc -l) profiles"
