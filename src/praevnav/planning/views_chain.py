"""The chain view (whole tenant and per area) and the planners' offer list of one link."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.views.decorators.http import require_safe

from praevnav.geography.enums import LEVEL_DEPTH, AreaLevel
from praevnav.planning import coverage as cov
from praevnav.planning import selectors_coverage as sel
from praevnav.planning.chain_svg import RATING_LABELS, chain_layout
from praevnav.planning.supply import CURRENT
from praevnav.planning.views_coverage import planning_viewer
from praevnav.taxonomy.selectors import transitions_for_tenant

OFFER_LIST_LIMIT = 500


def _age(phase) -> str:
    if phase.is_pregnancy:
        return ""
    lo = (phase.min_age_months or 0) // 12
    if phase.max_age_months is None:
        return f"{lo}+"
    return f"{lo}–{phase.max_age_months // 12}"


def _area_by_code(dataset, code: str):
    """The area with ``code``; the finest level wins should codes repeat across levels."""
    found = [a for a in dataset.areas.values() if a.code == code]
    if not found:
        raise Http404(code)
    return max(found, key=lambda a: LEVEL_DEPTH.get(a.level, 0))


def _picker(dataset) -> list[dict]:
    """The comparable areas grouped by level for the area picker."""
    groups = []
    for level in sel.comparable_levels(dataset):
        groups.append({"label": AreaLevel(level).label, "areas": dataset.areas_at(level)})
    return groups


def _chain_level(dataset) -> str | None:
    levels = sel.comparable_levels(dataset)
    for preferred in (AreaLevel.STADTTEIL, AreaLevel.GEMEINDE):
        if preferred.value in levels:
            return preferred.value
    return levels[0] if levels else None


@require_safe
@planning_viewer
def chain(request: HttpRequest, area_code: str | None = None) -> HttpResponse:
    """The life phases as links of the chain for the whole tenant or one area."""
    tenant = request.tenant
    if area_code is None and request.GET.get("area"):
        area_code = request.GET["area"]
    dataset = sel.planning_data(tenant=tenant)
    area = _area_by_code(dataset, area_code) if area_code else None
    level = area.level if area else _chain_level(dataset)
    population, source = (
        sel.population_for_level(tenant=tenant, dataset=dataset, level=level)
        if level
        else ({}, None)
    )
    result = (
        cov.chain(dataset, level=level, population=population, area_id=area.id if area else None)
        if level
        else cov.Chain(level="", area=None, basis="offers", links=[])
    )
    phases = {p.code: p for p in dataset.phases}
    dimension_names = dataset.dimension_names
    items = []
    for link in result.links:
        phase = phases[link.phase_code]
        if area:
            href = reverse("planning:chain_offers", args=[area.code, phase.code])
        else:
            href = reverse("planning:chain_offers_all", args=[phase.code])
        search = {"life_phase": phase.code}
        if area:
            search["area"] = area.code
        items.append(
            {
                "link": link,
                "phase": phase,
                "age": _age(phase),
                "href": href,
                "search_href": reverse("catalogue:search") + "?" + urlencode(search),
                "rating_label": RATING_LABELS[link.rating],
                "dimensions": [
                    (name, link.by_dimension.get(code, 0)) for code, name in dimension_names.items()
                ],
                "value_s": ""
                if link.value is None
                else number_format(link.value, 2, use_l10n=True),
                "reference_s": ""
                if link.reference is None
                else number_format(link.reference, 2, use_l10n=True),
                "ratio_pct": None if link.ratio is None else round(link.ratio * 100),
            }
        )
    transitions = []
    for t in transitions_for_tenant(tenant_id=tenant.pk):
        if not (t.from_phase_id and t.to_phase_id):
            continue
        if t.from_phase.code not in phases or t.to_phase.code not in phases:
            continue
        search = {"transition": t.code, **({"area": area.code} if area else {})}
        transitions.append(
            {
                "code": t.code,
                "label": t.label,
                "src": phases[t.from_phase.code].label,
                "dst": phases[t.to_phase.code].label,
                "src_code": t.from_phase.code,
                "dst_code": t.to_phase.code,
                "offers": result.transitions.get(t.code, 0),
                "search_href": reverse("catalogue:search") + "?" + urlencode(search),
            }
        )
    layout = chain_layout(
        [(i["link"], i["phase"].label, i["age"], i["href"]) for i in items],
        [(t["src_code"], t["dst_code"], f"{t['label']} ({t['offers']})") for t in transitions],
    )
    return render(
        request,
        "planning/chain/chain.html",
        {
            "area": area,
            "level_label": AreaLevel(level).label if level else "",
            "chain": result,
            "items": items,
            "layout": layout,
            "transitions": transitions,
            "source": source,
            "picker": _picker(dataset),
            "left_out": dataset.left_out(),
            "gap_below_pct": round(cov.GAP_BELOW * 100),
            "tenant_gap_share_pct": round(cov.TENANT_GAP_SHARE * 100),
        },
    )


@require_safe
@planning_viewer
def chain_offers(request: HttpRequest, phase: str, area_code: str | None = None) -> HttpResponse:
    """The current offers of one link: counting in the area (or anywhere) in that phase."""
    dataset = sel.planning_data(tenant=request.tenant)
    phases = {p.code: p for p in dataset.phases}
    if phase not in phases:
        raise Http404(phase)
    area = _area_by_code(dataset, area_code) if area_code else None
    all_ids = len(dataset.areas)
    offers = [
        o
        for o in dataset.offers
        if o.state == CURRENT and phase in o.phases and (area is None or area.id in o.counts_in)
    ]
    offers.sort(key=lambda o: o.title.casefold())
    rows = [
        {
            "offer": o,
            "everywhere": len(o.counts_in) == all_ids,
            "located": area is not None and area.id in o.located_in,
            "dimensions": ", ".join(
                dataset.dimension_names.get(d, d) for d in sorted(o.dimensions)
            ),
        }
        for o in offers[:OFFER_LIST_LIMIT]
    ]
    search = {"life_phase": phase, **({"area": area.code} if area else {})}
    return render(
        request,
        "planning/chain/offers.html",
        {
            "area": area,
            "phase": phases[phase],
            "rows": rows,
            "total": len(offers),
            "limit": OFFER_LIST_LIMIT,
            "search_href": reverse("catalogue:search") + "?" + urlencode(search),
            "back": reverse("planning:chain_area", args=[area.code])
            if area
            else reverse("planning:chain"),
        },
    )
