#!/usr/bin/env python3
"""Validate the bundled terminology tables (stdlib only).

Checks Sources/Terminology/Resources/{cpt.tsv,cpt-modifiers.tsv,loinc.tsv}:
  * exact header, consistent column count, no blank codes, no duplicate codes
  * CPT code shape: 5 digits, 4 digits + F/T (Category II/III), or HCPCS letter + 4 digits
  * CPT category in the allowed set; every modifier used is defined in cpt-modifiers.tsv
  * LOINC code shape and check digit; kind in the allowed set; numeric low <= high
  * every LOINC code on an Observation (code or component) in the Synthea bundles is present

Warnings (do not fail): short text over 60 characters, synonyms shared by several
LOINC codes, units that differ from the unit Synthea uses.

Usage: scripts/terminology/check-tables.py [--data DIR] [--resources DIR] [--strict]
Exit status is non-zero when any error is found (or any warning with --strict).
"""

import argparse
import collections
import glob
import json
import os
import re
import sys

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DEFAULT_RESOURCES = os.path.join(REPO, "Sources", "Terminology", "Resources")
DEFAULT_DATA = "/work/shared/data/synthea/r4-bundles"
LOINC_SYSTEM = "http://loinc.org"

CPT_HEADER = ["code", "short", "category", "modifiers", "note"]
MOD_HEADER = ["modifier", "short", "note"]
LOINC_HEADER = ["code", "short", "kind", "unit", "low", "high", "synonyms"]

CPT_CATEGORIES = {
    "em-new", "em-established", "em-preventive-new", "em-preventive-established",
    "em-addon", "injection", "immunization-admin", "vaccine", "ecg", "pulmonary",
    "imaging", "wound", "joint", "skin", "lab", "screening", "counseling", "ent", "other",
}
LOINC_KINDS = {"vital", "lab", "survey", "other"}

CPT_CODE_RE = re.compile(r"^(\d{5}|\d{4}[FT]|[A-Z]\d{4})$")
MODIFIER_RE = re.compile(r"^[0-9A-Z]{2}$")
LOINC_CODE_RE = re.compile(r"^(\d{1,7})-(\d)$")
SHORT_MAX = 60


class Report:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def error(self, msg):
        self.errors.append(msg)

    def warn(self, msg):
        self.warnings.append(msg)


def read_tsv(path, header, rep):
    """Return list of (line_number, dict) rows; records problems in rep."""
    name = os.path.basename(path)
    if not os.path.isfile(path):
        rep.error(f"{name}: file not found at {path}")
        return []
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if "\r" in text:
        rep.error(f"{name}: contains CR characters (use LF line endings)")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        rep.error(f"{name}: empty file")
        return []
    got = lines[0].split("\t")
    if got != header:
        rep.error(f"{name}: header is {got!r}, expected {header!r}")
        return []
    rows = []
    for i, line in enumerate(lines[1:], start=2):
        if not line.strip():
            rep.error(f"{name}:{i}: blank line")
            continue
        cols = line.split("\t")
        if len(cols) != len(header):
            rep.error(f"{name}:{i}: {len(cols)} columns, expected {len(header)}")
            continue
        if any(c != c.strip() for c in cols):
            rep.error(f"{name}:{i}: leading/trailing whitespace in a field")
        rows.append((i, dict(zip(header, cols))))
    return rows


def check_duplicates(name, rows, key, rep):
    seen = {}
    for ln, r in rows:
        k = r[key]
        if not k:
            rep.error(f"{name}:{ln}: empty {key}")
        elif k in seen:
            rep.error(f"{name}:{ln}: duplicate {key} {k} (first at line {seen[k]})")
        else:
            seen[k] = ln


def check_short(name, ln, code, short, rep):
    if not short:
        rep.error(f"{name}:{ln}: {code}: empty short description")
    elif len(short) > SHORT_MAX:
        rep.warn(f"{name}:{ln}: {code}: short description is {len(short)} chars (> {SHORT_MAX})")


def check_modifiers(resources, rep):
    name = "cpt-modifiers.tsv"
    rows = read_tsv(os.path.join(resources, name), MOD_HEADER, rep)
    check_duplicates(name, rows, "modifier", rep)
    for ln, r in rows:
        if r["modifier"] and not MODIFIER_RE.match(r["modifier"]):
            rep.error(f"{name}:{ln}: bad modifier {r['modifier']!r} (expected 2 chars A-Z/0-9)")
        check_short(name, ln, r["modifier"], r["short"], rep)
    return rows


def check_cpt(resources, modifier_rows, rep):
    name = "cpt.tsv"
    rows = read_tsv(os.path.join(resources, name), CPT_HEADER, rep)
    check_duplicates(name, rows, "code", rep)
    known_mods = {r["modifier"] for _, r in modifier_rows}
    for ln, r in rows:
        code = r["code"]
        if code and not CPT_CODE_RE.match(code):
            rep.error(f"{name}:{ln}: bad code {code!r} (5 digits, 4 digits + F/T, or letter + 4 digits)")
        if r["category"] not in CPT_CATEGORIES:
            rep.error(f"{name}:{ln}: {code}: unknown category {r['category']!r}")
        check_short(name, ln, code, r["short"], rep)
        if r["modifiers"]:
            mods = r["modifiers"].split("|")
            if len(set(mods)) != len(mods):
                rep.error(f"{name}:{ln}: {code}: repeated modifier in {r['modifiers']!r}")
            for m in mods:
                if not MODIFIER_RE.match(m):
                    rep.error(f"{name}:{ln}: {code}: bad modifier {m!r}")
                elif modifier_rows and m not in known_mods:
                    rep.error(f"{name}:{ln}: {code}: modifier {m} not defined in cpt-modifiers.tsv")
    return rows


def loinc_check_digit(base):
    """LOINC mod-10 check digit (Luhn-style) for the digits before the hyphen."""
    total = 0
    for pos, ch in enumerate(reversed(base)):
        d = int(ch)
        if pos % 2 == 0:  # odd positions counted from the right are doubled
            d *= 2
            total += d // 10 + d % 10
        else:
            total += d
    return (10 - total % 10) % 10


def parse_number(s):
    try:
        return float(s)
    except ValueError:
        return None


def check_loinc(resources, synthea, rep):
    name = "loinc.tsv"
    rows = read_tsv(os.path.join(resources, name), LOINC_HEADER, rep)
    check_duplicates(name, rows, "code", rep)
    synonym_owner = collections.defaultdict(list)
    for ln, r in rows:
        code = r["code"]
        m = LOINC_CODE_RE.match(code)
        if not m:
            rep.error(f"{name}:{ln}: bad LOINC code {code!r}")
        elif loinc_check_digit(m.group(1)) != int(m.group(2)):
            rep.error(f"{name}:{ln}: {code}: check digit should be {loinc_check_digit(m.group(1))}")
        if r["kind"] not in LOINC_KINDS:
            rep.error(f"{name}:{ln}: {code}: unknown kind {r['kind']!r}")
        check_short(name, ln, code, r["short"], rep)
        if " " in r["unit"]:
            rep.error(f"{name}:{ln}: {code}: unit {r['unit']!r} contains a space")
        lo, hi = r["low"], r["high"]
        lo_n = parse_number(lo) if lo else None
        hi_n = parse_number(hi) if hi else None
        if lo and lo_n is None:
            rep.error(f"{name}:{ln}: {code}: low {lo!r} is not numeric")
        if hi and hi_n is None:
            rep.error(f"{name}:{ln}: {code}: high {hi!r} is not numeric")
        if lo_n is not None and hi_n is not None and lo_n > hi_n:
            rep.error(f"{name}:{ln}: {code}: low {lo} > high {hi}")
        if r["synonyms"]:
            syns = r["synonyms"].split("|")
            if any(not s.strip() or s != s.strip() for s in syns):
                rep.error(f"{name}:{ln}: {code}: empty or padded synonym in {r['synonyms']!r}")
            for s in syns:
                synonym_owner[s.lower()].append(code)
        if code in synthea:
            units = synthea[code]["units"]
            if units and r["unit"] not in units:
                rep.warn(f"{name}:{ln}: {code}: unit {r['unit']!r} differs from Synthea {sorted(units)}")
    for syn, codes in sorted(synonym_owner.items()):
        if len(codes) > 1:
            rep.warn(f"{name}: synonym {syn!r} shared by {', '.join(codes)}")
    present = {r["code"] for _, r in rows}
    for code in sorted(set(synthea) - present):
        rep.error(f"{name}: Synthea LOINC code {code} ({synthea[code]['display']}) is missing")
    return rows


def synthea_loinc(data_dir, rep):
    """Collect LOINC codes used by Observation.code and Observation.component.code."""
    found = {}
    files = sorted(glob.glob(os.path.join(data_dir, "*.json")))
    if not files:
        rep.error(f"no Synthea bundles (*.json) found in {data_dir}")
        return found, 0

    def add(element):
        vq = element.get("valueQuantity") or {}
        unit = vq.get("code") or vq.get("unit")
        for coding in (element.get("code") or {}).get("coding", []):
            if coding.get("system") != LOINC_SYSTEM or not coding.get("code"):
                continue
            entry = found.setdefault(coding["code"], {"display": coding.get("display", ""), "units": set()})
            if unit:
                entry["units"].add(unit)

    def walk(resource):
        if not isinstance(resource, dict):
            return
        if resource.get("resourceType") == "Observation":
            add(resource)
            for comp in resource.get("component", []):
                add(comp)
        for contained in resource.get("contained", []):
            walk(contained)
        if resource.get("resourceType") == "Bundle":
            for e in resource.get("entry", []):
                walk(e.get("resource"))

    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                walk(json.load(f))
        except (OSError, ValueError) as exc:
            rep.error(f"cannot read {path}: {exc}")
    return found, len(files)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=DEFAULT_DATA, help="directory of Synthea R4 bundles (default: %(default)s)")
    ap.add_argument("--resources", default=DEFAULT_RESOURCES, help="directory holding the TSV tables")
    ap.add_argument("--strict", action="store_true", help="treat warnings as errors")
    ap.add_argument("-q", "--quiet", action="store_true", help="do not list warnings")
    args = ap.parse_args()

    rep = Report()
    synthea, nfiles = synthea_loinc(args.data, rep)
    mods = check_modifiers(args.resources, rep)
    cpt = check_cpt(args.resources, mods, rep)
    loinc = check_loinc(args.resources, synthea, rep)

    cat = collections.Counter(r["category"] for _, r in cpt)
    kind = collections.Counter(r["kind"] for _, r in loinc)
    print(f"cpt.tsv: {len(cpt)} codes")
    for k, n in sorted(cat.items()):
        print(f"  {k:28} {n}")
    print(f"cpt-modifiers.tsv: {len(mods)} modifiers")
    print(f"loinc.tsv: {len(loinc)} codes")
    for k, n in sorted(kind.items()):
        print(f"  {k:28} {n}")
    covered = len(set(synthea) & {r['code'] for _, r in loinc})
    print(f"synthea: {len(synthea)} LOINC observation codes in {nfiles} bundles, {covered} covered")

    if rep.warnings and not args.quiet:
        print(f"\n{len(rep.warnings)} warning(s):")
        for w in rep.warnings:
            print(f"  warning: {w}")
    if rep.errors:
        print(f"\n{len(rep.errors)} error(s):", file=sys.stderr)
        for e in rep.errors:
            print(f"  error: {e}", file=sys.stderr)
    failed = bool(rep.errors) or (args.strict and bool(rep.warnings))
    print("\nFAIL" if failed else "\nOK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
