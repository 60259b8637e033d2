"""Writes of the geography app."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Max

from praevnav.core.models import Tenant
from praevnav.geography.models import Area, Location
from praevnav.geography.spatial import AreaIndex, AreaShape

_INDEX_CACHE: dict[int, tuple[tuple, AreaIndex]] = {}


def area_index_for_tenant(*, tenant: Tenant) -> AreaIndex:
    """The point-in-polygon index over every area a tenant's locations may fall into.

    Cached per process and rebuilt when the areas change (count or last update).
    """
    ids = tenant.lineage_ids()
    qs = Area.all_tenants.filter(tenant_id__in=ids)
    fingerprint = tuple(sorted(ids)) + tuple(
        qs.aggregate(n=Count("id"), last=Max("updated_at")).values()
    )
    cached = _INDEX_CACHE.get(tenant.pk)
    if cached and cached[0] == fingerprint:
        return cached[1]
    index = AreaIndex(
        [
            AreaShape(area_id=a.pk, level=a.level, geometry=a.geometry)
            for a in qs.exclude(geometry=None).only("id", "level", "geometry")
        ]
    )
    _INDEX_CACHE[tenant.pk] = (fingerprint, index)
    return index


@transaction.atomic
def location_assign_areas(*, location: Location) -> list[int]:
    """Assign ``location`` to every area containing its coordinates.

    A location without coordinates keeps no areas; coordinates outside all of the
    tenant's areas set ``outside_tenant`` (kept, flagged, no area assigned).
    """
    if location.latitude is None or location.longitude is None:
        location.areas.clear()
        outside = False
        area_ids: list[int] = []
    else:
        index = area_index_for_tenant(tenant=location.tenant)
        area_ids = index.areas_containing(location.longitude, location.latitude)
        location.areas.set(area_ids)
        outside = len(index) > 0 and not area_ids
    if location.outside_tenant != outside:
        location.outside_tenant = outside
        Location.all_tenants.filter(pk=location.pk).update(outside_tenant=outside)
    return area_ids


@transaction.atomic
def locations_assign_areas_bulk(*, tenant: Tenant, locations: list[Location]) -> None:
    """Point-in-polygon for many locations at once (imports, demo load)."""
    index = area_index_for_tenant(tenant=tenant)
    with_coords = [
        loc for loc in locations if loc.latitude is not None and loc.longitude is not None
    ]
    results = index.bulk_areas_containing(
        [loc.longitude for loc in with_coords], [loc.latitude for loc in with_coords]
    )
    through = Location.areas.through
    through.objects.filter(location_id__in=[loc.pk for loc in locations]).delete()
    through.objects.bulk_create(
        [
            through(location_id=loc.pk, area_id=area_id)
            for loc, ids in zip(with_coords, results, strict=True)
            for area_id in ids
        ],
        batch_size=2000,
    )
    outside_ids = [
        loc.pk for loc, ids in zip(with_coords, results, strict=True) if not ids and len(index)
    ]
    Location.all_tenants.filter(pk__in=[loc.pk for loc in locations]).update(outside_tenant=False)
    if outside_ids:
        Location.all_tenants.filter(pk__in=outside_ids).update(outside_tenant=True)
