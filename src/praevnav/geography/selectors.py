"""Reads of the geography app: areas by level, the area tree, population per phase."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Max, QuerySet

from praevnav.core.models import Tenant
from praevnav.geography.indicators_keys import PHASE_PREFIX
from praevnav.geography.models import Area, Indicator


def areas_at_level(*, tenant: Tenant, level: str) -> QuerySet[Area]:
    """The tenant's areas of one level, ordered by code (geometry deferred)."""
    return (
        Area.all_tenants.filter(tenant=tenant, level=level)
        .defer("geometry")
        .select_related("parent")
        .order_by("code")
    )


@dataclass
class AreaNode:
    area: Area
    children: list[AreaNode] = field(default_factory=list)


def area_tree(*, tenant: Tenant) -> list[AreaNode]:
    """The tenant's areas as a tree (roots first, children ordered by code), one query."""
    areas = list(Area.all_tenants.filter(tenant=tenant).defer("geometry").order_by("code"))
    nodes = {a.pk: AreaNode(a) for a in areas}
    roots: list[AreaNode] = []
    for area in areas:
        node = nodes[area.pk]
        parent = nodes.get(area.parent_id) if area.parent_id else None
        (parent.children if parent is not None else roots).append(node)
    return roots


def latest_population_year(*, tenant: Tenant, level: str) -> int | None:
    """The newest year with life-phase populations at ``level``."""
    return Indicator.all_tenants.filter(
        tenant=tenant, area__level=level, key__startswith=PHASE_PREFIX, value__isnull=False
    ).aggregate(y=Max("year"))["y"]


def population_by_phase(
    *, tenant: Tenant, year: int | None = None, level: str
) -> dict[int, dict[str, float | None]]:
    """``{area_id: {phase_code: population}}`` for the areas of ``level``.

    ``year=None`` takes the newest year that has life-phase populations at that
    level. Suppressed values are ``None``; areas without figures are absent.
    """
    if year is None:
        year = latest_population_year(tenant=tenant, level=level)
        if year is None:
            return {}
    result: dict[int, dict[str, float | None]] = {}
    rows = Indicator.all_tenants.filter(
        tenant=tenant, year=year, area__level=level, key__startswith=PHASE_PREFIX
    ).values_list("area_id", "key", "value")
    for area_id, key, value in rows:
        result.setdefault(area_id, {})[key[len(PHASE_PREFIX) :]] = value
    return result
