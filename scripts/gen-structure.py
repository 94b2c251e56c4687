#!/usr/bin/env python3
"""Generates Sources/FHIRValidation/Resources/r4-structure.json, the compact element model the
structural validator uses, from the official FHIR R4 StructureDefinitions (CC0).

usage: scripts/gen-structure.py [path/to/shared/data/fhir-r4]

Output: {"primitives": [...], "types": {TypeName: {"kind": "resource"|"complex",
         "elements": {"Path.to.elem": [min, repeats(0/1), [type codes], contentReference or ""]}}}}
Type codes are FHIR type names; System.String (ids, Extension.url) is mapped to "string"/"uri".
"""
import json, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/data/fhir-r4")
out = os.path.join(os.path.dirname(__file__), "../Sources/FHIRValidation/Resources/r4-structure.json")

def load(name):
    with open(os.path.join(src, name)) as f:
        return [e["resource"] for e in json.load(f)["entry"] if e["resource"]["resourceType"] == "StructureDefinition"]

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
        elements[path] = [e.get("min", 0), 1 if e.get("max") == "*" else 0, codes, ref]
    types[name] = {"kind": "resource" if sd["kind"] == "resource" else "complex", "abstract": bool(sd.get("abstract")), "elements": elements}

with open(out, "w") as f:
    json.dump({"fhirVersion": "4.0.1", "primitives": primitives, "types": types}, f, separators=(",", ":"), sort_keys=True)
print(f"wrote {out}: {len(types)} types, {sum(len(t['elements']) for t in types.values())} elements")
