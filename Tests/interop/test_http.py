"""The FHIR R4 RESTful API at the HTTP level, with plain `requests`.

Covers what the client libraries don't expose: headers (ETag, Location,
If-Match, If-None-Match, If-None-Exist, Prefer), JSON Patch, content
negotiation, error statuses with OperationOutcome bodies, and batch/transaction
semantics. References: http://hl7.org/fhir/R4/http.html
"""

from __future__ import annotations

import json
import uuid

import pytest

from fhir_support import FHIR_JSON, IDENTIFIER_SYSTEM

JSON_PATCH = "application/json-patch+json"


def patient_body(token: str, **extra) -> dict:
    return {
        "resourceType": "Patient",
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": token}],
        "name": [{"family": "Http", "given": ["Interop"]}],
        "gender": "female",
        **extra,
    }


def post(http, base_url, resource: dict, headers=None):
    h = {"Content-Type": FHIR_JSON}
    h.update(headers or {})
    return http.post(f"{base_url}/{resource['resourceType']}", data=json.dumps(resource), headers=h)


def put(http, url, resource: dict, headers=None):
    h = {"Content-Type": FHIR_JSON}
    h.update(headers or {})
    return http.put(url, data=json.dumps(resource), headers=h)


def create_patient(http, base_url, token: str) -> dict:
    r = post(http, base_url, patient_body(token))
    assert r.status_code == 201, r.text
    return r.json()


def assert_operation_outcome(r, *statuses):
    assert r.status_code in statuses, f"expected {statuses}, got {r.status_code}: {r.text[:1000]}"
    assert "json" in r.headers.get("Content-Type", ""), r.headers.get("Content-Type")
    body = r.json()
    assert body["resourceType"] == "OperationOutcome", body
    assert body["issue"], body
    assert body["issue"][0]["severity"] in ("fatal", "error", "warning", "information")
    return body


def etag_version(etag: str) -> str:
    assert etag.startswith('W/"') and etag.endswith('"'), f"weak ETag expected, got {etag!r}"
    return etag[3:-1]


# --------------------------------------------------------------------------
# create / read headers
# --------------------------------------------------------------------------

def test_create_returns_201_location_etag(http, base_url, unique):
    r = post(http, base_url, patient_body(unique))
    assert r.status_code == 201, r.text
    assert r.headers["Content-Type"].startswith(FHIR_JSON)
    body = r.json()
    pid = body["id"]
    assert body["meta"]["versionId"] == "1"
    assert etag_version(r.headers["ETag"]) == "1"
    # Location: [base]/Patient/[id]/_history/[vid]
    assert r.headers["Location"].rstrip("/").endswith(f"Patient/{pid}/_history/1"), r.headers["Location"]

    g = http.get(f"{base_url}/Patient/{pid}")
    assert g.status_code == 200
    assert g.headers["Content-Type"].startswith(FHIR_JSON)
    assert etag_version(g.headers["ETag"]) == "1"
    assert g.json() == body


def test_plain_application_json_is_accepted(http, base_url, unique):
    r = http.post(f"{base_url}/Patient", data=json.dumps(patient_body(unique)),
                  headers={"Content-Type": "application/json", "Accept": "application/json"})
    assert r.status_code == 201, r.text
    assert "json" in r.headers["Content-Type"]
    pid = r.json()["id"]
    g = http.get(f"{base_url}/Patient/{pid}", headers={"Accept": "application/json"})
    assert g.status_code == 200
    assert g.json()["id"] == pid


def test_metadata_is_capability_statement(http, base_url):
    r = http.get(f"{base_url}/metadata")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith(FHIR_JSON)
    cs = r.json()
    assert cs["resourceType"] == "CapabilityStatement"
    assert cs["fhirVersion"] == "4.0.1"


def test_server_assigned_id_ignores_client_id_on_create(http, base_url, unique):
    # R4 http.html#create: an id in the body of a POST is ignored
    r = post(http, base_url, patient_body(unique, id=f"client-{unique}"))
    assert r.status_code == 201, r.text
    assert r.json()["id"] != f"client-{unique}"


# --------------------------------------------------------------------------
# versioning: ETag, If-Match, If-None-Match, vread
# --------------------------------------------------------------------------

def test_if_match_update(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    url = f"{base_url}/Patient/{created['id']}"

    body = dict(created, gender="male")
    r = put(http, url, body, {"If-Match": 'W/"1"'})
    assert r.status_code == 200, r.text
    assert etag_version(r.headers["ETag"]) == "2"
    assert r.json()["meta"]["versionId"] == "2"

    # stale version -> 412 Precondition Failed, nothing written
    r = put(http, url, dict(body, gender="other"), {"If-Match": 'W/"1"'})
    assert_operation_outcome(r, 412)
    current = http.get(url).json()
    assert current["meta"]["versionId"] == "2"
    assert current["gender"] == "male"


def test_if_match_delete_stale_version(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    url = f"{base_url}/Patient/{created['id']}"
    r = http.delete(url, headers={"If-Match": 'W/"7"'})
    assert_operation_outcome(r, 412)
    assert http.get(url).status_code == 200


def test_if_none_match_returns_304(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    url = f"{base_url}/Patient/{created['id']}"
    etag = http.get(url).headers["ETag"]

    r = http.get(url, headers={"If-None-Match": etag})
    assert r.status_code == 304
    assert r.content == b""

    put(http, url, dict(created, active=True))
    r = http.get(url, headers={"If-None-Match": etag})
    assert r.status_code == 200
    assert r.json()["meta"]["versionId"] == "2"


def test_vread(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    url = f"{base_url}/Patient/{created['id']}"
    put(http, url, dict(created, gender="male"))

    v1 = http.get(f"{url}/_history/1")
    assert v1.status_code == 200
    assert v1.json()["gender"] == "female"
    assert v1.json()["meta"]["versionId"] == "1"
    assert etag_version(v1.headers["ETag"]) == "1"
    v2 = http.get(f"{url}/_history/2")
    assert v2.json()["gender"] == "male"

    assert_operation_outcome(http.get(f"{url}/_history/99"), 404)


# --------------------------------------------------------------------------
# Prefer
# --------------------------------------------------------------------------

def test_prefer_return_minimal(http, base_url, unique):
    r = post(http, base_url, patient_body(unique), {"Prefer": "return=minimal"})
    assert r.status_code == 201
    assert r.content == b"", r.text
    location = r.headers["Location"]
    assert "/Patient/" in location and location.rstrip("/").endswith("/_history/1"), location
    assert etag_version(r.headers["ETag"]) == "1"
    pid = location.split("/Patient/", 1)[1].split("/")[0]
    assert http.get(f"{base_url}/Patient/{pid}").json()["identifier"][0]["value"] == unique

    r = put(http, f"{base_url}/Patient/{pid}", patient_body(unique, id=pid, active=True),
            {"Prefer": "return=minimal"})
    assert r.status_code == 200
    assert r.content == b""
    assert etag_version(r.headers["ETag"]) == "2"


def test_prefer_return_representation(http, base_url, unique):
    r = post(http, base_url, patient_body(unique), {"Prefer": "return=representation"})
    assert r.status_code == 201
    assert r.json()["resourceType"] == "Patient"


def test_prefer_return_operation_outcome(http, base_url, unique):
    r = post(http, base_url, patient_body(unique), {"Prefer": "return=OperationOutcome"})
    assert r.status_code == 201
    assert r.json()["resourceType"] == "OperationOutcome"
    assert "Location" in r.headers


# --------------------------------------------------------------------------
# JSON Patch
# --------------------------------------------------------------------------

def test_json_patch(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    url = f"{base_url}/Patient/{created['id']}"
    ops = [
        {"op": "test", "path": "/gender", "value": "female"},
        {"op": "replace", "path": "/gender", "value": "male"},
        {"op": "add", "path": "/active", "value": True},
        {"op": "add", "path": "/name/0/given/-", "value": "Patched"},
    ]
    r = http.patch(url, data=json.dumps(ops),
                   headers={"Content-Type": JSON_PATCH, "If-Match": 'W/"1"'})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["meta"]["versionId"] == "2"
    assert body["gender"] == "male"
    assert body["active"] is True
    assert body["name"][0]["given"] == ["Interop", "Patched"]
    assert etag_version(r.headers["ETag"]) == "2"

    stored = http.get(url).json()
    assert stored["gender"] == "male"
    assert stored["meta"]["versionId"] == "2"


def test_json_patch_failed_test_op_changes_nothing(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    url = f"{base_url}/Patient/{created['id']}"
    ops = [{"op": "test", "path": "/gender", "value": "male"},
           {"op": "replace", "path": "/gender", "value": "other"}]
    r = http.patch(url, data=json.dumps(ops), headers={"Content-Type": JSON_PATCH})
    assert_operation_outcome(r, 400, 409, 422)
    assert http.get(url).json()["meta"]["versionId"] == "1"


def test_json_patch_result_must_be_valid(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    url = f"{base_url}/Patient/{created['id']}"
    ops = [{"op": "replace", "path": "/gender", "value": 42}]
    r = http.patch(url, data=json.dumps(ops), headers={"Content-Type": JSON_PATCH})
    assert_operation_outcome(r, 400, 422)
    assert http.get(url).json()["gender"] == "female"


def test_json_patch_stale_if_match(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    url = f"{base_url}/Patient/{created['id']}"
    ops = [{"op": "replace", "path": "/gender", "value": "male"}]
    r = http.patch(url, data=json.dumps(ops),
                   headers={"Content-Type": JSON_PATCH, "If-Match": 'W/"5"'})
    assert_operation_outcome(r, 412)


# --------------------------------------------------------------------------
# content negotiation and malformed input
# --------------------------------------------------------------------------

def test_xml_accept_is_406(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    r = http.get(f"{base_url}/Patient/{created['id']}", headers={"Accept": "application/fhir+xml"})
    assert r.status_code == 406


def test_xml_format_parameter_is_406(http, base_url, unique):
    # _format overrides Accept (R4 http.html#mime-type)
    created = create_patient(http, base_url, unique)
    r = http.get(f"{base_url}/Patient/{created['id']}", params={"_format": "xml"})
    assert r.status_code == 406


def test_json_format_parameter(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    r = http.get(f"{base_url}/Patient/{created['id']}", params={"_format": "json"},
                 headers={"Accept": "*/*"})
    assert r.status_code == 200
    assert r.json()["id"] == created["id"]


def test_xml_body_is_415(http, base_url):
    xml = '<Patient xmlns="http://hl7.org/fhir"><gender value="male"/></Patient>'
    r = http.post(f"{base_url}/Patient", data=xml,
                  headers={"Content-Type": "application/fhir+xml", "Accept": FHIR_JSON})
    assert_operation_outcome(r, 415)


def test_invalid_json_is_400(http, base_url):
    r = http.post(f"{base_url}/Patient", data='{"resourceType": "Patient", "gender": ',
                  headers={"Content-Type": FHIR_JSON})
    assert_operation_outcome(r, 400)


def test_invalid_datatype_is_400(http, base_url):
    # R4 http.html#create: 400 if the resource "failed basic FHIR validation rules"
    r = post(http, base_url, {"resourceType": "Patient", "birthDate": "03.02.1980"})
    assert_operation_outcome(r, 400, 422)


def test_unknown_element_is_400(http, base_url):
    r = post(http, base_url, {"resourceType": "Patient", "notAnElement": 1})
    assert_operation_outcome(r, 400, 422)


def test_resource_type_mismatch_is_400(http, base_url):
    r = http.post(f"{base_url}/Patient",
                  data=json.dumps({"resourceType": "Observation", "status": "final",
                                   "code": {"text": "x"}}),
                  headers={"Content-Type": FHIR_JSON})
    assert_operation_outcome(r, 400, 422)


def test_update_id_mismatch_is_400(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    r = put(http, f"{base_url}/Patient/{created['id']}", dict(created, id=f"other-{unique}"))
    assert_operation_outcome(r, 400)
    r = put(http, f"{base_url}/Patient/{created['id']}",
            {k: v for k, v in created.items() if k != "id"})
    assert_operation_outcome(r, 400)


def test_unknown_id_is_404(http, base_url, unique):
    assert_operation_outcome(http.get(f"{base_url}/Patient/does-not-exist-{unique}"), 404)


def test_unknown_resource_type(http, base_url):
    assert_operation_outcome(http.get(f"{base_url}/NotAResourceType/1"), 400, 404)


# --------------------------------------------------------------------------
# delete
# --------------------------------------------------------------------------

def test_delete_then_read_is_410(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    url = f"{base_url}/Patient/{created['id']}"
    r = http.delete(url)
    assert r.status_code in (200, 204), r.text

    assert_operation_outcome(http.get(url), 410)
    # deleting again is not an error (R4 http.html#delete)
    assert http.delete(url).status_code in (200, 204)
    # old versions stay readable; the history records the delete
    assert http.get(f"{url}/_history/1").status_code == 200
    history = http.get(f"{url}/_history").json()
    assert history["type"] == "history"
    assert history["entry"][0]["request"]["method"] == "DELETE"
    assert "resource" not in history["entry"][0]
    assert len(history["entry"]) == 2

    # a deleted resource can be brought back by update
    r = put(http, url, {k: v for k, v in created.items() if k != "meta"})
    assert r.status_code in (200, 201), r.text
    assert http.get(url).status_code == 200


def test_delete_unknown_id(http, base_url, unique):
    r = http.delete(f"{base_url}/Patient/never-existed-{unique}")
    assert r.status_code in (200, 204, 404), r.text


# --------------------------------------------------------------------------
# conditional interactions
# --------------------------------------------------------------------------

def test_conditional_create_if_none_exist(http, base_url, unique):
    cond = {"If-None-Exist": f"identifier={IDENTIFIER_SYSTEM}|{unique}"}
    first = post(http, base_url, patient_body(unique), cond)
    assert first.status_code == 201, first.text
    pid = first.json()["id"]

    second = post(http, base_url, patient_body(unique), cond)
    assert second.status_code == 200, second.text
    assert second.json()["id"] == pid  # no new resource
    assert http.get(f"{base_url}/Patient/{pid}").json()["meta"]["versionId"] == "1"

    search = http.get(f"{base_url}/Patient", params={"identifier": f"{IDENTIFIER_SYSTEM}|{unique}"}).json()
    assert len(search.get("entry", [])) == 1

    # two matches -> 412
    post(http, base_url, patient_body(unique))
    third = post(http, base_url, patient_body(unique), cond)
    assert_operation_outcome(third, 412)


def test_conditional_update_put_by_identifier(http, base_url, unique):
    url = f"{base_url}/Patient?identifier={IDENTIFIER_SYSTEM}|{unique}"
    r = put(http, url, patient_body(unique))
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    r = put(http, url, patient_body(unique, active=True))
    assert r.status_code == 200, r.text
    assert r.json()["id"] == pid
    assert r.json()["meta"]["versionId"] == "2"

    post(http, base_url, patient_body(unique))  # now two match
    assert_operation_outcome(put(http, url, patient_body(unique)), 412)


def test_conditional_delete(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    r = http.delete(f"{base_url}/Patient", params={"identifier": f"{IDENTIFIER_SYSTEM}|{unique}"})
    assert r.status_code in (200, 204), r.text
    assert http.get(f"{base_url}/Patient/{created['id']}").status_code == 410


# --------------------------------------------------------------------------
# search and history parameters
# --------------------------------------------------------------------------

def test_search_searchset_bundle(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    r = http.get(f"{base_url}/Patient", params={"_id": created["id"]})
    assert r.status_code == 200
    bundle = r.json()
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "searchset"
    assert [e["resource"]["id"] for e in bundle["entry"]] == [created["id"]]
    assert any(link["relation"] == "self" for link in bundle.get("link", []))

    r = http.get(f"{base_url}/Patient", params={"_lastUpdated": f"ge{created['meta']['lastUpdated']}",
                                                "identifier": f"{IDENTIFIER_SYSTEM}|{unique}"})
    assert [e["resource"]["id"] for e in r.json()["entry"]] == [created["id"]]
    r = http.get(f"{base_url}/Patient", params={"_lastUpdated": f"lt{created['meta']['lastUpdated']}",
                                                "identifier": f"{IDENTIFIER_SYSTEM}|{unique}"})
    assert r.json().get("entry", []) == []


def test_search_via_post(http, base_url, unique):
    # R4 search.html: servers SHALL support GET and POST [type]/_search (form body)
    created = create_patient(http, base_url, unique)
    r = http.post(f"{base_url}/Patient/_search", data={"_id": created["id"]})
    assert r.status_code == 200, r.text
    assert [e["resource"]["id"] for e in r.json()["entry"]] == [created["id"]]


def test_search_count(http, base_url, unique):
    for i in range(3):
        create_patient(http, base_url, unique)
    r = http.get(f"{base_url}/Patient",
                 params={"identifier": f"{IDENTIFIER_SYSTEM}|{unique}", "_count": 2})
    bundle = r.json()
    assert len(bundle["entry"]) == 2
    assert any(link["relation"] == "next" for link in bundle["link"])


def test_history_since_and_count(http, base_url, unique):
    created = create_patient(http, base_url, unique)
    url = f"{base_url}/Patient/{created['id']}"
    v2 = put(http, url, dict(created, active=True)).json()

    since = http.get(f"{url}/_history", params={"_since": v2["meta"]["lastUpdated"]}).json()
    if v2["meta"]["lastUpdated"] != created["meta"]["lastUpdated"]:
        assert [e["resource"]["meta"]["versionId"] for e in since["entry"]] == ["2"]
    else:  # both versions report the same instant: both are "at or after" it
        assert [e["resource"]["meta"]["versionId"] for e in since["entry"]] == ["2", "1"]
    later = http.get(f"{url}/_history", params={"_since": "2999-01-01T00:00:00Z"}).json()
    assert later.get("entry", []) == []

    limited = http.get(f"{url}/_history", params={"_count": 1}).json()
    assert [e["resource"]["meta"]["versionId"] for e in limited["entry"]] == ["2"]

    type_hist = http.get(f"{base_url}/Patient/_history", params={"_count": 3}).json()
    assert type_hist["type"] == "history"
    assert 1 <= len(type_hist["entry"]) <= 3
    assert all(e["resource"]["resourceType"] == "Patient" for e in type_hist["entry"] if "resource" in e)

    sys_hist = http.get(f"{base_url}/_history",
                        params={"_since": v2["meta"]["lastUpdated"], "_count": 50}).json()
    assert sys_hist["type"] == "history"
    assert any(e.get("resource", {}).get("id") == created["id"] for e in sys_hist["entry"])


# --------------------------------------------------------------------------
# batch / transaction
# --------------------------------------------------------------------------

def test_batch_with_one_failing_entry(http, base_url, unique):
    # The failing entries fail while being processed (not as invalid FHIR), so the
    # Bundle itself is valid and each entry must get its own response status.
    existing = create_patient(http, base_url, unique + "-existing")
    bundle = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            {"resource": patient_body(unique), "request": {"method": "POST", "url": "Patient"}},
            {"request": {"method": "GET", "url": f"Patient/missing-{unique}"}},
            {"resource": dict(existing, active=True),
             "request": {"method": "PUT", "url": f"Patient/{existing['id']}", "ifMatch": 'W/"99"'}},
            {"request": {"method": "GET", "url": f"Patient/{existing['id']}"}},
        ],
    }
    r = http.post(base_url + "/", data=json.dumps(bundle), headers={"Content-Type": FHIR_JSON})
    assert r.status_code == 200, r.text
    resp = r.json()
    assert resp["type"] == "batch-response"
    assert len(resp["entry"]) == 4
    ok, missing, stale, read = (e["response"] for e in resp["entry"])
    assert ok["status"].startswith("201"), ok
    assert missing["status"].startswith("404"), missing
    assert stale["status"].startswith("412"), stale
    assert read["status"].startswith("200"), read
    assert resp["entry"][3]["resource"]["id"] == existing["id"]
    # failures carry an OperationOutcome in response.outcome
    assert missing.get("outcome", {}).get("resourceType") == "OperationOutcome", missing

    # the successful entry really happened, the failed one did not
    pid = ok["location"].split("Patient/", 1)[1].split("/")[0]
    assert http.get(f"{base_url}/Patient/{pid}").status_code == 200
    assert http.get(f"{base_url}/Patient/{existing['id']}").json()["meta"]["versionId"] == "1"


def test_batch_entries_do_not_resolve_urn_uuid(http, base_url, unique):
    # In a batch (unlike a transaction) there is no interdependency between entries.
    bundle = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [{"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": patient_body(unique),
                   "request": {"method": "POST", "url": "Patient"}}],
    }
    r = http.post(base_url, data=json.dumps(bundle), headers={"Content-Type": FHIR_JSON})
    assert r.status_code == 200, r.text
    assert r.json()["entry"][0]["response"]["status"].startswith("201")


def test_transaction_is_atomic(http, base_url, unique):
    existing = create_patient(http, base_url, unique + "-existing")
    bundle = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": patient_body(unique),
             "request": {"method": "POST", "url": "Patient"}},
            {"resource": dict(existing, active=True),
             "request": {"method": "PUT", "url": f"Patient/{existing['id']}", "ifMatch": 'W/"99"'}},
        ],
    }
    r = http.post(base_url, data=json.dumps(bundle), headers={"Content-Type": FHIR_JSON})
    assert_operation_outcome(r, 400, 409, 412, 422)
    found = http.get(f"{base_url}/Patient", params={"identifier": f"{IDENTIFIER_SYSTEM}|{unique}"}).json()
    assert found.get("entry", []) == [], "a failed transaction must not leave anything behind"
    assert http.get(f"{base_url}/Patient/{existing['id']}").json()["meta"]["versionId"] == "1"


def test_transaction_with_invalid_resource_is_rejected(http, base_url, unique):
    bundle = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": patient_body(unique),
             "request": {"method": "POST", "url": "Patient"}},
            {"resource": {"resourceType": "Patient", "birthDate": "garbage"},
             "request": {"method": "POST", "url": "Patient"}},
        ],
    }
    r = http.post(base_url, data=json.dumps(bundle), headers={"Content-Type": FHIR_JSON})
    assert_operation_outcome(r, 400, 422)
    found = http.get(f"{base_url}/Patient", params={"identifier": f"{IDENTIFIER_SYSTEM}|{unique}"}).json()
    assert found.get("entry", []) == []


def test_transaction_mixed_methods_and_references(http, base_url, unique):
    existing = create_patient(http, base_url, unique + "-old")
    to_delete = create_patient(http, base_url, unique + "-del")
    patient_urn = f"urn:uuid:{uuid.uuid4()}"
    client_id = f"tx-{unique}"
    bundle = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"fullUrl": patient_urn, "resource": patient_body(unique),
             "request": {"method": "POST", "url": "Patient"}},
            {"resource": {"resourceType": "Observation", "id": client_id, "status": "final",
                          "code": {"text": "weight"}, "subject": {"reference": patient_urn},
                          "valueQuantity": {"value": 70.5, "unit": "kg"}},
             "request": {"method": "PUT", "url": f"Observation/{client_id}"}},
            {"resource": dict(existing, active=False),
             "request": {"method": "PUT", "url": f"Patient/{existing['id']}"}},
            {"request": {"method": "DELETE", "url": f"Patient/{to_delete['id']}"}},
        ],
    }
    r = http.post(base_url + "/", data=json.dumps(bundle), headers={"Content-Type": FHIR_JSON})
    assert r.status_code == 200, r.text
    resp = r.json()
    assert resp["type"] == "transaction-response"
    statuses = [e["response"]["status"].split()[0] for e in resp["entry"]]
    assert statuses[0] == "201"
    assert statuses[1] == "201"
    assert statuses[2] == "200"
    assert statuses[3] in ("200", "204")

    pid = resp["entry"][0]["response"]["location"].split("Patient/", 1)[1].split("/")[0]
    obs = http.get(f"{base_url}/Observation/{client_id}").json()
    assert obs["subject"]["reference"] == f"Patient/{pid}"
    assert obs["valueQuantity"]["value"] == 70.5
    assert http.get(f"{base_url}/Patient/{existing['id']}").json()["meta"]["versionId"] == "2"
    assert http.get(f"{base_url}/Patient/{to_delete['id']}").status_code == 410


def test_decimal_precision_is_preserved(http, base_url):
    # FHIR decimals keep their precision: 70.50 must come back as 70.50, not 70.5
    raw = ('{"resourceType": "Observation", "status": "final", "code": {"text": "weight"}, '
           '"valueQuantity": {"value": 70.50, "unit": "kg"}}')
    r = http.post(f"{base_url}/Observation", data=raw, headers={"Content-Type": FHIR_JSON})
    assert r.status_code == 201, r.text
    oid = r.json()["id"]
    text = http.get(f"{base_url}/Observation/{oid}").text
    assert '70.50' in text, text
