"""Drive Evident with fhirclient (4.x), the SMART on FHIR Python client.

fhirclient's models are generated from FHIR 4.0.1 and parse strictly: a
missing required element, a wrong JSON type or an unknown property raises
`FHIRValidationError`. So every read through it is also a schema check.

fhirclient facts these tests rely on (fhirclient/server.py and
models/fhirabstractresource.py):
- `Resource.create(server)` POSTs and returns the response JSON (it does not
  set the id on the instance); `update()` PUTs `{type}/{id}`; `delete()`.
- 404 raises `FHIRNotFoundException`; any other status >= 400 raises
  `requests.HTTPError` (so 410 Gone is an HTTPError with status 410).
"""

from __future__ import annotations

import warnings

import pytest
import requests
from fhirclient.models.bundle import Bundle
from fhirclient.models.capabilitystatement import CapabilityStatement
from fhirclient.models.humanname import HumanName
from fhirclient.models.identifier import Identifier
from fhirclient.models.patient import Patient
from fhirclient.server import FHIRNotFoundException

from fhir_support import IDENTIFIER_SYSTEM


def make_patient(token: str) -> Patient:
    patient = Patient()
    ident = Identifier()
    ident.system = IDENTIFIER_SYSTEM
    ident.value = token
    patient.identifier = [ident]
    name = HumanName()
    name.family = "Fhirclient"
    name.given = ["Interop", token]
    patient.name = [name]
    patient.gender = "other"
    return patient


def test_capability_statement(fhirclient_client):
    assert fhirclient_client.prepare() is True  # open server: no SMART security

    cs = fhirclient_client.server.capabilityStatement
    assert isinstance(cs, CapabilityStatement)  # parsed strictly as R4
    assert cs.fhirVersion == "4.0.1"
    assert cs.status in ("draft", "active", "retired", "unknown")
    assert cs.kind in ("instance", "capability")
    assert cs.date is not None
    formats = set(cs.format)
    assert formats & {"json", "application/fhir+json"}, formats

    servers = [r for r in cs.rest if r.mode == "server"]
    assert len(servers) == 1
    rest = servers[0]
    by_type = {r.type: r for r in rest.resource or []}
    assert "Patient" in by_type, sorted(by_type)
    patient = by_type["Patient"]
    interactions = {i.code for i in patient.interaction or []}
    for code in ("read", "vread", "create", "update", "delete", "history-instance",
                 "search-type"):
        assert code in interactions, f"Patient interaction {code!r} not advertised: {interactions}"
    search_params = {p.name for p in patient.searchParam or []}
    assert "identifier" in search_params, search_params

    system_interactions = {i.code for i in rest.interaction or []}
    assert {"transaction", "batch"} <= system_interactions, system_interactions


def test_create_read_update_delete(fhirclient_client, unique):
    server = fhirclient_client.server

    created = make_patient(unique).create(server)  # POST /Patient
    assert created is not None, "server should return the created resource by default"
    created = Patient(created)  # strict R4 parse of the response body
    pid = created.id
    assert pid
    assert created.meta.versionId == "1"
    assert created.meta.lastUpdated is not None

    patient = Patient.read(pid, server)
    assert patient.id == pid
    assert patient.name[0].family == "Fhirclient"
    assert patient.identifier[0].value == unique
    assert patient.meta.versionId == "1"

    patient.gender = "unknown"
    patient.active = True
    updated = patient.update()  # PUT /Patient/{id}; uses the origin server
    assert updated is not None
    updated = Patient(updated)
    assert updated.meta.versionId == "2"
    assert updated.gender == "unknown"

    reread = Patient.read(pid, server)
    assert reread.meta.versionId == "2"
    assert reread.active is True

    reread.delete()

    with pytest.raises(requests.HTTPError) as excinfo:
        Patient.read(pid, server)
    assert excinfo.value.response.status_code == 410

    with pytest.raises(FHIRNotFoundException):
        Patient.read(f"never-{unique}", server)


def test_search_where_id(fhirclient_client, unique):
    server = fhirclient_client.server
    pid = Patient(make_patient(unique).create(server)).id
    make_patient(unique + "-other").create(server)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # perform_resources is deprecated in 4.3+
        found = Patient.where({"_id": pid}).perform_resources(server)
    assert [p.id for p in found] == [pid]
    assert isinstance(found[0], Patient)

    found = list(Patient.where({"identifier": f"{IDENTIFIER_SYSTEM}|{unique}"})
                 .perform_resources_iter(server))
    assert [p.id for p in found] == [pid]

    bundles = list(Patient.where({"_id": pid}).perform_iter(server))
    assert len(bundles) == 1
    assert isinstance(bundles[0], Bundle)
    assert bundles[0].type == "searchset"


def test_history_bundle_parses_strictly(fhirclient_client, unique):
    server = fhirclient_client.server
    pid = Patient(make_patient(unique).create(server)).id
    patient = Patient.read(pid, server)
    patient.active = False
    patient.update()

    history = Bundle.read_from(f"Patient/{pid}/_history", server)
    assert history.type == "history"
    assert [e.resource.meta.versionId for e in history.entry] == ["2", "1"]
    assert all(isinstance(e.resource, Patient) for e in history.entry)
    assert all(e.request is not None and e.response is not None for e in history.entry)

    type_history = Bundle.read_from("Patient/_history?_count=5", server)
    assert type_history.type == "history"
    assert 1 <= len(type_history.entry or []) <= 5

    system_history = Bundle.read_from("_history?_count=5", server)
    assert system_history.type == "history"
    assert 1 <= len(system_history.entry or []) <= 5


def test_transaction_bundle_create(fhirclient_client, unique):
    server = fhirclient_client.server
    bundle = Bundle({
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [{
            "fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
            "resource": {"resourceType": "Patient",
                         "identifier": [{"system": IDENTIFIER_SYSTEM, "value": unique}]},
            "request": {"method": "POST", "url": "Patient"},
        }],
    })
    # createPath() is None for transaction Bundles: fhirclient POSTs to the base
    response = Bundle(bundle.create(server))
    assert response.type == "transaction-response"
    assert response.entry[0].response.status.startswith("201")
