#!/usr/bin/env python3
"""Validate the problem/symptom/finding lexicon and report its coverage of ACI-Bench.

Checks (any failure exits non-zero):
  * Sources/Terminology/Resources/lexicon-problems.tsv has the header
        id  preferred  type  icd10cm  synonyms  lay
    ids are unique lowercase slugs, type is problem|symptom|finding, preferred and lay are filled;
  * no term (preferred or synonym) is claimed by two concepts, compared the way the Swift
    ConceptMatcher compares them (lowercase, hyphens as spaces, simple plurals and 's reduced;
    upper-case abbreviations of up to three letters are case-sensitive);
  * every icd10cm code is billable in the FY2026 ICD-10-CM code table
    (<data>/terminology/icd10cm/icd10cm_codes_2026-04.tsv);
  * lay-terms.tsv (if present) has the header `medical  lay`, no duplicate or empty entries.

Reports (informational):
  * per concept: how many ACI-Bench train+valid encounters (dialogue or note) mention its preferred
    term or a synonym (whole word, case-insensitive except short abbreviations, plurals tolerated);
  * the 40 most frequent 1-3 word lowercased phrases in ACI-Bench that look clinical (heuristic cue
    words and suffixes below) but overlap no lexicon term (problems, plus medications and procedures
    when those lexicons exist), to guide further curation.

Usage: scripts/terminology/check-lexicon.py [--data DIR] [--top N] [--coverage full|summary|none]
Python 3 standard library only.
"""
import argparse
import collections
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RES = ROOT / "Sources" / "Terminology" / "Resources"
HEADER = ["id", "preferred", "type", "icd10cm", "synonyms", "lay"]
LAY_HEADER = ["medical", "lay"]
TYPES = {"problem", "symptom", "finding"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?|/")

# ---------------------------------------------------------------- normalisation (mirrors ConceptMatcher)

def stem(w):
    """Plural and possessive endings removed, as ConceptMatcher.stem does."""
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "is")) or (w.endswith("ys") and len(w) <= 5):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "sses")):
        return w[:-2]
    return w[:-1]


def prep(text):
    """Undo the ACI-Bench transcript tokenisation (`ca n't`, `do n't`) and treat hyphens as spaces."""
    text = re.sub(r"\bca n't\b", "can't", text, flags=re.I)
    text = re.sub(r"\bwo n't\b", "won't", text, flags=re.I)
    text = re.sub(r" n't\b", "n't", text)
    text = text.replace("\u2019", "'").replace("-", " ")
    return text


def tokens(text):
    """(original, normalised) word tokens."""
    raw = TOKEN.findall(prep(text))
    return raw, [stem(t.lower()) for t in raw]


def is_abbreviation(term):
    return len(term) <= 3 and term == term.upper() and any(c.isalpha() for c in term)


def term_key(term):
    raw, norm = tokens(term)
    if is_abbreviation(term):
        return ("CS",) + tuple(raw)
    return tuple(norm)

# ---------------------------------------------------------------- loading

def read_tsv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0] if rows else [], rows[1:]


def load_billable(data):
    path = data / "terminology" / "icd10cm" / "icd10cm_codes_2026-04.tsv"
    if not path.exists():
        sys.exit(f"error: ICD-10-CM table not found: {path} (use --data)")
    codes = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            codes[r["code_dotted"]] = (r["billable"] == "1", r["description"])
    return codes


def load_aci(data):
    docs = []
    for name in ("train.csv", "valid.csv"):
        path = data / "aci-bench" / name
        if not path.exists():
            print(f"warning: {path} missing; coverage skipped for it")
            continue
        csv.field_size_limit(10**8)
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                docs.append((f"{name.split('.')[0]}:{r['encounter_id']}", r["dialogue"], r["note"]))
    return docs


def other_terms():
    """Terms from the medication and procedure lexicons, used only to mask the gap report."""
    out = []
    for name, cols in (("lexicon-medications.tsv", ("generic", "brands")), ("lexicon-procedures.tsv", ("preferred", "synonyms")),
                       ("drug-classes.tsv", ("name", "class", "synonyms"))):
        p = RES / name
        if not p.exists():
            continue
        header, rows = read_tsv(p)
        for r in rows:
            d = dict(zip(header, r))
            for c in cols:
                out += [t for t in (d.get(c) or "").split("|") if t.strip()]
    return out

# ---------------------------------------------------------------- matching

class Matcher:
    def __init__(self, entries):
        """entries: (term, concept index or None)."""
        self.by_first = collections.defaultdict(list)
        for term, ci in entries:
            key = term_key(term)
            if not key:
                continue
            cs = key[0] == "CS"
            words = list(key[1:]) if cs else list(key)
            self.by_first[(words[0] if cs else words[0])].append((words, cs, ci))
        for k in self.by_first:
            self.by_first[k].sort(key=lambda e: -len(e[0]))

    def scan(self, raw, norm):
        """Longest-match, non-overlapping: list of (start, end, concept index)."""
        out, i = [], 0
        while i < len(norm):
            hit = None
            for cand in (norm[i], raw[i]):
                for words, cs, ci in self.by_first.get(cand, ()):
                    n = len(words)
                    seq = raw[i:i + n] if cs else norm[i:i + n]
                    if seq == words and (hit is None or n > hit[1] - hit[0]):
                        hit = (i, i + n, ci)
                        break
            if hit:
                out.append(hit)
                i = hit[1]
            else:
                i += 1
        return out

# ---------------------------------------------------------------- clinical-looking phrase heuristic

STOP = set("""a an the and or but if of in on at to for from with without by as is are was were be been being am i you he she it we they
me my your his her its our their this that these those there here what which who whom how when where why so not no yes yeah okay ok
um uh mm hmm mhm like just really very little bit kind sort lot do does did done have has had having get got go going gon na wan
can could would should will shall may might must let know think feel felt see say said tell told right left well also any some
all one two three four five six seven eight nine ten about up down out over into then than now today again still too more most
much many other dragon hey oh sure good great fine thank thanks alright gonna wanna 's n't don't can't i'm it's that's you're""".split())

CUE_WORDS = set("""pain pains painful ache aches aching achy sore soreness hurt hurts hurting swelling swollen tender tenderness numb numbness
tingling weak weakness fever fevers chills cough coughing rash itch itchy itching bleeding bleed blood infection infected injury
injured fracture broken sprain sprained strain strained tear torn disease disorder syndrome deficiency failure insufficiency
stenosis lesion mass nodule cyst ulcer wound stiff stiffness cramp cramps cramping spasm spasms dizzy dizziness nausea nauseous
vomiting diarrhea constipation fatigue tired anxiety depression stress stressed cancer tumor tumour abnormal elevated
decreased diminished reduced impaired chronic acute discomfort pressure tightness shortness breath breathing swallowing burning
throbbing sharp dull shooting radiating stabbing loss lump bump bruise bruising redness erythema effusion edema murmur wheezing
crackles rales rhonchi deformity instability clicking popping grinding limited sugar cholesterol allergy allergies attack flare
exacerbation problem problems issues trouble difficulty unable inflammation inflamed positive reflux heartburn migraine headache
headaches insomnia sleep seizure stroke obstruction blockage stone stones polyp polyps murmur enlarged enlargement atrophy
weight gout arthritis tendon ligament cartilage meniscus disc nerve pinched""".split())

CUE_SUFFIX = ("itis", "osis", "emia", "aemia", "algia", "opathy", "pathy", "plegia", "paresis", "oma", "omas", "uria", "rrhea",
              "rrhoea", "rrhage", "cele", "megaly", "penia", "cytosis", "trophy", "plasia", "ectasia", "sclerosis", "lysis",
              "spasm", "ism", "itus", "pnea", "noea", "cardia")


# Cue words too generic to be a concept on their own (a phrase made only of these and stop words is not
# reported), and note-template phrases that are not findings.
GENERIC = set("""pain pains painful hurt hurts hurting blood pressure problem problems issues issue trouble positive elevated
decreased diminished reduced impaired abnormal chronic acute weight diagnosis unable loss sharp dull limited sugar cholesterol
breathing breath sleep discomfort level levels sore flare attack stone stones exacerbation positive disease disorder
syndrome diagnosis prognosis enlarged enlargement difficulty ligament tendon nerve cartilage meniscus disc weight limited
metabolism mechanism rhythm""".split())
TEMPLATE = {"first problem", "second problem", "third problem", "final problem", "next problem", "last problem", "blood work",
            "needed for pain", "pain level", "blood pressures", "for pain", "chronic problems", "pain medication",
            "pain medicine", "pain medications", "blood test", "blood tests", "blood draw", "blood pressure",
            "pain scale", "pain management", "pain control", "other problems"}


def clinical(words):
    if words[0] in STOP or words[-1] in STOP:
        return False
    if any(w.isdigit() for w in words):
        return False
    if " ".join(words) in TEMPLATE:
        return False
    # at least one specific cue: a cue word that is not generic, or a clinical suffix (-itis, -emia, ...)
    return any((w in CUE_WORDS and w not in GENERIC) or (len(w) > 5 and w.endswith(CUE_SUFFIX) and w not in GENERIC)
               for w in words)

# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data", help="shared data directory (default: ../shared/data from the repo root)")
    ap.add_argument("--lexicon", type=Path, default=RES / "lexicon-problems.tsv")
    ap.add_argument("--lay", type=Path, default=RES / "lay-terms.tsv")
    ap.add_argument("--top", type=int, default=40, help="how many unmatched clinical-looking phrases to list")
    ap.add_argument("--coverage", choices=("full", "summary", "none"), default="full")
    args = ap.parse_args()

    errors, warnings = [], []
    header, rows = read_tsv(args.lexicon)
    if header != HEADER:
        errors.append(f"{args.lexicon.name}: header is {header}, expected {HEADER}")
    concepts = []
    ids = {}
    for n, r in enumerate(rows, start=2):
        if len(r) != len(HEADER):
            errors.append(f"line {n}: {len(r)} fields, expected {len(HEADER)}")
            continue
        d = dict(zip(HEADER, r))
        cid = d["id"]
        if not SLUG.match(cid):
            errors.append(f"line {n}: id {cid!r} is not a lowercase slug")
        if cid in ids:
            errors.append(f"line {n}: duplicate id {cid!r} (first on line {ids[cid]})")
        ids.setdefault(cid, n)
        if d["type"] not in TYPES:
            errors.append(f"line {n} {cid}: type {d['type']!r} not in {sorted(TYPES)}")
        if not d["preferred"].strip():
            errors.append(f"line {n} {cid}: empty preferred term")
        if not d["lay"].strip():
            errors.append(f"line {n} {cid}: empty lay phrase")
        syns = [s for s in d["synonyms"].split("|")] if d["synonyms"] else []
        if any(not s.strip() or s != s.strip() for s in syns):
            errors.append(f"line {n} {cid}: empty synonym or stray whitespace in synonyms")
        for s in syns:
            if s != s.lower() and not any(c.isupper() and c.isalpha() for c in s[:1]) and not re.search(r"[A-Z]{2}|[A-Z][a-z]*[A-Z]|\b[A-Z]\b|[A-Z][0-9]|[0-9][A-Z]|H\. |C\. ", s):
                warnings.append(f"{cid}: synonym {s!r} has upper case but does not look like an abbreviation or name")
        terms = [d["preferred"]] + [s for s in syns if s.strip()]
        concepts.append({"line": n, "id": cid, "type": d["type"], "icd": d["icd10cm"].strip(), "terms": terms, "preferred": d["preferred"]})

    # term conflicts
    owner = {}
    for ci, c in enumerate(concepts):
        local = {}
        for t in c["terms"]:
            k = term_key(t)
            if not k:
                errors.append(f"{c['id']}: term {t!r} has no words")
                continue
            if k in local and local[k] != t:
                warnings.append(f"{c['id']}: {t!r} duplicates {local[k]!r} after normalisation (the matcher handles plurals)")
            local.setdefault(k, t)
            if k in owner and owner[k][0] != ci:
                o = concepts[owner[k][0]]
                errors.append(f"term conflict: {t!r} ({c['id']}) vs {owner[k][1]!r} ({o['id']})")
            owner.setdefault(k, (ci, t))

    # ICD-10-CM
    billable = load_billable(args.data)
    for c in concepts:
        code = c["icd"]
        if not code:
            warnings.append(f"{c['id']}: no icd10cm default")
            continue
        if code not in billable:
            errors.append(f"{c['id']}: icd10cm {code} not in the FY2026 code table")
        elif not billable[code][0]:
            errors.append(f"{c['id']}: icd10cm {code} ({billable[code][1]}) is not billable")

    # lay terms
    lay_keys = {}
    if args.lay.exists():
        lh, lrows = read_tsv(args.lay)
        if lh != LAY_HEADER:
            errors.append(f"{args.lay.name}: header is {lh}, expected {LAY_HEADER}")
        for n, r in enumerate(lrows, start=2):
            if len(r) != 2 or not r[0].strip() or not r[1].strip():
                errors.append(f"{args.lay.name} line {n}: expected two non-empty fields, got {r}")
                continue
            k = r[0].strip().lower()
            if k in lay_keys:
                errors.append(f"{args.lay.name} line {n}: duplicate medical term {r[0]!r} (first on line {lay_keys[k]})")
            lay_keys.setdefault(k, n)
            if r[0] != r[0].strip() or r[1] != r[1].strip():
                errors.append(f"{args.lay.name} line {n}: stray whitespace")
    else:
        warnings.append(f"{args.lay} not found")

    # ---------------------------------------------------------------- report validation
    by_type = collections.Counter(c["type"] for c in concepts)
    nterms = sum(len(c["terms"]) for c in concepts)
    print(f"{args.lexicon.name}: {len(concepts)} concepts ({', '.join(f'{t} {by_type[t]}' for t in sorted(by_type))}), {nterms} terms, "
          f"{sum(1 for c in concepts if c['icd'])} with an ICD-10-CM default")
    if args.lay.exists():
        print(f"{args.lay.name}: {len(lay_keys)} entries")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)

    # ---------------------------------------------------------------- coverage
    docs = load_aci(args.data) if args.coverage != "none" or args.top else []
    if docs:
        m = Matcher([(t, ci) for ci, c in enumerate(concepts) for t in c["terms"]])
        per = collections.Counter()          # concept -> docs
        per_dlg, per_note = collections.Counter(), collections.Counter()
        mask_m = Matcher([(t, None) for t in other_terms()])
        phrase_n, phrase_docs = collections.Counter(), collections.defaultdict(set)
        for did, dialogue, note in docs:
            hit, hit_d, hit_n = set(), set(), set()
            for kind, text in (("dialogue", dialogue), ("note", note)):
                for line in text.split("\n"):
                    raw, norm = tokens(line)
                    spans = m.scan(raw, norm)
                    got = {ci for _, _, ci in spans}
                    hit |= got
                    (hit_d if kind == "dialogue" else hit_n).update(got)
                    covered = [False] * len(norm)
                    for s, e, _ in spans + mask_m.scan(raw, norm):
                        for k in range(s, e):
                            covered[k] = True
                    low = [w.lower() for w in raw]
                    for n in (1, 2, 3):
                        for i in range(len(low) - n + 1):
                            if any(covered[i:i + n]):
                                continue
                            words = low[i:i + n]
                            if clinical(words):
                                p = " ".join(words)
                                phrase_n[p] += 1
                                phrase_docs[p].add(did)
            per.update(hit)
            per_dlg.update(hit_d)
            per_note.update(hit_n)
        covered_concepts = sum(1 for ci in range(len(concepts)) if per[ci])
        print(f"\ncoverage: {len(docs)} ACI-Bench encounters (train+valid); {covered_concepts}/{len(concepts)} concepts "
              f"({100 * covered_concepts / max(1, len(concepts)):.0f}%) mentioned in at least one")
        for t in sorted(by_type):
            idx = [ci for ci, c in enumerate(concepts) if c["type"] == t]
            print(f"  {t:8} {sum(1 for ci in idx if per[ci])}/{len(idx)}")
        if args.coverage == "full":
            print("\nper concept (encounters: any / dialogue / note), most frequent first:")
            order = sorted(range(len(concepts)), key=lambda ci: (-per[ci], concepts[ci]["id"]))
            for ci in order:
                print(f"  {per[ci]:3d} {per_dlg[ci]:3d} {per_note[ci]:3d}  {concepts[ci]['id']}")
        if args.top:
            print(f"\ntop {args.top} clinical-looking phrases matching no lexicon term (occurrences, encounters):")
            for p, n in sorted(phrase_n.items(), key=lambda kv: (-kv[1], kv[0]))[:args.top]:
                print(f"  {n:4d} {len(phrase_docs[p]):3d}  {p}")

    if errors:
        print(f"\n{len(errors)} validation error(s)")
        return 1
    print("\nvalidation passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
