#!/usr/bin/env python3
"""Validate Tests/ClinicalTextTests/Resources/context-labelled.jsonl.

Checks every line for schema, exact code-point offsets (text[start:end] == concept),
unique ids, and that the text occurs verbatim in the ACI-Bench source row of its
encounter (note or dialogue column of train.csv / valid.csv, or the dialogue column of
an asr-variants/ file of the same split whose id maps to that encounter). Prints label
counts. Exits 1 if anything is wrong, 2 if the inputs cannot be read.

Usage: check-context-set.py [--jsonl PATH] [--data-dir DIR] [--no-source]
The data directory defaults to $ACI_BENCH_DIR or /work/shared/data/aci-bench.
Standard library only.
"""
import argparse
import collections
import csv
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_JSONL = os.path.normpath(os.path.join(
    HERE, "..", "..", "Tests", "ClinicalTextTests", "Resources", "context-labelled.jsonl"))
DEFAULT_DATA = os.environ.get("ACI_BENCH_DIR", "/work/shared/data/aci-bench")

FIELDS = {
    "id": str, "split": str, "encounter": str, "kind": str, "text": str, "concept": str,
    "start": int, "end": int, "negated": bool, "uncertain": bool, "historical": bool,
    "hypothetical": bool, "experiencer": str,
}
SPLITS = ("train", "valid")
KINDS = ("note", "dialogue", "asr")
EXPERIENCERS = ("patient", "family", "other")
FLAGS = ("negated", "uncertain", "historical", "hypothetical")
ID_RE = re.compile(r"^(train|valid)-(D2N\d{3})-(note|dialogue|asr)-\d+$")

csv.field_size_limit(1 << 30)


def load_sources(data_dir):
    """encounter -> {"split", "note", "dialogue", "asr": [dialogue texts]}"""
    src = {}
    for split in SPLITS:
        path = os.path.join(data_dir, f"{split}.csv")
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                src[row["encounter_id"]] = {"split": split, "note": row["note"],
                                            "dialogue": row["dialogue"], "asr": []}
        # original id (VA049, ACI110, VS006, ...) -> encounter id, for the asr variants
        by_orig = {}
        with open(os.path.join(data_dir, f"{split}_metadata.csv"), newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                by_orig[row["id"]] = row["encounter_id"]
        for path in sorted(glob.glob(os.path.join(data_dir, "asr-variants", f"{split}_*.csv"))):
            if path.endswith("_metadata.csv"):
                continue
            with open(path, newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    enc = by_orig.get(row.get("id", ""))
                    if enc in src:
                        src[enc]["asr"].append(row["dialogue"])
    return src


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jsonl", default=DEFAULT_JSONL)
    ap.add_argument("--data-dir", default=DEFAULT_DATA)
    ap.add_argument("--no-source", action="store_true",
                    help="skip the verbatim-in-source check (when ACI-Bench is not available)")
    args = ap.parse_args()

    try:
        lines = open(args.jsonl, encoding="utf-8").read().split("\n")
    except OSError as e:
        print(f"cannot read {args.jsonl}: {e}", file=sys.stderr)
        return 2
    src = None
    if not args.no_source:
        try:
            src = load_sources(args.data_dir)
        except (OSError, KeyError) as e:
            print(f"cannot load ACI-Bench sources from {args.data_dir}: {e} (use --no-source to skip)",
                  file=sys.stderr)
            return 2

    problems = []
    records = []
    ids = set()
    spans = set()

    def bad(lineno, msg):
        problems.append(f"line {lineno}: {msg}")

    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            if lineno != len(lines):
                bad(lineno, "blank line")
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            bad(lineno, f"invalid JSON: {e}")
            continue
        if not isinstance(r, dict):
            bad(lineno, "not a JSON object")
            continue
        missing = [k for k in FIELDS if k not in r]
        extra = [k for k in r if k not in FIELDS]
        if missing or extra:
            bad(lineno, f"missing keys {missing} / unknown keys {extra}")
            continue
        typed = True
        for k, t in FIELDS.items():
            v = r[k]
            if type(v) is not t:  # bool is not accepted for int and vice versa
                bad(lineno, f"{k} must be {t.__name__}, got {type(v).__name__}")
                typed = False
        if not typed:
            continue
        rid = r["id"]
        m = ID_RE.match(rid)
        if not m:
            bad(lineno, f"id {rid!r} does not look like split-encounter-kind-n")
        elif (m.group(1), m.group(2), m.group(3)) != (r["split"], r["encounter"], r["kind"]):
            bad(lineno, f"id {rid!r} disagrees with split/encounter/kind")
        if rid in ids:
            bad(lineno, f"duplicate id {rid}")
        ids.add(rid)
        if r["split"] not in SPLITS:
            bad(lineno, f"split {r['split']!r} not in {SPLITS} (test data must not be used)")
        if r["kind"] not in KINDS:
            bad(lineno, f"kind {r['kind']!r} not in {KINDS}")
        if r["experiencer"] not in EXPERIENCERS:
            bad(lineno, f"experiencer {r['experiencer']!r} not in {EXPERIENCERS}")
        text, concept, s, e = r["text"], r["concept"], r["start"], r["end"]
        if not text.strip() or not concept.strip():
            bad(lineno, "empty text or concept")
        if concept != concept.strip():
            bad(lineno, f"concept {concept!r} has surrounding whitespace")
        if not (0 <= s < e <= len(text)):
            bad(lineno, f"offsets {s}..{e} out of range for text of length {len(text)}")
        elif text[s:e] != concept:
            bad(lineno, f"text[{s}:{e}] = {text[s:e]!r} != concept {concept!r}")
        key = (r["encounter"], r["kind"], text, s, e)
        if key in spans:
            bad(lineno, f"the same mention is labelled twice ({concept!r})")
        spans.add(key)
        if src is not None:
            row = src.get(r["encounter"])
            if row is None:
                bad(lineno, f"encounter {r['encounter']} not in train.csv/valid.csv")
            elif row["split"] != r["split"]:
                bad(lineno, f"encounter {r['encounter']} belongs to {row['split']}, not {r['split']}")
            elif r["kind"] == "note" and text not in row["note"]:
                bad(lineno, "text not found verbatim in the note of its encounter")
            elif r["kind"] == "dialogue" and text not in row["dialogue"]:
                bad(lineno, "text not found verbatim in the dialogue of its encounter")
            elif r["kind"] == "asr":
                if not row["asr"]:
                    bad(lineno, f"no asr-variants row for {r['encounter']}")
                elif not any(text in d for d in row["asr"]):
                    bad(lineno, "text not found verbatim in any asr-variants dialogue of its encounter")
        records.append(r)

    n = len(records)
    print(f"{args.jsonl}: {n} labelled mentions, {len({r['encounter'] for r in records})} encounters, "
          f"{len({(r['encounter'], r['kind'], r['text']) for r in records})} distinct texts")
    if n:
        def share(v):
            return f"{v:4d} ({100.0 * v / n:4.1f}%)"
        print("by kind:  " + ", ".join(f"{k} {sum(r['kind'] == k for r in records)}" for k in KINDS))
        print("by split: " + ", ".join(f"{k} {sum(r['split'] == k for r in records)}" for k in SPLITS)
              + "  (encounters: " + ", ".join(
                  f"{k} {len({r['encounter'] for r in records if r['split'] == k})}" for k in SPLITS) + ")")
        print(f"{'label':<22}{'total':>14}" + "".join(f"{k:>10}" for k in KINDS))
        rows = [(f, lambda r, f=f: r[f]) for f in FLAGS]
        rows += [(f"experiencer={x}", lambda r, x=x: r["experiencer"] == x) for x in ("family", "other")]
        rows.append(("affirmed (no flag)", lambda r: not any(r[f] for f in FLAGS) and r["experiencer"] == "patient"))
        rows.append((">1 flag", lambda r: sum(r[f] for f in FLAGS) > 1))
        for name, pred in rows:
            tot = sum(1 for r in records if pred(r))
            print(f"{name:<22}{share(tot):>14}" + "".join(
                f"{sum(1 for r in records if r['kind'] == k and pred(r)):>10}" for k in KINDS))
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems[:200]:
            print("  " + p, file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
