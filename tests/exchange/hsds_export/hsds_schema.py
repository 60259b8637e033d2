"""Validation against the official HSDS 3.0 schemas in ``PRAEVNAV_DATA_DIR``.

The schema files declare no ``$schema``; the specification's OpenAPI document declares
``jsonSchemaDialect`` Draft 2020-12, so that is the validator. ``$ref``s such as
``"attribute.json"`` are resolved to the sibling files through a ``referencing``
registry (no network), and formats (uuid, date-time, email, uri) are checked.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASE = "https://hsds.invalid/schema/"


def schema_dir() -> Path:
    return Path(settings.DATA_DIR) / "openreferral" / "hsds_3.0" / "schema"


@functools.cache
def _registry() -> Registry:
    resources = []
    for path in sorted(schema_dir().glob("*.json")):
        if path.name == "openapi.json":
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((BASE + path.name, Resource.from_contents(contents, DRAFT202012)))
    for path in sorted((schema_dir() / "compiled").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (BASE + "compiled/" + path.name, Resource.from_contents(contents, DRAFT202012))
        )
    return Registry().with_resources(resources)


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """A validator for ``name`` (e.g. ``"service"`` or ``"compiled/service_list"``)."""
    schema = {"$ref": BASE + name + ".json"}
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


def errors(name: str, instance) -> list[str]:
    """Every schema violation of ``instance`` as ``path: message``."""
    return [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator(name).iter_errors(instance)
    ]


def page_schema() -> dict:
    openapi = json.loads((schema_dir() / "openapi.json").read_text(encoding="utf-8"))
    return openapi["components"]["schemas"]["Page"]
