#!/usr/bin/env python3
"""Writes the ACI-Bench train+valid notes and dialogues as JSON lines for `evident text --docs` and
medspacy-run.py, and the concept terms of Evident's lexicon (problems, symptoms, findings) as TERMS.tsv.

usage: make-aci-docs.py OUTDIR [--data ../shared/data]
"""
import argparse, csv, json, os

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data"))
a = ap.parse_args()
os.makedirs(a.out, exist_ok=True)
n = 0
with open(os.path.join(a.out, "docs.jsonl"), "w") as f:
    for split in ("train", "valid"):
        with open(os.path.join(a.data, "aci-bench", f"{split}.csv"), newline="", encoding="utf-8") as src:
            for row in csv.DictReader(src):
                f.write(json.dumps({"id": f"{split}-{row['encounter_id']}-note", "text": row["note"], "kind": "note"}) + "\n")
                f.write(json.dumps({"id": f"{split}-{row['encounter_id']}-dialogue", "text": row["dialogue"], "kind": "transcript"}) + "\n")
                n += 2
repo = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
terms = 0
with open(os.path.join(repo, "Sources", "Terminology", "Resources", "lexicon-problems.tsv"), encoding="utf-8") as src, \
        open(os.path.join(a.out, "terms.tsv"), "w", encoding="utf-8") as out:
    out.write("label\tphrase\n")
    seen = set()
    for row in csv.DictReader(src, delimiter="\t"):
        for phrase in [row["preferred"]] + [s for s in row["synonyms"].split("|") if s]:
            key = (row["id"], phrase.lower())
            if key not in seen:
                seen.add(key)
                out.write(f"{row['id']}\t{phrase}\n")
                terms += 1
print(f"wrote {n} documents and {terms} terms to {a.out}")
