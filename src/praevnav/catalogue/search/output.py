"""The JSON shape of a search result for the CLI (the API builds the same keys).

``{"count", "results": [{id, external_id, title, organisation, life_phases, dimensions,
areas, distance_m, score}], "facets": {key: [{value, label, count, selected, depth,
parent}]}, "place", "notes"}``.
"""

from __future__ import annotations

from praevnav.geography.enums import LEVEL_DEPTH, AreaLevel
from praevnav.taxonomy.selectors import life_phases_for_tenant
from praevnav.taxonomy.services import derive_life_phases


def _depth(level: str) -> int:
    try:
        return LEVEL_DEPTH[AreaLevel(level)]
    except ValueError:
        return 99


def result_data(result) -> dict:
    phases: dict[int, list] = {}
    results = []
    for hit, offer in zip(result.hits, result.offers, strict=False):
        if offer.tenant_id not in phases:
            phases[offer.tenant_id] = life_phases_for_tenant(tenant_id=offer.tenant_id)
        life = derive_life_phases(
            phases=phases[offer.tenant_id],
            pregnancy=offer.pregnancy,
            min_months=offer.age_min_months,
            max_months=offer.age_max_months,
        )
        areas = {a.pk: a for loc in offer.locations.all() for a in loc.areas.all()}
        item = {
            "id": offer.pk,
            "external_id": offer.external_id,
            "title": offer.title,
            "organisation": {"id": offer.organisation.pk, "name": offer.organisation.name},
            "life_phases": [{"code": p.code, "label": p.label} for p in life],
            "dimensions": [
                {"code": t.code, "label": t.label}
                for t in sorted(offer.dimensions.all(), key=lambda t: (t.position, t.name))
            ],
            "areas": [
                {"code": a.code, "name": a.name, "level": a.level}
                for a in sorted(areas.values(), key=lambda a: (_depth(a.level), a.code))
            ],
            "score": round(float(hit.score), 6),
        }
        if result.place is not None:
            item["distance_m"] = round(hit.distance_m, 1) if hit.distance_m is not None else None
        results.append(item)
    return {
        "count": result.count,
        "results": results,
        "facets": facets_as_json(result),
        "place": place_as_json(result.place),
        "notes": [str(n) for n in result.notes],
    }


def facets_as_json(result) -> dict[str, list[dict]]:
    """The facet counts of a search result as JSON-ready lists (API and CLI)."""
    return {
        key: [
            {
                "value": v.value,
                "label": str(v.label),
                "count": v.count,
                "selected": v.selected,
                "depth": v.depth,
                "parent": v.parent,
            }
            for v in values
        ]
        for key, values in result.facets.items()
    }


def place_as_json(place) -> dict | None:
    """The resolved place of a search as JSON (``None`` without a place)."""
    if place is None:
        return None
    return {
        "label": place.label,
        "lat": place.lat,
        "lon": place.lon,
        "area_code": place.area_code,
        "source": place.source,
    }
