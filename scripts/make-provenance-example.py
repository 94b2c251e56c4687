#!/usr/bin/env python3
"""Builds docs/examples/provenance-chain.json: a transaction Bundle holding a generated chain that an
auditor can load into any Evident server and walk with curl (docs/provenance.md).

The chain comes from the Swift suite's generating test operations (`swift test --filter
GeneratedArtifactTests` writes .build/evident-artifacts/): a transcript DocumentReference, the Composition
generated from it, the Claim coded from that Composition, and one signed Provenance per statement. The
signing key's public half goes to docs/examples/provenance-chain.pub; start the server with
`--trusted-key $(cat docs/examples/provenance-chain.pub)` so $verify-provenance accepts those signatures.

usage: scripts/make-provenance-example.py
"""
import json
from pathlib import Path

repo = Path(__file__).resolve().parents[1]
art = repo / ".build" / "evident-artifacts"
out = repo / "docs" / "examples"


def load(name):
    return json.loads((art / f"{name}.json").read_text())


def clean(r):
    r = dict(r)
    meta = {k: v for k, v in r.get("meta", {}).items() if k not in ("versionId", "lastUpdated")}
    if meta:
        r["meta"] = meta
    else:
        r.pop("meta", None)
    return r


resources = [{"resourceType": "Patient", "id": "p1", "gender": "female"}, load("transcript"), load("composition"), load("claim")]
resources += [load(p.stem) for p in sorted(art.glob("provenance-*.json"))]
entries = []
for r in map(clean, resources):
    ref = f"{r['resourceType']}/{r['id']}"
    entries.append({"resource": r, "request": {"method": "PUT", "url": ref}})
bundle = {"resourceType": "Bundle", "type": "transaction", "entry": entries}
out.mkdir(parents=True, exist_ok=True)
(out / "provenance-chain.json").write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n")
(out / "provenance-chain.pub").write_text(load("signing-key")["publicKey"] + "\n")
print(f"wrote {out / 'provenance-chain.json'} ({len(entries)} resources) and provenance-chain.pub")
