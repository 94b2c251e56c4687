#!/usr/bin/env python3
"""Scores Evident and medspaCy on the adjudicated disagreements (Tests/ClinicalTextTests/Resources/
medspacy-adjudicated.jsonl): for each mention where the two disagreed on some attribute, a human label
says which was right.

usage: score-adjudicated.py EVIDENT.jsonl MEDSPACY.jsonl [ADJUDICATED.jsonl]
"""
import json, sys, collections

ev = {o["id"]: o for o in map(json.loads, open(sys.argv[1]))}
ms = {o["id"]: o for o in map(json.loads, open(sys.argv[2]))}
path = sys.argv[3] if len(sys.argv) > 3 else "Tests/ClinicalTextTests/Resources/medspacy-adjudicated.jsonl"
attrs = ["negated", "uncertain", "historical", "hypothetical", "family"]
score = {a: collections.Counter() for a in attrs}
n = 0
for item in map(json.loads, open(path)):
    doc, start = item["id"].rsplit("-", 1)
    start = int(start)
    length = item["end"] - item["start"]
    e = next((x for x in ev[doc]["entities"] if x["start"] == start and x["end"] == start + length), None)
    m = next((x for x in ms[doc]["entities"] if x["start"] == start and x["end"] == start + length), None)
    if e is None or m is None:
        continue
    n += 1
    gold = {"negated": item["negated"], "uncertain": item["uncertain"], "historical": item["historical"],
            "hypothetical": item["hypothetical"], "family": item["experiencer"] == "family"}
    for a in attrs:
        if bool(e[a]) == bool(m[a]):
            continue
        score[a]["Evident right" if bool(e[a]) == gold[a] else "medspaCy right"] += 1
print(f"Adjudicated disagreements: {n} mentions ({path})")
print("attribute      disagreements  Evident right  medspaCy right")
total = collections.Counter()
for a in attrs:
    c = score[a]
    total.update(c)
    print(f"{a:13}{sum(c.values()):15}{c['Evident right']:15}{c['medspaCy right']:16}")
print(f"{'all':13}{sum(total.values()):15}{total['Evident right']:15}{total['medspaCy right']:16}")
