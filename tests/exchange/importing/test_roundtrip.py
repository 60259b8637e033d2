"""Import → export → import of the demo data is lossless and idempotent."""

from __future__ import annotations

import pytest

from catalogue.demo_fixtures import REFERENCE_DATE, synthetic_areas
from factories import AreaFactory, TenantFactory
from praevnav.catalogue.demo.generator import generate_dataset
from praevnav.catalogue.demo.loader import persist_dataset
from praevnav.catalogue.demo.providers import DUESSELDORF
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.catalogue.revisions import offer_snapshots
from praevnav.exchange.importing import import_apply, import_plan
from praevnav.exchange.template.parser import parse_template
from praevnav.exchange.template.writer import export_offers
from praevnav.geography.models import Location


def _areas(tenant):
    inputs = synthetic_areas()
    for group in sorted({a.group for a in inputs}):
        AreaFactory(tenant=tenant, level="stadtbezirk", code=group, name=f"Bezirk {group}")
    for a in inputs:
        AreaFactory(tenant=tenant, level="stadtteil", code=a.code, name=a.name, geometry=a.geometry)


def _export(tenant, fmt):
    ids = Offer.all_tenants.filter(tenant=tenant).values_list("pk", flat=True)
    return export_offers(tenant=tenant, offer_ids=list(ids), fmt=fmt)


def _import(tenant, data, fmt):
    plan = import_plan(tenant=tenant, parsed=parse_template(data, fmt=fmt))
    return import_apply(plan=plan)


@pytest.fixture
def demo_tenant(db):
    tenant = TenantFactory(slug="demo-quelle")
    _areas(tenant)
    dataset = generate_dataset(
        region=DUESSELDORF,
        areas=synthetic_areas(),
        offers=120,
        seed=3,
        reference_date=REFERENCE_DATE,
    )
    persist_dataset(root=tenant, dataset=dataset)
    return tenant


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_demo_export_import_export_is_lossless_and_reimport_changes_nothing(demo_tenant, fmt):
    first = _export(demo_tenant, fmt)
    fresh = TenantFactory(slug=f"demo-ziel-{fmt}")
    _areas(fresh)
    report = _import(fresh, first, fmt)
    assert report.errors == [], report.as_text()[:3000]
    source_offers = Offer.all_tenants.filter(tenant=demo_tenant)
    assert report.created == source_offers.count() == 120
    # Statuses survive (the demo has drafts and archived offers, too).
    assert sorted(source_offers.values_list("status", flat=True)) == sorted(
        Offer.all_tenants.filter(tenant=fresh).values_list("status", flat=True)
    )
    assert (
        Location.all_tenants.filter(tenant=fresh).count()
        == Location.all_tenants.filter(tenant=demo_tenant).count()
    )
    second = _export(fresh, fmt)
    if fmt == "csv":
        assert second == first
    else:
        from praevnav.exchange.template.reader import read_xlsx

        assert read_xlsx(second).rows == read_xlsx(first).rows
    # Every new offer starts with revision 1 holding its snapshot.
    fresh_ids = list(Offer.all_tenants.filter(tenant=fresh).values_list("pk", flat=True))
    snaps = offer_snapshots(fresh_ids)
    for revision in OfferRevision.all_tenants.filter(offer_id__in=fresh_ids):
        assert revision.number == 1 and revision.data == snaps[revision.offer_id]

    again = _import(fresh, second, fmt)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 120)
    source_again = _import(demo_tenant, first, fmt)
    assert (source_again.created, source_again.updated, source_again.unchanged) == (0, 0, 120)
