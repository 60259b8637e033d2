"""Validation against the official HSDS 3.0 schemas in ``PRAEVNAV_DATA_DIR``.

The schema files declare no ``$schema``; the specification's OpenAPI document declares
``jsonSchemaDialect`` Draft 2020-12, so that is the validator. ``$ref``s such as
``"attribute.json"`` are resolved to the sibling files through a ``referencing``
registry (no network), and formats (uuid, date-time, email, uri) are checked.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASE = "https://hsds.invalid/schema/"

# jsonschema checks "uri" and "date-time" only with optional packages; these two
# checks are strict enough for our output (absolute URI with scheme; RFC 3339).
FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path) and " " not in value


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value or not (value.endswith("Z") or value[-6] in "+-"):
        return False
    dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


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
    return Draft202012Validator(schema, registry=_registry(), format_checker=FORMATS)


def errors(name: str, instance) -> list[str]:
    """Every schema violation of ``instance`` as ``path: message``."""
    return [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator(name).iter_errors(instance)
    ]


def page_schema() -> dict:
    openapi = json.loads((schema_dir() / "openapi.json").read_text(encoding="utf-8"))
    return openapi["components"]["schemas"]["Page"]
