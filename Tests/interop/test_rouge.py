"""Evident's ROUGE equals the rouge-score package (the implementation ACI-Bench scores with).

For every ACI-Bench valid encounter, two pairs are scored by both: the transcript against the reference
note (as given), and the same with one sentence per line (ROUGE-Lsum's input). All four scores must agree
to 1e-9 in precision, recall and F1.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest
from rouge_score import rouge_scorer

REPO = Path(__file__).resolve().parents[2]
VALID = REPO.parent / "shared" / "data" / "aci-bench" / "valid.csv"


@pytest.mark.skipif(not VALID.exists(), reason="needs ../shared/data")
def test_rouge_equals_rouge_score_on_valid(tmp_path):
    rows = list(csv.DictReader(open(VALID, newline="", encoding="utf-8")))
    pairs = []
    for r in rows:
        pairs.append({"id": r["encounter_id"], "prediction": r["dialogue"], "target": r["note"]})
        lines = lambda t: "\n".join(s.strip() for s in t.replace("? ", "?\n").replace(". ", ".\n").split("\n") if s.strip())
        pairs.append({"id": r["encounter_id"] + "-lines", "prediction": lines(r["dialogue"]), "target": lines(r["note"])})
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps(p) for p in pairs) + "\n")
    binary = os.environ.get("EVIDENT_BIN", str(REPO / ".build" / "debug" / "evident"))
    out = subprocess.run([binary, "eval", "rouge", "--pairs", str(path)], capture_output=True, text=True, check=True).stdout
    ours = {o["id"]: o for o in map(json.loads, out.splitlines())}
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=False)
    assert len(ours) == len(pairs) == 40
    for p in pairs:
        ref = scorer.score(p["target"], p["prediction"])
        for name in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
            for field in ("precision", "recall", "fmeasure"):
                assert abs(getattr(ref[name], field) - ours[p["id"]][name][field]) < 1e-9, (p["id"], name, field)
