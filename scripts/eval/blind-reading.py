#!/usr/bin/env python3
"""Blind reading of drafted note sentences: two versions of `evident eval ambient-note --out DIR` drafts, mixed.

  scripts/eval/blind-reading.py sample OLD_DIR NEW_DIR OUT_DIR [--seed N] [--per-version 150] [--changed]
      writes OUT_DIR/sample.csv (id, section, sentence: what the reader sees) and OUT_DIR/key.csv (id, version, file).
      --changed samples only sentences found in one version and not the other (a paired view of what changed).
  scripts/eval/blind-reading.py score OUT_DIR [OUT_DIR ...]
      reads OUT_DIR/grades.csv (id, category) written by the reader and prints each version's categories.

The reader (a person or an assistant) sees only sample.csv and grades each sentence OK, SPEECH, FRAGMENT, GARBLED,
GRAMMAR or MISPLACED; OK means signed unchanged in that section. Chief complaint, review of systems, vital signs and
problem headings are left out: they are not drafted prose.
"""
import csv, collections, os, random, re, sys

SKIPPED = {"CHIEF COMPLAINT", "REVIEW OF SYSTEMS", "VITALS REVIEWED"}


def sentences(directory):
    out = []
    for name in sorted(os.listdir(directory)):
        section = None
        for line in open(os.path.join(directory, name), encoding="utf-8"):
            line = line.rstrip("\n")
            if line.endswith("CHIEF COMPLAINT") and line != "CHIEF COMPLAINT":  # the next note's heading run on
                line = line[: -len("CHIEF COMPLAINT")]
            if line.strip() and re.fullmatch(r"[A-Z &]+", line.strip()):
                section = line.strip()
                continue
            if not line.strip() or section is None or section in SKIPPED:
                continue
            if section == "ASSESSMENT AND PLAN" and not line.startswith("•"):
                continue
            out.append((name, section, re.sub(r"^• [^:]{2,40}: ", "", line.strip())))
    return out


def sample(old_dir, new_dir, out_dir, seed=1, per_version=150, changed=False):
    old, new = sentences(old_dir), sentences(new_dir)
    if changed:
        old_texts, new_texts = {(f, t) for f, _, t in old}, {(f, t) for f, _, t in new}
        old = [x for x in old if (x[0], x[2]) not in new_texts]
        new = [x for x in new if (x[0], x[2]) not in old_texts]
    rng = random.Random(seed)
    rows = [("A",) + x for x in rng.sample(old, min(per_version, len(old)))] + \
           [("B",) + x for x in rng.sample(new, min(per_version, len(new)))]
    rng.shuffle(rows)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "sample.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "section", "sentence"])
        for i, r in enumerate(rows, 1):
            w.writerow([i, r[2], r[3]])
    with open(os.path.join(out_dir, "key.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "version", "file"])
        for i, r in enumerate(rows, 1):
            w.writerow([i, r[0], r[1]])
    print(f"{len(rows)} sentences ({len(old)} old, {len(new)} new to draw from) → {out_dir}/sample.csv")


def score(dirs):
    total = {"A": collections.Counter(), "B": collections.Counter()}
    for d in dirs:
        key = {r["id"]: r["version"] for r in csv.DictReader(open(os.path.join(d, "key.csv"), encoding="utf-8"))}
        grades = {r["id"]: r["category"].strip().upper() for r in csv.DictReader(open(os.path.join(d, "grades.csv"), encoding="utf-8"))}
        missing = set(key) - set(grades)
        if missing:
            sys.exit(f"{d}: {len(missing)} sentences not graded (e.g. id {sorted(missing)[0]}); grade every id, then score again")
        for i, v in key.items():
            total[v][grades[i]] += 1
    for v, name in (("A", "old"), ("B", "new")):
        n = sum(total[v].values())
        cats = ", ".join(f"{c} {k}" for c, k in total[v].most_common())
        print(f"{name}: OK {total[v]['OK']} of {n} ({100 * total[v]['OK'] / max(n, 1):.1f} %); {cats}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) >= 4 and args[0] == "sample":
        opts = {"--seed": 1, "--per-version": 150}
        rest = args[4:]
        changed = "--changed" in rest
        for k in opts:
            if k in rest:
                opts[k] = int(rest[rest.index(k) + 1])
        sample(args[1], args[2], args[3], opts["--seed"], opts["--per-version"], changed)
    elif len(args) >= 2 and args[0] == "score":
        score(args[1:])
    else:
        sys.exit(__doc__)
