"""FHIR R4 search (http://hl7.org/fhir/R4/search.html) through fhirpy, fhirclient and plain requests.

One transaction Bundle seeds this module's data (the `world` fixture). Every value a
query can hit is unique to the run (family-name prefixes, identifier/code systems,
canonical URLs built from a random token), or the query is restricted to the seeded
resources with `_id`, so the tests neither see other runs' data nor depend on each other.
Tests that change data (paging stability, `_lastUpdated`) seed their own.

Each case asserts the exact set (or, where sorted, the exact sequence) of ids. Case tables
report every failing query at once, as `Type?query: expected [...], got [...]`, with ids
mapped back to the seed's names.

Spec interpretations the server has to match (all from R4 search.html unless noted):
- string: default match is case- and accent-insensitive "starts with" (Unicode decomposition,
  so "Müller" matches "mul" and "MÜL"; no German ü->ue folding is assumed). `:exact` is the
  whole string, case- and accent-sensitive. `:contains` is the same normalised comparison
  anywhere in the value.
- token `:not` also returns resources without any value; `:text` is a string (prefix) match on
  Coding.display / CodeableConcept.text; `identifier:of-type` is `typeSystem|typeCode|value`.
- date: a search value is a range by its precision. eq = the search range contains the target
  range (so `date=2021-03-03` does NOT match a Period spanning 2021-03-01..05); ge/le/gt/lt =
  overlap with the range above/below; sa/eb = the target starts after / ends before the search
  range; ne = not eq. Date-only search values against dateTimes depend on the server's time
  zone, so those cases use explicit instants (Z or offset) or are unambiguous in every zone.
- number/quantity: the resource value is treated as exact; the search value is a range by its
  significant figures: 5.4 is [5.35, 5.45) (lower bound inclusive, so 5.35 matches; compare as
  decimals, not binary floats), 5.40 is [5.395, 5.405). gt/lt/le compare with the exact value;
  `ap` is about +/-10%. `value||mg` matches code or unit. No unit conversion is required, and
  no case depends on it.
- uri: plain value is an exact match; `:below` = the stored URL starts with the value; `:above`
  = the value starts with the stored URL.
- reference: `Patient/<id>`, `<id>`, `subject:Patient=<id>` and the absolute `<base>/Patient/<id>`
  all match a stored relative `Patient/<id>`.
- composite: both components must match within the same repeat (Observation.component).
- _include only applies to matches unless `:iterate`; included resources appear once, with
  search.mode "include". `_include=*` (optional in R4) is not tested.
- paging: following `next` after a new matching resource was created neither repeats nor skips
  any resource of the original result (a snapshot or a keyset cursor; offsets are not stable).
  `previous` (or `prev`) from page 2 returns page 1.
- `_summary=true` and `_elements` mark results with meta.tag SUBSETTED
  (http://terminology.hl7.org/CodeSystem/v3-ObservationValue).
- unknown parameters: ignored by default, reported in an OperationOutcome entry with
  search.mode "outcome" (no error/fatal issue) and left out of the `self` link;
  `Prefer: handling=strict` makes them a 400. A malformed value of a known parameter, an
  unknown `_sort` key and a negative `_count` are 400 with an OperationOutcome.
- fhirpy's `.count()` sends `_count=0&_totalMethod=count` and reads Bundle.total, so a total
  must be returned for `_count=0` without `_total`.
"""

from __future__ import annotations

import json
import re
import time
import uuid
import warnings
from collections import Counter
from urllib.parse import urlencode, urljoin

import pytest
import requests

from fhir_support import FHIR_JSON, IDENTIFIER_SYSTEM, validate_response_hook

UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
SUBSETTED = ("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "SUBSETTED")
TIMEOUT = 60.0

PATIENTS = ["muller", "mueller", "miller", "schmidt", "nobody"]
QUANTITY_OBS = ["glu1", "glu2", "glu3", "q55", "q150", "q50", "q150dl"]


# --------------------------------------------------------------------------
# seeding
# --------------------------------------------------------------------------

def dec(literal: str) -> str:
    """A JSON number sent exactly as written (json.dumps would turn 5.40 into 5.4)."""
    return f"@@dec:{literal}@@"


def to_json(obj) -> str:
    return re.sub(r'"@@dec:([-+0-9.eE]+)@@"', r"\1", json.dumps(obj, ensure_ascii=False))


class Seed:
    """Resources for one transaction Bundle, referring to each other by name."""

    def __init__(self):
        self._entries: list[tuple[str, str, dict]] = []
        self._urns: dict[str, str] = {}

    def add(self, key: str, resource: dict) -> None:
        urn = f"urn:uuid:{uuid.uuid4()}"
        self._urns[key] = urn
        self._entries.append((key, urn, resource))

    def ref(self, key: str) -> dict:
        return {"reference": self._urns[key]}

    def commit(self, session, base_url: str) -> dict[str, str]:
        """POSTs the transaction; returns name -> server id."""
        bundle = {
            "resourceType": "Bundle",
            "type": "transaction",
            "entry": [
                {"fullUrl": urn, "resource": res, "request": {"method": "POST", "url": res["resourceType"]}}
                for _, urn, res in self._entries
            ],
        }
        r = session.post(base_url, data=to_json(bundle).encode(),
                         headers={"Content-Type": FHIR_JSON}, timeout=TIMEOUT)
        assert r.status_code == 200, f"seeding transaction failed: {r.status_code} {r.text[:3000]}"
        entries = r.json()["entry"]
        assert len(entries) == len(self._entries)
        ids = {}
        for (key, _, res), entry in zip(self._entries, entries):
            location = entry["response"]["location"]
            ids[key] = location.split(f"{res['resourceType']}/", 1)[1].split("/")[0]
        return ids


class World:
    """This module's seeded data: names -> ids, plus the run-unique values queries use."""

    def __init__(self, base_url: str, token: str):
        self.base_url = base_url
        self.T = token
        self.STR = f"Zq{token}"            # family prefix of the string/token/date patients
        self.SORT = f"Sq{token}"           # family prefix of the sort/paging patients
        self.SYS = f"{IDENTIFIER_SYSTEM}:search:{token}"   # identifier system
        self.CS = f"http://example.org/fhir/{token}/CodeSystem/codes"
        self.URL = f"http://example.org/fhir/{token}"        # canonical URL root
        self.PROFILE = f"{self.URL}/StructureDefinition/search-profile"
        self.SOURCE = f"urn:evident:interop:source:{token}"
        self.id_of: dict[str, str] = {}

    def ids(self, *keys: str) -> list[str]:
        return [self.id_of[k] for k in keys]

    def names(self, ids) -> list[str]:
        by_id = {v: k for k, v in self.id_of.items()}
        return [by_id.get(i, f"<other:{i}>") for i in ids]


def patient(family: str, given: list[str] | None = None, **extra) -> dict:
    name = {"family": family}
    if given:
        name["given"] = given
    return {"resourceType": "Patient", "name": [name], **extra}


def observation(code: dict, subject: dict, **extra) -> dict:
    return {"resourceType": "Observation", "status": "final", "code": code, "subject": subject, **extra}


def mg(value) -> dict:
    return {"valueQuantity": {"value": value, "unit": "mg", "system": UCUM, "code": "mg"}}


def mmhg(value) -> dict:
    return {"value": value, "unit": "mmHg", "system": UCUM, "code": "mm[Hg]"}


def loinc(code: str, display: str) -> dict:
    return {"coding": [{"system": LOINC, "code": code, "display": display}]}


def build_world(session, base_url: str) -> World:
    w = World(base_url, uuid.uuid4().hex[:10])
    s = Seed()
    glucose = {"coding": [{"system": w.CS, "code": "glu", "display": f"{w.STR} Blood glucose"}]}
    other = {"coding": [{"system": w.CS, "code": "other", "display": "Other measurement"}]}

    s.add("org", {"resourceType": "Organization", "name": f"{w.STR} General Hospital"})
    s.add("grp", {"resourceType": "Group", "type": "person", "actual": True, "name": f"{w.STR} group"})

    # string / token / date patients
    s.add("muller", patient(
        f"{w.STR}Müller", ["Anna"], gender="female", birthDate="1970-03-15",
        identifier=[
            {"system": w.SYS, "value": "mrn-1"},
            {"type": {"coding": [{"system": V2_0203, "code": "MR"}]}, "system": w.SYS, "value": f"mr-{w.T}"},
        ],
        managingOrganization=s.ref("org"),
        maritalStatus={"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus",
                                   "code": "M"}]},
        contact=[{"name": {"family": "Contact", "given": ["Carl"]}}],
        meta={"tag": [{"system": w.SYS, "code": "tag-a"}], "profile": [w.PROFILE],
              "security": [{"system": CONFIDENTIALITY, "code": "R"}], "source": w.SOURCE},
    ))
    s.add("mueller", patient(
        f"{w.STR}Mueller", ["Bert"], gender="male", birthDate="1970-08-20",
        identifier=[{"type": {"coding": [{"system": V2_0203, "code": "MB"}]}, "system": w.SYS,
                     "value": f"mr-{w.T}"}],
        meta={"tag": [{"system": w.SYS, "code": "tag-b"}], "security": [{"system": CONFIDENTIALITY, "code": "N"}]},
    ))
    s.add("miller", patient(f"{w.STR}Miller", ["Carla"], gender="female", birthDate="1985-01-01",
                            identifier=[{"value": f"nosys-{w.T}"}]))
    s.add("schmidt", patient(f"Von{w.STR}Schmidt", [f"{w.STR}Gustav"], gender="other", birthDate="1950-12-31",
                             identifier=[{"system": w.SYS, "value": f"nosys-{w.T}"}]))
    s.add("nobody", patient(f"{w.STR}Nobody", identifier=[{"system": w.SYS, "value": "nobody"}]))

    # sort / paging patients: by birthdate s4 s2 s5 s1 s3; by family,-birthdate s1 s2 s3 s4 s5
    for key, suffix, born in [("s1", "alpha", "1990-01-01"), ("s2", "alpha", "1980-05-05"),
                              ("s3", "beta", "2000-02-02"), ("s4", "beta", "1970-07-07"),
                              ("s5", "gamma", "1985-03-03")]:
        s.add(key, patient(f"{w.SORT}{suffix}", ["Sorted"], birthDate=born))

    amb = {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"}
    s.add("enc1", {"resourceType": "Encounter", "status": "finished", "class": amb, "subject": s.ref("muller")})
    s.add("enc2", {"resourceType": "Encounter", "status": "finished", "class": amb, "subject": s.ref("mueller")})

    # muller's three glucose results (also the quantity-precision set)
    s.add("glu1", observation(glucose, s.ref("muller"), effectiveDateTime="2021-01-01T10:00:00Z", **mg(5.4)))
    s.add("glu2", observation(glucose, s.ref("muller"), effectiveDateTime="2021-01-02T10:00:00Z", **mg(dec("5.40"))))
    s.add("glu3", observation(glucose, s.ref("muller"), effectiveDateTime="2021-01-03T10:00:00Z",
                              encounter=s.ref("enc1"), **mg(5.35)))
    s.add("q55", observation(other, s.ref("mueller"), **mg(5.5)))
    s.add("q150", observation(other, s.ref("mueller"), **mg(150)))
    s.add("q50", observation(other, s.ref("mueller"), **mg(50)))
    s.add("q150dl", observation(other, s.ref("mueller"),
                                valueQuantity={"value": 150, "unit": "mg/dL", "system": UCUM, "code": "mg/dL"}))
    # dates: 2020-01-01T23:30-05:00 is 2020-01-02T04:30Z
    s.add("o_tz", observation(other, s.ref("mueller"), effectiveDateTime="2020-01-01T23:30:00-05:00"))
    s.add("o_period", observation(other, s.ref("mueller"), effectivePeriod={
        "start": "2021-03-01T08:00:00Z", "end": "2021-03-05T17:00:00Z"}))
    # composites
    s.add("sys140", observation(loinc("8480-6", "Systolic blood pressure"), s.ref("mueller"),
                                valueQuantity=mmhg(140)))
    s.add("sys90", observation(loinc("8480-6", "Systolic blood pressure"), s.ref("mueller"),
                               valueQuantity=mmhg(90)))
    s.add("bp", observation(loinc("85354-9", "Blood pressure panel"), s.ref("mueller"), component=[
        {"code": loinc("8480-6", "Systolic blood pressure"), "valueQuantity": mmhg(120)},
        {"code": loinc("8462-4", "Diastolic blood pressure"), "valueQuantity": mmhg(80)},
    ]))
    s.add("o_group", observation(other, s.ref("grp")))

    s.add("ra_high", {"resourceType": "RiskAssessment", "status": "final", "subject": s.ref("muller"),
                      "prediction": [{"probabilityDecimal": 0.7}]})
    s.add("ra_low", {"resourceType": "RiskAssessment", "status": "final", "subject": s.ref("muller"),
                     "prediction": [{"probabilityDecimal": 0.3}]})

    s.add("vs_a", {"resourceType": "ValueSet", "status": "active", "url": f"{w.URL}/ValueSet/a"})
    s.add("vs_ab", {"resourceType": "ValueSet", "status": "active", "url": f"{w.URL}/ValueSet/a/b"})
    s.add("vs_c", {"resourceType": "ValueSet", "status": "active", "url": f"{w.URL}/other/c"})

    # MedicationRequest for miller, in an encounter whose subject is mueller (_include:iterate)
    s.add("mr", {"resourceType": "MedicationRequest", "status": "active", "intent": "order",
                 "medicationCodeableConcept": {"text": "aspirin"},
                 "subject": s.ref("miller"), "encounter": s.ref("enc2")})

    w.id_of = s.commit(session, base_url)
    return w


@pytest.fixture(scope="module")
def world(base_url):
    session = requests.Session()
    session.hooks["response"].append(validate_response_hook)
    session.headers["Accept"] = FHIR_JSON
    try:
        yield build_world(session, base_url)
    finally:
        session.close()


# --------------------------------------------------------------------------
# search helpers
# --------------------------------------------------------------------------

def get_bundle(http, url: str, params=None, **kwargs) -> dict:
    r = http.get(url, params=params, **kwargs)
    assert r.status_code == 200, f"GET {r.request.url} -> {r.status_code}: {r.text[:2000]}"
    return check_searchset(r.json())


def check_searchset(bundle: dict) -> dict:
    assert bundle["resourceType"] == "Bundle", bundle
    assert bundle["type"] == "searchset", bundle["type"]
    for e in bundle.get("entry", []):
        assert e.get("search", {}).get("mode") in ("match", "include", "outcome"), \
            f"every searchset entry needs search.mode: {e}"
    return bundle


def search(http, base_url: str, path: str, params) -> dict:
    return get_bundle(http, f"{base_url}/{path}", params)


def ids_with_mode(bundle: dict, mode: str) -> list[str]:
    return [e["resource"]["id"] for e in bundle.get("entry", []) if e["search"]["mode"] == mode]


def match_ids(bundle: dict) -> list[str]:
    return ids_with_mode(bundle, "match")


def link(bundle: dict, *relations: str) -> str | None:
    for l in bundle.get("link", []):
        if l["relation"] in relations:
            return l["url"]
    return None


def follow(http, base_url: str, url: str) -> dict:
    return get_bundle(http, urljoin(base_url + "/", url))


def as_params(params) -> list[tuple[str, str]]:
    return list(params.items()) if isinstance(params, dict) else list(params)


def check_cases(http, world: World, rtype: str, cases, within=None) -> None:
    """Runs `rtype?params` for every (params, expected names) case, optionally ANDed with
    `_id=<within>`; fails once, listing every case whose match set differs."""
    failures = []
    for params, expected in cases:
        query = as_params(params)
        if within:
            query.append(("_id", ",".join(world.ids(*within))))
        r = http.get(f"{world.base_url}/{rtype}", params=query)
        shown = f"{rtype}?{urlencode(as_params(params))}"
        if r.status_code != 200:
            failures.append(f"{shown}: HTTP {r.status_code} {r.text[:300]}")
            continue
        got = world.names(match_ids(check_searchset(r.json())))
        if sorted(got) != sorted(expected):
            failures.append(f"{shown}: expected {sorted(expected)}, got {sorted(got)}")
    assert not failures, "\n".join(failures)


def check_fhirpy_cases(client, world: World, rtype: str, cases, within=None) -> None:
    """Like check_cases, with fhirpy's search(**kwargs) (e.g. family__exact=..., birthdate__sa=...)."""
    failures = []
    for kwargs, expected in cases:
        searchset = client.resources(rtype).search(**kwargs)
        if within:
            searchset = searchset.search(_id=",".join(world.ids(*within)))
        got = world.names(r.id for r in searchset.fetch())
        if sorted(got) != sorted(expected):
            failures.append(f"{searchset}: expected {sorted(expected)}, got {sorted(got)}")
    assert not failures, "\n".join(failures)


def has_subsetted_tag(resource: dict) -> bool:
    return any((t.get("system"), t.get("code")) == SUBSETTED for t in resource.get("meta", {}).get("tag", []))


def assert_operation_outcome(r, status: int) -> dict:
    assert r.status_code == status, f"{r.request.method} {r.request.url}: expected {status}, got {r.status_code}: {r.text[:1000]}"
    body = r.json()
    assert body["resourceType"] == "OperationOutcome", body
    assert body["issue"][0]["severity"] in ("error", "fatal"), body
    return body


# --------------------------------------------------------------------------
# string
# --------------------------------------------------------------------------

def test_string_family_prefix_case_and_accent_insensitive(fhirpy_client, world):
    F = world.STR
    check_fhirpy_cases(fhirpy_client, world, "Patient", [
        ({"family": f"{F}mul"}, ["muller"]),                       # ü matches u
        ({"family": f"{F.upper()}MÜL"}, ["muller"]),                # case-insensitive, accent kept
        ({"family": f"{F.lower()}müller"}, ["muller"]),             # the whole value is a prefix too
        ({"family": f"{F}mu"}, ["muller", "mueller"]),
        ({"family": f"{F}m"}, ["muller", "mueller", "miller"]),
        ({"family": F}, ["muller", "mueller", "miller", "nobody"]),  # not "Von…Schmidt"
        ({"family": f"{F}schmidt"}, []),                            # not a prefix
        ({"family": f"{F}müllerx"}, []),
    ])


def test_string_exact_and_contains(fhirpy_client, world):
    F = world.STR
    check_fhirpy_cases(fhirpy_client, world, "Patient", [
        ({"family__exact": f"{F}Müller"}, ["muller"]),
        ({"family__exact": f"{F}müller"}, []),    # case-sensitive
        ({"family__exact": f"{F}Muller"}, []),    # accent-sensitive
        ({"family__exact": f"{F}Mül"}, []),       # whole string only
        ({"family__contains": f"{F}Schm"}, ["schmidt"]),
        ({"family__contains": f"on{F.lower()}schmi"}, ["schmidt"]),  # anywhere, case-insensitive
        ({"family__contains": f"{F}MÜLLER"}, ["muller"]),
        ({"family__contains": f"{F}ller"}, []),
    ])


def test_string_name_matches_given_or_family(fhirpy_client, world):
    F = world.STR
    check_fhirpy_cases(fhirpy_client, world, "Patient", [
        ({"name": f"{F}gus"}, ["schmidt"]),           # given
        ({"name": f"von{F}"}, ["schmidt"]),           # family
        ({"name": f"{F}mül"}, ["muller"]),
        ({"name": f"{F}m"}, ["muller", "mueller", "miller"]),
    ])


# --------------------------------------------------------------------------
# token
# --------------------------------------------------------------------------

def test_token_code(fhirpy_client, world):
    check_fhirpy_cases(fhirpy_client, world, "Patient", [
        ({"gender": "female"}, ["muller", "miller"]),
        ({"gender": "male"}, ["mueller"]),
        ({"gender": "female,other"}, ["muller", "miller", "schmidt"]),   # comma is OR
        ({"gender": "unknown"}, []),
    ], within=PATIENTS)


def test_token_identifier_system_and_value_forms(fhirpy_client, world):
    S, T = world.SYS, world.T
    check_fhirpy_cases(fhirpy_client, world, "Patient", [
        ({"identifier": f"{S}|mrn-1"}, ["muller"]),
        ({"identifier": f"{S}|mr-{T}"}, ["muller", "mueller"]),
        ({"identifier": f"nosys-{T}"}, ["miller", "schmidt"]),       # any system
        ({"identifier": f"|nosys-{T}"}, ["miller"]),                 # explicitly no system
        ({"identifier": f"{S}|nosys-{T}"}, ["schmidt"]),
        ({"identifier": f"{S}|"}, ["muller", "mueller", "schmidt", "nobody"]),  # any value in S
        ({"identifier": f"{S}|no-such-{T}"}, []),
    ])


def test_token_not_includes_resources_without_value(fhirpy_client, world):
    check_fhirpy_cases(fhirpy_client, world, "Patient", [
        ({"gender__not": "male"}, ["muller", "miller", "schmidt", "nobody"]),
        ({"gender__not": "female"}, ["mueller", "schmidt", "nobody"]),
    ], within=PATIENTS)


def test_token_text_matches_coding_display(fhirpy_client, world):
    F = world.STR
    check_fhirpy_cases(fhirpy_client, world, "Observation", [
        ({"code__text": f"{F.lower()} blood"}, ["glu1", "glu2", "glu3"]),
        ({"code__text": f"{F.upper()} BLOOD GLUCOSE"}, ["glu1", "glu2", "glu3"]),
        ({"code__text": f"{F} cholesterol"}, []),
        ({"code": f"{world.CS}|glu"}, ["glu1", "glu2", "glu3"]),     # the plain code, for comparison
    ])


def test_token_missing(fhirpy_client, world):
    check_fhirpy_cases(fhirpy_client, world, "Patient", [
        ({"gender__missing": True}, ["nobody"]),
        ({"gender__missing": False}, ["muller", "mueller", "miller", "schmidt"]),
        ({"birthdate__missing": True}, ["nobody"]),
        ({"birthdate__missing": False}, ["muller", "mueller", "miller", "schmidt"]),
    ], within=PATIENTS)


def test_token_identifier_of_type(fhirpy_client, world):
    T = world.T
    check_fhirpy_cases(fhirpy_client, world, "Patient", [
        ({"identifier__of_type": f"{V2_0203}|MR|mr-{T}"}, ["muller"]),
        ({"identifier__of_type": f"{V2_0203}|MB|mr-{T}"}, ["mueller"]),
        ({"identifier__of_type": f"{V2_0203}|MR|nosys-{T}"}, []),
    ])


# --------------------------------------------------------------------------
# date
# --------------------------------------------------------------------------

def test_date_birthdate_precision_and_prefixes(fhirpy_client, world):
    # muller 1970-03-15, mueller 1970-08-20, miller 1985-01-01, schmidt 1950-12-31, nobody none
    check_fhirpy_cases(fhirpy_client, world, "Patient", [
        ({"birthdate": "1970"}, ["muller", "mueller"]),
        ({"birthdate": "1970-03"}, ["muller"]),
        ({"birthdate": "1970-03-15"}, ["muller"]),
        ({"birthdate__ge": "1970-06-01"}, ["mueller", "miller"]),
        ({"birthdate__lt": "1970-06-01"}, ["muller", "schmidt"]),
        ({"birthdate__le": "1970-03-15"}, ["muller", "schmidt"]),
        ({"birthdate__gt": "1970-03-15"}, ["mueller", "miller"]),
        ({"birthdate__sa": "1970"}, ["miller"]),
        ({"birthdate__eb": "1970"}, ["schmidt"]),
        ({"birthdate__ne": "1970"}, ["miller", "schmidt"]),
        ({"birthdate": ["ge1970", "lt1971"]}, ["muller", "mueller"]),    # repeated = AND
    ], within=PATIENTS)


def test_date_on_period(http, world):
    # effectivePeriod 2021-03-01T08:00Z .. 2021-03-05T17:00Z
    check_cases(http, world, "Observation", [
        ({"date": "2021"}, ["o_period"]),
        ({"date": "2021-03"}, ["o_period"]),
        ({"date": "2021-03-03"}, []),            # eq: the day does not contain the period
        ({"date": "ge2021-03-04"}, ["o_period"]),
        ({"date": "gt2021-03-05T12:00:00Z"}, ["o_period"]),
        ({"date": "gt2021-03-05T18:00:00Z"}, []),
        ({"date": "lt2021-03-01T09:00:00Z"}, ["o_period"]),
        ({"date": "lt2021-03-01T07:00:00Z"}, []),
        ({"date": "sa2021-02-27T00:00:00Z"}, ["o_period"]),
        ({"date": "sa2021-03-02T00:00:00Z"}, []),
        ({"date": "eb2021-03-06T00:00:00Z"}, ["o_period"]),
        ({"date": "eb2021-03-04T00:00:00Z"}, []),
    ], within=["o_period"])


def test_date_time_zones_compare_instants(http, world):
    # effectiveDateTime 2020-01-01T23:30:00-05:00 == 2020-01-02T04:30:00Z
    check_cases(http, world, "Observation", [
        ({"date": "2020-01-02T04:30:00Z"}, ["o_tz"]),
        ({"date": "2020-01-01T23:30:00-05:00"}, ["o_tz"]),
        ({"date": "2020-01-02T06:30:00+02:00"}, ["o_tz"]),
        ({"date": "2020-01-01T23:30:00Z"}, []),          # same wall-clock time, other instant
        ({"date": "ge2020-01-02T00:00:00Z"}, ["o_tz", "o_period"]),
        ({"date": "lt2020-01-02T00:00:00Z"}, []),        # a wall-clock comparison would match
        ({"date": "lt2020-01-02T05:00:00Z"}, ["o_tz"]),
        ({"date": "2020-01"}, ["o_tz"]),                 # in every server time zone
        ({"date": "2020"}, ["o_tz"]),
    ], within=["o_period", "o_tz"])


# --------------------------------------------------------------------------
# number and quantity
# --------------------------------------------------------------------------

def test_number_probability(http, world):
    check_cases(http, world, "RiskAssessment", [
        ({"probability": "gt0.5"}, ["ra_high"]),
        ({"probability": "lt0.5"}, ["ra_low"]),
        ({"probability": "0.7"}, ["ra_high"]),
        ({"probability": "ge0.3"}, ["ra_high", "ra_low"]),
        ({"probability": "ne0.3"}, ["ra_high"]),
    ], within=["ra_high", "ra_low"])


def test_quantity_system_and_code(http, world):
    # 5.4 mg, 5.40 mg, 5.35 mg, 5.5 mg, 150 mg, 50 mg, 150 mg/dL
    check_cases(http, world, "Observation", [
        ({"value-quantity": f"gt100|{UCUM}|mg"}, ["q150"]),
        ({"value-quantity": f"gt100|{UCUM}|mg/dL"}, ["q150dl"]),
        ({"value-quantity": "gt100"}, ["q150", "q150dl"]),
        ({"value-quantity": f"5.4|{UCUM}|mg"}, ["glu1", "glu2", "glu3"]),
        ({"value-quantity": "5.4||mg"}, ["glu1", "glu2", "glu3"]),          # code or unit, any system
        ({"value-quantity": f"5.4|{UCUM}|g"}, []),
    ], within=QUANTITY_OBS)


def test_quantity_precision_and_prefixes(http, world):
    check_cases(http, world, "Observation", [
        ({"value-quantity": "5.4"}, ["glu1", "glu2", "glu3"]),     # [5.35, 5.45)
        ({"value-quantity": "5.40"}, ["glu1", "glu2"]),            # [5.395, 5.405)
        ({"value-quantity": "5.5"}, ["q55"]),
        ({"value-quantity": "lt5.4"}, ["glu3"]),
        ({"value-quantity": "le5.4"}, ["glu1", "glu2", "glu3"]),
        ({"value-quantity": "gt5.4"}, ["q55", "q150", "q50", "q150dl"]),
        ({"value-quantity": "ap5.4"}, ["glu1", "glu2", "glu3", "q55"]),    # about +/-10%
        ({"value-quantity": "ne5.4"}, ["q55", "q150", "q50", "q150dl"]),
    ], within=QUANTITY_OBS)


# --------------------------------------------------------------------------
# uri and reference
# --------------------------------------------------------------------------

def test_uri_exact_below_above(fhirpy_client, world):
    U = world.URL
    check_fhirpy_cases(fhirpy_client, world, "ValueSet", [
        ({"url": f"{U}/ValueSet/a"}, ["vs_a"]),                  # exact, not a prefix
        ({"url": f"{U}/ValueSet"}, []),
        ({"url__below": f"{U}/ValueSet"}, ["vs_a", "vs_ab"]),
        ({"url__below": U}, ["vs_a", "vs_ab", "vs_c"]),
        ({"url__above": f"{U}/ValueSet/a/b/c"}, ["vs_a", "vs_ab"]),
        ({"url__above": f"{U}/ValueSet/a"}, ["vs_a"]),
    ])


def test_reference_forms(http, world):
    m = world.id_of["muller"]
    glucose = ["glu1", "glu2", "glu3"]
    check_cases(http, world, "Observation", [
        ({"subject": f"Patient/{m}"}, glucose),
        ({"subject": m}, glucose),
        ({"patient": m}, glucose),
        ({"patient": f"Patient/{m}"}, glucose),
        ({"subject:Patient": m}, glucose),
        ({"subject": f"{world.base_url}/Patient/{m}"}, glucose),
        ({"subject:Group": world.id_of["grp"]}, ["o_group"]),
        ({"subject:Group": m}, []),
        ({"subject": f"Patient/{world.id_of['miller']}"}, []),
        ({"encounter": f"Encounter/{world.id_of['enc1']}"}, ["glu3"]),
    ])


# --------------------------------------------------------------------------
# composite
# --------------------------------------------------------------------------

def test_composite_code_value_quantity(http, world):
    check_cases(http, world, "Observation", [
        ({"code-value-quantity": f"{LOINC}|8480-6$gt100"}, ["sys140"]),
        ({"code-value-quantity": f"{LOINC}|8480-6$lt100"}, ["sys90"]),
        ({"code-value-quantity": f"{LOINC}|8480-6$140|{UCUM}|mm[Hg]"}, ["sys140"]),
        ({"code-value-quantity": f"{LOINC}|85354-9$gt0"}, []),        # the panel has no value
        # component pairs: code and value must come from the same component
        ({"component-code-value-quantity": f"{LOINC}|8480-6$gt100"}, ["bp"]),
        ({"component-code-value-quantity": f"{LOINC}|8462-4$lt100"}, ["bp"]),
        ({"component-code-value-quantity": f"{LOINC}|8462-4$gt100"}, []),
        ({"component-code-value-quantity": f"{LOINC}|8480-6$gt130"}, []),
    ], within=["sys140", "sys90", "bp"])


# --------------------------------------------------------------------------
# parameters for all resources
# --------------------------------------------------------------------------

def test_id_with_several_values(fhirpy_client, world):
    check_fhirpy_cases(fhirpy_client, world, "Patient", [
        ({"_id": ",".join(world.ids("muller", "miller"))}, ["muller", "miller"]),
        ({"_id": ",".join(world.ids("muller", "glu1"))}, ["muller"]),     # an Observation id
        ({"_id": f"no-such-{world.T}"}, []),
    ])


def test_last_updated(http, base_url, unique):
    def create(n: int) -> dict:
        r = http.post(f"{base_url}/Patient", data=json.dumps(patient(f"Lu{unique}", [str(n)])),
                      headers={"Content-Type": FHIR_JSON})
        assert r.status_code == 201, r.text
        return r.json()

    first = create(1)
    time.sleep(1.1)  # distinct even at second precision
    second = create(2)
    t1, t2 = first["meta"]["lastUpdated"], second["meta"]["lastUpdated"]
    both = f"{first['id']},{second['id']}"
    for value, expected in [
        (f"ge{t2}", [second["id"]]),
        (f"lt{t2}", [first["id"]]),
        (f"gt{t1}", [second["id"]]),
        (f"le{t1}", [first["id"]]),
        (f"ge{t1}", [first["id"], second["id"]]),
    ]:
        got = match_ids(search(http, base_url, "Patient", {"_id": both, "_lastUpdated": value}))
        assert sorted(got) == sorted(expected), f"_lastUpdated={value}: expected {expected}, got {got}"
    # AND of two bounds
    got = match_ids(search(http, base_url, "Patient",
                           [("_id", both), ("_lastUpdated", f"ge{t1}"), ("_lastUpdated", f"lt{t2}")]))
    assert got == [first["id"]]


def test_meta_tag_profile_security_source(http, world):
    check_cases(http, world, "Patient", [
        ({"_tag": f"{world.SYS}|tag-a"}, ["muller"]),
        ({"_tag": "tag-b"}, ["mueller"]),
        ({"_tag": f"{world.SYS}|tag-a,{world.SYS}|tag-b"}, ["muller", "mueller"]),
        ({"_profile": world.PROFILE}, ["muller"]),
        ({"_security": f"{CONFIDENTIALITY}|R"}, ["muller"]),
        ({"_security": f"{CONFIDENTIALITY}|N"}, ["mueller"]),
        ({"_source": world.SOURCE}, ["muller"]),
    ], within=PATIENTS)
    # without the _id restriction the run-unique values still find exactly one resource
    check_cases(http, world, "Patient", [
        ({"_profile": world.PROFILE}, ["muller"]),
        ({"_source": world.SOURCE}, ["muller"]),
    ])


# --------------------------------------------------------------------------
# chaining and _has
# --------------------------------------------------------------------------

def test_chained_reference(fhirpy_client, world):
    F = world.STR
    check_fhirpy_cases(fhirpy_client, world, "Observation", [
        ({"subject__Patient__name": f"{F}mül"}, ["glu1", "glu2", "glu3"]),   # subject:Patient.name
        ({"subject__Patient__family": f"{F}Nobody"}, []),
        ({"patient__birthdate": "1970-03-15"}, ["glu1", "glu2", "glu3"]),    # patient.birthdate
    ], within=QUANTITY_OBS)


def test_chained_reference_two_levels(fhirpy_client, world):
    F = world.STR
    # Observation?encounter:Encounter.subject:Patient.family=...
    check_fhirpy_cases(fhirpy_client, world, "Observation", [
        ({"encounter__Encounter__subject__Patient__family": f"{F}mül"}, ["glu3"]),
        ({"encounter__Encounter__subject__Patient__family": f"{F}miller"}, []),
    ])
    # Encounter?subject:Patient.organization.name=...
    check_fhirpy_cases(fhirpy_client, world, "Encounter", [
        ({"subject__Patient__organization__name": f"{F} general"}, ["enc1"]),
    ])


def test_has_and_nested_has(fhirpy_client, world):
    CS = world.CS
    patients = fhirpy_client.resources("Patient")
    got = patients.has("Observation", "patient", code=f"{CS}|glu").fetch()
    assert world.names(p.id for p in got) == ["muller"]
    got = patients.has("Observation", "subject", code=f"{CS}|other").fetch()
    assert world.names(p.id for p in got) == ["mueller"]
    # Patient?_has:Encounter:patient:_has:Observation:encounter:code=...
    got = patients.has("Encounter", "patient", "Observation", "encounter", code=f"{CS}|glu").fetch()
    assert world.names(p.id for p in got) == ["muller"]
    got = patients.has("Encounter", "patient", "Observation", "encounter", code=f"{CS}|other").fetch()
    assert got == []


# --------------------------------------------------------------------------
# _include / _revinclude
# --------------------------------------------------------------------------

def entry_modes(world: World, bundle) -> list[tuple[str, str]]:
    """(mode, name) for every entry, sorted; duplicates are kept."""
    return sorted((e["search"]["mode"], world.names([e["resource"]["id"]])[0])
                  for e in bundle.get("entry", []))


def test_include_subject(fhirpy_client, world):
    observations = fhirpy_client.resources("Observation").search(
        _id=",".join(world.ids("glu1", "glu2", "o_group")))
    bundle = check_searchset(observations.include("Observation", "subject").fetch_raw())
    assert entry_modes(world, bundle) == sorted([
        ("match", "glu1"), ("match", "glu2"), ("match", "o_group"),
        ("include", "muller"), ("include", "grp"),   # muller once, though two matches refer to it
    ])
    bundle = check_searchset(observations.include("Observation", "subject", "Patient").fetch_raw())
    assert entry_modes(world, bundle) == sorted([
        ("match", "glu1"), ("match", "glu2"), ("match", "o_group"), ("include", "muller"),
    ])
    # fhirpy's fetch() keeps only the searched type
    assert sorted(world.names(o.id for o in observations.include("Observation", "subject").fetch())) \
        == ["glu1", "glu2", "o_group"]


def test_revinclude(fhirpy_client, world):
    bundle = check_searchset(fhirpy_client.resources("Patient")
                             .search(_id=world.id_of["muller"])
                             .revinclude("Observation", "subject").fetch_raw())
    assert entry_modes(world, bundle) == sorted([
        ("match", "muller"), ("include", "glu1"), ("include", "glu2"), ("include", "glu3"),
    ])


def test_include_iterate(fhirpy_client, world):
    # mr.subject = miller, mr.encounter = enc2, enc2.subject = mueller
    base = (fhirpy_client.resources("MedicationRequest").search(_id=world.id_of["mr"])
            .include("MedicationRequest", "encounter"))
    iterated = check_searchset(base.include("Encounter", "subject", iterate=True).fetch_raw())
    assert entry_modes(world, iterated) == sorted([
        ("match", "mr"), ("include", "enc2"), ("include", "mueller"),
    ])
    # without :iterate, Encounter:subject is only applied to the matches (MedicationRequests)
    plain = check_searchset(base.include("Encounter", "subject").fetch_raw())
    assert entry_modes(world, plain) == sorted([("match", "mr"), ("include", "enc2")])


# --------------------------------------------------------------------------
# sorting and paging
# --------------------------------------------------------------------------

def test_sort(fhirpy_client, world):
    people = fhirpy_client.resources("Patient").search(family=world.SORT)
    assert world.names(p.id for p in people.sort("birthdate").fetch()) == ["s4", "s2", "s5", "s1", "s3"]
    assert world.names(p.id for p in people.sort("-birthdate").fetch()) == ["s3", "s1", "s5", "s2", "s4"]
    assert world.names(p.id for p in people.sort("family", "-birthdate").fetch()) == ["s1", "s2", "s3", "s4", "s5"]
    assert world.names(p.id for p in people.sort("-family", "birthdate").fetch()) == ["s5", "s4", "s3", "s2", "s1"]


def test_paging_next_and_previous_links(http, base_url, fhirpy_client, world):
    expected = world.ids("s4", "s2", "s5", "s1", "s3")
    first = search(http, base_url, "Patient", {"family": world.SORT, "_sort": "birthdate", "_count": 2})
    assert match_ids(first) == expected[:2]
    assert link(first, "self")
    pages, page = [match_ids(first)], first
    while (nxt := link(page, "next")) is not None:
        assert len(pages) < 10, "next links do not end"
        page = follow(http, base_url, nxt)
        pages.append(match_ids(page))
    assert all(len(p) <= 2 for p in pages), pages
    assert [i for p in pages for i in p] == expected, "every id exactly once, in sort order"

    second = follow(http, base_url, link(first, "next"))
    assert match_ids(second) == expected[2:4]
    previous = link(second, "previous", "prev")
    assert previous, second.get("link")
    assert match_ids(follow(http, base_url, previous)) == expected[:2]

    # fhirpy's fetch_all() walks the same links
    walked = fhirpy_client.resources("Patient").search(family=world.SORT).sort("birthdate").limit(2).fetch_all()
    assert [p.id for p in walked] == expected


def test_paging_is_stable_when_a_matching_resource_is_added(http, base_url, unique):
    family = f"Pg{unique}"
    seed = Seed()
    for year in range(1991, 1996):
        seed.add(str(year), patient(family, birthDate=f"{year}-06-15"))
    ids = seed.commit(http, base_url)
    original = [ids[str(y)] for y in range(1991, 1996)]

    page = search(http, base_url, "Patient", {"family": family, "_sort": "birthdate", "_count": 2})
    seen = match_ids(page)
    assert seen == original[:2]

    # a new match that sorts before everything already returned
    r = http.post(f"{base_url}/Patient", data=json.dumps(patient(family, birthDate="1980-01-01")),
                  headers={"Content-Type": FHIR_JSON})
    assert r.status_code == 201, r.text

    while (nxt := link(page, "next")) is not None:
        assert len(seen) < 20, "next links do not end"
        page = follow(http, base_url, nxt)
        seen += match_ids(page)
    duplicates = [i for i, n in Counter(seen).items() if n > 1]
    assert not duplicates, f"ids returned twice while paging: {duplicates} in {seen}"
    assert [i for i in seen if i in original] == original, f"original matches skipped or reordered: {seen}"


# --------------------------------------------------------------------------
# totals, _summary, _elements
# --------------------------------------------------------------------------

def test_total_and_summary_count(http, base_url, fhirpy_client, world):
    accurate = search(http, base_url, "Patient", {"family": world.SORT, "_total": "accurate", "_count": 2})
    assert accurate["total"] == 5
    assert len(match_ids(accurate)) == 2

    counted = search(http, base_url, "Patient", {"family": world.SORT, "_summary": "count"})
    assert counted["total"] == 5
    assert not counted.get("entry"), "_summary=count returns no entries"

    assert fhirpy_client.resources("Patient").search(family=world.SORT).count() == 5


def test_summary_true_drops_non_summary_elements(http, base_url, world):
    bundle = search(http, base_url, "Patient", {"_id": world.id_of["muller"], "_summary": "true"})
    [entry] = bundle["entry"]
    p = entry["resource"]
    assert p["id"] == world.id_of["muller"]
    assert p["name"][0]["family"] == f"{world.STR}Müller"      # summary elements stay
    assert p["birthDate"] == "1970-03-15"
    assert p["identifier"]
    assert "contact" not in p and "maritalStatus" not in p, p  # not in the summary
    assert has_subsetted_tag(p), p.get("meta")


def test_elements_keeps_only_requested(http, base_url, world):
    bundle = search(http, base_url, "Patient", {"_id": world.id_of["muller"], "_elements": "identifier"})
    [entry] = bundle["entry"]
    p = entry["resource"]
    assert set(p) <= {"resourceType", "id", "meta", "identifier"}, sorted(p)
    assert [i["value"] for i in p["identifier"]] == ["mrn-1", f"mr-{world.T}"]
    assert has_subsetted_tag(p), p.get("meta")


# --------------------------------------------------------------------------
# POST _search, system level, compartments
# --------------------------------------------------------------------------

def test_post_search_form_equals_get(http, base_url, world):
    params = {"family": world.SORT, "_sort": "-birthdate"}
    get_ids = match_ids(search(http, base_url, "Patient", params))
    r = http.post(f"{base_url}/Patient/_search", data=params)   # application/x-www-form-urlencoded
    assert r.status_code == 200, r.text
    assert r.request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    post_ids = match_ids(check_searchset(r.json()))
    assert post_ids == get_ids == world.ids("s3", "s1", "s5", "s2", "s4")


def test_system_level_search_with_type(http, base_url, world):
    both = ",".join(world.ids("muller", "glu1"))
    bundle = get_bundle(http, base_url, {"_type": "Patient,Observation", "_id": both})
    assert sorted(world.names(match_ids(bundle))) == ["glu1", "muller"]
    for e in bundle["entry"]:
        assert e["fullUrl"].endswith(f"{e['resource']['resourceType']}/{e['resource']['id']}")
    bundle = get_bundle(http, base_url, {"_type": "Patient", "_id": both})
    assert world.names(match_ids(bundle)) == ["muller"]


def test_patient_compartment_search(http, base_url, world):
    url = f"{base_url}/Patient/{world.id_of['muller']}/Observation"
    assert sorted(world.names(match_ids(get_bundle(http, url)))) == ["glu1", "glu2", "glu3"]
    filtered = get_bundle(http, url, {"date": "ge2021-01-02T00:00:00Z"})
    assert sorted(world.names(match_ids(filtered))) == ["glu2", "glu3"]
    other = get_bundle(http, f"{base_url}/Patient/{world.id_of['miller']}/Observation")
    assert match_ids(other) == []


# --------------------------------------------------------------------------
# unknown and malformed parameters
# --------------------------------------------------------------------------

def test_unknown_parameter_is_ignored_and_reported(http, base_url, world):
    unknown = f"zz-unknown-{world.T}"
    bundle = search(http, base_url, "Patient", {"_id": world.id_of["muller"], unknown: "1"})
    assert match_ids(bundle) == world.ids("muller")
    outcomes = [e["resource"] for e in bundle["entry"] if e["search"]["mode"] == "outcome"]
    assert len(outcomes) == 1, bundle["entry"]
    assert outcomes[0]["resourceType"] == "OperationOutcome"
    assert all(i["severity"] in ("warning", "information") for i in outcomes[0]["issue"]), outcomes[0]
    self_url = link(bundle, "self")
    assert self_url and "_id=" in self_url
    assert unknown not in self_url, f"self link must list only the parameters used: {self_url}"


def test_unknown_parameter_with_strict_handling_is_400(http, base_url, world):
    r = http.get(f"{base_url}/Patient", params={"_id": world.id_of["muller"], f"zz-unknown-{world.T}": "1"},
                 headers={"Prefer": "handling=strict"})
    assert_operation_outcome(r, 400)
    r = http.get(f"{base_url}/Patient", params={"_id": world.id_of["muller"]},
                 headers={"Prefer": "handling=strict"})
    assert r.status_code == 200, r.text
    assert match_ids(check_searchset(r.json())) == world.ids("muller")


@pytest.mark.parametrize("path, params", [
    ("Patient", {"birthdate": "notadate"}),
    ("Observation", {"value-quantity": "gtx"}),
    ("Patient", {"_sort": "nonsense"}),
    ("Patient", {"_count": "-1"}),
], ids=["date", "quantity", "sort", "count"])
def test_malformed_parameter_is_400(http, base_url, path, params):
    assert_operation_outcome(http.get(f"{base_url}/{path}", params=params), 400)


# --------------------------------------------------------------------------
# fhirclient
# --------------------------------------------------------------------------

def test_fhirclient_where(fhirclient_client, world):
    from fhirclient.models.observation import Observation
    from fhirclient.models.patient import Patient

    server = fhirclient_client.server
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # perform_resources is deprecated in 4.3+
        people = Patient.where(struct={"family": world.SORT}).perform_resources(server)
        observations = Observation.where(
            {"subject": f"Patient/{world.id_of['muller']}", "_sort": "-date"}).perform_resources(server)
    assert all(isinstance(p, Patient) for p in people)
    assert sorted(world.names(p.id for p in people)) == ["s1", "s2", "s3", "s4", "s5"]
    assert all(isinstance(o, Observation) for o in observations)
    assert world.names(o.id for o in observations) == ["glu3", "glu2", "glu1"]
    assert [o.valueQuantity.value for o in observations] == [5.35, 5.4, 5.4]
