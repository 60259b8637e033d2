"""Locations are assigned to their areas from the coordinates on save."""

from __future__ import annotations

import random

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from factories import AreaFactory, LocationFactory, TenantFactory, square
from praevnav.core.models import TenantKind
from praevnav.core.tenancy import tenant_context
from praevnav.geography.models import Area, Location
from praevnav.geography.services import (
    area_index_for_tenant,
    area_index_invalidate,
    location_assign_areas,
    locations_assign_areas_bulk,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    """Bezirk 01 (Stadtteile 011, 012) and Bezirk 02 (Stadtteil 021), side by side.

    lon 6.70 | 011 | 6.71 | 012 | 6.72 | 021 | 6.73, lat 51.20–51.21
    """
    tenant = TenantFactory(slug="stadt", taxonomy=False)
    b1 = AreaFactory(tenant=tenant, level="stadtbezirk", code="01", geometry=_rect(6.70, 6.72))
    b2 = AreaFactory(tenant=tenant, level="stadtbezirk", code="02", geometry=_rect(6.72, 6.73))
    areas = {
        "01": b1,
        "02": b2,
        "011": AreaFactory(tenant=tenant, code="011", parent=b1, geometry=square(6.70, 51.20)),
        "012": AreaFactory(tenant=tenant, code="012", parent=b1, geometry=square(6.71, 51.20)),
        "021": AreaFactory(tenant=tenant, code="021", parent=b2, geometry=square(6.72, 51.20)),
    }
    return tenant, areas


def _rect(west: float, east: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, 51.20], [east, 51.20], [east, 51.21], [west, 51.21], [west, 51.20]]
        ],
    }


def codes(location: Location) -> set[str]:
    return set(Area.all_tenants.filter(locations=location).values_list("code", flat=True))


def test_point_in_nested_stadtbezirk_and_stadtteil_gets_both(city):
    tenant, _ = city
    location = LocationFactory(tenant=tenant, longitude=6.705, latitude=51.205)
    assert codes(location) == {"01", "011"}
    assert location.outside_tenant is False


def test_point_on_border_between_stadtteile_goes_to_one_deterministically(city):
    tenant, _ = city
    location = LocationFactory(tenant=tenant, longitude=6.71, latitude=51.205)
    # One area per level; ties go to the lower official code.
    assert codes(location) == {"01", "011"}


def test_point_on_border_between_bezirke_keeps_hierarchy(city):
    tenant, _ = city
    location = LocationFactory(tenant=tenant, longitude=6.72, latitude=51.205)
    # Bezirk 01 wins (lower code); of the Stadtteile touching the point, the one
    # inside Bezirk 01 (012) follows, not 021.
    assert codes(location) == {"01", "012"}


def test_point_outside_all_areas_is_flagged_without_areas(city):
    tenant, _ = city
    location = LocationFactory(tenant=tenant, longitude=7.5, latitude=50.9)
    location.refresh_from_db()
    assert codes(location) == set()
    assert location.outside_tenant is True


def test_moving_the_pin_reassigns(city):
    tenant, _ = city
    location = LocationFactory(tenant=tenant, longitude=6.705, latitude=51.205)
    location.longitude = 6.725
    location.save()
    assert codes(location) == {"02", "021"}
    location.longitude, location.latitude = 7.5, 50.9
    location.save()
    location.refresh_from_db()
    assert (codes(location), location.outside_tenant) == (set(), True)
    location.longitude, location.latitude = 6.715, 51.205
    location.save()
    location.refresh_from_db()
    assert (codes(location), location.outside_tenant) == ({"01", "012"}, False)


def test_no_coordinates_no_areas_and_not_outside(city):
    tenant, _ = city
    location = LocationFactory(tenant=tenant, longitude=6.705, latitude=51.205)
    location.longitude = location.latitude = None
    location.save()
    location.refresh_from_db()
    assert codes(location) == set()
    assert location.outside_tenant is False


def test_tenant_without_areas_never_flags_outside(db):
    tenant = TenantFactory(slug="leer", taxonomy=False)
    location = LocationFactory(tenant=tenant, longitude=6.705, latitude=51.205)
    location.refresh_from_db()
    assert location.outside_tenant is False


def test_save_without_assignment_leaves_areas_alone(city):
    tenant, _ = city
    location = LocationFactory(tenant=tenant, longitude=6.705, latitude=51.205)
    location.longitude = 6.725
    location.save(assign_areas=False)
    assert codes(location) == {"01", "011"}
    assert location_assign_areas(location=location) == sorted(
        Area.all_tenants.filter(code__in=["02", "021"], tenant=tenant).values_list("pk", flat=True)
    )


def test_bulk_assignment_equals_single_assignment(city):
    tenant, _ = city
    rng = random.Random(7)
    points = [(rng.uniform(6.695, 6.735), rng.uniform(51.195, 51.215)) for _ in range(60)]
    points += [(6.71, 51.205), (6.72, 51.21), (6.70, 51.20), (None, None)]
    bulk = [
        Location.all_tenants.create(tenant=tenant, name=f"b{i}", longitude=lon, latitude=lat)
        for i, (lon, lat) in enumerate(points)
    ]
    single = [
        Location.all_tenants.create(tenant=tenant, name=f"s{i}", longitude=lon, latitude=lat)
        for i, (lon, lat) in enumerate(points)
    ]
    Location.areas.through.objects.filter(location__in=bulk).delete()
    locations_assign_areas_bulk(tenant=tenant, locations=bulk)
    for b, s in zip(bulk, single, strict=True):
        b.refresh_from_db()
        s.refresh_from_db()
        assert (codes(b), b.outside_tenant) == (codes(s), s.outside_tenant), (
            b.longitude,
            b.latitude,
        )
    assert any(b.outside_tenant for b in bulk) and any(codes(b) for b in bulk)


def test_index_is_rebuilt_when_areas_change(city):
    tenant, areas = city
    first = area_index_for_tenant(tenant=tenant)
    assert area_index_for_tenant(tenant=tenant) is first  # cached

    new = AreaFactory(tenant=tenant, level="stadtteil", code="031", geometry=square(6.80, 51.20))
    location = LocationFactory(tenant=tenant, longitude=6.805, latitude=51.205)
    assert codes(location) == {"031"}

    # Geometry changed by save(): the signal drops the cache.
    new.geometry = square(6.90, 51.20)
    new.save()
    location.save()
    location.refresh_from_db()
    assert codes(location) == set() and location.outside_tenant


def test_index_notices_changes_made_elsewhere(city):
    """Another process changed an area (no signal here): the fingerprint catches it."""
    tenant, areas = city
    area_index_for_tenant(tenant=tenant)
    Area.all_tenants.filter(pk=areas["021"].pk).update(
        geometry=square(6.90, 51.20), updated_at=timezone.now()
    )
    location = LocationFactory(tenant=tenant, longitude=6.905, latitude=51.205)
    assert codes(location) == {"021"}


def test_index_invalidate_after_queryset_update(city):
    tenant, areas = city
    area_index_for_tenant(tenant=tenant)
    # A bulk update that does not touch updated_at: the caller invalidates.
    Area.all_tenants.filter(pk=areas["021"].pk).update(geometry=square(6.90, 51.20))
    area_index_invalidate()
    location = LocationFactory(tenant=tenant, longitude=6.905, latitude=51.205)
    assert codes(location) == {"021"}


def test_deleting_an_area_rebuilds_the_index(city):
    tenant, areas = city
    area_index_for_tenant(tenant=tenant)
    areas["021"].delete()
    location = LocationFactory(tenant=tenant, longitude=6.725, latitude=51.205)
    assert codes(location) == {"02"}


# --- Kreis lineage ------------------------------------------------------------------


@pytest.fixture
def kreis(db):
    kreis = TenantFactory(slug="kreis-x", kind=TenantKind.KREIS, taxonomy=False)
    town = TenantFactory(slug="ort-a", kind=TenantKind.GEMEINDE, parent=kreis, taxonomy=False)
    sibling = TenantFactory(slug="ort-b", kind=TenantKind.GEMEINDE, parent=kreis, taxonomy=False)
    gemeinde_a = AreaFactory(tenant=kreis, level="gemeinde", code="A", geometry=square(6.40, 50.70))
    gemeinde_b = AreaFactory(tenant=kreis, level="gemeinde", code="B", geometry=square(6.41, 50.70))
    return kreis, town, sibling, gemeinde_a, gemeinde_b


def test_member_town_location_falls_into_the_kreis_gemeinde_areas(kreis):
    _kreis, town, _sibling, gemeinde_a, _ = kreis
    location = LocationFactory(tenant=town, longitude=6.405, latitude=50.705)
    assert codes(location) == {"A"}
    assert location.outside_tenant is False


def test_member_town_location_moved_inside_town_context_loses_old_kreis_area(kreis):
    _kreis, town, _sibling, _a, _b = kreis
    with tenant_context(town):
        location = Location.objects.create(name="Treff", longitude=6.405, latitude=50.705)
        assert location.tenant == town
        location.longitude = 6.415
        location.save()
        location.latitude = location.longitude = None
        location.save()
    assert codes(location) == set()


def test_member_town_location_moved_inside_town_context_gets_only_new_area(kreis):
    _kreis, town, *_ = kreis
    with tenant_context(town):
        location = Location.objects.create(name="Treff", longitude=6.405, latitude=50.705)
        location.longitude = 6.415
        location.save()
    assert codes(location) == {"B"}


def test_town_location_ignores_a_sibling_towns_own_areas(kreis):
    _kreis, town, sibling, *_ = kreis
    AreaFactory(tenant=sibling, level="stadtteil", code="S1", geometry=square(6.40, 50.70))
    location = LocationFactory(tenant=town, longitude=6.405, latitude=50.705)
    assert codes(location) == {"A"}


def test_kreis_location_also_falls_into_member_town_areas(kreis):
    kreis_tenant, town, *_ = kreis
    AreaFactory(tenant=town, level="stadtteil", code="T1", geometry=square(6.40, 50.70))
    location = LocationFactory(tenant=kreis_tenant, longitude=6.405, latitude=50.705)
    assert codes(location) == {"A", "T1"}


def test_bulk_assignment_uses_each_locations_own_tenant(kreis):
    kreis_tenant, town, sibling, *_ = kreis
    AreaFactory(tenant=sibling, level="stadtteil", code="S1", geometry=square(6.40, 50.70))
    town_location = Location.all_tenants.create(
        tenant=town, name="t", longitude=6.405, latitude=50.705
    )
    Location.areas.through.objects.all().delete()
    locations_assign_areas_bulk(tenant=kreis_tenant, locations=[town_location])
    assert codes(town_location) == {"A"}


# --- coordinate validation ----------------------------------------------------------


@pytest.mark.parametrize(
    "lat,lon,field",
    [(91, 6.7, "latitude"), (-90.5, 6.7, "latitude"), (51.2, 180.5, "longitude")],
)
def test_coordinates_out_of_range_are_a_validation_error_naming_the_field(city, lat, lon, field):
    tenant, _ = city
    location = Location(tenant=tenant, name="Falsch", latitude=lat, longitude=lon)
    with pytest.raises(ValidationError) as excinfo:
        location.full_clean()
    assert field in excinfo.value.message_dict


@pytest.mark.parametrize("lat,lon", [(91, 6.7), (51.2, -181)])
def test_coordinates_out_of_range_are_rejected_by_the_database(city, lat, lon):
    tenant, _ = city
    with pytest.raises(IntegrityError), transaction.atomic():
        Location.all_tenants.create(tenant=tenant, name="Falsch", latitude=lat, longitude=lon)
    assert not Location.all_tenants.filter(name="Falsch").exists()


def test_half_coordinates_are_rejected_by_clean_and_database(city):
    tenant, _ = city
    location = LocationFactory.build(tenant=tenant, latitude=51.205, longitude=None)
    with pytest.raises(ValidationError) as excinfo:
        location.full_clean()
    assert "longitude" in excinfo.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        location.save()
