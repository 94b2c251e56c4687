#!/usr/bin/env bash
# Clinical text throughput on the ACI-Bench train+valid notes and transcripts (release build), and the
# same documents through medspaCy when its venv exists (scripts/eval/README.md), for a side-by-side ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/evident-text-bench}
python3 scripts/eval/make-aci-docs.py "$OUT" >/dev/null
swift build -c release --product text-bench >/dev/null
BIN=$(swift build -c release --show-bin-path)
"$BIN/text-bench" "$OUT/docs.jsonl" --repeat "${REPEAT:-5}"
MEDSPACY=${MEDSPACY_PYTHON:-.venv-medspacy/bin/python}
if [ -x "$MEDSPACY" ]; then
  start=$(date +%s.%N)
  "$MEDSPACY" scripts/eval/medspacy-run.py --docs "$OUT/docs.jsonl" --terms "$OUT/terms.tsv" --out "$OUT/medspacy.jsonl" --no-section-attributes 2>/dev/null
  end=$(date +%s.%N)
  python3 - "$start" "$end" <<'PY'
import sys
print(f"medspaCy (same documents, terms from Evident's lexicon): {float(sys.argv[2]) - float(sys.argv[1]):.1f} s including its model load")
PY
else
  echo "medspaCy not installed (python3 -m venv .venv-medspacy && .venv-medspacy/bin/pip install -r scripts/eval/requirements-medspacy.txt) — skipped"
fi
