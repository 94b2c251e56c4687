#!/usr/bin/env python3
"""Check the curated SNOMED CT -> ICD-10-CM map against the Synthea data and the FY2026 code table.

    scripts/terminology/check-snomed-map.py [--data DIR] [--map FILE]

--data is the shared data folder (default: ../shared/data relative to the repository root).
The map is Sources/Terminology/Resources/snomed-icd10cm.tsv unless --map is given.

Checks:
  (a) the SNOMED codes of all Condition resources in synthea/r4-bundles/*.json (transaction
      Bundles) and synthea/bulk-ndjson/Condition.*.ndjson;
  (b) the map has exactly one row for each of those codes and no others, the header is exact,
      rows are sorted by snomed_display and each display is one the data uses;
  (c) every non-empty icd10cm is a billable FY2026 code and its description is copied exactly
      from terminology/icd10cm/icd10cm_codes_2026-04.tsv; match is a known type, consistent
      with icd10cm being empty or not; every row has a note;
  (d) prints a summary and exits 1 on any problem.
Standard library only.
"""
import argparse
import collections
import csv
import glob
import json
import os
import sys

SNOMED = "http://snomed.info/sct"
HEADER = ["snomed", "snomed_display", "icd10cm", "icd10cm_description", "match", "note"]
MATCHES = ["exact", "broader", "narrower-default", "z-code", "none"]
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def condition_codes(data):
    """SNOMED code -> set of displays, and code -> number of Condition resources using it."""
    displays = collections.defaultdict(set)
    counts = collections.Counter()

    def visit(resource):
        if not isinstance(resource, dict) or resource.get("resourceType") != "Condition":
            return
        for coding in (resource.get("code") or {}).get("coding") or []:
            if coding.get("system") == SNOMED and coding.get("code"):
                displays[coding["code"]].add(coding.get("display") or "")
                counts[coding["code"]] += 1

    bundles = sorted(glob.glob(os.path.join(data, "synthea", "r4-bundles", "*.json")))
    ndjson = sorted(glob.glob(os.path.join(data, "synthea", "bulk-ndjson", "Condition.*.ndjson")))
    if not bundles and not ndjson:
        raise SystemExit(f"no Synthea data under {data}/synthea")
    for path in bundles:
        with open(path, encoding="utf-8") as f:
            bundle = json.load(f)
        for entry in bundle.get("entry") or []:
            visit(entry.get("resource"))
    for path in ndjson:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    visit(json.loads(line))
    return displays, counts, len(bundles), len(ndjson)


def icd_table(data):
    path = os.path.join(data, "terminology", "icd10cm", "icd10cm_codes_2026-04.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        return {r["code_dotted"]: r for r in csv.DictReader(f, delimiter="\t")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data"))
    ap.add_argument("--map", default=os.path.join(REPO, "Sources", "Terminology", "Resources", "snomed-icd10cm.tsv"))
    args = ap.parse_args()
    data = os.path.normpath(args.data)

    problems = []
    displays, counts, nbundles, nndjson = condition_codes(data)
    icd = icd_table(data)

    with open(args.map, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != HEADER:
        problems.append(f"header must be exactly: {' '.join(HEADER)}")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(HEADER):
            problems.append(f"line {n}: {len(fields)} fields, expected {len(HEADER)}")
            continue
        rows.append((n, dict(zip(HEADER, fields))))

    # (b) coverage, uniqueness, order, displays
    seen = collections.Counter(r["snomed"] for _, r in rows)
    for code, k in sorted(seen.items()):
        if k > 1:
            problems.append(f"snomed {code}: {k} rows")
    for code in sorted(set(displays) - set(seen)):
        problems.append(f"snomed {code} ({' | '.join(sorted(displays[code]))}) occurs in the data but not in the map")
    for code in sorted(set(seen) - set(displays)):
        problems.append(f"snomed {code} is in the map but no Condition in the data uses it")
    keys = [(r["snomed_display"].casefold(), r["snomed"]) for _, r in rows]
    if keys != sorted(keys):
        problems.append("rows are not sorted by snomed_display")

    by_match = collections.Counter()
    unmapped = []
    for n, r in rows:
        code, c, m = r["snomed"], r["icd10cm"], r["match"]
        where = f"line {n} ({code})"
        if code in displays and r["snomed_display"] not in displays[code]:
            problems.append(f"{where}: display '{r['snomed_display']}' not used in the data ({' | '.join(sorted(displays[code]))})")
        if m not in MATCHES:
            problems.append(f"{where}: match '{m}' is not one of {', '.join(MATCHES)}")
        by_match[m] += 1
        if not r["note"].strip():
            problems.append(f"{where}: empty note")
        if not c:
            if m != "none":
                problems.append(f"{where}: empty icd10cm needs match 'none'")
            if r["icd10cm_description"]:
                problems.append(f"{where}: description without a code")
            unmapped.append((code, r["snomed_display"], r["note"]))
            continue
        # (c) billable FY2026 code with its exact description
        if m == "none":
            problems.append(f"{where}: match 'none' but icd10cm {c} given")
        if m == "z-code" and not c.startswith("Z"):
            problems.append(f"{where}: match 'z-code' but {c} is not a Z code")
        t = icd.get(c)
        if t is None:
            problems.append(f"{where}: {c} is not an FY2026 ICD-10-CM code")
            continue
        if t["billable"] != "1":
            problems.append(f"{where}: {c} is not billable (a header code; use a subcode)")
        if r["icd10cm_description"] != t["description"]:
            problems.append(f"{where}: description for {c} differs from the table: '{t['description']}'")

    # (d) summary
    mapped = sum(1 for _, r in rows if r["icd10cm"])
    print(f"data: {data} ({nbundles} bundles, {nndjson} Condition ndjson files); "
          f"{len(displays)} distinct SNOMED condition codes in {sum(counts.values())} codings")
    print(f"map: {os.path.relpath(args.map)}: {len(rows)} rows, {mapped} mapped, {len(unmapped)} unmapped")
    print("by match: " + ", ".join(f"{m} {by_match[m]}" for m in MATCHES if by_match[m]))
    if unmapped:
        print("unmapped:")
        for code, display, note in unmapped:
            print(f"  {code}  {display} [{counts.get(code, 0)}]: {note}")
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
