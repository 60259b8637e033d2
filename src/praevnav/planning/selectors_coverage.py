"""Reads behind the coverage matrix and the chain view.

* :func:`planning_data` — ``supply.planning_dataset`` kept in memory per tenant and
  rebuilt when an offer, an area or the day changed (the search's write version plus the
  areas' newest change, one small query each), so that a page at 10,000 offers stays
  within its time budget.
* :func:`population_for_level` — inhabitants per area and life phase at a level: the
  level's own newest figures, else the nearest finer level with figures summed up the
  area tree. Which level and year were used is returned for the page to state.
* :func:`filter_terms` — the vocabularies the coverage filters offer, one query.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q
from django.utils import timezone

from praevnav.catalogue.search import state as search_state
from praevnav.catalogue.search.backends import get_backend
from praevnav.core.models import Tenant
from praevnav.geography.enums import LEVEL_DEPTH, AreaLevel
from praevnav.geography.models import Area, Indicator
from praevnav.geography.selectors import latest_population_year, population_by_phase
from praevnav.planning.supply import PlanningDataset, planning_dataset
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import Term

CACHE_MAX_AGE = 10 * 60  # seconds; a safety net for writes that bypass the signals
_cache: dict[int, tuple[tuple, float, PlanningDataset]] = {}
_lock = threading.Lock()

# Levels a planner can compare areas at, coarse to fine (roots are not compared).
COMPARABLE_LEVELS = (
    AreaLevel.GEMEINDE,
    AreaLevel.STADTBEZIRK,
    AreaLevel.STADTTEIL,
    AreaLevel.SOZIALRAUM,
)


def _data_key(tenant: Tenant) -> tuple:
    lineage = tenant.lineage_ids()
    version = get_backend().version(sorted(set(lineage)))
    stamp = Area.all_tenants.filter(tenant_id__in=lineage).aggregate(
        n=Count("pk"), m=Max("updated_at")
    )
    figures = Indicator.all_tenants.filter(tenant_id__in=lineage).aggregate(
        n=Count("pk"), m=Max("pk")
    )
    return (
        figures["n"],
        figures["m"],
        version,
        search_state._epoch,
        timezone.localdate(),
        stamp["n"],
        stamp["m"].isoformat() if stamp["m"] else "",
    )


def planning_data(*, tenant: Tenant, today: date | None = None) -> PlanningDataset:
    """The tenant's planning dataset, reused while offers and areas are unchanged.
    As of an earlier ``today`` it is read afresh and not kept."""
    if today is not None and today != timezone.localdate():
        return planning_dataset(tenant=tenant, today=today)
    key = _data_key(tenant)
    hit = _cache.get(tenant.pk)
    if hit is not None and hit[0] == key and time.monotonic() - hit[1] < CACHE_MAX_AGE:
        return hit[2]
    dataset = planning_dataset(tenant=tenant)
    with _lock:
        _cache[tenant.pk] = (key, time.monotonic(), dataset)
    return dataset


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def comparable_levels(dataset: PlanningDataset) -> list[str]:
    """The levels of the tenant's areas that hold more than one area, coarse to fine."""
    present = defaultdict(int)
    for a in dataset.areas.values():
        present[a.level] += 1
    return [lvl.value for lvl in COMPARABLE_LEVELS if present.get(lvl.value, 0) > 0]


@dataclass(frozen=True)
class PopulationSource:
    """Where the inhabitants per life phase come from."""

    level: str  # the level the figures were given for
    year: int
    aggregated: bool  # summed up from a finer level


def _level_of_ancestor(dataset: PlanningDataset, area_id: int, level: str) -> int | None:
    node, guard = dataset.areas.get(area_id), 0
    while node is not None and guard < 12:
        if node.level == level:
            return node.id
        node = dataset.areas.get(node.parent_id) if node.parent_id is not None else None
        guard += 1
    return None


def population_for_level(
    *, tenant: Tenant, dataset: PlanningDataset, level: str
) -> tuple[dict[int, dict[str, float | None]], PopulationSource | None]:
    """Inhabitants ``{area_id: {phase_code: n}}`` for the areas of ``level``.

    The level's own newest figures are used when there are any; otherwise the nearest
    finer level with figures is summed up the area tree (suppressed values count as
    missing; an area none of whose parts has a figure stays without). ``None`` as
    source: no figures at all. Kept with the (cached) dataset, whose key covers the
    indicators.
    """
    memo = dataset.__dict__.setdefault("_population", {})
    if level not in memo:
        memo[level] = _population_for_level(tenant=tenant, dataset=dataset, level=level)
    return memo[level]


def _population_for_level(*, tenant, dataset, level):
    depth = LEVEL_DEPTH.get(level, 0)
    finer = sorted(
        (lvl for lvl in COMPARABLE_LEVELS if LEVEL_DEPTH[lvl] > depth), key=LEVEL_DEPTH.get
    )
    for source in [level, *finer]:
        year = latest_population_year(tenant=tenant, level=source)
        if year is None:
            continue
        figures = population_by_phase(tenant=tenant, year=year, level=source)
        if not figures:
            continue
        if source == level:
            return figures, PopulationSource(level=source, year=year, aggregated=False)
        summed: dict[int, dict[str, float | None]] = {}
        for area_id, phases in figures.items():
            target = _level_of_ancestor(dataset, area_id, level)
            if target is None:
                continue
            row = summed.setdefault(target, {})
            for code, value in phases.items():
                if value is not None:
                    row[code] = (row.get(code) or 0.0) + value
        return summed, PopulationSource(level=source, year=year, aggregated=True)
    return {}, None


def tenant_population(population: dict[int, dict[str, float | None]]) -> dict[str, float]:
    """Inhabitants per life phase, summed over the areas of one level."""
    total: dict[str, float] = defaultdict(float)
    for phases in population.values():
        for code, value in phases.items():
            if value is not None:
                total[code] += value
    return dict(total)


@dataclass
class FilterTerms:
    topics: list[Term]  # in tree order, with ``depth`` set
    target_groups: list[Term]
    prevention_levels: list[Term]
    languages: list[Term]
    dimensions: list[Term]
    topic_children: dict[str, set[str]]


def filter_terms(*, tenant: Tenant) -> FilterTerms:
    """The tenant's vocabularies offered as coverage filters (one query)."""
    vocabularies = (
        Vocabulary.TOPIC,
        Vocabulary.TARGET_GROUP,
        Vocabulary.PREVENTION_LEVEL,
        Vocabulary.LANGUAGE,
        Vocabulary.DIMENSION,
    )
    terms = list(
        Term.all_tenants.filter(
            Q(tenant_id=tenant.pk), vocabulary__in=vocabularies, is_active=True
        ).order_by("vocabulary", "position", "name")
    )
    by_vocab: dict[str, list[Term]] = defaultdict(list)
    for t in terms:
        by_vocab[t.vocabulary].append(t)
    topics = by_vocab[Vocabulary.TOPIC]
    code_by_id = {t.pk: t.code for t in topics}
    kids: dict[int | None, list[Term]] = defaultdict(list)
    for t in topics:
        kids[t.parent_id if t.parent_id in code_by_id else None].append(t)
    ordered: list[Term] = []

    def walk(parent: int | None, depth: int) -> None:
        for t in kids.get(parent, ()):
            t.depth = depth  # type: ignore[attr-defined]
            ordered.append(t)
            walk(t.pk, depth + 1)

    walk(None, 0)
    children: dict[str, set[str]] = {}
    for t in reversed(ordered):  # children before parents
        below = {t.code}
        for k in kids.get(t.pk, ()):
            below |= children.get(k.code, {k.code})
        children[t.code] = below
    return FilterTerms(
        topics=ordered,
        target_groups=by_vocab[Vocabulary.TARGET_GROUP],
        prevention_levels=by_vocab[Vocabulary.PREVENTION_LEVEL],
        languages=by_vocab[Vocabulary.LANGUAGE],
        dimensions=by_vocab[Vocabulary.DIMENSION],
        topic_children=children,
    )
