"""The gap list read from the database: accessibility, need, local offers, demand signals.

``gap_list(*, tenant, level, life_phase=None, dimension=None, params=None)`` builds one
:class:`planning.gaps.GapInput` per area of ``level`` × life phase and ranks them with
:func:`planning.gaps.rank_gaps`.

* population and accessibility come from ``selectors_accessibility`` (the 100 m grid,
  aggregated to the level), the median per phase over the areas of the level;
* offers: current offers located in or serving the area for the phase (whole-municipality
  offers are not local supply); with ``dimension`` only offers of that dimension, and the
  accessibility is computed from those offers alone;
* need: ``selectors_need.need_table``;
* demand signals: zero/few-result searches and reported gaps (``catalogue.signals_log``,
  rolled up to the level; events without a life phase are not attributed to one), and the
  qualitative needs recorded for the area (or a finer area inside it) and phase (with a
  dimension: those of that dimension or without one).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from praevnav.catalogue.enums import ServiceAreaKind
from praevnav.catalogue.signals_log import demand_signals
from praevnav.core.models import Tenant
from praevnav.planning.gaps import GapInput, GapRow, rank_gaps
from praevnav.planning.models import QualitativeNeed
from praevnav.planning.selectors_accessibility import AccessParams, accessibility_by_area
from praevnav.planning.selectors_coverage import planning_data
from praevnav.planning.selectors_need import need_table
from praevnav.planning.supply import CURRENT

GAP_LEVELS = ("stadtbezirk", "stadtteil", "sozialraum", "gemeinde")


class GapQueryError(ValueError):
    """An unknown level, life phase or dimension (the message names it)."""


@dataclass
class GapList:
    level: str
    life_phase: str | None
    dimension: str | None
    rows: list[GapRow]
    phases: dict[str, str]  # code → name
    dimensions: dict[str, str]
    levels: list[str]
    medians: dict[str, float | None]
    area_ids: dict[str, int]  # area code → id

    def as_dict(self) -> dict:
        return {"level": self.level, "rows": [r.as_dict() for r in self.rows]}


def gap_list(
    *, tenant: Tenant, level: str, life_phase: str | None = None, dimension: str | None = None,
    params: AccessParams | None = None,
) -> GapList:  # fmt: skip
    """Ranked gaps of ``tenant`` at ``level`` (see the module docstring)."""
    dataset = planning_data(tenant=tenant)
    levels = [lvl for lvl in GAP_LEVELS if lvl in dataset.levels()]
    if level not in levels:
        raise GapQueryError(
            f"Unknown area level {level!r}; this tenant has: {', '.join(levels) or 'none'}."
        )
    phases = {p.code: p.name for p in dataset.phases}
    if life_phase and life_phase not in phases:
        raise GapQueryError(
            f"Unknown life phase {life_phase!r}; choose one of: {', '.join(phases)}."
        )
    if dimension and dimension not in dataset.dimension_names:
        raise GapQueryError(
            f"Unknown dimension {dimension!r}; choose one of: "
            f"{', '.join(sorted(dataset.dimension_names))}."
        )
    access = accessibility_by_area(
        tenant=tenant, params=params or AccessParams(), dataset=dataset, dimension=dimension
    )
    need = {row.area_id: row.values for row in need_table(tenant=tenant, level=level).rows}
    wanted = [life_phase] if life_phase else list(phases)

    local: Counter = Counter()
    for offer in dataset.offers:
        if offer.state != CURRENT or offer.kind == ServiceAreaKind.WHOLE_TENANT:
            continue
        if dimension and dimension not in offer.dimensions:
            continue
        for area_id in offer.counts_in:
            for code in offer.phases:
                local[(area_id, code)] += 1

    signals = {}
    for row in demand_signals(tenant=tenant, level=level):
        if row.area is not None and row.life_phase_code:
            signals[(row.area.pk, row.life_phase_code)] = row

    level_of = {a.id: a for a in dataset.areas.values()}

    def up(area_id: int) -> int | None:
        node, guard = area_id, 0
        while node is not None and node in level_of and guard < 12:
            if level_of[node].level == level:
                return node
            node, guard = level_of[node].parent_id, guard + 1
        return None

    qualitative: Counter = Counter()
    needs = QualitativeNeed.all_tenants.filter(tenant=tenant).values_list(
        "area_id", "life_phase__code", "dimension__code"
    )
    for area_id, phase_code, dim in needs:
        if dimension and dim and dim != dimension:
            continue
        target = up(area_id)
        if target is not None:
            qualitative[(target, phase_code)] += 1

    items = []
    for area in access.by_level.get(level, []):
        for code in wanted:
            sig = signals.get((area.area_id, code))
            need_value = need.get(area.area_id, {}).get(code)
            items.append(
                GapInput(
                    area_code=area.code,
                    area_name=area.name,
                    life_phase=code,
                    dimension=dimension,
                    population=area.population.get(code, 0.0),
                    offers=local[(area.area_id, code)],
                    accessibility=area.values.get(code),
                    median=access.medians.get(code, {}).get(level),
                    need_index=need_value.value if need_value else 0.5,
                    need_imputed=need_value.imputed if need_value else True,
                    zero_results=sig.zero_results if sig else 0,
                    few_results=sig.few_results if sig else 0,
                    gap_reports=sig.gap_reports if sig else 0,
                    qualitative=qualitative[(area.area_id, code)],
                )
            )
    return GapList(
        level=level,
        life_phase=life_phase,
        dimension=dimension,
        rows=rank_gaps(items),
        phases=phases,
        dimensions=dict(dataset.dimension_names),
        levels=levels,
        medians={c: access.medians.get(c, {}).get(level) for c in wanted},
        area_ids={a.code: a.id for a in dataset.areas_at(level)},
    )
