"""``GET /api/v1/areas``: the tenant's areas (Gebiete) with codes, centroids, bounding boxes."""

from __future__ import annotations

import re

from django.http import HttpRequest
from ninja import Router
from shapely.geometry import mapping, shape

from praevnav.api.common import COMMON_PARAMS, flag, query_param, request_tenant, response_language
from praevnav.api.errors import bad_parameter
from praevnav.api.schemas import AreaList, Error
from praevnav.geography.enums import LEVEL_DEPTH, AreaLevel
from praevnav.geography.models import Area

router = Router(tags=["areas"])

# About 20 m at Düsseldorf's latitude: outlines stay recognisable on a city map while a
# Stadtteil shrinks from thousands of vertices to a few dozen.
SIMPLIFY_TOLERANCE_DEG = 0.0002
COORD_DIGITS = 5
MAX_CODES = 200
# The pattern of the search's ``area`` parameter; also keeps NUL bytes away from PostgreSQL.
AREA_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/+-]{0,39}$")

AREA_PARAMS = [
    query_param(
        "level",
        "Only areas of this level: " + ", ".join(f"`{lvl}`" for lvl in AreaLevel.values) + ".",
        {"type": "string", "enum": list(AreaLevel.values)},
        repeatable=True,
    ),
    query_param(
        "code",
        "Only the areas with this official code (at any level).",
        {"type": "string", "maxLength": 40},
        repeatable=True,
    ),
    query_param(
        "geometry",
        "`1`: include each area's GeoJSON geometry (WGS84), simplified to about "
        f"{SIMPLIFY_TOLERANCE_DEG} degrees and rounded to {COORD_DIGITS} decimals. Default `0`.",
        {"type": "string", "enum": ["0", "1"]},
    ),
    *COMMON_PARAMS,
]


def simplified(geometry: dict | None) -> dict | None:
    """The geometry simplified for the web (topology kept), coordinates rounded."""
    if not geometry:
        return None
    try:
        geom = shape(geometry).simplify(SIMPLIFY_TOLERANCE_DEG, preserve_topology=True)
    except (ValueError, TypeError, AttributeError, KeyError):
        return None
    return _round(mapping(geom))


def _round(obj):
    if isinstance(obj, float):
        return round(obj, COORD_DIGITS)
    if isinstance(obj, (list, tuple)):
        return [_round(item) for item in obj]
    if isinstance(obj, dict):
        return {key: _round(value) for key, value in obj.items()}
    return obj


def area_dict(area: Area, *, with_geometry: bool) -> dict:
    parent = area.parent
    return {
        "code": area.code,
        "name": area.name,
        "level": area.level,
        "parent": parent.code if parent else None,
        "parent_level": parent.level if parent else None,
        "centroid": (
            {"lat": round(area.centroid_lat, 7), "lon": round(area.centroid_lon, 7)}
            if area.centroid_lat is not None and area.centroid_lon is not None
            else None
        ),
        "bbox": [round(v, 7) for v in area.bbox] if area.bbox and None not in area.bbox else None,
        "area_km2": area.area_km2,
        "geometry": simplified(area.geometry) if with_geometry else None,
    }


@router.get(
    "/areas",
    response={200: AreaList, 400: Error, 404: Error},
    summary="Areas (Gebiete)",
    description=(
        "The tenant's spatial hierarchy: Kreis / Kommune, Gemeinde (member town of a Kreis), "
        "Stadtbezirk (borough), Stadtteil (district), Sozialraum (social area). Codes are "
        "the values of the `area` filter of `/offers`. Ordered coarse to fine, then by code."
    ),
    openapi_extra={"parameters": AREA_PARAMS},
)
def list_areas(request: HttpRequest):
    tenant = request_tenant(request)
    with response_language(request):
        levels = request.GET.getlist("level")
        unknown = [lvl for lvl in levels if lvl not in AreaLevel.values]
        if unknown:
            raise bad_parameter(
                "level",
                f"Unknown level {unknown[0][:60]!r}; use one of: {', '.join(AreaLevel.values)}.",
            )
        codes = [code.strip() for code in request.GET.getlist("code") if code.strip()]
        if len(codes) > MAX_CODES:
            raise bad_parameter("code", f"Give at most {MAX_CODES} codes.")
        for code in codes:
            if not AREA_CODE.match(code):
                raise bad_parameter("code", f"Invalid area code {code[:40]!r}.")
        with_geometry = flag(request, "geometry")

        areas = Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids()).select_related("parent")
        if levels:
            areas = areas.filter(level__in=levels)
        if codes:
            areas = areas.filter(code__in=codes)
        if not with_geometry:
            areas = areas.defer("geometry", "parent__geometry")
        else:
            areas = areas.defer("parent__geometry")
        rows = sorted(areas, key=lambda a: (LEVEL_DEPTH[AreaLevel(a.level)], a.level, a.code))
        results = [area_dict(area, with_geometry=with_geometry) for area in rows]
    return {"count": len(results), "results": results}
