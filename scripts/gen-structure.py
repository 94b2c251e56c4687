#!/usr/bin/env python3
"""Generates Sources/FHIRValidation/Resources/r4-structure.json, the compact element model the
structural validator uses, from the official FHIR R4 StructureDefinitions (CC0).

usage: scripts/gen-structure.py [path/to/shared/data/fhir-r4]

Output: {"primitives": [...], "types": {TypeName: {"kind": "resource"|"complex",
         "elements": {"Path.to.elem": [min, repeats(0/1), [type codes], contentReference or "", required ValueSet or ""]}}},
         "valueSets": {url: [codes]}}
Required bindings are kept for `code` elements whose ValueSet expands from the R4 definitions alone
(enumerated concepts or whole code systems, no filters); others are skipped.
Type codes are FHIR type names; System.String (ids, Extension.url) is mapped to "string"/"uri".
"""
import json, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/data/fhir-r4")
out = os.path.join(os.path.dirname(__file__), "../Sources/FHIRValidation/Resources/r4-structure.json")

def load(name):
    with open(os.path.join(src, name)) as f:
        return [e["resource"] for e in json.load(f)["entry"] if e["resource"]["resourceType"] == "StructureDefinition"]

def load_all(name):
    with open(os.path.join(src, name)) as f:
        return [e["resource"] for e in json.load(f)["entry"]]

terminology = load_all("valuesets.json")
codesystems = {r["url"]: r for r in terminology if r["resourceType"] == "CodeSystem"}
valuesets = {r["url"]: r for r in terminology if r["resourceType"] == "ValueSet"}

def system_codes(url):
    cs = codesystems.get(url)
    if cs is None or cs.get("content") not in ("complete", None):
        return None
    out = set()
    def walk(concepts):
        for c in concepts:
            out.add(c["code"]); walk(c.get("concept", []))
    walk(cs.get("concept", []))
    return out or None

def expand(url, seen=()):
    url = url.split("|")[0]
    vs = valuesets.get(url)
    if vs is None or url in seen or "compose" not in vs:
        return None
    def part(inc):
        if inc.get("filter"):
            return None
        codes = None
        if "concept" in inc:
            codes = {c["code"] for c in inc["concept"]}
        elif "system" in inc:
            codes = system_codes(inc["system"])
            if codes is None:
                return None
        for v in inc.get("valueSet", []):
            sub = expand(v, seen + (url,))
            if sub is None:
                return None
            codes = sub if codes is None else codes & sub
        return codes
    out = set()
    for inc in vs["compose"].get("include", []):
        c = part(inc)
        if c is None:
            return None
        out |= c
    for exc in vs["compose"].get("exclude", []):
        c = part(exc)
        if c is None:
            return None
        out -= c
    return out or None

used_valuesets = {}
sds = load("profiles-types.json") + load("profiles-resources.json")
primitives = sorted(sd["name"] for sd in sds if sd["kind"] == "primitive-type")
types = {}
for sd in sds:
    if sd["kind"] not in ("resource", "complex-type") or sd.get("derivation") == "constraint":
        continue
    name = sd["type"]
    elements = {}
    for e in sd["snapshot"]["element"]:
        path = e["path"]
        if "." not in path:
            continue
        codes = []
        for t in e.get("type", []):
            code = t["code"]
            if code.startswith("http://hl7.org/fhirpath/System."):
                code = "uri" if path.endswith(".url") else "string"
            codes.append(code)
        ref = e.get("contentReference", "")
        if ref.startswith("#"):
            ref = ref[1:]
        binding = ""
        b = e.get("binding", {})
        if codes == ["code"] and b.get("strength") == "required" and b.get("valueSet"):
            url = b["valueSet"].split("|")[0]
            expansion = expand(url)
            if expansion is not None:
                used_valuesets[url] = sorted(expansion)
                binding = url
        elements[path] = [e.get("min", 0), 1 if e.get("max") == "*" else 0, codes, ref, binding]
    types[name] = {"kind": "resource" if sd["kind"] == "resource" else "complex", "abstract": bool(sd.get("abstract")), "elements": elements}

with open(out, "w") as f:
    json.dump({"fhirVersion": "4.0.1", "primitives": primitives, "types": types, "valueSets": used_valuesets}, f, separators=(",", ":"), sort_keys=True)
bound = sum(1 for t in types.values() for e in t["elements"].values() if e[4])
print(f"wrote {out}: {len(types)} types, {sum(len(t['elements']) for t in types.values())} elements, {bound} required code bindings over {len(used_valuesets)} ValueSets")
