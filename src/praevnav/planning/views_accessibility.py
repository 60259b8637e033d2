"""/planung/erreichbarkeit/: accessibility (E2SFCA) per area and life phase, table + map."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from praevnav.core.permissions import tenant_permission_required
from praevnav.geography.models import Area
from praevnav.planning.selectors_accessibility import (
    DEFAULT_CATCHMENT_M,
    MAX_CATCHMENT_M,
    MIN_CATCHMENT_M,
    AccessParams,
    accessibility_by_area,
)
from praevnav.planning.selectors_coverage import planning_data

LEVELS = ("stadtbezirk", "stadtteil", "sozialraum", "gemeinde")
#: Accessibility is shown per 1,000 inhabitants of the phase (offers or places in reach).
SCALE = 1000
CLASSES = 5


def planning_viewer(perm: str = "planning.view"):
    """Anonymous visitors go to the login page; others need ``perm`` in the tenant."""
    return tenant_permission_required(perm)


class AccessForm(forms.Form):
    level = forms.ChoiceField(label=_("Area level"), required=False)
    phase = forms.ChoiceField(label=_("Life phase on the map"), required=False)
    catchment = forms.IntegerField(
        label=_("Catchment (metres)"), required=False, min_value=int(MIN_CATCHMENT_M),
        max_value=int(MAX_CATCHMENT_M), initial=int(DEFAULT_CATCHMENT_M),
    )  # fmt: skip
    method = forms.ChoiceField(
        label=_("Method"), required=False, initial="e2sfca",
        choices=[("e2sfca", _("E2SFCA: stepwise distance decay")),
                 ("2sfca", _("2SFCA: no distance decay")),
                 ("gaussian", _("Gaussian distance decay"))],
    )  # fmt: skip

    def __init__(self, *args, levels, phases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = levels
        self.fields["phase"].choices = phases


def class_breaks(values: list[float], classes: int = CLASSES) -> list[float]:
    """Upper bounds of equal-count (quantile) classes over the distinct values."""
    distinct = sorted(set(values))
    if not distinct:
        return []
    if len(distinct) <= classes:
        return distinct
    return [distinct[min(len(distinct) - 1, round(len(distinct) * (i + 1) / classes) - 1)]
            for i in range(classes)]  # fmt: skip


def class_of(value: float | None, breaks: list[float]) -> int | None:
    if value is None:
        return None
    for i, bound in enumerate(breaks):
        if value <= bound:
            return i
    return len(breaks) - 1


@require_safe
@planning_viewer()
def accessibility_page(request: HttpRequest) -> HttpResponse:
    """Accessibility per area (population-weighted mean of the 100 m cells) and phase."""
    tenant = request.tenant
    dataset = planning_data(tenant=tenant)
    levels = [lvl for lvl in LEVELS if lvl in dataset.levels()]
    level_choices = [(lvl, Area(level=lvl).get_level_display()) for lvl in levels]
    phases = [(p.code, p.name) for p in dataset.phases]
    form = AccessForm(request.GET or None, levels=level_choices, phases=phases)
    valid = form.is_valid() if request.GET else True
    data = form.cleaned_data if request.GET and valid else {}
    level = data.get("level") or (
        "stadtteil" if "stadtteil" in levels else (levels[0] if levels else "")
    )
    phase = data.get("phase") or (phases[0][0] if phases else "")
    params = AccessParams(
        catchment_m=float(data.get("catchment") or DEFAULT_CATCHMENT_M),
        method=data.get("method") or "e2sfca",
    )
    started = time.perf_counter()
    result = (
        accessibility_by_area(tenant=tenant, params=params, dataset=dataset) if levels else None
    )
    elapsed_ms = (time.perf_counter() - started) * 1000
    rows = []
    breaks: list[float] = []
    if result is not None:
        areas = result.by_level.get(level, [])
        breaks = class_breaks(
            [a.values[phase] * SCALE for a in areas if a.values.get(phase) is not None]
        )
        for a in areas:
            cells = []
            for code, _name in phases:
                value = a.values.get(code)
                cells.append({"code": code, "value": None if value is None else value * SCALE,
                              "population": a.population.get(code, 0.0)})  # fmt: skip
            selected = a.values.get(phase)
            scaled = None if selected is None else selected * SCALE
            rows.append(
                {"area": a, "cells": cells, "value": scaled, "cls": class_of(scaled, breaks)}
            )
    sort = request.GET.get("sort", "name")
    key = sort.lstrip("-")
    codes = [c for c, _n in phases]
    if key in codes:
        j = codes.index(key)
        rows.sort(key=lambda r: (r["cells"][j]["value"] is None, r["cells"][j]["value"] or 0))
    else:
        rows.sort(key=lambda r: r["area"].name if key == "name" else r["area"].code)
    if sort.startswith("-"):
        rows.reverse()
    base = {k: v for k, v in request.GET.items() if k != "sort"}
    sort_links = {}
    for column in ["name", *codes]:
        active = key == column
        target = (column if sort.startswith("-") else f"-{column}") if active else column
        sort_links[column] = {
            "url": "?" + urlencode({**base, "sort": target}) + "#access-table-heading",
            "aria": ("descending" if sort.startswith("-") else "ascending") if active else "",
        }
    legend = []
    lower = 0.0
    for i, bound in enumerate(breaks):
        legend.append({"cls": i, "low": lower, "high": bound})
        lower = bound
    map_data = {r["area"].code: {"cls": r["cls"], "value": r["value"], "name": r["area"].name}
                for r in rows}  # fmt: skip
    return render(
        request,
        "planning/accessibility/page.html",
        {
            "form": form,
            "result": result,
            "level": level,
            "phase": phase,
            "phase_name": dict(phases).get(phase, ""),
            "phases": phases,
            "rows": rows,
            "legend": legend,
            "map_data": map_data,
            "params": params,
            "sort": sort_links,
            "elapsed_ms": elapsed_ms,
            "left_out": dataset.left_out(),
        },
        status=200 if valid else 400,
    )


@require_safe
@planning_viewer()
def accessibility_areas(request: HttpRequest) -> JsonResponse:
    """Simplified polygons (GeoJSON, WGS84) of one area level for the choropleth; cached."""
    import shapely
    from shapely.geometry import mapping, shape

    tenant = request.tenant
    level = request.GET.get("level", "stadtteil")
    areas = Area.all_tenants.filter(tenant=tenant, level=level, geometry__isnull=False)
    stamp = areas.order_by("-updated_at").values_list("updated_at", flat=True).first()
    key = f"praevnav:access-areas:{tenant.pk}:{level}:{stamp.isoformat() if stamp else '-'}"
    data = cache.get(key)
    if data is None:
        features = []
        for code, name, geometry in areas.order_by("code").values_list("code", "name", "geometry"):
            try:
                geom = shapely.make_valid(shape(geometry)).simplify(0.0003, preserve_topology=True)
            except (ValueError, TypeError, AttributeError, KeyError):
                continue
            features.append({"type": "Feature", "properties": {"code": code, "name": name},
                             "geometry": mapping(geom)})  # fmt: skip
        data = {"type": "FeatureCollection", "features": features}
        cache.set(key, data, 3600)
    return JsonResponse(data)
