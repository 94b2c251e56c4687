#!/usr/bin/env bash
# Runs the Python interop suite (fhirpy, fhirclient, requests) against a freshly started server.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}
if [ ! -x "$VENV/bin/pytest" ] || ! "$VENV/bin/python" -c "import fhirpy, fhirclient, fhirkit" 2>/dev/null; then
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r Tests/interop/requirements.txt
fi
EVIDENT_BIN=${EVIDENT_BIN:-$(swift build --show-bin-path)/evident} "$VENV/bin/pytest" Tests/interop -q -p no:cacheprovider "$@"
