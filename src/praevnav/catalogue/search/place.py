"""Resolving the place of a search: ``near`` text, a map point, or nothing.

``near`` goes to the geocoder (``praevnav.geography.geocoding.geocode``) when it is
installed; without it, Stadtteil, Stadtbezirk and Gemeinde names of the tenant's areas
resolve to the area's centroid. A map point (``lat``/``lon``) wins over ``near``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from praevnav.catalogue.search.analysis import fold
from praevnav.catalogue.search.data import NAMED_LEVELS, Snapshot
from praevnav.core.models import Tenant


def _geocoder():
    try:
        from praevnav.geography import geocoding  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(geocoding, "geocode", None)


def area_code_at(*, area_index, lat: float, lon: float, snapshot: Snapshot) -> str | None:
    """The code of the finest named area (Stadtteil, Gemeinde …) containing the point."""
    ids = area_index.areas_containing(lon, lat) if area_index is not None else []
    by_id = {a.id: a for a in snapshot.areas}
    named = [by_id[i] for i in ids if i in by_id and by_id[i].level in NAMED_LEVELS]
    if not named:
        return None
    order = {lvl: i for i, lvl in enumerate(NAMED_LEVELS)}
    return max(named, key=lambda a: order.get(a.level, -1)).code


def resolve_place(*, tenant: Tenant, params, snapshot: Snapshot, notes: list[str], area_index):
    """The place of the search as a ``ResolvedPlace``, or ``None``."""
    from praevnav.catalogue.search.service import ResolvedPlace

    if params.lat is not None and params.lon is not None:
        return ResolvedPlace(
            label=params.near or _("Point on the map"),
            lat=params.lat,
            lon=params.lon,
            area_code=area_code_at(
                area_index=area_index, lat=params.lat, lon=params.lon, snapshot=snapshot
            ),
            source="point",
        )
    if not params.near:
        return None
    geocode = _geocoder()
    if geocode is not None:
        results = list(geocode(tenant=tenant, text=params.near) or [])
        if results:
            best = results[0]
            return ResolvedPlace(
                label=best.label,
                lat=best.lat,
                lon=best.lon,
                area_code=getattr(best, "area_code", None),
                source=getattr(best, "source", "geocoder"),
            )
    else:
        wanted = fold(params.near)
        for level in reversed(NAMED_LEVELS):
            for area in snapshot.areas:
                if area.level == level and area.centroid and fold(area.name) == wanted:
                    lat, lon = area.centroid
                    return ResolvedPlace(area.name, lat, lon, area.code, "area")
    notes.append(_("The place “%(place)s” was not found.") % {"place": params.near})
    return None
