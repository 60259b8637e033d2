"""Writes of the geography app."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.db.models.signals import post_delete, post_save

from praevnav.core.models import Tenant
from praevnav.geography.models import Area, Location
from praevnav.geography.spatial import AreaIndex, AreaShape

_INDEX_CACHE: dict[int, tuple[tuple, AreaIndex]] = {}


def area_index_invalidate() -> None:
    """Forget every cached index (after areas changed through ``QuerySet.update``)."""
    _INDEX_CACHE.clear()


def _invalidate_on_area_change(sender, **kwargs) -> None:
    area_index_invalidate()


# Saves and deletes in this process drop the cache at once; changes made by other
# processes are caught by the fingerprint below.
post_save.connect(_invalidate_on_area_change, sender=Area, dispatch_uid="area_index_save")
post_delete.connect(_invalidate_on_area_change, sender=Area, dispatch_uid="area_index_delete")


def area_index_for_tenant(*, tenant: Tenant) -> AreaIndex:
    """The point-in-polygon index over every area a tenant's locations may fall into.

    These are the areas of its lineage: its own, its member towns' and its Kreis's
    (a member town's locations fall into the Kreis's Gemeinde areas). Cached per
    process and rebuilt when the areas change (count, id sum or last update).
    """
    ids = tenant.lineage_ids()
    qs = Area.all_tenants.filter(tenant_id__in=ids)
    fingerprint = tuple(sorted(ids)) + tuple(
        qs.aggregate(n=Count("id"), ids=Sum("id"), last=Max("updated_at")).values()
    )
    cached = _INDEX_CACHE.get(tenant.pk)
    if cached and cached[0] == fingerprint:
        return cached[1]
    index = AreaIndex(
        [
            AreaShape(
                area_id=a.pk, level=a.level, geometry=a.geometry, parent_id=a.parent_id, code=a.code
            )
            for a in qs.exclude(geometry=None).only("id", "level", "geometry", "parent_id", "code")
        ]
    )
    _INDEX_CACHE[tenant.pk] = (fingerprint, index)
    return index


@transaction.atomic
def location_assign_areas(*, location: Location) -> list[int]:
    """Assign ``location`` to the areas containing its coordinates.

    One area per level; border points go to one neighbour (rule in
    ``geography/spatial.py``). A location without coordinates keeps no areas;
    coordinates outside all of the tenant's areas set ``outside_tenant`` (kept,
    flagged, no area assigned).
    """
    _assign(tenant=location.tenant, locations=[location])
    return sorted(
        Location.areas.through.objects.filter(location_id=location.pk).values_list(
            "area_id", flat=True
        )
    )


@transaction.atomic
def locations_assign_areas_bulk(*, tenant: Tenant | None = None, locations: list[Location]) -> None:
    """Point-in-polygon for many locations at once (imports, demo load).

    Gives the same result as ``location_assign_areas`` for each location: every
    location is matched against its own tenant's lineage (``tenant`` is kept for
    callers and only used for locations whose tenant is not loaded).
    """
    groups: dict[int, list[Location]] = defaultdict(list)
    for loc in locations:
        groups[loc.tenant_id or tenant.pk].append(loc)  # type: ignore[union-attr]
    tenants = {t.pk: t for t in Tenant.objects.filter(pk__in=groups)}
    for tenant_id, group in groups.items():
        _assign(tenant=tenants[tenant_id], locations=group)


def _assign(*, tenant: Tenant, locations: list[Location]) -> None:
    # The through table is written directly: ``location.areas`` is a tenant-scoped
    # manager, and ``set()``/``clear()`` through it would not see (and so never
    # remove) areas outside the active tenant, e.g. the Kreis's Gemeinde areas of
    # a member town's location.
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
    outside_ids = {
        loc.pk for loc, ids in zip(with_coords, results, strict=True) if not ids and len(index)
    }
    for loc in locations:
        loc.outside_tenant = loc.pk in outside_ids
        # Drop a prefetched ``areas`` list that no longer holds.
        getattr(loc, "_prefetched_objects_cache", {}).pop("areas", None)
    ids = [loc.pk for loc in locations]
    Location.all_tenants.filter(pk__in=ids).exclude(pk__in=outside_ids).update(outside_tenant=False)
    if outside_ids:
        Location.all_tenants.filter(pk__in=outside_ids).update(outside_tenant=True)
