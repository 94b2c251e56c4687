#!/usr/bin/env python3
"""Compares Evident's clinical text engine with medspaCy on the same documents.

usage: compare-medspacy.py EVIDENT.jsonl MEDSPACY.jsonl DOCS.jsonl [--disagreements OUT.jsonl]

EVIDENT.jsonl comes from `evident text --docs DOCS.jsonl`, MEDSPACY.jsonl from scripts/eval/medspacy-run.py
(run with --no-section-attributes, so both report ConText alone) over the same DOCS.jsonl and the terms
of Evident's lexicon. Concepts are matched by identical character spans; for every matched concept the
five ConText attributes are compared (agreement and Cohen's kappa). Section boundaries (the start of each
heading) are compared on the notes. Prints tables; writes the disagreements for adjudication.
"""
import argparse, json, collections

ap = argparse.ArgumentParser()
ap.add_argument("evident"); ap.add_argument("medspacy"); ap.add_argument("docs")
ap.add_argument("--disagreements", default=None)
a = ap.parse_args()


def load(path):
    return {o["id"]: o for o in map(json.loads, open(path, encoding="utf-8"))}


ev, ms, docs = load(a.evident), load(a.medspacy), load(a.docs)
attrs = ["negated", "uncertain", "historical", "hypothetical", "family"]
table = {k: {att: collections.Counter() for att in attrs} for k in ("note", "transcript", "all")}
spans = collections.Counter()
section_stats = collections.Counter()
disagreements = []
for doc_id, doc in docs.items():
    kind = doc.get("kind", "note")
    e_ents = {(x["start"], x["end"]): x for x in ev[doc_id]["entities"] if x["kind"] in ("problem", "symptom", "finding")}
    m_ents = {(x["start"], x["end"]): x for x in ms[doc_id]["entities"]}
    both = e_ents.keys() & m_ents.keys()
    spans["matched"] += len(both)
    spans["evident only"] += len(e_ents.keys() - m_ents.keys())
    spans["medspacy only"] += len(m_ents.keys() - e_ents.keys())
    for span in sorted(both):
        e, m = e_ents[span], m_ents[span]
        differs = []
        for att in attrs:
            pair = (bool(e[att]), bool(m[att]))
            table[kind][att][pair] += 1
            table["all"][att][pair] += 1
            if pair[0] != pair[1]:
                differs.append(att)
        if differs:
            text = doc["text"]
            lo = max(0, text.rfind("\n", 0, span[0]) + 1, span[0] - 160)
            hi = min(len(text), span[1] + 160)
            nl = text.find("\n", span[1])
            if nl != -1:
                hi = min(hi, nl)
            disagreements.append({"doc": doc_id, "kind": kind, "start": span[0], "end": span[1], "concept": e["text"], "attributes": differs,
                                  "evident": {k: e[k] for k in attrs}, "medspacy": {k: m[k] for k in attrs},
                                  "context": text[lo:hi], "context_start": span[0] - lo, "context_end": span[1] - lo})
    if kind == "note":
        e_heads = {s["title_start"] for s in ev[doc_id]["sections"]}
        m_heads = {s["title_start"] for s in ms[doc_id]["sections"] if s.get("category")}
        section_stats["evident headings"] += len(e_heads)
        section_stats["medspacy headings"] += len(m_heads)
        section_stats["same start"] += len(e_heads & m_heads)


def kappa(c):
    n = sum(c.values())
    if n == 0:
        return float("nan")
    po = (c[(True, True)] + c[(False, False)]) / n
    pe_yes = ((c[(True, True)] + c[(True, False)]) / n) * ((c[(True, True)] + c[(False, True)]) / n)
    pe_no = ((c[(False, False)] + c[(False, True)]) / n) * ((c[(False, False)] + c[(True, False)]) / n)
    pe = pe_yes + pe_no
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


print(f"Concept spans: {spans['matched']} matched by both, {spans['evident only']} Evident only, {spans['medspacy only']} medspaCy only\n")
for kind in ("all", "note", "transcript"):
    n = sum(table[kind]["negated"].values())
    print(f"{kind} ({n} matched concepts)")
    print("attribute      both yes  Evident only  medspaCy only  both no  agreement  kappa")
    for att in attrs:
        c = table[kind][att]
        agree = (c[(True, True)] + c[(False, False)]) / n if n else float("nan")
        print(f"{att:13}{c[(True, True)]:10}{c[(True, False)]:14}{c[(False, True)]:15}{c[(False, False)]:9}{agree:11.3f}{kappa(c):7.3f}")
    print()
print(f"Note section headings: Evident {section_stats['evident headings']}, medspaCy {section_stats['medspacy headings']}, "
      f"same start {section_stats['same start']}")
if a.disagreements:
    with open(a.disagreements, "w", encoding="utf-8") as f:
        for d in disagreements:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"{len(disagreements)} disagreements written to {a.disagreements}")
