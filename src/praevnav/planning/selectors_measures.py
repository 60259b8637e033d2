"""Reads for goals and measures: the measure list with filters and sorting, the goal
cascade with its measures, the prefill of a new measure from the gap list or an overlap,
and a measure's context (current figures of its area × life phase, or its offers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.utils import timezone

from praevnav.catalogue.models import Offer
from praevnav.core.models import AuditEntry, Tenant
from praevnav.geography.models import Area
from praevnav.planning.enums import MeasureSource, MeasureStatus
from praevnav.planning.models import Goal, Measure
from praevnav.planning.selectors_coverage import planning_data
from praevnav.planning.services_measures import (
    tenant_areas,
    tenant_dimensions,
    tenant_offers,
    tenant_phases,
)
from praevnav.planning.supply import CURRENT

# Finer levels first: a code that exists on several levels means the finest area.
LEVEL_PREFERENCE = ["sozialraum", "stadtteil", "gemeinde", "stadtbezirk", "kommune", "kreis"]
STATUS_ORDER = [s.value for s in MeasureStatus]
# Query value → ordering (the status column sorts along the workflow, not alphabetically).
MEASURE_SORTS = {
    "title": ("title",),
    "status": ("status_rank", "title"),
    "recheck": ("recheck_on", "title"),
    "decision": ("decision_date", "title"),
    "updated": ("updated_at",),
}
DEFAULT_SORT = "-updated"


@dataclass
class MeasureFilters:
    status: str = ""
    area_id: int | None = None
    life_phase: str = ""  # life phase code
    overdue: bool = False  # only measures whose re-check date has passed


def parse_measure_sort(value: str | None) -> str:
    """``title``, ``-title``, … if allowed, else the default (latest change first)."""
    if value and value.lstrip("-") in MEASURE_SORTS:
        return value
    return DEFAULT_SORT


def is_recheck_due(measure: Measure, today: date) -> bool:
    """A measure is flagged when its re-check date has passed (whatever its status: a done
    measure is re-checked too — did the gap close?)."""
    return measure.recheck_on is not None and measure.recheck_on < today


def measure_list(
    *,
    tenant: Tenant,
    filters: MeasureFilters | None = None,
    sort: str = DEFAULT_SORT,
    today: date | None = None,
) -> list[Measure]:
    """The tenant's measures, filtered and sorted, with goal, area, life phase and
    dimension joined and the number of offers concerned (``offer_count``) annotated;
    ``recheck_due`` set on each. Two queries at most, whatever the number of measures."""
    today = today or timezone.localdate()
    filters = filters or MeasureFilters()
    qs = measures_queryset(tenant=tenant)
    if filters.status in STATUS_ORDER:
        qs = qs.filter(status=filters.status)
    if filters.area_id:
        qs = qs.filter(area_id=filters.area_id)
    if filters.life_phase:
        qs = qs.filter(life_phase__code=filters.life_phase)
    if filters.overdue:
        qs = qs.filter(recheck_on__lt=today)
    sort = parse_measure_sort(sort)
    columns = MEASURE_SORTS[sort.lstrip("-")]
    prefix = "-" if sort.startswith("-") else ""
    qs = qs.order_by(*(prefix + c for c in columns), "pk")
    measures = list(qs)
    for m in measures:
        m.recheck_due = is_recheck_due(m, today)
    return measures


def measures_queryset(*, tenant: Tenant) -> QuerySet[Measure]:
    return (
        Measure.all_tenants.filter(tenant=tenant)
        .select_related("goal", "area", "life_phase", "dimension")
        .defer("area__geometry")
        .annotate(
            offer_count=Count("offers", distinct=True),
            status_rank=Case(
                *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)),
                default=Value(99),
                output_field=IntegerField(),
            ),
        )
    )


@dataclass
class GoalNode:
    goal: Goal
    depth: int
    measures: list[Measure] = field(default_factory=list)
    children: list[GoalNode] = field(default_factory=list)


@dataclass
class GoalCascade:
    roots: list[GoalNode]
    flat: list[GoalNode]  # depth-first order, for tables and selects
    without_goal: list[Measure]


def goal_cascade(*, tenant: Tenant, today: date | None = None) -> GoalCascade:
    """The goal tree of ``tenant`` with each goal's measures (two queries)."""
    today = today or timezone.localdate()
    goals = list(Goal.all_tenants.filter(tenant=tenant).order_by("position", "title", "pk"))
    measures = list(measures_queryset(tenant=tenant).order_by("status_rank", "title", "pk"))
    nodes = {g.pk: GoalNode(goal=g, depth=0) for g in goals}
    without_goal = []
    for m in measures:
        m.recheck_due = is_recheck_due(m, today)
        if m.goal_id in nodes:
            nodes[m.goal_id].measures.append(m)
        else:
            without_goal.append(m)
    roots = []
    for g in goals:
        parent = nodes.get(g.parent_id) if g.parent_id else None
        (parent.children if parent else roots).append(nodes[g.pk])
    flat: list[GoalNode] = []

    def walk(node: GoalNode, depth: int, seen: set[int]) -> None:
        if node.goal.pk in seen:  # a cycle cannot be created by the services; be safe
            return
        seen.add(node.goal.pk)
        node.depth = depth
        flat.append(node)
        for child in node.children:
            walk(child, depth + 1, seen)

    seen: set[int] = set()
    for root in roots:
        walk(root, 0, seen)
    return GoalCascade(roots=roots, flat=flat, without_goal=without_goal)


def area_by_code(*, tenant: Tenant, code: str) -> Area | None:
    """The tenant's area with ``code``; the finest level wins when codes repeat."""
    candidates = list(tenant_areas(tenant).filter(code=code)) if code else []
    if not candidates:
        return None
    rank = {lvl: i for i, lvl in enumerate(LEVEL_PREFERENCE)}
    return min(candidates, key=lambda a: (rank.get(a.level, 99), a.pk))


@dataclass
class Prefill:
    initial: dict
    offer_ids: list[int]
    overlap_key: str = ""
    unknown: list[str] = field(default_factory=list)  # parameters that named nothing


def measure_prefill(*, tenant: Tenant, params: Mapping[str, str]) -> Prefill:
    """Initial values of a new measure from the query of the gap list or an overlap:
    ``source=gap|overlap``, ``area=<area code>``, ``life_phase=<code>``,
    ``dimension=<code>``, ``offers=<id,id>`` and ``overlap=<key>``. Values that name
    nothing of the tenant are left out and listed in ``unknown``."""
    initial: dict = {}
    unknown: list[str] = []
    source = (params.get("source") or "").strip()
    if source in (MeasureSource.GAP, MeasureSource.OVERLAP):
        initial["source"] = source
    area_code = (params.get("area") or "").strip()
    if area_code:
        area = area_by_code(tenant=tenant, code=area_code)
        if area is None:
            unknown.append("area")
        else:
            initial["area"] = area
    phase_code = (params.get("life_phase") or "").strip()
    if phase_code:
        phase = tenant_phases(tenant).filter(code=phase_code).first()
        if phase is None:
            unknown.append("life_phase")
        else:
            initial["life_phase"] = phase
    dim_code = (params.get("dimension") or "").strip()
    if dim_code:
        dim = tenant_dimensions(tenant).filter(code=dim_code).first()
        if dim is None:
            unknown.append("dimension")
        else:
            initial["dimension"] = dim
    raw = [p.strip() for p in (params.get("offers") or "").split(",") if p.strip()]
    wanted = [int(p) for p in raw if p.isdigit()][:200]
    offer_ids = sorted(tenant_offers(tenant).filter(pk__in=wanted).values_list("pk", flat=True))
    if len(offer_ids) < len(raw):
        unknown.append("offers")
    if offer_ids:
        initial["offers"] = offer_ids
    title = _suggested_title(initial)
    if title:
        initial["title"] = title
    return Prefill(
        initial=initial,
        offer_ids=offer_ids,
        overlap_key=(params.get("overlap") or "").strip()[:64],
        unknown=unknown,
    )


def _suggested_title(initial: dict) -> str:
    parts = [
        str(initial[k].label if hasattr(initial[k], "label") else initial[k])
        for k in ("area", "life_phase", "dimension")
        if k in initial
    ]
    if "area" in initial:
        parts[0] = initial["area"].name
    return " · ".join(parts)


@dataclass
class CellFigures:
    """Current figures of one area × life phase (the context of a gap measure)."""

    area: Area
    phase_label: str
    offers: int  # current offers counting in the area for the phase
    by_dimension: list[tuple[str, int]]  # (dimension name, offers)
    dimension_offers: int | None  # offers of the measure's dimension, if it has one
    left_out: dict[str, int]  # published offers not counted: overdue / invalid
    today: date


def measure_context(*, measure: Measure, today: date | None = None) -> dict:
    """What the detail page shows beside a measure: for a measure with area and life
    phase the current figures of that cell (from ``planning_dataset``: current offers
    that count in the area and life phase, per dimension); and the offers concerned with
    provider and status (for overlaps)."""
    today = today or timezone.localdate()
    out: dict = {"cell": None, "offers": []}
    if measure.area_id and measure.life_phase_id:
        data = planning_data(tenant=measure.tenant, today=today)
        phase = measure.life_phase.code
        rows = [o for o in data.offers if measure.area_id in o.counts_in and phase in o.phases]
        current = [o for o in rows if o.state == CURRENT]
        counts: dict[str, int] = {}
        for o in current:
            for d in o.dimensions:
                counts[d] = counts.get(d, 0) + 1
        left_out = {"overdue": 0, "invalid": 0}
        for o in rows:
            if o.state != CURRENT:
                left_out[o.state] += 1
        dim_code = measure.dimension.code if measure.dimension_id else None
        out["cell"] = CellFigures(
            area=measure.area,
            phase_label=measure.life_phase.label,
            offers=len(current),
            by_dimension=[
                (name, counts.get(code, 0)) for code, name in data.dimension_names.items()
            ],
            dimension_offers=counts.get(dim_code, 0) if dim_code else None,
            left_out=left_out,
            today=today,
        )
    out["offers"] = list(
        Offer.all_tenants.filter(pk__in=measure.offers.values("pk"))
        .select_related("organisation")
        .order_by("title", "pk")
    )
    return out


def area_choices(*, tenant: Tenant) -> list[Area]:
    """The tenant's areas, coarse to fine, each level in code order (for selects)."""
    rank = {lvl: i for i, lvl in enumerate(reversed(LEVEL_PREFERENCE))}
    # Only what a select needs: the geometry of hundreds of areas is heavy.
    areas = tenant_areas(tenant).only("pk", "code", "name", "level", "tenant_id")
    return sorted(areas, key=lambda a: (rank.get(a.level, 99), a.code))


def offers_by_ids(*, tenant: Tenant, ids: list[int]) -> QuerySet[Offer]:
    return tenant_offers(tenant).filter(pk__in=ids).select_related("organisation")


def measure_history(*, measure: Measure) -> list[AuditEntry]:
    """The audit entries of ``measure``, newest first, each with ``status_change``
    ``(old label, new label)`` when the status moved and ``fields`` (changed names)."""
    labels = dict(MeasureStatus.choices)
    entries = list(
        AuditEntry.objects.filter(
            tenant_id=measure.tenant_id, object_type="planning.measure", object_id=str(measure.pk)
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    for entry in entries:
        status = (entry.changes or {}).get("status")
        entry.status_change = (
            (labels.get(status[0], status[0] or "–"), labels.get(status[1], status[1]))
            if entry.action != "measure.create" and isinstance(status, list) and len(status) == 2
            else None
        )
        entry.fields = sorted((entry.changes or {}).keys())
    return entries
