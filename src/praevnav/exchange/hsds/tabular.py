"""The HSDS 3.0 tabular form: one CSV per object type and a ``datapackage.json``.

File names and column headers are those of the official ``examples/csv`` folder (a test
compares them). Nested services are flattened: every nested object becomes a row of its
table (once, by id), with its foreign keys filled in.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

# table → (file name, columns), in the official datapackage's order.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "organization": (
        "organizations.csv",
        (
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "tax_status",
            "tax_id",
            "year_incorporated",
            "legal_status",
            "logo",
            "uri",
            "parent_organization_id",
        ),
    ),
    "program": ("programs.csv", ("id", "organization_id", "name", "alternate_name", "description")),
    "service": (
        "services.csv",
        (
            "id",
            "organization_id",
            "program_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "wait_time",
            "fees",
            "accreditations",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "licenses",
            "alert",
            "last_modified",
        ),
    ),
    "attribute": (
        "attributes.csv",
        ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
    ),
    "service_at_location": (
        "service_at_location.csv",
        ("id", "service_id", "location_id", "description"),
    ),
    "location": (
        "locations.csv",
        (
            "id",
            "location_type",
            "url",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "external_identifier",
            "external_identifier_type",
        ),
    ),
    "phone": (
        "phones.csv",
        (
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ),
    ),
    "contact": (
        "contacts.csv",
        (
            "id",
            "organization_id",
            "service_id",
            "service_at_location_id",
            "location_id",
            "name",
            "title",
            "department",
            "email",
        ),
    ),
    "address": (
        "addresses.csv",
        (
            "id",
            "location_id",
            "attention",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ),
    ),
    "schedule": (
        "schedules.csv",
        (
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "timezone",
            "until",
            "count",
            "wkst",
            "freq",
            "interval",
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            "opens_at",
            "closes_at",
            "schedule_link",
            "attending_type",
            "notes",
        ),
    ),
    "funding": ("funding.csv", ("id", "organization_id", "service_id", "source")),
    "service_area": (
        "service_areas.csv",
        ("id", "service_id", "name", "description", "extent", "extent_type", "uri"),
    ),
    "required_document": ("required_documents.csv", ("id", "service_id", "document", "uri")),
    "language": (
        "languages.csv",
        ("id", "service_id", "location_id", "phone_id", "name", "code", "note"),
    ),
    "accessibility": ("accessibility.csv", ("id", "location_id", "description", "details", "url")),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        (
            "id",
            "code",
            "name",
            "description",
            "parent_id",
            "taxonomy",
            "language",
            "taxonomy_id",
            "term_uri",
        ),
    ),
    "metadata": (
        "metadata.csv",
        (
            "id",
            "resource_id",
            "resource_type",
            "last_action_date",
            "last_action_type",
            "field_name",
            "previous_value",
            "replacement_value",
            "updated_by",
        ),
    ),
    "meta_table_description": (
        "meta_table_descriptions.csv",
        ("id", "name", "language", "character_set"),
    ),
    "cost_option": (
        "cost_options.csv",
        (
            "id",
            "service_id",
            "valid_from",
            "valid_to",
            "option",
            "currency",
            "amount",
            "amount_description",
        ),
    ),
    "organization_identifier": (
        "organization_identifiers.csv",
        ("id", "organization_id", "identifier_scheme", "identifier_type", "identifier"),
    ),
    "taxonomy": ("taxonomies.csv", ("id", "name", "description", "uri", "version")),
}
NUMBER_COLUMNS = {
    "latitude", "longitude", "minimum_age", "maximum_age", "amount", "extension",
    "timezone", "count", "interval", "year_incorporated",
}  # fmt: skip
# Nested arrays of a parent → (table, foreign key filled from the parent's id).
CHILDREN = {
    "service": {
        "phones": ("phone", "service_id"),
        "schedules": ("schedule", "service_id"),
        "service_areas": ("service_area", "service_id"),
        "service_at_locations": ("service_at_location", "service_id"),
        "languages": ("language", "service_id"),
        "funding": ("funding", "service_id"),
        "cost_options": ("cost_option", "service_id"),
        "contacts": ("contact", "service_id"),
        "attributes": ("attribute", "link_id"),
    },
    "organization": {
        "phones": ("phone", "organization_id"),
        "organization_identifiers": ("organization_identifier", "organization_id"),
    },
    "service_at_location": {"schedules": ("schedule", "service_at_location_id")},
    "location": {"addresses": ("address", "location_id")},
}
SINGLE = {
    "service": {"organization": "organization"},
    "service_at_location": {"location": "location"},
}


class Tables:
    """Rows per table, each id once."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, dict]] = {name: {} for name in TABLES}

    def add(self, table: str, obj: dict, **keys: str) -> None:
        if obj["id"] in self.rows[table]:
            return
        row = {col: obj.get(col) for col in TABLES[table][1]}
        for col, value in keys.items():
            if not row.get(col):
                row[col] = value
        self.rows[table][obj["id"]] = row
        for attr, (child, fk) in CHILDREN.get(table, {}).items():
            for item in obj.get(attr) or []:
                self.add(child, item, **{fk: obj["id"]})
        for attr, child in SINGLE.get(table, {}).items():
            if obj.get(attr):
                self.add(child, obj[attr])


def flatten(services: list[dict], taxonomies: list[dict], terms: list[dict]) -> Tables:
    tables = Tables()
    for service in services:
        tables.add("service", service)
    for taxonomy in taxonomies:
        tables.add("taxonomy", taxonomy)
    for term in terms:
        tables.add("taxonomy_term", term)
    return tables


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_tables(tables: Tables, directory: Path) -> dict[str, int]:
    """Write every table (headers also for empty ones) and ``datapackage.json``.

    Returns the row count per file.
    """
    counts = {}
    resources = []
    for table, (filename, columns) in TABLES.items():
        with (directory / filename).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in tables.rows[table].values():
                writer.writerow([_cell(row[c]) for c in columns])
        counts[filename] = len(tables.rows[table])
        resources.append(
            {
                "name": table,
                "path": filename,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": {
                    "primaryKey": "id",
                    "fields": [
                        {"name": c, "type": "number" if c in NUMBER_COLUMNS else "string"}
                        for c in columns
                    ],
                },
            }
        )
    package = {
        "name": "human_services_data",
        "title": "Human Services Data Specification (Präventionsnavigator export)",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "resources": resources,
    }
    (directory / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return counts
