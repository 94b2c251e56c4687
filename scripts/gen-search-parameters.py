#!/usr/bin/env python3
"""Generates Sources/FHIRSearch/Resources/search-parameters.json, the compact form of the official FHIR R4
SearchParameters (CC0) the search engine loads: code, url, type, base, expression, and composite components.

usage: scripts/gen-search-parameters.py [path/to/shared/data/fhir-r4]
"""
import json, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/data/fhir-r4")
out = os.path.join(os.path.dirname(__file__), "../Sources/FHIRSearch/Resources/search-parameters.json")
params = []
for e in json.load(open(os.path.join(src, "search-parameters.json")))["entry"]:
    r = e["resource"]
    p = {"code": r["code"], "url": r["url"], "type": r["type"], "base": r["base"]}
    if r.get("expression"):
        p["expression"] = r["expression"]
    if r.get("component"):
        p["component"] = [{"definition": c["definition"], "expression": c["expression"]} for c in r["component"]]
    if r.get("target"):
        p["target"] = r["target"]
    params.append(p)
with open(out, "w") as f:
    json.dump(params, f, separators=(",", ":"), sort_keys=True)
print(f"wrote {out}: {len(params)} SearchParameters")
