#!/usr/bin/env python3
"""Generates Sources/FHIRSearch/Resources/search-support.json from the official FHIR R4 package (CC0):

- "patientCompartment": {ResourceType: [search parameter codes]} from CompartmentDefinition-patient
  (which references put a resource in a Patient's compartment: `Patient/123/Observation`);
- "summary": {ResourceType: [top-level elements marked isSummary]} for `_summary=true`;
- "mandatory": {ResourceType: [top-level elements with min >= 1]} kept by `_summary=text`.

usage: scripts/gen-search-support.py [path/to/shared/data/fhir-r4]
"""
import json, os, sys, tarfile

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/data/fhir-r4")
out = os.path.join(os.path.dirname(__file__), "../Sources/FHIRSearch/Resources/search-support.json")

with tarfile.open(os.path.join(src, "hl7.fhir.r4.core-4.0.1.tgz")) as tar:
    compartment = json.load(tar.extractfile("package/CompartmentDefinition-patient.json"))
patient = {}
for r in compartment["resource"]:
    params = [p for p in r.get("param", []) if p != "{def}"]
    if params:
        patient[r["code"]] = params
patient["Patient"] = ["link"]

summary, mandatory = {}, {}
for e in json.load(open(os.path.join(src, "profiles-resources.json")))["entry"]:
    sd = e["resource"]
    if sd.get("resourceType") != "StructureDefinition" or sd.get("kind") != "resource" or sd.get("derivation") == "constraint":
        continue
    name = sd["type"]
    s, m = [], []
    for el in sd["snapshot"]["element"]:
        parts = el["path"].split(".")
        if len(parts) != 2:
            continue
        elem = parts[1]  # choice elements keep "[x]": deceased[x] matches deceasedBoolean
        if el.get("isSummary"):
            s.append(elem)
        if el.get("min", 0) >= 1:
            m.append(elem)
    summary[name], mandatory[name] = s, m

with open(out, "w") as f:
    json.dump({"patientCompartment": patient, "summary": summary, "mandatory": mandatory}, f, separators=(",", ":"), sort_keys=True)
print(f"wrote {out}: compartment of {len(patient)} types, summary of {len(summary)} types")
