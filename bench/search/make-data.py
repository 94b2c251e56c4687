#!/usr/bin/env python3
"""Replicate the Synthea R4 transaction Bundles into N resources of distinct, consistent data.

    make-data.py OUT_DIR --resources N [--seed S] [--source DIR]

Copy k of every source Bundle gets:
  * fresh deterministic UUIDs: every UUID in the Bundle (entry fullUrl `urn:uuid:…`, the references to
    it, resource ids, the Synthea Patient identifier, request.url ids) is replaced by
    uuid5(namespace(seed), f"{k}:{old}"), so references inside the copy still resolve and nothing
    collides across copies;
  * every date / dateTime / instant moved by -(k*37 % 3650) days (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
    `YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)`; the time and zone are kept, so the value stays valid ISO 8601).
    `YYYY` and `YYYY-MM` are only touched under date-like keys (Synthea's postalCode "2301" is not a year).
Conditional references (`Practitioner?identifier=…`) are kept as they are. Bundles named
hospitalInformation* / practitionerInformation* (the targets of those conditional references in some Synthea
exports) are written once, unmodified, to OUT_DIR/shared/ and their UUIDs are never rewritten in copies;
load them before the copies.

Copies are written as OUT_DIR/copyNNN-<source name>.json (compact JSON) until at least N resources
are written. Streaming: one output Bundle is in memory at a time (plus one pre-parsed template per
source Bundle). A completion marker OUT_DIR/SUMMARY.txt is written last.
"""
import argparse
import datetime
import glob
import json
import os
import random
import re
import shutil
import sys
import time
import uuid

DEFAULT_SOURCE = os.environ.get(
    "SYNTHEA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/data/synthea/r4-bundles"))
SHARED_PREFIXES = ("hospitalInformation", "practitionerInformation")

# One scan finds UUIDs anywhere and date-shaped JSON string values after a key.
PATTERN = re.compile(
    r'(?P<u>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'
    r'|"(?P<k>\w+)":"(?:(?P<full>\d{4}-\d{2}-\d{2})'
    r'(?P<t>T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?'
    r'|(?P<part>\d{4}(?:-\d{2})?))"')
# Keys whose YYYY-MM-DD-shaped values are not dates.
NOT_DATE_KEYS = {"postalCode", "code", "value", "id", "version", "display", "text", "system", "reference", "url",
                 "fullUrl", "div", "name"}
# Keys under which a bare `YYYY` / `YYYY-MM` is a FHIR date (partial dates).
DATE_KEY = re.compile(r"(?i)(date|time|instant|^start$|^end$|^issued$|^created$|^recorded$|^authoredOn$|^started$"
                      r"|^lastUpdated$|^birthDate$|^onset|^abatement|^occurrence|^effective|^when|^period)")


def shift_days(copy):
    return -((copy * 37) % 3650)


class Template:
    """A source Bundle as compact JSON split into literal text and substitution slots."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            bundle = json.load(f)
        self.resources = len(bundle.get("entry", []))
        methods = {e.get("request", {}).get("method") for e in bundle.get("entry", [])}
        self.methods = methods
        text = json.dumps(bundle, ensure_ascii=False, separators=(",", ":"))
        self.literals = []  # len(slots) + 1 strings
        self.slots = []     # ("u", uuid) | ("d", prefix, date, suffix, kind) — kind: "full", "ym", "y"
        self.uuids = set()
        pos = 0
        for m in PATTERN.finditer(text):
            if m.group("u"):
                self.literals.append(text[pos:m.start()])
                self.slots.append(("u", m.group("u")))
                self.uuids.add(m.group("u"))
                pos = m.end()
                continue
            key = m.group("k")
            if m.group("full"):
                if key in NOT_DATE_KEYS:
                    continue
                kind, date, suffix = "full", m.group("full"), (m.group("t") or "")
            else:
                if not DATE_KEY.search(key):
                    continue
                date, suffix = m.group("part"), ""
                kind = "ym" if len(date) == 7 else "y"
            # Slot covers only the date part; the key, quotes and time/zone stay literal.
            start = m.start("full") if kind == "full" else m.start("part")
            end = m.end("full") if kind == "full" else m.end("part")
            self.literals.append(text[pos:start])
            self.slots.append(("d", date, kind))
            pos = end
        self.literals.append(text[pos:])

    def render(self, uuid_map, date_map):
        lits, out = self.literals, []
        append = out.append
        for i, slot in enumerate(self.slots):
            append(lits[i])
            if slot[0] == "u":
                append(uuid_map.get(slot[1], slot[1]))
            else:
                append(date_map(slot[1], slot[2]))
        append(lits[-1])
        return "".join(out)


def make_date_shifter(days):
    cache = {}
    delta = datetime.timedelta(days=days)

    def shift(value, kind):
        key = (value, kind)
        r = cache.get(key)
        if r is None:
            if days == 0:
                r = value
            elif kind == "full":
                r = (datetime.date.fromisoformat(value) + delta).isoformat()
            elif kind == "ym":
                r = (datetime.date(int(value[:4]), int(value[5:7]), 1) + delta).isoformat()[:7]
            else:
                r = (datetime.date(int(value), 1, 1) + delta).isoformat()[:4]
            cache[key] = r
        return r

    return shift


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--resources", type=int, required=True, help="stop once at least this many resources are written")
    ap.add_argument("--seed", type=int, default=0, help="UUID namespace and bundle order of each copy (default 0)")
    ap.add_argument("--source", default=DEFAULT_SOURCE, help="folder of Synthea R4 Bundles (default: %(default)s)")
    args = ap.parse_args()

    t0 = time.time()
    paths = sorted(glob.glob(os.path.join(args.source, "*.json")))
    if not paths:
        sys.exit(f"no *.json in {args.source}")
    shared_paths = [p for p in paths if os.path.basename(p).startswith(SHARED_PREFIXES)]
    templates = [Template(p) for p in paths if p not in shared_paths]
    if not templates:
        sys.exit("no patient bundles to replicate")
    methods = set().union(*(t.methods for t in templates))
    per_pass = sum(t.resources for t in templates)
    print(f"source: {len(paths)} bundles in {args.source} ({len(shared_paths)} shared, {len(templates)} replicated); "
          f"{per_pass} resources per pass; request methods {sorted(m or '?' for m in methods)}; "
          f"parsed in {time.time() - t0:.1f} s", flush=True)

    os.makedirs(args.out_dir, exist_ok=True)
    marker = os.path.join(args.out_dir, "SUMMARY.txt")
    for old in glob.glob(os.path.join(args.out_dir, "copy*.json*")) + [marker]:
        if os.path.exists(old):
            os.remove(old)
    shutil.rmtree(os.path.join(args.out_dir, "shared"), ignore_errors=True)

    total = files = nbytes = 0
    # Shared (info) Bundles: once, untouched; their UUIDs (fullUrls, identifier values) are never remapped.
    frozen = set()
    if shared_paths:
        os.makedirs(os.path.join(args.out_dir, "shared"))
        for p in shared_paths:
            t = Template(p)
            frozen |= t.uuids
            text = t.render({}, lambda d, k: d)
            with open(os.path.join(args.out_dir, "shared", t.name), "w", encoding="utf-8") as f:
                f.write(text)
            total += t.resources
            files += 1
            nbytes += len(text.encode())

    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"https://github.com/evident/bench/search?seed={args.seed}")
    passes = max(1, -(-(args.resources - total) // per_pass))
    width = max(3, len(str(passes - 1)))
    copy = 0
    while total < args.resources:
        shifter = make_date_shifter(shift_days(copy))
        order = list(templates)
        random.Random(args.seed * 1_000_003 + copy).shuffle(order)
        for t in order:
            if total >= args.resources:
                break
            umap = {u: str(uuid.uuid5(namespace, f"{copy}:{u}")) for u in t.uuids if u not in frozen}
            text = t.render(umap, shifter)
            data = text.encode("utf-8")
            path = os.path.join(args.out_dir, f"copy{copy:0{width}d}-{t.name}")
            with open(path + ".tmp", "wb") as f:
                f.write(data)
            os.replace(path + ".tmp", path)
            total += t.resources
            files += 1
            nbytes += len(data)
        elapsed = time.time() - t0
        print(f"copy {copy:>{width}}: shift {shift_days(copy):>5} d, {total:>10,} resources, {files:>6} files, "
              f"{nbytes / 1e6:8.1f} MB, {elapsed:6.1f} s", flush=True)
        copy += 1

    elapsed = time.time() - t0
    summary = (f"resources={total} files={files} copies={copy} per_pass={per_pass} bytes={nbytes} "
               f"seed={args.seed} requested={args.resources} seconds={elapsed:.1f}")
    with open(marker, "w") as f:
        f.write(summary + "\n")
    print(f"wrote {total:,} resources in {files} files ({nbytes / 1e6:.1f} MB, {copy} copies of {per_pass:,} "
          f"resources/pass) to {args.out_dir} in {elapsed:.1f} s ({total / max(elapsed, 1e-9):,.0f} resources/s)")


if __name__ == "__main__":
    main()
