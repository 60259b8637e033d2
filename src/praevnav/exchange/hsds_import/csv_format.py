"""HSDS 3.0 tabular format (CSV files + ``datapackage.json``) → ``ParseResult``.

The tables are joined by their ids into service objects shaped like HSDS JSON, each
sub-object remembering its file and row, and then mapped like JSON (``mapping``).
Problems name the file and row: ``locations.csv, Zeile 3``. ``services.csv`` and
``organizations.csv`` are required; the other tables are optional. File names come from
``datapackage.json`` when present (official names otherwise; singular names such as
``service.csv`` are accepted too).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

from praevnav.exchange.hsds_import.files import PackageError, package_files
from praevnav.exchange.hsds_import.mapping import service_record, status_skips
from praevnav.exchange.hsds_import.reading import SOURCE, Collector, Reader
from praevnav.exchange.records import ParseResult

DEFAULT_PATHS = {
    "organization": "organizations.csv",
    "service": "services.csv",
    "location": "locations.csv",
    "service_at_location": "service_at_location.csv",
    "address": "addresses.csv",
    "phone": "phones.csv",
    "schedule": "schedules.csv",
    "language": "languages.csv",
    "taxonomy": "taxonomies.csv",
    "taxonomy_term": "taxonomy_terms.csv",
    "attribute": "attributes.csv",
    "contact": "contacts.csv",
    "cost_option": "cost_options.csv",
    "service_area": "service_areas.csv",
}
REQUIRED = ("service", "organization")


class _Tables:
    """Reads the tables of one package; rows are dicts with ``SOURCE`` and no empty cells."""

    def __init__(
        self, files: dict[str, bytes], out: Collector, preloaded: dict[str, list] | None = None
    ) -> None:
        self.files = {name.lower(): (name, content) for name, content in files.items()}
        # Tables already parsed (the JSON form of the tabular format, ``tabular.json``).
        self.preloaded = {name.lower(): (name, rows) for name, rows in (preloaded or {}).items()}
        self.out = out
        self.paths = dict(DEFAULT_PATHS)
        self._read_datapackage()

    def _read_datapackage(self) -> None:
        found = self.files.get("datapackage.json")
        if found is None:
            return
        try:
            package = json.loads(found[1].decode("utf-8-sig"))
            for resource in package.get("resources", []):
                if resource.get("name") in self.paths and isinstance(resource.get("path"), str):
                    self.paths[resource["name"]] = resource["path"].rsplit("/", 1)[-1]
        except (ValueError, AttributeError, TypeError, RecursionError):
            self.out.add(
                "datapackage.json",
                "",
                "datapackage.json ist kein gültiges JSON; es gelten die Standard-Dateinamen.",
                "warning",
            )

    def file_name(self, resource: str) -> str | None:
        for candidate in (self.paths[resource], f"{resource}.csv", DEFAULT_PATHS[resource]):
            for table in (self.files, self.preloaded):
                if candidate.lower() in table:
                    return table[candidate.lower()][0]
        return None

    def _preloaded_rows(self, name: str, required_columns: tuple[str, ...]) -> list[dict]:
        rows = []
        for index, value in enumerate(self.preloaded[name.lower()][1]):
            source = f"$['{name}'][{index}]"
            if not isinstance(value, dict):
                self.out.add(source, "", "Erwartet wird ein Objekt (eine Tabellenzeile).")
                continue
            item: dict = {
                str(k): (
                    json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else str(v)
                ).strip()
                for k, v in value.items()
                if v is not None and not isinstance(v, bool) and str(v).strip()
            }
            item.update({str(k): str(v).lower() for k, v in value.items() if isinstance(v, bool)})
            missing = [c for c in required_columns if not item.get(c)]
            if missing:
                self.out.add(
                    source, missing[0], f"„{missing[0]}“ fehlt; der Eintrag wird übergangen."
                )
                continue
            item[SOURCE] = source
            rows.append(item)
        return rows

    def rows(self, resource: str, required_columns: tuple[str, ...] = ("id",)) -> list[dict]:
        name = self.file_name(resource)
        if name is None:
            if resource in REQUIRED:
                self.out.add(
                    self.paths[resource],
                    "",
                    f"Die Tabelle „{self.paths[resource]}“ fehlt; sie ist für den Import nötig.",
                )
            return []
        if name.lower() in self.preloaded:
            return self._preloaded_rows(name, required_columns)
        content = self.files[name.lower()][1]
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = content[: error.start].count(b"\n") + 1
            self.out.add(
                f"{name}, Zeile {line}",
                "",
                "Die Datei ist nicht UTF-8-kodiert (HSDS verlangt UTF-8); "
                "bitte als UTF-8 speichern.",
            )
            return []
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows: list[dict] = []
        try:
            header = reader.fieldnames or []
            missing = [c for c in required_columns if c not in header]
            if missing:
                self.out.add(
                    f"{name}, Zeile 1",
                    missing[0],
                    f"Die Spalte „{missing[0]}“ fehlt in {name}.",
                )
                return []
            start = reader.line_num + 1
            for row in reader:
                source = f"{name}, Zeile {start}"
                start = reader.line_num + 1
                if None in row:
                    self.out.add(
                        source, "", "Die Zeile hat mehr Werte als die Kopfzeile Spalten.", "warning"
                    )
                item = {
                    k: v
                    for k, v in row.items()
                    if k is not None and isinstance(v, str) and v.strip()
                }
                if not item:
                    continue
                item[SOURCE] = source
                if not item.get("id"):
                    self.out.add(source, "id", "Die ID (id) fehlt; die Zeile wird übergangen.")
                    continue
                rows.append(item)
        except csv.Error as error:
            self.out.add(
                f"{name}, Zeile {reader.line_num}",
                "",
                f"Die CSV-Datei ist fehlerhaft ({error}); die Tabelle wird nicht weiter gelesen.",
            )
        return rows


def _group(rows: list[dict], key: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row.get(key):
            grouped[row[key]].append(row)
    return grouped


def _by_id(rows: list[dict], out: Collector) -> dict[str, dict]:
    result: dict[str, dict] = {}
    for row in rows:
        if row["id"] in result:
            out.add(
                row[SOURCE],
                "id",
                f"Die ID „{row['id'][:80]}“ kommt mehrfach vor "
                f"(zuerst {result[row['id']][SOURCE]}).",
            )
        else:
            result[row["id"]] = row
    return result


def _assemble(tables: _Tables, out: Collector) -> list[tuple[dict, list[tuple[str, str, str]]]]:
    """Service objects shaped like HSDS JSON, each with the reference errors of its rows
    (source, field, message)."""
    services = tables.rows("service", ("id", "name"))
    organizations = _by_id(tables.rows("organization"), out)
    if tables.file_name("service") is None or tables.file_name("organization") is None:
        return []
    locations = _by_id(tables.rows("location"), out)
    sals = tables.rows("service_at_location", ("id", "service_id", "location_id"))
    phones, schedules = tables.rows("phone", ("id", "number")), tables.rows("schedule")
    taxonomies = _by_id(tables.rows("taxonomy"), out)
    terms = _by_id(tables.rows("taxonomy_term"), out)
    for term in terms.values():
        if term.get("taxonomy_id") in taxonomies:
            term["taxonomy_detail"] = taxonomies[term["taxonomy_id"]]
    sal_ids = {row["id"] for row in sals}
    for org_id, rows in _group(
        [p for p in phones if not p.get("service_id")], "organization_id"
    ).items():
        if org_id in organizations:
            organizations[org_id]["phones"] = rows
    for location_id, rows in _group(tables.rows("address"), "location_id").items():
        if location_id in locations:
            locations[location_id]["addresses"] = rows
    for location_id, rows in _group(phones, "location_id").items():
        if location_id in locations:
            locations[location_id]["phones"] = rows
    location_schedules = [
        s for s in schedules if not s.get("service_id") and not s.get("service_at_location_id")
    ]
    for location_id, rows in _group(location_schedules, "location_id").items():
        if location_id in locations:
            locations[location_id]["schedules"] = rows

    by_service = {
        "phones": _group(
            [p for p in phones if p.get("service_at_location_id") not in sal_ids], "service_id"
        ),
        "schedules": _group(
            [s for s in schedules if s.get("service_at_location_id") not in sal_ids], "service_id"
        ),
        "languages": _group(tables.rows("language"), "service_id"),
        "contacts": _group(tables.rows("contact"), "service_id"),
        "cost_options": _group(tables.rows("cost_option"), "service_id"),
        "service_areas": _group(tables.rows("service_area"), "service_id"),
    }
    sal_schedules = _group(schedules, "service_at_location_id")
    sal_phones = _group(phones, "service_at_location_id")
    attributes = _group(tables.rows("attribute", ("id", "link_id", "taxonomy_term_id")), "link_id")
    sals_by_service = _group(sals, "service_id")
    service_ids = {row["id"] for row in services}
    for row in sals:
        if row["service_id"] not in service_ids:
            out.add(
                row[SOURCE],
                "service_id",
                f"service_id „{row['service_id'][:80]}“ verweist auf kein Angebot in der Datei.",
                "warning",
            )

    assembled = []
    for row in services:
        refs: list[tuple[str, str, str]] = []
        service = dict(row)
        org_id = row.get("organization_id")
        if org_id:
            if org_id in organizations:
                service["organization"] = organizations[org_id]
            else:
                refs.append(
                    (
                        row[SOURCE],
                        "organization_id",
                        f"organization_id „{org_id[:80]}“ verweist auf keinen Träger in der Datei.",
                    )
                )
        for key, grouped in by_service.items():
            if grouped.get(row["id"]):
                service[key] = grouped[row["id"]]
        service["service_at_locations"] = []
        for sal in sals_by_service.get(row["id"], []):
            item = dict(sal)
            if sal["location_id"] in locations:
                item["location"] = locations[sal["location_id"]]
            else:
                refs.append(
                    (
                        sal[SOURCE],
                        "location_id",
                        f"location_id „{sal['location_id'][:80]}“ verweist auf keinen "
                        "Standort in der Datei.",
                    )
                )
            item["schedules"] = sal_schedules.get(sal["id"], [])
            item["phones"] = sal_phones.get(sal["id"], [])
            service["service_at_locations"].append(item)
        service["attributes"] = []
        for attribute in attributes.get(row["id"], []):
            term = terms.get(attribute["taxonomy_term_id"])
            if term is None:
                out.add(
                    attribute[SOURCE],
                    "taxonomy_term_id",
                    f"taxonomy_term_id „{attribute['taxonomy_term_id'][:80]}“ steht nicht in der "
                    "Begriffstabelle; das Attribut wird übergangen.",
                    "warning",
                )
                continue
            service["attributes"].append({**attribute, "taxonomy_term": term})
        assembled.append((service, refs))
    return assembled


def parse_hsds_csv(source: str | Path | bytes) -> ParseResult:
    """Parse an HSDS tabular package: a directory, or the bytes of a .zip holding the CSV
    files and ``datapackage.json``. Never raises for bad input."""
    out = Collector()
    try:
        files = package_files(source)
    except PackageError as error:
        out.add("Datei", "", str(error))
        return ParseResult(problems=out.problems)
    return parse_tables(_Tables(files, out), out)


def parse_tabular_json(tables: dict[str, list]) -> ParseResult:
    """The JSON form of the tabular format (``{"services.csv": [rows…], …}``)."""
    out = Collector()
    return parse_tables(_Tables({}, out, preloaded=tables), out)


def parse_tables(tables: _Tables, out: Collector) -> ParseResult:
    result = ParseResult(problems=out.problems)
    seen: dict[str, str] = {}
    for service, refs in _assemble(tables, out):
        reader = Reader(service, "", out)
        out.record = service[SOURCE]
        for where, key, message in refs:
            out.add(where, key, message)
        if status_skips(reader):
            continue
        record = service_record(reader, None)
        if service["id"] in seen:
            reader.problem(
                "id",
                f"Die ID „{service['id'][:80]}“ kommt mehrfach vor (zuerst {seen[service['id']]}).",
            )
        seen.setdefault(service["id"], record.source)
        result.records.append(record)
    out.record = ""
    if not result.records and not out.problems:
        out.add("services.csv", "", "Die Tabelle der Angebote ist leer.")
    return result
