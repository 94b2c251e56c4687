"""Evident's Flesch-Kincaid grade against textstat 0.7.3 (the reference the after-visit summary issue names).

Texts: the after-visit summary the Swift suite generated (`.build/evident-artifacts/avs.json`), plus the
assessment-and-plan sections of the ACI-Bench valid notes when ../shared/data is present.
- Words and sentences are counted exactly as textstat counts them.
- Syllables differ by method: textstat counts hyphenation points (pyphen), Evident vowel groups (pyphen
  finds none in `medicine` or `thirsty`, three in `diabetes`, and few in drug names: `hydrochlorothiazide`
  has 3 for textstat, 7 for Evident). The grades must agree within 0.6 on average. For any single text
  Evident may be harder than textstat (a drug list) but never easier by more than 1.5 grades, so a summary
  it calls grade 6 is no harder by textstat. The differences are printed.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
from pathlib import Path

import textstat

REPO = Path(__file__).resolve().parents[2]
VALID = REPO.parent / "shared" / "data" / "aci-bench" / "valid.csv"
ARTIFACTS = REPO / ".build" / "evident-artifacts"


def narrative(div: str) -> str:
    return re.sub(r"<[^>]+>", " ", div).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def test_grades_match_textstat(tmp_path):
    texts = []
    avs = json.loads((ARTIFACTS / "avs.json").read_text())
    for n, s in enumerate(avs["section"]):
        texts.append({"id": f"avs-{n}", "text": " ".join(narrative(s["text"]["div"]).split())})
    if VALID.exists():
        for r in csv.DictReader(open(VALID, newline="", encoding="utf-8")):
            note = r["note"]
            i = note.find("ASSESSMENT")
            if i >= 0:
                texts.append({"id": r["encounter_id"], "text": " ".join(note[i:].split()[2:])})
    path = tmp_path / "texts.jsonl"
    path.write_text("\n".join(json.dumps(t) for t in texts) + "\n")
    binary = os.environ.get("EVIDENT_BIN", str(REPO / ".build" / "debug" / "evident"))
    out = subprocess.run([binary, "eval", "readability", "--jsonl", str(path)], capture_output=True, text=True, check=True).stdout
    ours = {o["id"]: o for o in map(json.loads, out.splitlines())}
    diffs = []
    for t in texts:
        o = ours[t["id"]]
        assert o["words"] == textstat.lexicon_count(t["text"]), t["id"]
        assert o["sentences"] == textstat.sentence_count(t["text"]), t["id"]
        reference = textstat.flesch_kincaid_grade(t["text"])
        diffs.append(o["grade"] - reference)
    assert len(diffs) >= 5
    mean = sum(abs(d) for d in diffs) / len(diffs)
    print(f"Flesch-Kincaid: {len(diffs)} texts, |Evident - textstat| mean {mean:.2f}, max {max(map(abs, diffs)):.2f}, "
          f"signed mean {sum(diffs) / len(diffs):+.2f}")
    assert mean < 0.6, f"mean absolute difference {mean:.2f}"
    assert min(diffs) >= -1.5, f"Evident reports a text {-min(diffs):.2f} grades easier than textstat"
