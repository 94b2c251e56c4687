#!/usr/bin/env python3
"""Check the medication / procedure / body-site / sig lexicons used by the clinical-text matcher.

    scripts/terminology/check-lexicon-meds.py [--data DIR] [--resources DIR] [--top N] [--quiet] [--with-asr]

--data is the shared data folder (default: ../shared/data relative to the repository root);
--resources defaults to Sources/Terminology/Resources.

Files checked (tab-separated, exact headers):
  lexicon-medications.tsv  id generic class brands forms strengths lay
  drug-classes.tsv         class synonyms lay
  lexicon-procedures.tsv   id preferred type synonyms lay
  body-sites.tsv           id preferred lateral synonyms lay
  sig-frequencies.tsv      text per_day meaning
  sig-routes.tsv           text route
  dose-forms.tsv           text form

Validation (any problem -> exit 1):
  * exact header, same number of fields on every row, no blank required field, no stray
    whitespace, no empty or repeated item in a pipe-separated list, terms are lowercase
    (brands keep their own case);
  * ids unique and equal to the lowercase slug of generic / preferred; `text` keys unique;
  * every medication class is a row of drug-classes.tsv (a combination class "a and b" may
    instead have each part listed); strengths start with a number and carry a unit;
  * procedure type is imaging|lab|procedure|surgery|therapy|referral|vaccine; lateral is yes|no;
  * per_day is a decimal number (or empty for prn-like entries);
  * every drug ingredient of the Synthea MedicationRequests (synthea/r4-bundles/*.json and
    synthea/bulk-ndjson/MedicationRequest.*.ndjson, medicationCodeableConcept RxNorm displays)
    is a generic, a component of a combination generic, or a brand in lexicon-medications.tsv.

Reports (never fail):
  * synonym collisions: one surface term that names two rows, within one file or across files;
  * ACI-Bench coverage (aci-bench/train.csv and valid.csv, dialogue + note): the most frequent
    drug-like words (by suffix, e.g. -pril -sartan -olol -statin -pine -formin -gliptin -azole
    -cillin -mycin -prazole -tidine -pam -lam -xetine -triptan, or a word right before a dose
    such as "Norvasc 10 mg") that the medication lexicon does not cover.
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

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

HEADERS = {
    "lexicon-medications.tsv": ["id", "generic", "class", "brands", "forms", "strengths", "lay"],
    "drug-classes.tsv": ["class", "synonyms", "lay"],
    "lexicon-procedures.tsv": ["id", "preferred", "type", "synonyms", "lay"],
    "body-sites.tsv": ["id", "preferred", "lateral", "synonyms", "lay"],
    "sig-frequencies.tsv": ["text", "per_day", "meaning"],
    "sig-routes.tsv": ["text", "route"],
    "dose-forms.tsv": ["text", "form"],
}
# columns that may be empty
OPTIONAL = {
    "lexicon-medications.tsv": {"brands"},
    "drug-classes.tsv": {"synonyms"},
    "lexicon-procedures.tsv": {"synonyms"},
    "body-sites.tsv": {"synonyms"},
    "sig-frequencies.tsv": {"per_day"},
}
PIPE_COLUMNS = {"brands", "forms", "strengths", "synonyms"}
PROCEDURE_TYPES = {"imaging", "lab", "procedure", "surgery", "therapy", "referral", "vaccine"}
UNIT = re.compile(
    r"(mg|mcg|g|kg|ml|l|units?|meq|%|iu|cfu|mm2|fl oz|tablet|puff|spray|actuat|hr|day|mg/hr|mcg/hr)\b|%|:",
    re.I)

# Synthea display quirks that are not salts: misspellings and name orders.
SYNTHEA_ALIASES = {
    "simvistatin": "simvastatin",
    "insulin isophane": "insulin nph",
    "isophane insulin": "insulin nph",
    "insulin regular": "insulin regular",
    "regular insulin": "insulin regular",
    "vitamin b 12": "vitamin b12",
}
SALTS = {
    "hydrochloride", "hcl", "sodium", "potassium", "calcium", "magnesium", "bitartrate", "succinate",
    "acetate", "maleate", "hydrobromide", "tartrate", "citrate", "sulfate", "propionate", "mesylate",
    "besylate", "fumarate", "phosphate", "monohydrate", "dihydrate", "trihydrate", "bromide",
    "furoate", "valerate", "dipropionate", "disodium", "macrocrystals", "monocrystals", "human",
    "hyclate", "xinafoate", "decanoate", "cypionate", "enanthate", "hemifumarate", "oxalate",
}
FORM_WORDS = {
    "oral", "tablet", "tablets", "capsule", "capsules", "injection", "injectable", "solution",
    "suspension", "transdermal", "patch", "system", "topical", "cream", "ointment", "inhaler",
    "inhalation", "powder", "spray", "mucosal", "extended", "delayed", "release", "chewable",
    "auto-injector", "prefilled", "syringe", "drug", "implant", "intrauterine", "vaginal", "pack",
    "metered", "dose", "dry", "nasal", "ophthalmic", "otic", "rectal", "suppository", "lotion",
    "gel", "drops", "film", "lozenge", "kit", "day", "pen", "cartridge", "disintegrating",
}

DRUG_SUFFIXES = (
    "pril", "sartan", "olol", "alol", "ilol", "statin", "dipine", "pine", "formin", "gliptin",
    "gliflozin", "glutide", "glinide", "azole", "conazole", "cillin", "mycin", "micin", "cycline",
    "floxacin", "prazole", "tidine", "azepam", "zepam", "pam", "zolam", "lam", "xetine", "oxetine",
    "triptan", "triptyline", "pramine", "faxine", "lukast", "semide", "thiazide", "profen", "fenac",
    "coxib", "codone", "morphone", "azosin", "osin", "asteride", "dronate", "parin", "xaban",
    "gatran", "grel", "tadine", "tirizine", "fenadine", "piprazole", "peridone", "apine", "barbital",
    "caine", "vir", "mab", "tinib", "nacin", "olone", "sonide", "asone", "isone", "thasone",
    "terol", "tropium", "amine", "zodone", "done", "trel", "gestrel", "estradiol", "thyroxine",
)
# English (and anatomy/lab) words that happen to carry a drug-like suffix or precede a dose.
NOT_DRUGS = set("""
spine urine april medicine routine vaccine machine magazine examine determine cuisine marine
done none gone phone bone alone stone tone zone ozone one someone everyone anyone undone
sodium potassium magnesium chromium calcium barium stadium medium uterine endocrine
katherine catherine caroline adeline jasmine christine pine alpine supine
vitamin protein insulin creatinine bilirubin albumin hemoglobin ferritin globulin troponin
glucose cholesterol triglycerides triglyceride hdl ldl salt intake fluid fluids water
amine famine examine feminine genuine imagine engine doctrine shrine
spam islam program exam
dose doses non-hdl hdl-c ldl-c
""".split())
STOP_BEFORE_DOSE = set("""
to of and the a an at on in with from for by or is was were be been are about up down
take took taking takes took continue continued start started initiate increase increased decrease
decreased order ordered prescribe prescribed refill some your his her my their our this that
it its as than around approximately like only also just then over under about daily total
high low level levels dose dosage intake limit limited patient mr ms mrs dr i we you he she they
s had have has having give gave given use used using utilizes utilize utilizing recommend
recommended already still was been maybe about times time every each per day days week weeks
month months year years hours hour minutes tablet tablets capsule capsules pill pills mg
night morning evening bedtime noon
milligrams mcg units unit ml percent cc ng dl deciliter non blood sugar pressure
""".split())


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


class Problems:
    def __init__(self):
        self.items = []

    def add(self, msg):
        self.items.append(msg)


def read_tsv(path, name, problems):
    """Return list of dict rows; validates header and shape."""
    want = HEADERS[name]
    if not os.path.exists(path):
        problems.add(f"{name}: missing file")
        return []
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        problems.add(f"{name}: empty file")
        return []
    header = lines[0].split("\t")
    if header != want:
        problems.add(f"{name}: header {header} != {want}")
        return []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            problems.add(f"{name}:{n}: blank line")
            continue
        fields = line.split("\t")
        if len(fields) != len(want):
            problems.add(f"{name}:{n}: {len(fields)} fields, want {len(want)}: {line[:80]!r}")
            continue
        row = dict(zip(want, fields))
        row["_line"] = n
        for col, val in row.items():
            if col == "_line":
                continue
            if val != val.strip():
                problems.add(f"{name}:{n}: stray whitespace in {col}")
            if not val and col not in OPTIONAL.get(name, set()):
                problems.add(f"{name}:{n}: empty {col}")
            if col in PIPE_COLUMNS and val:
                items = val.split("|")
                if any(not i.strip() or i != i.strip() for i in items):
                    problems.add(f"{name}:{n}: empty or padded item in {col}")
                low = [i.lower() for i in items]
                dup = [i for i, c in collections.Counter(low).items() if c > 1]
                if dup:
                    problems.add(f"{name}:{n}: repeated {col} item(s) {dup}")
        rows.append(row)
    return rows


def split_pipe(v):
    return [x for x in v.split("|") if x] if v else []


def validate(res, problems):
    data = {name: read_tsv(os.path.join(res, name), name, problems) for name in HEADERS}

    def lower_check(name, row, cols):
        for c in cols:
            v = row[c]
            if v != v.lower():
                problems.add(f"{name}:{row['_line']}: {c} not lowercase: {v!r}")

    def unique(name, key):
        seen = {}
        for r in data[name]:
            k = r[key]
            if k in seen:
                problems.add(f"{name}:{r['_line']}: duplicate {key} {k!r} (first at line {seen[k]})")
            else:
                seen[k] = r["_line"]

    # medications
    classes = {r["class"] for r in data["drug-classes.tsv"]}
    unique("drug-classes.tsv", "class")
    for r in data["drug-classes.tsv"]:
        lower_check("drug-classes.tsv", r, ["class", "synonyms", "lay"])
    unique("lexicon-medications.tsv", "id")
    for r in data["lexicon-medications.tsv"]:
        name = "lexicon-medications.tsv"
        lower_check(name, r, ["id", "generic", "class", "forms", "lay"])
        if r["id"] != slug(r["generic"]):
            problems.add(f"{name}:{r['_line']}: id {r['id']!r} is not slug of generic {r['generic']!r}")
        c = r["class"]
        if c not in classes and not all(p in classes for p in c.split(" and ")):
            problems.add(f"{name}:{r['_line']}: class {c!r} not in drug-classes.tsv")
        for s in split_pipe(r["strengths"]):
            if not re.match(r"^\d", s) or not UNIT.search(s):
                problems.add(f"{name}:{r['_line']}: strength without number/unit: {s!r}")
    # procedures
    unique("lexicon-procedures.tsv", "id")
    for r in data["lexicon-procedures.tsv"]:
        name = "lexicon-procedures.tsv"
        lower_check(name, r, ["id", "preferred", "type", "synonyms", "lay"])
        if r["id"] != slug(r["preferred"]):
            problems.add(f"{name}:{r['_line']}: id {r['id']!r} is not slug of {r['preferred']!r}")
        if r["type"] not in PROCEDURE_TYPES:
            problems.add(f"{name}:{r['_line']}: type {r['type']!r} not in {sorted(PROCEDURE_TYPES)}")
    # body sites
    unique("body-sites.tsv", "id")
    for r in data["body-sites.tsv"]:
        name = "body-sites.tsv"
        lower_check(name, r, ["id", "preferred", "lateral", "synonyms", "lay"])
        if r["id"] != slug(r["preferred"]):
            problems.add(f"{name}:{r['_line']}: id {r['id']!r} is not slug of {r['preferred']!r}")
        if r["lateral"] not in ("yes", "no"):
            problems.add(f"{name}:{r['_line']}: lateral {r['lateral']!r} not yes|no")
    # sig
    for name, cols in (("sig-frequencies.tsv", ["text", "meaning"]), ("sig-routes.tsv", ["text", "route"]),
                       ("dose-forms.tsv", ["text", "form"])):
        unique(name, "text")
        for r in data[name]:
            lower_check(name, r, cols)
    for r in data["sig-frequencies.tsv"]:
        v = r["per_day"]
        if v == "":
            continue
        try:
            f = float(v)
            if not re.fullmatch(r"\d+(\.\d+)?", v) or f <= 0:
                raise ValueError
        except ValueError:
            problems.add(f"sig-frequencies.tsv:{r['_line']}: per_day {v!r} is not a positive decimal")
    return data


def surface_terms(data):
    """term -> set of (file, key)."""
    terms = collections.defaultdict(set)

    def add(term, file, key):
        t = term.strip().lower()
        if t:
            terms[t].add((file, key))

    for r in data["lexicon-medications.tsv"]:
        add(r["generic"], "medications", r["id"])
        for b in split_pipe(r["brands"]):
            add(b, "medications", r["id"])
    for r in data["drug-classes.tsv"]:
        add(r["class"], "drug-classes", r["class"])
        for s in split_pipe(r["synonyms"]):
            add(s, "drug-classes", r["class"])
    for r in data["lexicon-procedures.tsv"]:
        add(r["preferred"], "procedures", r["id"])
        for s in split_pipe(r["synonyms"]):
            add(s, "procedures", r["id"])
    for r in data["body-sites.tsv"]:
        add(r["preferred"], "body-sites", r["id"])
        for s in split_pipe(r["synonyms"]):
            add(s, "body-sites", r["id"])
    for name, file, col in (("sig-frequencies.tsv", "sig-frequencies", "meaning"),
                            ("sig-routes.tsv", "sig-routes", "route"), ("dose-forms.tsv", "dose-forms", "form")):
        for r in data[name]:
            add(r["text"], file, r[col])
    return terms


def report_collisions(data, quiet):
    terms = surface_terms(data)
    within, across = [], []
    for t, owners in sorted(terms.items()):
        if len(owners) < 2:
            continue
        files = {f for f, _ in owners}
        (within if len(files) == 1 else across).append((t, sorted(owners)))
    print(f"collisions: {len(within)} within one file, {len(across)} across files (warnings)")
    if not quiet:
        for t, owners in within + across:
            print(f"  {t!r}: " + ", ".join(f"{f}:{k}" for f, k in owners))


# ---------------------------------------------------------------- Synthea coverage

def synthea_displays(data_dir):
    """(system, code, display) -> count for MedicationRequest medicationCodeableConcept codings."""
    counts = collections.Counter()

    def visit(res):
        if not isinstance(res, dict):
            return
        rt = res.get("resourceType")
        if rt == "MedicationRequest":
            mcc = res.get("medicationCodeableConcept") or {}
            for c in mcc.get("coding", []):
                counts[(c.get("system", ""), c.get("code", ""), c.get("display") or mcc.get("text", ""))] += 1
            for c in res.get("contained", []) or []:
                visit(c)
        elif rt == "Medication":
            for c in (res.get("code") or {}).get("coding", []):
                counts[(c.get("system", ""), c.get("code", ""), c.get("display", ""))] += 1

    syn = os.path.join(data_dir, "synthea")
    for f in sorted(glob.glob(os.path.join(syn, "r4-bundles", "*.json"))):
        with open(f, encoding="utf-8") as fh:
            b = json.load(fh)
        for e in b.get("entry", []) or []:
            visit(e.get("resource"))
    for f in sorted(glob.glob(os.path.join(syn, "bulk-ndjson", "MedicationRequest.*.ndjson"))):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    visit(json.loads(line))
    return counts


def ingredient_names(display):
    """Ingredient (or pack/brand) names in an RxNorm display string, lowercase, salts kept."""
    d = display
    brands = [b.strip().lower() for b in re.findall(r"\[([^\]]+)\]", d)]
    d = re.sub(r"\[[^\]]*\]", " ", d).lower()
    d = re.sub(r"\bvitamin b (\d+)", r"vitamin b\1", d)
    d = re.sub(r"\bnda\d+\b", " ", d)
    d = re.sub(r"\babuse-deterrent\b", " ", d)
    d = re.sub(r"^\s*(\d[\d.]*\s*(ml|hr|actuat|day)\s+)+", "", d)
    d = re.sub(r"\b\d+\s*hr\b", " ", d)
    names = []
    for part in re.split(r"\s+/\s+", d):
        words = []
        for w in part.split():
            if re.match(r"^[\d.]", w) or w in FORM_WORDS:
                break
            words.append(w)
        name = " ".join(words).strip(" ,")
        if name:
            names.append(name)
    return names, brands


def name_variants(name):
    """Yield the name, with commas normalised, aliases applied, salts stripped, -ic acid -> -ate."""
    base = re.sub(r"\s*,\s*", " ", name).strip()
    words = [w for w in base.split() if w not in SALTS]
    cands = [name, base, " ".join(words)]
    out = []
    for c in cands:
        c = c.strip()
        if not c:
            continue
        out.append(c)
        out.append(SYNTHEA_ALIASES.get(c, c))
        m = re.fullmatch(r"(\w+)ic acid", c)
        if m:
            out.append(m.group(1) + "ate")
    return out


def synthea_coverage(data, data_dir, problems, quiet):
    syn = os.path.join(data_dir, "synthea")
    if not os.path.isdir(syn):
        print(f"synthea: {syn} not found, coverage skipped")
        return
    names = {}
    for r in data["lexicon-medications.tsv"]:
        g = r["generic"].lower()
        names[g] = r["id"]
        for comp in g.split("/"):
            names.setdefault(comp.strip(), r["id"])
        for b in split_pipe(r["brands"]):
            names.setdefault(b.lower(), r["id"])
    counts = synthea_displays(data_dir)
    ingredients = collections.Counter()
    resolved = {}
    missing = collections.defaultdict(set)
    for (system, code, display), n in counts.items():
        found_names, brands = ingredient_names(display)
        if not found_names:
            found_names = brands
        for nm in found_names:
            hit = next((names[v] for v in name_variants(nm) if v in names), None)
            if hit is None:
                # a pack name like "Camila 28 Day Pack" or a bracketed brand
                hit = next((names[b] for b in brands if b in names), None)
            ingredients[nm] += n
            if hit is None:
                missing[nm].add(f"{code} {display}")
            else:
                resolved[nm] = hit
    print(f"synthea: {len(counts)} MedicationRequest codings, {len(ingredients)} distinct ingredient names, "
          f"{len(resolved)} covered, {len(missing)} missing")
    if not quiet:
        for nm in sorted(resolved):
            if nm != resolved[nm].replace("-", " "):
                print(f"  {nm!r} -> {resolved[nm]}")
    for nm, examples in sorted(missing.items()):
        problems.add(f"synthea ingredient {nm!r} not in lexicon-medications.tsv (e.g. {sorted(examples)[0]})")


# ---------------------------------------------------------------- ACI-Bench report

def aci_report(data, data_dir, top, with_asr=False):
    aci = os.path.join(data_dir, "aci-bench")
    files = [os.path.join(aci, f) for f in ("train.csv", "valid.csv")]
    if with_asr:
        files += sorted(f for f in glob.glob(os.path.join(aci, "asr-variants", "*.csv"))
                        if not f.endswith("_metadata.csv"))
    files = [f for f in files if os.path.exists(f)]
    if not files:
        print(f"aci-bench: {aci} not found, report skipped")
        return
    csv.field_size_limit(1 << 30)
    texts = []
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                texts.append(row.get("dialogue", "") or "")
                texts.append(row.get("note", "") or "")
    covered_tokens = set(SALTS)
    for r in data["lexicon-medications.tsv"]:
        for term in [r["generic"]] + split_pipe(r["brands"]):
            for t in re.findall(r"[a-z][a-z0-9\-]*", term.lower()):
                covered_tokens.add(t)
    for r in data["drug-classes.tsv"]:
        for term in [r["class"]] + split_pipe(r["synonyms"]):
            for t in re.findall(r"[a-z][a-z0-9\-]*", term.lower()):
                covered_tokens.add(t)

    suffix_words = collections.Counter()
    dose_words = collections.Counter()
    dose_re = re.compile(r"\b([a-z][a-z\-]{2,})\s+(?:\d[\d.,/]*)\s*(?:mg|milligrams?|mcg|micrograms?|units?|ml|grams?|iu)\b")
    for t in texts:
        low = t.lower()
        for w in re.findall(r"\b[a-z][a-z\-]{4,}\b", low):
            if w.endswith(DRUG_SUFFIXES) and w not in NOT_DRUGS:
                suffix_words[w] += 1
        for m in dose_re.finditer(low):
            w = m.group(1)
            if w.endswith("-"):  # cut-off word in a transcript
                continue
            if w not in STOP_BEFORE_DOSE and w not in NOT_DRUGS:
                dose_words[w] += 1
    cand = suffix_words + dose_words
    total = sum(cand.values())
    uncovered = [(w, n) for w, n in cand.most_common() if w not in covered_tokens]
    cov = total - sum(n for _, n in uncovered)
    print(f"aci-bench: {len(texts) // 2} encounters{' (with asr variants)' if with_asr else ''}, {len(cand)} drug-like words ({total} mentions), "
          f"{len(cand) - len(uncovered)} covered ({cov}/{total} mentions)")
    if uncovered:
        print(f"  most frequent uncovered (top {top}): " +
              ", ".join(f"{w} {n}" for w, n in uncovered[:top]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data"))
    ap.add_argument("--resources", default=os.path.join(REPO, "Sources", "Terminology", "Resources"))
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--quiet", action="store_true", help="summaries only")
    ap.add_argument("--with-asr", action="store_true", help="also scan aci-bench/asr-variants/*.csv")
    args = ap.parse_args()

    problems = Problems()
    data = validate(args.resources, problems)
    counts = {name: len(rows) for name, rows in data.items()}
    print("rows: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    report_collisions(data, args.quiet)
    synthea_coverage(data, os.path.abspath(args.data), problems, args.quiet)
    aci_report(data, os.path.abspath(args.data), args.top, args.with_asr)
    if problems.items:
        print(f"FAILED: {len(problems.items)} problem(s)")
        for p in problems.items:
            print("  " + p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
