"""Oracle test for Evident's FHIRPath evaluator (Sources/FHIRPath).

For every official R4 example and every official SearchParameter whose base includes the example's
resource type, the values `evident fhirpath --batch` returns must equal what fhirpathpy (with its R4
model) returns for the same expression. fhirpathpy has no resolve(), so expressions using it are skipped
here (Evident's resolve() is covered by Swift tests); the coverage is printed.
"""

from __future__ import annotations

import decimal
import json
import os
import subprocess
from pathlib import Path

import pytest

fhirpathpy = pytest.importorskip("fhirpathpy")
from fhirpathpy.models import models  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data" / "fhir-r4"
BIN = Path(os.environ.get("EVIDENT_BIN", REPO / ".build" / "debug" / "evident"))

pytestmark = pytest.mark.skipif(not (DATA / "search-parameters.json").exists(), reason="needs ../shared/data/fhir-r4")


def normalise(value):
    """Make fhirpathpy's and Evident's values comparable: numbers as floats, dates as text."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, decimal.Decimal)):
        return float(value)
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    return str(value)  # FP_DateTime, FP_Quantity, ...


def cases():
    params = [e["resource"] for e in json.loads((DATA / "search-parameters.json").read_text())["entry"]]
    by_type: dict[str, list[dict]] = {}
    for p in params:
        if p.get("expression"):
            for base in p.get("base", []):
                by_type.setdefault(base, []).append(p)
    out = []
    for f in sorted((DATA / "examples").glob("*.json")):
        try:
            resource = json.loads(f.read_text())
        except ValueError:
            continue
        rtype = resource.get("resourceType") if isinstance(resource, dict) else None
        if not rtype:
            continue
        for p in by_type.get(rtype, []) + by_type.get("Resource", []) + by_type.get("DomainResource", []):
            out.append((f, resource, p["code"], p["expression"]))
    return out


def test_search_parameter_expressions_match_fhirpathpy(capsys):
    all_cases = cases()
    runnable = [c for c in all_cases if "resolve()" not in c[3]]
    requests = "".join(json.dumps({"file": str(f), "expression": expr}) + "\n" for f, _, _, expr in runnable)
    proc = subprocess.run([str(BIN), "fhirpath", "--batch"], input=requests, capture_output=True, text=True, check=True)
    replies = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(replies) == len(runnable)
    mismatches, oracle_errors, evident_errors, compared = [], 0, [], 0
    for (f, resource, code, expr), reply in zip(runnable, replies):
        # fhirpathpy does not treat a leading `Resource.`/`DomainResource.` as the root's supertype (it
        # returns nothing), so ask it the equivalent question with the concrete type.
        oracle_expr = expr
        for base in ("DomainResource.", "Resource."):
            if oracle_expr.startswith(base):
                oracle_expr = resource["resourceType"] + "." + oracle_expr[len(base):]
        try:
            expected = normalise(fhirpathpy.evaluate(resource, oracle_expr, {}, models["r4"]))
        except Exception:  # noqa: BLE001 - fhirpathpy limitations are counted, not failures of Evident
            oracle_errors += 1
            continue
        if "error" in reply:
            evident_errors.append(f"{f.name} {code}: {reply['error']}")
            continue
        compared += 1
        actual = normalise(reply["result"])
        if actual != expected:
            mismatches.append(f"{f.name} {code} `{expr}`: evident={json.dumps(actual)[:200]} fhirpathpy={json.dumps(expected)[:200]}")
    with capsys.disabled():
        print(f"\nFHIRPath oracle: {len(all_cases)} (example, parameter) pairs; {compared} compared with fhirpathpy; "
              f"{len(all_cases) - len(runnable)} skipped (resolve(), not in fhirpathpy); {oracle_errors} fhirpathpy errors; "
              f"{len(evident_errors)} Evident errors; {len(mismatches)} mismatches")
    assert not evident_errors, "\n".join(evident_errors[:30])
    assert not mismatches, "\n".join(mismatches[:30])
