"""Drive Evident with fhirpy (2.x), the beda.software FHIR client.

fhirpy facts these tests rely on (from its source, fhirpy/base/lib_sync.py):
- `resource.save()` POSTs /{type} without an id and PUTs /{type}/{id} with one,
  then replaces the local resource with the response body.
- 404 and 410 both raise `fhirpy.base.exceptions.ResourceNotFound`; other 4xx
  raise `OperationOutcome`, 412 raises `MultipleResourcesFound`.
- `SearchSet.update(resource)` is a conditional update (PUT /{type}?params),
  `SearchSet.delete()` a conditional delete (DELETE /{type}?params).
- fhirpy's own PATCH sends a merge-patch body as application/json; Evident
  implements JSON Patch only, so it is not used here (see test_http.py).
"""

from __future__ import annotations

import uuid

import pytest
from fhirpy.base.exceptions import OperationOutcome, ResourceNotFound

from fhir_support import IDENTIFIER_SYSTEM


def new_patient(client, token, **extra):
    return client.resource(
        "Patient",
        identifier=[{"system": IDENTIFIER_SYSTEM, "value": token}],
        name=[{"family": "Fhirpy", "given": ["Interop", token]}],
        gender="female",
        birthDate="1980-02-03",
        **extra,
    )


def test_create_read_update_history_delete(fhirpy_client, unique):
    client = fhirpy_client

    patient = new_patient(client, unique)
    patient.save()  # POST /Patient
    pid = patient.id
    assert pid, "server must assign an id on create"
    assert patient["meta"]["versionId"] == "1"
    assert patient["meta"].get("lastUpdated")
    assert patient["name"][0]["family"] == "Fhirpy"

    # read: as a dict and as a resource via a reference
    raw = client.get("Patient", pid)
    assert raw["resourceType"] == "Patient"
    assert raw["id"] == pid
    assert raw["meta"]["versionId"] == "1"
    assert raw["birthDate"] == "1980-02-03"
    read = client.reference("Patient", pid).to_resource()
    assert read.id == pid
    assert read["identifier"][0]["value"] == unique

    # update (PUT /Patient/{id})
    read["gender"] = "male"
    read["telecom"] = [{"system": "phone", "value": "+41 00 000 00 00"}]
    read.save()
    assert read.id == pid
    assert read["meta"]["versionId"] == "2"
    assert read["gender"] == "male"
    again = client.get("Patient", pid)
    assert again["meta"]["versionId"] == "2"
    assert again["gender"] == "male"
    assert again["telecom"][0]["value"] == "+41 00 000 00 00"

    # instance history: newest first
    history = client.execute(f"Patient/{pid}/_history", method="get")
    assert history["resourceType"] == "Bundle"
    assert history["type"] == "history"
    entries = history["entry"]
    assert len(entries) == 2
    assert [e["resource"]["meta"]["versionId"] for e in entries] == ["2", "1"]
    assert entries[0]["resource"]["gender"] == "male"
    assert entries[1]["resource"]["gender"] == "female"
    # R4 bdl-3 / bdl-4: history entries carry request and response
    assert entries[0]["request"]["method"] == "PUT"
    assert entries[1]["request"]["method"] == "POST"
    for e in entries:
        assert e["response"]["status"]

    # a single old version (vread) through fhirpy's raw path handling
    v1 = client.execute(f"Patient/{pid}/_history/1", method="get")
    assert v1["meta"]["versionId"] == "1"
    assert v1["gender"] == "female"

    # delete, then read: server answers 410 Gone, which fhirpy maps to ResourceNotFound
    read.delete()
    with pytest.raises(ResourceNotFound):
        client.get("Patient", pid)
    with pytest.raises(ResourceNotFound):
        client.reference("Patient", pid).to_resource()


def test_refresh_uses_if_none_match(fhirpy_client, unique):
    # fhirpy's refresh() sends `If-None-Match: <versionId>` and keeps the local
    # copy on 304, replaces it on 200; either way the data must be intact.
    patient = new_patient(client := fhirpy_client, unique)
    patient.save()
    patient.refresh()
    assert patient.id
    assert patient["meta"]["versionId"] == "1"
    assert patient["identifier"][0]["value"] == unique
    client.delete("Patient", patient.id)


def test_update_as_create_with_client_id(fhirpy_client, unique):
    client = fhirpy_client
    pid = f"fhirpy-{unique}"
    with pytest.raises(ResourceNotFound):
        client.get("Patient", pid)

    patient = new_patient(client, unique, id=pid)
    patient.save()  # PUT /Patient/{pid} on a new id: update-as-create
    assert patient.id == pid
    assert patient["meta"]["versionId"] == "1"

    got = client.get("Patient", pid)
    assert got["id"] == pid
    assert got["meta"]["versionId"] == "1"

    patient["active"] = True
    patient.save()
    assert patient["meta"]["versionId"] == "2"
    assert client.get("Patient", pid)["active"] is True


def test_transaction_bundle_rewrites_urn_uuid_references(fhirpy_client, unique):
    client = fhirpy_client
    patient_urn = f"urn:uuid:{uuid.uuid4()}"
    obs_urn = f"urn:uuid:{uuid.uuid4()}"
    bundle = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": patient_urn,
                "resource": {
                    "resourceType": "Patient",
                    "identifier": [{"system": IDENTIFIER_SYSTEM, "value": unique}],
                    "name": [{"family": "Transaction", "given": ["Fhirpy"]}],
                },
                "request": {"method": "POST", "url": "Patient"},
            },
            {
                "fullUrl": obs_urn,
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {
                        "coding": [{"system": "http://loinc.org", "code": "8867-4",
                                    "display": "Heart rate"}]
                    },
                    "subject": {"reference": patient_urn},
                    "effectiveDateTime": "2024-05-01T10:00:00Z",
                    "valueQuantity": {"value": 72, "unit": "beats/minute",
                                      "system": "http://unitsofmeasure.org", "code": "/min"},
                },
                "request": {"method": "POST", "url": "Observation"},
            },
        ],
    }

    response = client.execute("/", method="post", data=bundle)  # POST [base]
    assert response["resourceType"] == "Bundle"
    assert response["type"] == "transaction-response"
    assert len(response["entry"]) == 2, "one response entry per request entry, in order"

    p_resp, o_resp = (e["response"] for e in response["entry"])
    assert p_resp["status"].startswith("201")
    assert o_resp["status"].startswith("201")
    # response.location: Patient/{id}/_history/{vid} (may be absolute)
    assert "Patient/" in p_resp["location"]
    assert "Observation/" in o_resp["location"]
    pid = p_resp["location"].split("Patient/", 1)[1].split("/")[0]
    oid = o_resp["location"].split("Observation/", 1)[1].split("/")[0]
    assert pid and oid

    obs = client.reference("Observation", oid).to_resource()
    assert obs["subject"]["reference"] == f"Patient/{pid}", \
        "urn:uuid reference inside a transaction must be rewritten to the new Patient id"
    assert obs["valueQuantity"]["value"] == 72
    # fhirpy turns the reference into a resolvable reference object
    subject = obs["subject"].to_resource()
    assert subject.id == pid
    assert subject["name"][0]["family"] == "Transaction"


def test_transaction_bundle_via_bundle_resource_save(fhirpy_client, unique):
    # The other fhirpy idiom: a Bundle resource without id is saved by POST to the base.
    client = fhirpy_client
    patient_urn = f"urn:uuid:{uuid.uuid4()}"
    bundle = client.resource(
        "Bundle",
        type="transaction",
        entry=[
            {
                "fullUrl": patient_urn,
                "resource": {"resourceType": "Patient",
                             "identifier": [{"system": IDENTIFIER_SYSTEM, "value": unique}]},
                "request": {"method": "POST", "url": "Patient"},
            },
            {
                "resource": {"resourceType": "Observation", "status": "final",
                             "code": {"text": "note"}, "subject": {"reference": patient_urn},
                             "valueString": "ok"},
                "request": {"method": "POST", "url": "Observation"},
            },
        ],
    )
    bundle.save()
    assert bundle["type"] == "transaction-response"
    locations = [e["response"]["location"] for e in bundle["entry"]]
    oid = locations[1].split("Observation/", 1)[1].split("/")[0]
    pid = locations[0].split("Patient/", 1)[1].split("/")[0]
    obs = client.get("Observation", oid)
    assert obs["subject"]["reference"] == f"Patient/{pid}"


def test_search_by_id_and_identifier(fhirpy_client, unique):
    client = fhirpy_client
    patient = new_patient(client, unique)
    patient.save()
    other = new_patient(client, unique + "-other")
    other.save()

    by_id = client.resources("Patient").search(_id=patient.id).fetch()
    assert [p.id for p in by_id] == [patient.id]

    by_identifier = client.resources("Patient").search(
        identifier=f"{IDENTIFIER_SYSTEM}|{unique}").fetch()
    assert [p.id for p in by_identifier] == [patient.id]

    # value-only token search matches too
    by_value = client.resources("Patient").search(identifier=unique).fetch()
    assert [p.id for p in by_value] == [patient.id]

    got = client.resources("Patient").search(identifier=f"{IDENTIFIER_SYSTEM}|{unique}").get()
    assert got.id == patient.id

    raw = client.resources("Patient").search(_id=patient.id).fetch_raw()
    assert raw["resourceType"] == "Bundle"
    assert raw["type"] == "searchset"
    assert raw.get("total", 1) == 1
    assert raw["entry"][0]["search"]["mode"] == "match"
    assert raw["entry"][0]["fullUrl"].endswith(f"Patient/{patient.id}")

    nothing = client.resources("Patient").search(
        identifier=f"{IDENTIFIER_SYSTEM}|no-such-{unique}").fetch()
    assert nothing == []


def test_search_paging_follows_next_links(fhirpy_client, unique):
    client = fhirpy_client
    ids = []
    for i in range(5):
        p = new_patient(client, f"{unique}-{i}")
        p.save()
        ids.append(p.id)

    search = client.resources("Patient").search(_id=",".join(ids)).limit(2)
    first_page = search.fetch()
    assert len(first_page) == 2
    # fetch_all() walks Bundle.link[next]; absolute next links must start with the base URL
    everything = search.fetch_all()
    assert sorted(p.id for p in everything) == sorted(ids)


def test_conditional_update_and_delete(fhirpy_client, unique):
    client = fhirpy_client
    query = client.resources("Patient").search(identifier=f"{IDENTIFIER_SYSTEM}|{unique}")

    # no match -> create
    created, was_created = query.update(new_patient(client, unique))
    assert was_created is True
    assert created.id
    assert created["meta"]["versionId"] == "1"

    # one match -> update that resource
    updated, was_created = query.update(new_patient(client, unique, active=False))
    assert was_created is False
    assert updated.id == created.id
    assert updated["meta"]["versionId"] == "2"
    assert updated["active"] is False

    # conditional delete
    _, status = query.delete()
    assert status in (200, 204)
    with pytest.raises(ResourceNotFound):
        client.get("Patient", created.id)
    assert query.fetch() == []


def test_invalid_resource_raises_operation_outcome(fhirpy_client):
    # birthDate is not a date: the server must reject it with 400 + OperationOutcome
    bad = fhirpy_client.resource("Patient", birthDate="not-a-date")
    with pytest.raises(OperationOutcome) as excinfo:
        bad.save()
    outcome = excinfo.value.resource
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["severity"] in ("error", "fatal")
