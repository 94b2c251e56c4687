"""Shared helpers for the interop suite: constants and FHIR R4 validation of responses."""

from __future__ import annotations

import json

try:  # structural R4 validation of everything the server returns
    import fhirkit
except ImportError:  # pragma: no cover - listed in requirements.txt
    fhirkit = None

# Identifier system used for every resource this suite creates.
IDENTIFIER_SYSTEM = "urn:evident:interop"

FHIR_JSON = "application/fhir+json"


# --------------------------------------------------------------------------
# FHIR validation of server responses
# --------------------------------------------------------------------------

class InvalidFHIRResponse(AssertionError):
    pass


def fhir_issues(resource) -> list[str]:
    """Errors fhirkit finds in `resource` (a dict, str or bytes)."""
    if fhirkit is None:
        return []
    try:
        issues = fhirkit.validate(resource)
    except fhirkit.ParseError as exc:
        return [f"unparsable: {exc}"]
    return [str(i) for i in issues if i.severity == "error"]


def assert_valid_fhir(resource) -> None:
    errors = fhir_issues(resource)
    if errors:
        raise InvalidFHIRResponse(
            "server returned a resource that is not valid FHIR R4:\n  "
            + "\n  ".join(errors)
            + "\n"
            + json.dumps(resource, indent=1)[:4000]
        )


def validate_response_hook(response, *args, **kwargs):
    """requests response hook: validate every JSON resource the server sends."""
    if not response.content:
        return response
    ctype = response.headers.get("Content-Type", "")
    if "json" not in ctype:
        return response
    try:
        body = response.json()
    except ValueError:
        return response  # not JSON; the individual tests decide whether that is OK
    if isinstance(body, dict) and "resourceType" in body:
        errors = fhir_issues(body)
        if errors:
            raise InvalidFHIRResponse(
                f"{response.request.method} {response.request.url} -> {response.status_code}: "
                "response is not valid FHIR R4:\n  " + "\n  ".join(errors)
                + "\n" + response.text[:4000]
            )
    return response
