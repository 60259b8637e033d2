"""planning_dataset: which offers count where, which are left out, and at what cost."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import AreaFactory, LocationFactory, OfferFactory, TenantFactory
from praevnav.catalogue.enums import ServiceAreaKind
from praevnav.catalogue.models import Offer
from praevnav.core.models import TenantKind
from praevnav.planning.supply import CURRENT, INVALID, OVERDUE, planning_dataset

pytestmark = pytest.mark.django_db
TODAY = date(2025, 6, 1)


@pytest.fixture
def tree(tenant):
    city = AreaFactory(tenant=tenant, level="kommune", code="05111000", name="Stadt")
    bezirk = AreaFactory(
        tenant=tenant, level="stadtbezirk", code="03", name="Bezirk 3", parent=city
    )
    other_bezirk = AreaFactory(
        tenant=tenant, level="stadtbezirk", code="04", name="Bezirk 4", parent=city
    )
    hafen = AreaFactory(tenant=tenant, code="033", name="Hafen", parent=bezirk)
    bilk = AreaFactory(tenant=tenant, code="034", name="Bilk", parent=bezirk)
    eller = AreaFactory(tenant=tenant, code="041", name="Eller", parent=other_bezirk)
    sozialraum = AreaFactory(
        tenant=tenant, level="sozialraum", code="0331", name="Hafen Nord", parent=hafen
    )
    return {a.code: a for a in (city, bezirk, other_bezirk, hafen, bilk, eller, sozialraum)}


def _located(tenant, area, **kw):
    location = LocationFactory(tenant=tenant, latitude=51.2, longitude=6.78)
    location.areas.set([area])
    offer = OfferFactory(tenant=tenant, age_min_months=0, age_max_months=36, **kw)
    offer.locations.set([location])
    return offer


def _codes(dataset, ids):
    return {dataset.areas[i].code for i in ids}


def test_location_in_stadtteil_counts_in_its_bezirk_and_city_not_in_neighbours(tenant, tree):
    offer = _located(tenant, tree["033"])
    [row] = planning_dataset(tenant=tenant, today=TODAY).offers
    assert row.id == offer.pk
    assert _codes(planning_dataset(tenant=tenant, today=TODAY), row.counts_in) == {
        "033", "03", "05111000"
    }  # fmt: skip
    assert row.phases == frozenset({"0-3"})


def test_served_bezirk_counts_in_its_stadtteile_and_sozialraeume(tenant, tree):
    offer = OfferFactory(tenant=tenant, service_area_kind=ServiceAreaKind.AREAS)
    offer.service_areas.set([tree["03"]])
    dataset = planning_dataset(tenant=tenant, today=TODAY)
    [row] = dataset.offers
    assert _codes(dataset, row.counts_in) == {"03", "033", "034", "0331", "05111000"}
    assert _codes(dataset, row.served) == {"03"}


def test_whole_tenant_offer_counts_everywhere(tenant, tree):
    OfferFactory(tenant=tenant, service_area_kind=ServiceAreaKind.WHOLE_TENANT)
    dataset = planning_dataset(tenant=tenant, today=TODAY)
    assert _codes(dataset, dataset.offers[0].counts_in) == set(tree)


def test_overdue_and_invalid_offers_are_kept_apart_and_counted(tenant, tree):
    current = _located(tenant, tree["033"])
    overdue = _located(tenant, tree["033"])
    ended = _located(tenant, tree["033"])
    future = _located(tenant, tree["033"])
    Offer.all_tenants.filter(pk=overdue.pk).update(confirmation_due=TODAY - timedelta(days=3))
    Offer.all_tenants.filter(pk=current.pk).update(confirmation_due=TODAY + timedelta(days=30))
    Offer.all_tenants.filter(pk=ended.pk).update(valid_until=TODAY - timedelta(days=1))
    Offer.all_tenants.filter(pk=future.pk).update(valid_from=TODAY + timedelta(days=1))
    dataset = planning_dataset(tenant=tenant, today=TODAY)
    states = {o.id: o.state for o in dataset.offers}
    assert states[current.pk] == CURRENT
    assert states[overdue.pk] == OVERDUE
    assert states[ended.pk] == INVALID and states[future.pk] == INVALID
    assert [o.id for o in dataset.current()] == [current.pk]
    assert dataset.left_out() == {OVERDUE: 1, INVALID: 2}


def test_drafts_and_other_tenants_offers_are_not_read(tenant, tree, other_tenant):
    _located(tenant, tree["033"], status="draft")
    OfferFactory(tenant=other_tenant)
    assert planning_dataset(tenant=tenant, today=TODAY).offers == []


def test_query_count_does_not_grow_with_offers(tenant, tree):
    _located(tenant, tree["033"])
    with CaptureQueriesContext(connection) as few:
        planning_dataset(tenant=tenant, today=TODAY)
    for i in range(15):
        offer = _located(tenant, tree["041"] if i % 2 else tree["034"])
        offer.service_areas.set([tree["04"]])
    with CaptureQueriesContext(connection) as many:
        dataset = planning_dataset(tenant=tenant, today=TODAY)
    assert len(dataset.offers) == 16
    assert len(many) == len(few)


def test_member_towns_whole_town_offer_counts_in_that_town_only():
    kreis = TenantFactory(slug="kreis-x", kind=TenantKind.KREIS, official_code="05358")
    town = TenantFactory(
        slug="town-a", kind=TenantKind.GEMEINDE, parent=kreis, official_code="05358004"
    )
    TenantFactory(slug="town-b", kind=TenantKind.GEMEINDE, parent=kreis, official_code="05358008")
    root = AreaFactory(tenant=kreis, level="kreis", code="05358", name="Kreis")
    a = AreaFactory(tenant=kreis, level="gemeinde", code="05358004", name="A", parent=root)
    AreaFactory(tenant=kreis, level="gemeinde", code="05358008", name="B", parent=root)
    OfferFactory(tenant=town, service_area_kind=ServiceAreaKind.WHOLE_TENANT)
    OfferFactory(tenant=kreis, service_area_kind=ServiceAreaKind.WHOLE_TENANT)
    dataset = planning_dataset(tenant=kreis, today=TODAY)
    by_tenant = {o.organisation_id: o for o in dataset.offers}
    rows = sorted(by_tenant.values(), key=lambda o: len(o.counts_in))
    assert _codes(dataset, rows[0].counts_in) == {a.code, "05358"}
    assert _codes(dataset, rows[1].counts_in) == {"05358", "05358004", "05358008"}
