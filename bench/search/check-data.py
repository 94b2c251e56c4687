#!/usr/bin/env python3
"""Check a make-data.py output folder.

    check-data.py OUT_DIR [--source DIR]

* fullUrls and resource ids never occur in two copies, nor twice in one Bundle (the source repeats some
  Organization/Practitioner entries across patient Bundles, so copy k does too); Patient identifiers are unique;
* every `urn:uuid:` reference resolves to a fullUrl of the same Bundle (or of a shared/ Bundle);
* every date-like value is a valid FHIR date / dateTime / instant;
* with --source: each copy has the entries (types, order) of its source Bundle, and its dates are the
  source's moved by the copy's shift (checked on Patient.birthDate and every effectiveDateTime).
Exits 1 on the first kind of failure found (after listing up to 10 examples).
"""
import argparse
import datetime
import glob
import importlib.util
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("make_data", os.path.join(HERE, "make-data.py"))
make_data = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_data)

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?)?)?$")
COPY_RE = re.compile(r"^copy(\d+)-(.*)$")


def valid_date(v):
    if not DATE_RE.match(v):
        return False
    try:
        if len(v) == 4:
            datetime.date(int(v), 1, 1)
        elif len(v) == 7:
            datetime.date(int(v[:4]), int(v[5:7]), 1)
        elif len(v) == 10:
            datetime.date.fromisoformat(v)
        else:
            datetime.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def walk(node, key=None):
    """Yields (key, value) for every string value in a JSON tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v, key)
    elif isinstance(node, str):
        yield key, node


def is_date_key(k):
    return k is not None and k not in make_data.NOT_DATE_KEYS and bool(make_data.DATE_KEY.search(k))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--source", help="source folder, to check shifts and structure against the originals")
    args = ap.parse_args()
    errors = {}

    def fail(kind, msg):
        errors.setdefault(kind, []).append(msg)

    shared_urls = set()
    for p in sorted(glob.glob(os.path.join(args.out_dir, "shared", "*.json"))):
        with open(p, encoding="utf-8") as f:
            shared_urls |= {e["fullUrl"] for e in json.load(f).get("entry", []) if "fullUrl" in e}
    # fullUrl / id -> copy number. The source itself repeats some Organization/Practitioner entries in several
    # patient Bundles (same UUID), so repeats are allowed within one copy but never across copies.
    full_urls, ids, identifiers = {}, {}, set()
    files = resources = refs = dates = repeats = 0
    sources = {}
    seen_in_copy = {}
    for p in sorted(glob.glob(os.path.join(args.out_dir, "copy*.json"))):
        with open(p, encoding="utf-8") as f:
            bundle = json.load(f)
        files += 1
        entries = bundle.get("entry", [])
        m = COPY_RE.match(os.path.basename(p))
        copy = int(m.group(1))
        resources += len(entries)
        local = {e["fullUrl"] for e in entries if "fullUrl" in e}
        local_seen = set()
        in_copy = seen_in_copy.setdefault(copy, set())
        for e in entries:
            u, r = e.get("fullUrl"), e["resource"]
            if full_urls.setdefault(u, copy) != copy:
                fail("fullUrl in two copies", f"{os.path.basename(p)}: {u} (also in copy {full_urls[u]})")
            elif u in local_seen:
                fail("duplicate fullUrl in one Bundle", f"{os.path.basename(p)}: {u}")
            elif u in in_copy:
                repeats += 1
            local_seen.add(u)
            in_copy.add(u)
            rid = (r["resourceType"], r.get("id"))
            if r.get("id") and ids.setdefault(rid, copy) != copy:
                fail("id in two copies", f"{os.path.basename(p)}: {rid} (also in copy {ids[rid]})")
            if r["resourceType"] == "Patient":
                for ident in r.get("identifier", []):
                    if ident.get("system") == "https://github.com/synthetichealth/synthea":
                        if ident["value"] in identifiers:
                            fail("duplicate Patient identifier", f"{os.path.basename(p)}: {ident['value']}")
                        identifiers.add(ident["value"])
        for k, v in walk(bundle):
            if k == "reference" and v.startswith("urn:uuid:"):
                refs += 1
                if v not in local and v not in shared_urls:
                    fail("dangling reference", f"{os.path.basename(p)}: {v}")
            elif is_date_key(k) and re.match(r"^\d{4}", v):
                dates += 1
                if not valid_date(v):
                    fail("invalid date", f"{os.path.basename(p)}: {k}={v}")
        if args.source:
            name = m.group(2)
            if name not in sources:
                with open(os.path.join(args.source, name), encoding="utf-8") as f:
                    sources[name] = json.load(f)
            src = sources[name]["entry"]
            if [e["resource"]["resourceType"] for e in src] != [e["resource"]["resourceType"] for e in entries]:
                fail("structure", f"{os.path.basename(p)}: entry types differ from the source")
                continue
            delta = datetime.timedelta(days=make_data.shift_days(copy))
            for a, b in zip(src, entries):
                ra, rb = a["resource"], b["resource"]
                for key in ("birthDate", "effectiveDateTime"):
                    if key in ra:
                        want = (datetime.date.fromisoformat(ra[key][:10]) + delta).isoformat() + ra[key][10:]
                        if rb.get(key) != want:
                            fail("shift", f"{os.path.basename(p)}: {key} {ra[key]} -> {rb.get(key)}, want {want}")
                if ra.get("request") != rb.get("request") and a["request"]["method"] != b["request"]["method"]:
                    fail("structure", f"{os.path.basename(p)}: request differs")
    print(f"{files} files, {resources} resources, {len(identifiers)} patients, {refs} urn:uuid references, "
          f"{dates} dates checked; {repeats} entries repeat a fullUrl of another Bundle of the same copy "
          f"(shared Organization/Practitioner, as in the source)")
    for kind, msgs in errors.items():
        print(f"FAIL {kind}: {len(msgs)}")
        for m in msgs[:10]:
            print("   ", m)
    if errors:
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
