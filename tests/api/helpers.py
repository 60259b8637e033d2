"""Helpers of the API tests: requests with repeated parameters, the documented schemas."""

from __future__ import annotations

import functools
import json
from urllib.parse import urlencode

import jsonschema
from django.test import Client


def get(client: Client, path: str, params=None):
    """GET ``path`` with ``params`` as a dict (lists repeat) or a list of pairs."""
    if isinstance(params, dict):
        pairs = []
        for key, value in params.items():
            for item in value if isinstance(value, list | tuple) else [value]:
                pairs.append((key, item))
        params = pairs
    query = urlencode(params or [])
    return client.get(f"{path}?{query}" if query else path)


def get_json(client: Client, path: str, params=None, status: int = 200) -> dict:
    response = get(client, path, params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def result_ids(body: dict) -> set[int]:
    return {item["id"] for item in body["results"]}


@functools.cache
def openapi_document() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def schema_validator(component: str) -> jsonschema.Draft202012Validator:
    """A validator for one component of the OpenAPI document (refs resolved in it)."""
    doc = openapi_document()
    schema = {"$ref": f"#/components/schemas/{component}", "components": doc["components"]}
    return jsonschema.Draft202012Validator(schema)


def assert_matches(component: str, body: dict) -> None:
    errors = sorted(schema_validator(component).iter_errors(body), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
