"""HSDS 3.0 JSON → ``ParseResult``.

Accepted shapes (as in the official examples): one service (``service_full.json``), a
list of services, a paged response (``{"contents": [...]}`` as ``service_list.json``),
service-at-location objects with an embedded ``service`` (``service_at_location_full``
/ ``_list``; services met in several of them are merged) and organisations with their
``services`` (``organization_full.json``). Problems carry JSON paths such as
``$[3].service_at_locations[0].location.latitude``.
"""

from __future__ import annotations

import json

from praevnav.exchange.hsds_import.csv_format import parse_tabular_json
from praevnav.exchange.hsds_import.mapping import (
    add_service_at_location,
    service_record,
    status_skips,
)
from praevnav.exchange.hsds_import.reading import Collector, Reader, type_name
from praevnav.exchange.records import OfferRecord, ParseResult

MAX_BYTES = 200 * 1024 * 1024


_INVALID = object()


def _decode(data: bytes, out: Collector) -> object:
    if len(data) > MAX_BYTES:
        out.add("Datei", "", f"Die Datei ist größer als {MAX_BYTES // (1024 * 1024)} MB.")
        return _INVALID
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        out.add(
            f"Byte {error.start + 1}",
            "",
            "Die Datei ist nicht UTF-8-kodiert (HSDS verlangt UTF-8); bitte als UTF-8 speichern.",
        )
        return _INVALID
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        out.add(
            f"Zeile {error.lineno}, Spalte {error.colno}",
            "",
            f"Die Datei ist kein gültiges JSON ({error.msg}); ist sie vollständig?",
        )
    except RecursionError:
        out.add("Datei", "", "Die JSON-Struktur ist zu tief verschachtelt.")
    return _INVALID


KIND_NAMES = {
    "organization": "ein Träger (organization) ohne Angebote",
    "location": "ein Standort (location)",
    "taxonomy_term": "ein Taxonomie-Begriff (taxonomy_term)",
    "taxonomy": "eine Taxonomie (taxonomy)",
    "metadata": "Metadaten der Schnittstelle",
}


def kind(obj: dict) -> str:
    """What an HSDS object is: ``service_at_location`` (with its service),
    ``organization``, ``location``, ``taxonomy``, ``taxonomy_term``, ``metadata`` or
    ``service`` (anything else, so that a damaged service is still reported as one)."""
    keys = set(obj)
    if isinstance(obj.get("service"), dict):
        return "service_at_location"
    if keys & {"status", "service_at_locations", "organization", "organization_id"}:
        return "service"
    if "services" in keys or keys & {
        "legal_status",
        "tax_status",
        "year_incorporated",
        "organization_identifiers",
        "parent_organization_id",
    }:
        return "organization"
    if keys & {"location_type", "latitude", "longitude", "addresses", "transportation"}:
        return "location"
    if keys & {"taxonomy_detail", "term_uri", "parent_id"} or {"code", "taxonomy"} <= keys:
        return "taxonomy_term"
    if "openapi_url" in keys or ("version" in keys and "name" not in keys):
        return "metadata"
    if "version" in keys and "uri" in keys:
        return "taxonomy"
    return "service"


def _services(item: Reader) -> list[tuple[Reader, Reader | None, Reader | None]]:
    """(service, enclosing organisation, enclosing service-at-location) found in ``item``."""
    found = kind(item.obj)
    if found == "service_at_location":
        service = item.child("service")
        return [(service, None, item)] if service is not None else []
    if found == "organization" and item.obj.get("services"):
        return [(service, item, None) for service in item.items("services")]
    if found != "service":
        item.out.add(
            item.path,
            "",
            f"Das Objekt ist kein Angebot (service), sondern {KIND_NAMES[found]}; "
            "es wird übergangen.",
            "warning",
        )
        return []
    return [(item, None, None)]


def _top_items(root: object, out: Collector) -> list[Reader]:
    if isinstance(root, list):
        candidates = [(f"$[{i}]", x) for i, x in enumerate(root)]
    elif isinstance(root, dict) and isinstance(root.get("contents"), list):
        candidates = [(f"$.contents[{i}]", x) for i, x in enumerate(root["contents"])]
    elif isinstance(root, dict):
        candidates = [("$", root)]
    else:
        out.add(
            "$",
            "",
            f"Erwartet wird ein HSDS-Objekt oder eine Liste, gefunden wurde {type_name(root)}.",
        )
        return []
    readers = []
    for path, value in candidates:
        if isinstance(value, dict):
            readers.append(Reader(value, path, out))
        else:
            out.add(path, "", f"Erwartet wird ein Objekt, gefunden wurde {type_name(value)}.")
    return readers


def parse_hsds_json(data: bytes) -> ParseResult:
    """Parse HSDS 3.0 JSON bytes; never raises for bad input, problems are in the result."""
    out = Collector()
    result = ParseResult(problems=out.problems)
    root = _decode(data, out)
    if root is _INVALID:
        return result
    if (
        isinstance(root, dict)
        and root
        and all(str(k).lower().endswith(".csv") and isinstance(v, list) for k, v in root.items())
    ):
        return parse_tabular_json(root)
    by_id: dict[str, OfferRecord] = {}
    found_any = False
    for item in _top_items(root, out):
        for service, organisation, sal in _services(item):
            found_any = True
            out.record = service.where()
            if status_skips(service):
                continue
            service_id = service.text("id")
            earlier = by_id.get(service_id) if service_id else None
            if earlier is not None and sal is not None:
                add_service_at_location(earlier, sal)
                continue
            # A service read from a service-at-location is offered at that location.
            record = service_record(service, organisation, [sal] if sal is not None else None)
            if earlier is not None:
                service.problem(
                    "id",
                    f"Die ID „{service_id}“ kommt in der Datei mehrfach vor "
                    f"(zuerst bei {earlier.source}).",
                )
            elif service_id:
                by_id[service_id] = record
            result.records.append(record)
    out.record = ""
    if not found_any:
        out.add("$", "", "Die Datei enthält keine HSDS-Angebote (services).")
    return result
