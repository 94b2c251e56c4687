#!/usr/bin/env bash
# Evident's clinical text engine side by side with medspaCy on the ACI-Bench train+valid notes and
# transcripts: concept spans, ConText agreement (kappa) per attribute, section headings, and the score on
# the adjudicated disagreements. Needs the medspaCy venv (scripts/eval/README.md) and ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/evident-medspacy}
MEDSPACY=${MEDSPACY_PYTHON:-.venv-medspacy/bin/python}
if [ ! -x "$MEDSPACY" ]; then
  echo "medspaCy is not installed: python3 -m venv .venv-medspacy && .venv-medspacy/bin/pip install -r scripts/eval/requirements-medspacy.txt" >&2
  exit 1
fi
python3 scripts/eval/make-aci-docs.py "$OUT"
swift build --product evident >/dev/null
"$(swift build --show-bin-path)/evident" text --docs "$OUT/docs.jsonl" > "$OUT/evident.jsonl"
"$MEDSPACY" scripts/eval/medspacy-run.py --docs "$OUT/docs.jsonl" --terms "$OUT/terms.tsv" --out "$OUT/medspacy.jsonl" --no-section-attributes 2>/dev/null
python3 scripts/eval/compare-medspacy.py "$OUT/evident.jsonl" "$OUT/medspacy.jsonl" "$OUT/docs.jsonl" --disagreements "$OUT/disagreements.jsonl"
echo
python3 scripts/eval/score-adjudicated.py "$OUT/evident.jsonl" "$OUT/medspacy.jsonl"
