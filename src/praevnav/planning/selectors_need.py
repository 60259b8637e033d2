"""Reads for the need index: weights per life phase, indicators per area, the index table."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max

from praevnav.core.models import Tenant
from praevnav.geography.indicators_keys import key_info
from praevnav.geography.models import Area, Indicator
from praevnav.planning.models import NeedWeight, QualitativeNeed
from praevnav.planning.need import NEED_INDICATORS, NeedValue, default_weights, need_index
from praevnav.taxonomy.models import LifePhase
from praevnav.taxonomy.selectors import life_phases_for_tenant


@dataclass
class PhaseWeights:
    phase: LifePhase
    weights: dict[str, float]  # indicator key → weight (> 0 only)
    custom: bool  # True: set by a planner, False: the shipped defaults


@dataclass
class NeedRow:
    area_id: int
    code: str
    name: str
    values: dict[str, NeedValue]  # phase code → need


@dataclass
class NeedTable:
    level: str
    phases: list[PhaseWeights]
    rows: list[NeedRow]
    years: dict[str, int]  # indicator key → year used


def indicator_label(key: str) -> str:
    try:
        return key_info(key).label_de
    except KeyError:
        return key


def phase_weights(*, tenant: Tenant) -> list[PhaseWeights]:
    """Per life phase (chain order) the planner's weights, else the defaults. One query
    for phases and one for weights."""
    phases = life_phases_for_tenant(tenant_id=tenant.pk)
    stored: dict[int, dict[str, float]] = defaultdict(dict)
    for phase_id, key, weight in NeedWeight.all_tenants.filter(tenant=tenant).values_list(
        "life_phase_id", "indicator_key", "weight"
    ):
        stored[phase_id][key] = weight
    result = []
    for phase in phases:
        custom = {k: w for k, w in stored.get(phase.pk, {}).items() if w > 0}
        if custom:
            result.append(PhaseWeights(phase, custom, True))
        else:
            result.append(PhaseWeights(phase, default_weights(phase.code), False))
    return result


def indicators_at_level(
    *, tenant: Tenant, level: str, keys: list[str] | tuple[str, ...] = NEED_INDICATORS
) -> tuple[dict[int, dict[str, float | None]], dict[str, int]]:
    """``{area_id: {key: value}}`` for every area of ``level`` (areas without figures have
    an empty dict), each key from its newest year at that level; and the years used."""
    areas = Area.all_tenants.filter(tenant=tenant, level=level).values_list("pk", flat=True)
    values: dict[int, dict[str, float | None]] = {pk: {} for pk in areas}
    years = dict(
        Indicator.all_tenants.filter(tenant=tenant, area__level=level, key__in=list(keys))
        .values("key")
        .annotate(y=Max("year"))
        .values_list("key", "y")
    )
    if years:
        rows = Indicator.all_tenants.filter(
            tenant=tenant, area__level=level, key__in=list(years), year__in=set(years.values())
        ).values_list("area_id", "key", "year", "value")
        for area_id, key, year, value in rows:
            if year == years[key] and area_id in values:
                values[area_id][key] = value
    return values, years


def need_table(*, tenant: Tenant, level: str) -> NeedTable:
    """The need index of every area of ``level`` for every life phase, with the weights
    and indicator years used. A fixed number of queries."""
    weights = phase_weights(tenant=tenant)
    values, years = indicators_at_level(tenant=tenant, level=level)
    per_phase = {pw.phase.code: need_index(values, pw.weights) for pw in weights}
    areas = Area.all_tenants.filter(tenant=tenant, level=level).order_by("code")
    rows = [
        NeedRow(a.pk, a.code, a.name, {code: per_phase[code][a.pk] for code in per_phase})
        for a in areas.only("pk", "code", "name")
    ]
    return NeedTable(level, weights, rows, years)


def qualitative_needs(*, tenant: Tenant):
    """The tenant's recorded qualitative needs, newest first, with area, phase, dimension."""
    return (
        QualitativeNeed.all_tenants.filter(tenant=tenant)
        .select_related("area", "life_phase", "dimension")
        .defer("area__geometry")
        .order_by("-recorded_on", "-pk")
    )
