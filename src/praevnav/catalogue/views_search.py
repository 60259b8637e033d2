"""The search page (“Angebote finden”) and the two JSON feeds of its map.

Every state of the search is a URL: the form submits with GET, htmx only swaps the
results in place (and pushes the canonical URL). Without JavaScript the same URL
renders the whole page.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from praevnav.catalogue.forms_search import (
    LONG_FACETS,
    RADIUS_CHOICES,
    SORT_CHOICES,
    active_chips,
    facet_groups,
)
from praevnav.catalogue.search.params import ParamError, SearchParams
from praevnav.catalogue.search.service import offer_search
from praevnav.catalogue.signals_log import search_event_record
from praevnav.geography.models import Area
from praevnav.taxonomy.selectors import life_phases_for_tenant
from praevnav.taxonomy.services import derive_life_phases

logger = logging.getLogger(__name__)

# Page parameters that are not search parameters: the table view, a long facet shown whole.
VIEW_PARAM = "view"
EXPAND_PARAM = "mehr"
# Levels of the map's base layer, finest first: the first one the tenant has is drawn.
BASE_LAYER_LEVELS = ("stadtteil", "gemeinde", "stadtbezirk", "kommune", "kreis")
MAP_MAX_POINTS = 2000
MAP_AREAS_TTL = 24 * 3600
# “Lücke melden” is offered when a search finds this many offers or fewer.
FEW_RESULTS = 3
PAGE_WINDOW = 2


@dataclass
class ResultLocation:
    name: str
    address: str
    districts: list[str]
    lat: float | None
    lon: float | None


@dataclass
class ResultRow:
    offer: Any
    distance_m: float | None
    life_phases: list[Any]
    locations: list[ResultLocation] = field(default_factory=list)
    access: list[Any] = field(default_factory=list)

    @property
    def table_locations(self) -> list[ResultLocation | None]:
        """One table row per location; one row without a location when there is none."""
        return list(self.locations) or [None]


def _tenant(request: HttpRequest):
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        raise Http404("no municipality")
    return tenant


def _bad_request(request: HttpRequest, error: ParamError) -> HttpResponse:
    template = (
        "catalogue/search/_bad_request.html"
        if getattr(request, "htmx", False)
        else "catalogue/search/bad_request.html"
    )
    return render(request, template, {"error": error}, status=400)


def _json(data: Any, *, status: int = 200, max_age: int = 0) -> HttpResponse:
    """JSON with <, > and & escaped, so that no value can close a surrounding script tag."""
    body = (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    response = HttpResponse(body, status=status, content_type="application/json")
    if max_age:
        response["Cache-Control"] = f"max-age={max_age}"
    return response


def _rows(*, tenant, result) -> list[ResultRow]:
    """What each result shows: derived life phases, locations with Stadtteil, access."""
    offers = list(result.offers)
    prefetch_related_objects(offers, "organisation", "locations__areas", "access_options")
    phases = life_phases_for_tenant(tenant_id=tenant.pk)
    distances = {hit.offer_id: hit.distance_m for hit in result.hits}
    rows = []
    for offer in offers:
        locations = [
            ResultLocation(
                name=loc.name,
                address=loc.address,
                districts=[
                    a.name
                    for a in sorted(loc.areas.all(), key=lambda a: a.depth)
                    if a.level in ("stadtteil", "gemeinde")
                ],
                lat=loc.latitude,
                lon=loc.longitude,
            )
            for loc in offer.locations.all()
        ]
        rows.append(
            ResultRow(
                offer=offer,
                distance_m=distances.get(offer.pk),
                life_phases=derive_life_phases(
                    phases=phases,
                    pregnancy=offer.pregnancy,
                    min_months=offer.age_min_months,
                    max_months=offer.age_max_months,
                ),
                locations=locations,
                access=list(offer.access_options.all()),
            )
        )
    return rows


@dataclass
class PageLink:
    number: int | None  # None: a gap (…)
    query: str = ""
    current: bool = False


def _pages(*, params: SearchParams, last: int) -> list[PageLink]:
    """Pages to link: first, last and a window around the current one, gaps marked."""
    page = params.page
    wanted = {1, last, *range(page - PAGE_WINDOW, page + PAGE_WINDOW + 1)}
    out: list[PageLink] = []
    previous = 0
    for n in sorted(n for n in wanted if 1 <= n <= last):
        if n - previous > 1:
            out.append(PageLink(None))
        out.append(PageLink(n, params.to_query(page=n), n == page))
        previous = n
    return out


def _expand(request: HttpRequest) -> str:
    value = request.GET.get(EXPAND_PARAM, "")
    return value if value in LONG_FACETS else ""


def _extra_query(request: HttpRequest) -> str:
    """Page parameters kept on every link (the table view, an expanded facet)."""
    extra = f"&{VIEW_PARAM}=table" if request.GET.get(VIEW_PARAM) == "table" else ""
    if _expand(request):
        extra += f"&{EXPAND_PARAM}={_expand(request)}"
    return extra


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Faceted search over the tenant's published offers."""
    tenant = _tenant(request)
    try:
        params = SearchParams.from_query(request.GET)
    except ParamError as error:
        return _bad_request(request, error)
    view = "table" if request.GET.get(VIEW_PARAM) == "table" else "list"
    extra = _extra_query(request)
    canonical = params.to_query()
    # A submitted form carries every empty field (?q=&age=…): show the tidy, shareable
    # address instead. Canonical queries have no empty values, so this never loops.
    if not request.htmx and any(v == "" for _k, v in request.GET.items()):
        query = canonical + extra if canonical else extra.lstrip("&")
        return HttpResponseRedirect(reverse("catalogue:search") + (f"?{query}" if query else ""))

    result = offer_search(tenant=tenant, params=params, viewer=request.user)
    _record_signal(tenant=tenant, params=params, result=result)
    page_size = params.page_size
    last_page = max(1, math.ceil(result.count / page_size))
    place_label = result.place.label if result.place else ""
    context = {
        "params": params,
        "result": result,
        "rows": _rows(tenant=tenant, result=result),
        "groups": facet_groups(result.facets, expand=_expand(request)),
        "expand": _expand(request),
        "chips": active_chips(params, result.facets, place_label),
        "query": canonical,
        "extra_query": extra,
        "view": view,
        "pages": _pages(params=params, last=last_page) if last_page > 1 else [],
        "last_page": last_page,
        "prev_query": params.to_query(page=params.page - 1) if params.page > 1 else None,
        "next_query": params.to_query(page=params.page + 1) if params.page < last_page else None,
        "age_years": params.age_months // 12
        if params.age_months is not None and params.age_months % 12 == 0
        else "",
        "age_months_hidden": params.age_months
        if params.age_months is not None and params.age_months % 12
        else "",
        "radius_choices": RADIUS_CHOICES,
        "sort_choices": SORT_CHOICES,
        "show_internal": request.user.has_perm("catalogue.view_internal_contacts", tenant),
        "few_results": result.count <= FEW_RESULTS,
        "max_points": MAP_MAX_POINTS,
        "first_index": (params.page - 1) * page_size + 1,
        "first_page_query": params.to_query(page=1),
        "tile_attribution": settings.TILE_ATTRIBUTION,
        # Fields are swapped too when the request did not come from the form itself
        # (a removed chip, a page link): they must show the new state.
        "oob_fields": request.headers.get("HX-Trigger") != "search-form",
    }
    if request.htmx:
        response = render(request, "catalogue/search/_results.html", context)
        return push_url(response, reverse("catalogue:search") + f"?{canonical}{extra}")
    return render(request, "catalogue/search/page.html", context)


def _record_signal(*, tenant, params: SearchParams, result) -> None:
    """Log the search anonymously as a demand signal; further pages are the same search."""
    if params.page == 1:
        search_event_record(tenant=tenant, params=params, result=result, channel="page")


@require_GET
def map_areas(request: HttpRequest) -> HttpResponse:
    """The tenant's Stadtteil (or Gemeinde) polygons, simplified, as GeoJSON; cached."""
    tenant = _tenant(request)
    areas = Area.all_tenants.filter(tenant_id__in=tenant.scope_ids(), geometry__isnull=False)
    levels = set(areas.values_list("level", flat=True).distinct())
    level = next((lvl for lvl in BASE_LAYER_LEVELS if lvl in levels), None)
    if level is None:
        return _json({"type": "FeatureCollection", "features": []}, max_age=600)
    stamp = areas.filter(level=level).aggregate(m=Max("updated_at"))["m"]
    key = f"pn:map-areas:{tenant.pk}:{level}:{stamp.isoformat() if stamp else '-'}"
    data = cache.get(key)
    if data is None:
        data = _area_features(areas.filter(level=level).order_by("code"))
        cache.set(key, data, MAP_AREAS_TTL)
    return _json(data, max_age=3600)


def _round(coords: Any) -> Any:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], (int, float)):
            return [round(c, 5) for c in coords]
        return [_round(c) for c in coords]
    return coords


def _area_features(areas) -> dict:
    from shapely.geometry import mapping, shape

    features = []
    for area in areas:
        try:
            geom = shape(area.geometry).simplify(0.0005, preserve_topology=True)
        except (ValueError, TypeError, AttributeError, KeyError):
            # A broken geometry must not break the map; the loaders report it.
            logger.warning("area %s: geometry cannot be drawn", area.pk)
            continue
        if geom.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"code": area.code, "name": area.name},
                "geometry": {
                    "type": geom.geom_type,
                    "coordinates": _round(mapping(geom)["coordinates"]),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


@require_GET
def map_hits(request: HttpRequest) -> HttpResponse:
    """Points of the search's matches (up to MAP_MAX_POINTS), one per located place."""
    tenant = _tenant(request)
    try:
        params = SearchParams.from_query(request.GET)
    except ParamError as error:
        return _json({"error": error.message, "param": error.field}, status=400)
    result = offer_search(
        tenant=tenant, params=params.replace(page=1, page_size=MAP_MAX_POINTS), viewer=None
    )
    offers = list(result.offers)
    prefetch_related_objects(offers, "locations")
    points = []
    for offer in offers:
        url = reverse("catalogue:offer_detail", args=[offer.pk])
        for loc in offer.locations.all():
            if loc.latitude is None or loc.longitude is None:
                continue
            points.append(
                {
                    "id": offer.pk,
                    "title": offer.title,
                    "place": loc.name,
                    "lat": round(loc.latitude, 6),
                    "lon": round(loc.longitude, 6),
                    "url": url,
                }
            )
            if len(points) >= MAP_MAX_POINTS:
                break
        if len(points) >= MAP_MAX_POINTS:
            break
    place = result.place
    return _json(
        {
            "count": result.count,
            "points": points,
            "place": {"label": place.label, "lat": place.lat, "lon": place.lon} if place else None,
            "radius": params.radius_m,
        }
    )
