"""Operations and the evidence spine, checked from outside.

1. The resources Evident generated in the Swift suite (a Composition from a transcript, a Claim coded from
   it, one Provenance per statement, the engine Device, a $trace Bundle...) are written to
   `.build/evident-artifacts/` by `OperationTests.swift` (`make test` runs the Swift suite first). Here every
   one of them must pass the external R4 validator fhirkit-rs, satisfy the rules of Evident's profiles in
   `Profiles/`, and carry signatures that an auditor can verify with a standard Ed25519 library and the
   documented payload (canonical JSON without meta and signature), with hashes recomputable with hashlib.
2. The running server serves the OperationDefinitions and runs $validate, $everything, $trace,
   $verify-provenance over plain HTTP (every response is validated by fhirkit through the session hook).
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import fhirkit
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / ".build" / "evident-artifacts"
PROFILES = REPO / "Profiles"
OPERATIONS = REPO / "OperationDefinitions"
EVIDENT = "https://evident.dev/fhir/StructureDefinition/"
TARGET_ELEMENT = "http://hl7.org/fhir/StructureDefinition/targetElement"
DERIVATION = "http://hl7.org/fhir/StructureDefinition/derivation-reference"


def load(name: str) -> dict:
    path = ARTIFACTS / f"{name}.json"
    assert path.exists(), f"{path} is missing: run the Swift suite first (make test runs it before this suite)"
    return json.loads(path.read_text())


def provenances() -> list[dict]:
    found = [json.loads(p.read_text()) for p in sorted(ARTIFACTS.glob("provenance-*.json"))]
    assert len(found) >= 4, "expected the Provenance of the generated Composition and Claim"
    return found


def ext(element: dict, url: str):
    for e in element.get("extension", []):
        if e["url"] == url:
            return e
    return None


def value(e: dict):
    return next(v for k, v in e.items() if k.startswith("value"))


def canonical(resource: dict) -> bytes:
    return json.dumps(resource, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def b64url_decode(s: str) -> bytes:
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


# -- 1. generated artifacts -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["composition", "claim", "device", "trace", "verify", "everything", "ambient-note", "ambient-provenance",
                                  "code-encounter-claim", "code-encounter-provenance", "insights", "avs"])
def test_generated_resource_is_valid_r4(name):
    assert fhirkit.validate(load(name)) == []


def test_every_provenance_is_valid_r4_and_follows_the_evident_profile():
    for p in provenances():
        assert fhirkit.validate(p) == [], p["id"]
        assert p["meta"]["profile"] == [EVIDENT + "evident-provenance"]
        assert len(p["target"]) == 1
        target = p["target"][0]
        assert "/_history/" in target["reference"]
        assert value(ext(target, TARGET_ELEMENT))
        assert len(value(ext(target, EVIDENT + "content-sha256"))) == 64
        assert p["activity"]["coding"][0]["code"] == "CREATE"
        assert p["reason"][0]["coding"][0]["code"] == "AIAST"
        assert p["agent"][0]["who"]["reference"] == "Device/evident-engine"
        assert p["agent"][0]["role"][0]["coding"][0]["code"] == "Artificial-Intelligence"
        assert p["entity"], "a statement needs evidence"
        for e in p["entity"]:
            assert e["role"] in ("quotation", "source")
            assert "/_history/" in e["what"]["reference"]
            derivation = ext(e, DERIVATION)
            subs = {s["url"]: value(s) for s in derivation["extension"]}
            assert subs["reference"]["reference"] == e["what"]["reference"]
            if e["role"] == "quotation":
                assert isinstance(subs["offset"], int) and isinstance(subs["length"], int)
                assert len(value(ext(e, EVIDENT + "quotation"))) == subs["length"]
            assert len(value(ext(e, EVIDENT + "content-sha256"))) == 64
        sig = p["signature"][0]
        assert sig["sigFormat"] == "application/jose" and sig["who"]["reference"] == "Device/evident-engine"


def test_generated_resources_are_labelled_ai_asserted_and_carry_element_ids():
    composition, claim = load("composition"), load("claim")
    for r, profile in ((composition, "evident-composition"), (claim, "evident-claim")):
        assert {"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "code": "AIAST",
                "display": "Artificial Intelligence asserted"} in r["meta"]["security"]
        assert EVIDENT + profile in r["meta"]["profile"]
    assert '<span id="s1">' in composition["section"][0]["text"]["div"]
    for d in claim["diagnosis"] + claim["item"]:
        assert d["id"]
        confidence = value(ext(d, "http://hl7.org/fhir/uv/aitransparency/StructureDefinition/AIconfidence"))
        assert 0 <= confidence <= 1


def test_signatures_verify_with_a_standard_ed25519_library():
    key = load("signing-key")
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key["publicKey"]))
    for p in provenances():
        jws = base64.b64decode(p["signature"][0]["data"]).decode()
        header_b64, payload_b64, signature_b64 = jws.split(".")
        assert payload_b64 == "", "detached payload"
        header = json.loads(b64url_decode(header_b64))
        assert header == {"alg": "EdDSA", "kid": key["keyID"]}
        unsigned = {k: v for k, v in p.items() if k not in ("meta", "signature")}
        payload = base64.urlsafe_b64encode(canonical(unsigned)).rstrip(b"=")
        public.verify(b64url_decode(signature_b64), header_b64.encode() + b"." + payload)  # raises if invalid
        tampered = dict(unsigned, recorded="2000-01-01T00:00:00Z")
        with pytest.raises(Exception):
            public.verify(b64url_decode(signature_b64),
                          header_b64.encode() + b"." + base64.urlsafe_b64encode(canonical(tampered)).rstrip(b"="))


def test_hashes_and_quotes_recompute_from_the_sources():
    transcript = base64.b64decode(load("transcript")["content"][0]["attachment"]["data"]).decode()
    composition = load("composition")
    checked = 0
    for p in provenances():
        for e in p["entity"]:
            quote = value(ext(e, EVIDENT + "quotation"))
            assert hashlib.sha256(quote.encode()).hexdigest() == value(ext(e, EVIDENT + "content-sha256"))
            subs = {s["url"]: value(s) for s in ext(e, DERIVATION)["extension"]}
            if e["what"]["reference"].startswith("DocumentReference/"):
                assert transcript[subs["offset"]:subs["offset"] + subs["length"]] == quote  # code-point offsets
                checked += 1
        if p["target"][0]["reference"].startswith("Composition/"):
            element = value(ext(p["target"][0], TARGET_ELEMENT))
            div = composition["section"][0]["text"]["div"]
            sentence = div.split(f'<span id="{element}">')[1].split("</span>")[0]
            assert hashlib.sha256(sentence.encode()).hexdigest() == value(ext(p["target"][0], EVIDENT + "content-sha256"))
    assert checked >= 2


def test_trace_bundle_links_claim_to_transcript():
    trace = load("trace")
    links = trace["entry"][0]["resource"]["parameter"]
    parts = [{q["name"]: value(q) for q in link["part"]} for link in links]
    assert [p["depth"] for p in parts] == [1, 2]
    assert parts[0]["target"]["reference"].startswith("Claim/") and parts[1]["source"]["reference"] == "DocumentReference/t1/_history/1"
    assert all(p["status"] == "verified" for p in parts)


def test_shipped_definitions_and_profiles_are_valid_r4():
    files = sorted(OPERATIONS.glob("*.json")) + sorted(PROFILES.glob("*.json"))
    assert len(files) >= 15
    for f in files:
        assert fhirkit.validate(f.read_text()) == [], f.name


# -- 2. the running server --------------------------------------------------------------------------

def test_operation_definitions_are_served(http, base_url):
    for f in sorted(OPERATIONS.glob("*.json")):
        shipped = json.loads(f.read_text())
        r = http.get(f"{base_url}/OperationDefinition/{shipped['id']}")
        assert r.status_code == 200, f.name
        served = r.json()
        assert served["code"] == shipped["code"] and served["parameter"] == shipped["parameter"]
    metadata = http.get(f"{base_url}/metadata").json()
    patient = next(r for r in metadata["rest"][0]["resource"] if r["type"] == "Patient")
    assert {"validate", "everything", "trace", "verify-provenance"} <= {o["name"] for o in patient["operation"]}


def test_validate_everything_trace_and_verify_over_http(http, base_url, unique):
    pid = f"p-{unique}"
    assert http.put(f"{base_url}/Patient/{pid}", json={"resourceType": "Patient", "id": pid},
                    headers={"Content-Type": "application/fhir+json"}).status_code == 201
    obs = {"resourceType": "Observation", "status": "final", "code": {"text": "weight"}, "subject": {"reference": f"Patient/{pid}"}}
    assert http.post(f"{base_url}/Observation", json=obs, headers={"Content-Type": "application/fhir+json"}).status_code == 201

    ok = http.post(f"{base_url}/Observation/$validate", json=obs, headers={"Content-Type": "application/fhir+json"})
    assert ok.status_code == 200 and ok.json()["issue"][0]["severity"] == "information"
    bad = http.post(f"{base_url}/Observation/$validate", json=dict(obs, status="done"), headers={"Content-Type": "application/fhir+json"})
    assert bad.json()["issue"][0]["expression"] == ["Observation.status"]

    everything = http.get(f"{base_url}/Patient/{pid}/$everything").json()
    assert sorted(e["resource"]["resourceType"] for e in everything["entry"]) == ["Observation", "Patient"]

    trace = http.get(f"{base_url}/Patient/{pid}/$trace").json()
    assert trace["type"] == "collection" and trace["entry"][0]["resource"]["resourceType"] == "Parameters"
    verify = http.get(f"{base_url}/Patient/{pid}/$verify-provenance").json()
    assert verify["parameter"][0] == {"name": "intact", "valueBoolean": True}

    r = http.get(f"{base_url}/Patient/{pid}/$trace", params={"depth": "deep"})
    assert r.status_code == 400 and "depth" in r.json()["issue"][0]["diagnostics"]
