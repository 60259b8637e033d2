"""/planung/luecken/: the gap list, ranked by unmet need, with reasons and next steps."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from praevnav.geography.models import Area
from praevnav.planning.selectors_gaps import GapQueryError, gap_list
from praevnav.planning.views_accessibility import planning_viewer

PAGE_ROWS = 100


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@require_safe
@planning_viewer()
def gap_page(request: HttpRequest) -> HttpResponse:
    """Area × life phase ranked by score; filters level, phase and dimension (GET)."""
    tenant = request.tenant
    level = request.GET.get("level") or "stadtteil"
    phase = request.GET.get("life_phase") or None
    dimension = request.GET.get("dimension") or None
    error = None
    try:
        result = gap_list(tenant=tenant, level=level, life_phase=phase, dimension=dimension)
    except GapQueryError as exc:
        error = str(exc)
        result = None
        if level != "stadtteil" or phase or dimension:
            try:
                result = gap_list(tenant=tenant, level="stadtteil")
            except GapQueryError:
                result = None
    # Only those who may create measures get the link (Koordination reads the list only).
    can_manage = request.user.has_perm("planning.manage", tenant)
    measure_base = _url("planning:measure_create") if can_manage else None
    offers_base = _url("catalogue:search")
    rows = []
    if result is not None:
        for rank, row in enumerate(result.rows[:PAGE_ROWS], start=1):
            chain = _url("planning:chain_area", row.area_code)
            query = {"source": "gap", "area": row.area_code, "life_phase": row.life_phase}
            offer_query = {"area": row.area_code, "life_phase": row.life_phase}
            if row.dimension:
                query["dimension"] = row.dimension
                offer_query["dimension"] = row.dimension
            rows.append({
                "rank": rank,
                "row": row,
                "access": None if row.accessibility is None else row.accessibility * 1000,
                "phase_name": result.phases.get(row.life_phase, row.life_phase),
                "chain_url": chain,
                "measure_url": f"{measure_base}?{urlencode(query)}" if measure_base else None,
                "offers_url": f"{offers_base}?{urlencode(offer_query)}" if offers_base else None,
            })  # fmt: skip
    levels = [
        (lvl, Area(level=lvl).get_level_display()) for lvl in (result.levels if result else [])
    ]
    return render(
        request,
        "planning/gaps/page.html",
        {
            "result": result,
            "rows": rows,
            "total": len(result.rows) if result else 0,
            "error": error,
            "levels": levels,
            "level": result.level if result else level,
            "phase": phase,
            "dimension": dimension,
        },
        status=400 if error else 200,
    )
