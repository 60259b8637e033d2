"""The export of a few hundred generated demo offers (the demo generator's variety:
sessions, several locations, service areas, every vocabulary) validates as a whole."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from factories import AreaFactory, TenantFactory, square
from praevnav.exchange.hsds.export import hsds_document
from praevnav.exchange.hsds.tabular import flatten

from .hsds_schema import errors

pytestmark = pytest.mark.django_db


def test_generated_offers_export_validates_and_flattens_consistently():
    tenant = TenantFactory(slug="bench-stadt", name="Benchstadt", official_code="05111000")
    for i in range(4):
        AreaFactory(tenant=tenant, code=f"0{i}1", geometry=square(6.70 + 0.02 * i, 51.2, 0.015))
    call_command(
        "generate_offers", "--tenant", "bench-stadt", "--count", "300", "--seed", "3",
        stdout=StringIO(),
    )  # fmt: skip
    doc = hsds_document(tenant=tenant)
    assert len(doc.services) >= 250  # a few are generated as expired or drafts
    problems = [e for s in doc.services for e in errors("service", s)]
    problems += [e for t in doc.taxonomy_terms for e in errors("taxonomy_term", t)]
    assert problems[:5] == []
    assert sum(1 for s in doc.services if s.get("schedules") or any(
        sal.get("schedules") for sal in s.get("service_at_locations", [])
    )) > 100  # fmt: skip
    tables = flatten(doc.services, doc.taxonomies, doc.taxonomy_terms)
    service_ids = set(tables.rows["service"])
    assert len(service_ids) == len(doc.services)
    # every foreign key of a flattened row points at a row of its table
    location_ids = set(tables.rows["location"])
    assert all(r["service_id"] in service_ids for r in tables.rows["service_at_location"].values())
    assert all(
        r["location_id"] in location_ids for r in tables.rows["service_at_location"].values()
    )
    term_ids = set(tables.rows["taxonomy_term"])
    assert all(r["taxonomy_term_id"] in term_ids for r in tables.rows["attribute"].values())
