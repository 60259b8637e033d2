"""Snapshots (Stichtage): the state of supply and coverage frozen for a reporting date,
and the comparison of two snapshots.

``snapshot_content(*, tenant, reference_date)`` builds the JSON stored in
``PlanningSnapshot.data``; ``compare(a, b, level=…)`` is pure and works on two such
dicts. Shape (``version`` 1)::

    {"version": 1, "reference_date": "2025-06-30",
     "phases": [{"code", "name"}], "dimensions": {code: name},
     "coverage": {"levels": [...], "current": n, "left_out": {"overdue", "invalid"},
                  "totals": {phase: {"offers": n, "dims": {dim: n}}},
                  "by_level": {level: {area_code: {"name", "phases": {phase:
                      {"offers": n, "population": p|None, "per_1000": x|None,
                       "dims": {dim: n}}}}}}},
     "accessibility": {"available": bool, "method", "catchment_m",
                       "by_level": {level: {area_code: {phase: value|None}}}} | reason,
     "gaps": {"available": bool, "computed_on",
              "levels": {level: {"total": n, "rows": [GapRow.as_dict(), …]}}} | reason,
     "overlaps": {"available": bool, "groups": [{"key", "offers", "area_code",
                  "life_phase", "score", "verdict"}], "duplicates": n},
     "currency": {"total", "current", "due_soon", "overdue", "hidden", "share_current",
                  "by_provider": [{"name", "total", "current", "overdue", "hidden"}]},
     "demand": {"since", "until", "totals": {kind: n}, "by_phase": {phase: {kind: n}},
                "by_level": {level: {area_code: {kind: n}}}},
     "offers": [{"id", "title", "organisation", "areas", "phases"}]}

**As of the reporting date.** Validity (valid from/until) and currency (confirmation
due, hidden from) are evaluated on the reporting date. What the database does not keep
a history of is taken as it is now: whether an offer is published, its age range,
locations and areas, and its confirmation dates (a confirmation after the reporting date
moves them). A snapshot for a past date is therefore an approximation; one taken on the
day is exact. Demand counts are the signals of the 365 days up to and including the
reporting date. The gap list is the one computed when the snapshot is taken
(``gaps.computed_on``). Counts are stored exactly; pages show 1–4 as “< 5”
(``suppress_small``).

Sections computed by other parts of the planning app (coverage, accessibility, gaps,
overlaps) are called, never re-implemented; a section whose computation fails or does
not exist yet is stored as ``{"available": false, "reason": "…"}`` and the pages say so.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from praevnav.accounts.models import Organisation
from praevnav.catalogue.models import GapReport, SearchEvent
from praevnav.catalogue.selectors_currency import currency_dashboard
from praevnav.catalogue.signals_log import FEW_RESULTS
from praevnav.core.models import Tenant
from praevnav.planning.coverage import coverage_matrix
from praevnav.planning.selectors_coverage import (
    comparable_levels,
    planning_data,
    population_for_level,
)
from praevnav.planning.supply import PlanningDataset

logger = logging.getLogger(__name__)

VERSION = 1
THRESHOLD = 5
SUPPRESSED = "< 5"
WITHHELD = "·"
PHASE_KINDS = ("zero_results", "gap_reports")
DEMAND_KINDS = ("searches", "zero_results", "few_results", "gap_reports")
DEMAND_DAYS = 365
GAP_ROWS = 100  # highest-ranked gap rows kept per level


def suppress_small(count: int | None) -> str:
    """Small-cell suppression: counts 1–4 are shown as “< 5”; 0 and ≥ 5 exactly."""
    if count is None:
        return "–"
    return SUPPRESSED if 0 < count < THRESHOLD else str(count)


# --- building ---------------------------------------------------------------------------


def snapshot_content(*, tenant: Tenant, reference_date: dt.date) -> dict:
    """Everything a snapshot freezes for ``tenant`` on ``reference_date`` (see the
    module docstring for the shape and what "as of" means)."""
    dataset = planning_data(tenant=tenant, today=reference_date)
    return {
        "version": VERSION,
        "reference_date": reference_date.isoformat(),
        "phases": [{"code": p.code, "name": p.label} for p in dataset.phases],
        "dimensions": dict(sorted(dataset.dimension_names.items())),
        "coverage": coverage_section(tenant=tenant, dataset=dataset),
        "accessibility": _optional(accessibility_section, tenant=tenant, dataset=dataset),
        "gaps": _optional(gaps_section, tenant=tenant, dataset=dataset),
        "overlaps": _optional(overlaps_section, tenant=tenant, dataset=dataset),
        "currency": currency_section(tenant=tenant, day=reference_date),
        "demand": demand_section(tenant=tenant, dataset=dataset, day=reference_date),
        "offers": offers_section(dataset),
    }


def _optional(builder, **kwargs) -> dict:
    """Run an optional section; a failure is recorded in the snapshot, never raised."""
    try:
        return builder(**kwargs)
    except Exception as error:  # noqa: BLE001 — an analysis failing must not lose the rest
        logger.exception("snapshot section %s failed", builder.__name__)
        return {"available": False, "reason": f"{type(error).__name__}: {error}"[:300]}


def coverage_section(*, tenant: Tenant, dataset: PlanningDataset) -> dict:
    """Current offers per area × life phase (× dimension) at every comparable level,
    with inhabitants and offers per 1,000 where figures exist (``planning.coverage``)."""
    phases = [p.code for p in dataset.phases]
    dims = sorted(dataset.dimension_names)
    levels = comparable_levels(dataset)
    by_level: dict[str, dict] = {}
    totals: dict[str, dict] = {p: {"offers": 0, "dims": {}} for p in phases}
    for level in levels:
        population, _source = population_for_level(tenant=tenant, dataset=dataset, level=level)
        base = coverage_matrix(dataset, level=level, population=population)
        per_dim = {
            d: coverage_matrix(dataset, level=level, population={}, dimension=d) for d in dims
        }
        rows: dict[str, dict] = {}
        for i, row in enumerate(base.rows):
            cells = {}
            for p in phases:
                cell = row.cells[p]
                cells[p] = {
                    "offers": cell.offers,
                    "population": cell.population if cell.has_population else None,
                    "per_1000": round(cell.per_1000, 4) if cell.per_1000 is not None else None,
                    "dims": {d: per_dim[d].rows[i].cells[p].offers for d in dims},
                }
            rows[row.area.code] = {"name": row.area.name, "phases": cells}
        by_level[level] = rows
        if level == levels[0]:
            for p in phases:
                totals[p] = {
                    "offers": base.totals[p].offers,
                    "dims": {d: per_dim[d].totals[p].offers for d in dims},
                }
    if not levels:  # a tenant without areas still has tenant-wide totals
        base = coverage_matrix(dataset, level="", population={})
        totals = {p: {"offers": base.totals[p].offers, "dims": {}} for p in phases}
    return {
        "levels": levels,
        "current": len(dataset.current()),
        "left_out": dataset.left_out(),
        "totals": totals,
        "by_level": by_level,
    }


def accessibility_section(*, tenant: Tenant, dataset: PlanningDataset) -> dict:
    """E2SFCA accessibility (default parameters) per area and life phase at every level
    (``planning.selectors_accessibility``)."""
    from praevnav.planning.selectors_accessibility import AccessParams, accessibility_by_area

    params = AccessParams()
    # As of today the cached result, which the gap list reuses; an earlier date afresh.
    result = accessibility_by_area(tenant=tenant, params=params, dataset=dataset)
    return {
        "available": True,
        "method": params.method,
        "catchment_m": float(params.catchment_m),
        "demand_level": result.demand_level,
        "by_level": {
            level: {
                row.code: {
                    p: (round(v, 9) if v is not None else None) for p, v in row.values.items()
                }
                for row in rows
            }
            for level, rows in result.by_level.items()
        },
    }


def gaps_section(*, tenant: Tenant, dataset: PlanningDataset) -> dict:
    """The ranked gap list (``planning.selectors_gaps.gap_list``) at every gap level, the
    ``GAP_ROWS`` highest-ranked rows each (``total``: how many rows there were). The gap
    list reads the catalogue and the demand signals as they are when the snapshot is
    taken (``computed_on``), not as of an earlier reporting date."""
    from praevnav.planning.selectors_gaps import GAP_LEVELS, gap_list

    levels = [lvl for lvl in GAP_LEVELS if lvl in dataset.levels()]
    out: dict[str, dict] = {}
    for level in levels:
        result = gap_list(tenant=tenant, level=level)
        out[level] = {
            "total": len(result.rows),
            "rows": [r.as_dict() for r in result.rows[:GAP_ROWS]],
        }
    return {
        "available": bool(levels),
        "computed_on": timezone.localdate().isoformat(),
        "levels": out,
        **({} if levels else {"reason": "no area level for a gap list"}),
    }


def overlaps_section(*, tenant: Tenant, dataset: PlanningDataset) -> dict:
    """Doppelstrukturen with the planners' verdicts and the number of suggested
    duplicate pairs (``planning.selectors_findings``), as of the reporting date."""
    from praevnav.planning.selectors_findings import findings

    result = findings(tenant=tenant, today=dataset.today)
    return {
        "available": True,
        "level": result.overlap_level,
        "duplicates": len(result.duplicates),
        "groups": [
            {
                "key": o.key,
                "offers": o.offer_ids,
                "area_code": o.area_code,
                "life_phase": o.life_phase,
                "score": round(float(o.score), 4),
                "verdict": o.verdict,
            }
            for o in result.overlaps
        ],
    }


def currency_section(*, tenant: Tenant, day: dt.date) -> dict:
    """Published offers by currency state on ``day``, in total and per provider."""
    board = currency_dashboard(tenant=tenant, today=day)
    t = board.totals
    return {
        "total": t.total,
        "current": t.current,
        "due_soon": t.due_soon,
        "overdue": t.overdue,
        "hidden": t.hidden,
        "share_current": t.share_current,
        "by_provider": sorted(
            (
                {
                    "name": r.name,
                    "total": r.total,
                    "current": r.current,
                    "overdue": r.overdue,
                    "hidden": r.hidden,
                }
                for r in board.by_provider
            ),
            key=lambda r: r["name"].casefold(),
        ),
    }


def demand_section(*, tenant: Tenant, dataset: PlanningDataset, day: dt.date) -> dict:
    """Searches, zero- and few-result searches and reported gaps of the 365 days up to
    ``day``: in total, per life phase, and per area at every level (an event recorded
    for an area counts in it and in every area above it)."""
    until = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    since = until - dt.timedelta(days=DEMAND_DAYS)
    scope = tenant.scope_ids()
    totals = dict.fromkeys(DEMAND_KINDS, 0)
    by_phase: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(DEMAND_KINDS, 0))
    by_level: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: dict.fromkeys(DEMAND_KINDS, 0))
    )

    def chain(area_id: int | None) -> list:
        out, node, guard = [], dataset.areas.get(area_id) if area_id else None, 0
        while node is not None and guard < 12:
            out.append(node)
            node = dataset.areas.get(node.parent_id) if node.parent_id is not None else None
            guard += 1
        return out

    def bump(area_id, codes, kinds) -> None:
        for kind in kinds:
            totals[kind] += 1
            for code in codes or [""]:
                by_phase[str(code)][kind] += 1
            for node in chain(area_id):
                by_level[node.level][node.code][kind] += 1

    events = SearchEvent.all_tenants.filter(
        tenant_id__in=scope, occurred_hour__gte=since, occurred_hour__lt=until
    ).values_list("area_id", "life_phase_codes", "result_count")
    for area_id, codes, results in events.iterator():
        kinds = ["searches"]
        if results == 0:
            kinds.append("zero_results")
        elif results <= FEW_RESULTS:
            kinds.append("few_results")
        bump(area_id, codes, kinds)
    gaps = GapReport.all_tenants.filter(
        tenant_id__in=scope, occurred_hour__gte=since, occurred_hour__lt=until
    ).values_list("area_id", "life_phase_codes")
    for area_id, codes in gaps.iterator():
        bump(area_id, codes, ["gap_reports"])
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "totals": totals,
        "by_phase": {k: dict(v) for k, v in sorted(by_phase.items())},
        "by_level": {
            lvl: {c: dict(v) for c, v in sorted(rows.items())}
            for lvl, rows in sorted(by_level.items())
        },
    }


def offers_section(dataset: PlanningDataset) -> list[dict]:
    """The current offers: id, title, provider, areas (codes of the areas its locations
    lie in and it serves; ``["*"]`` for the whole municipality) and life phases."""
    current = dataset.current()
    orgs = dict(
        Organisation.all_tenants.filter(pk__in={o.organisation_id for o in current}).values_list(
            "pk", "name"
        )
    )
    order = {p.code: i for i, p in enumerate(dataset.phases)}
    everywhere = set(dataset.areas)
    out = []
    for o in current:
        if everywhere and o.counts_in == everywhere and not o.located_in and not o.served:
            areas = ["*"]
        else:
            areas = sorted({dataset.areas[a].code for a in o.located_in | o.served})
        out.append(
            {
                "id": o.id,
                "title": o.title,
                "organisation": orgs.get(o.organisation_id, ""),
                "areas": areas,
                "phases": sorted(o.phases, key=lambda c: (order.get(c, 999), c)),
            }
        )
    return out


# --- comparing --------------------------------------------------------------------------


@dataclass
class CoverageDelta:
    area_code: str
    area_name: str
    phase: str
    a: int | None  # None: the area was not in that snapshot
    b: int | None

    @property
    def delta(self) -> int:
        return (self.b or 0) - (self.a or 0)


@dataclass
class Comparison:
    opened: list[dict]  # offers in b, not in a
    closed: list[dict]  # offers in a, not in b
    level: str
    levels: list[str]
    coverage: list[CoverageDelta]
    unchanged_cells: int
    totals: list[tuple[str, int, int]]  # (phase code, a, b), whole tenant
    currency: dict[str, dict]
    demand: list[dict]  # rows {"label", "a", "b"} with suppressed text
    phases: dict[str, str]
    sections: dict[str, tuple[bool, bool]] = field(default_factory=dict)


def compare(a: dict, b: dict, *, level: str | None = None) -> Comparison:
    """What changed from snapshot ``a`` to snapshot ``b`` (pure; either order works):
    offers opened and closed (by id, titles as frozen), coverage changes per area ×
    life phase at ``level`` (default: the coarsest level both have), currency shares
    and demand counts (already suppressed for display)."""
    a_offers = {o["id"]: o for o in a.get("offers", [])}
    b_offers = {o["id"]: o for o in b.get("offers", [])}
    opened = sorted((b_offers[i] for i in b_offers.keys() - a_offers.keys()), key=_title)
    closed = sorted((a_offers[i] for i in a_offers.keys() - b_offers.keys()), key=_title)

    a_cov, b_cov = a.get("coverage", {}), b.get("coverage", {})
    levels = [lvl for lvl in b_cov.get("levels", []) if lvl in a_cov.get("levels", [])]
    if level not in levels:
        level = levels[0] if levels else ""
    phases = {p["code"]: p["name"] for p in a.get("phases", [])}
    phases.update({p["code"]: p["name"] for p in b.get("phases", [])})
    deltas, unchanged = [], 0
    if level:
        a_rows = a_cov["by_level"].get(level, {})
        b_rows = b_cov["by_level"].get(level, {})
        for code in sorted(a_rows.keys() | b_rows.keys()):
            name = (b_rows.get(code) or a_rows.get(code))["name"]
            for phase in phases:
                av = _cell(a_rows.get(code), phase)
                bv = _cell(b_rows.get(code), phase)
                d = CoverageDelta(code, name, phase, av, bv)
                if d.delta or (av is None) != (bv is None):
                    deltas.append(d)
                else:
                    unchanged += 1
    deltas.sort(key=lambda d: (-abs(d.delta), d.area_code, list(phases).index(d.phase)))
    totals = [
        (
            p,
            a_cov.get("totals", {}).get(p, {}).get("offers", 0),
            b_cov.get("totals", {}).get(p, {}).get("offers", 0),
        )
        for p in phases
    ]
    currency = {"a": a.get("currency", {}), "b": b.get("currency", {})}
    demand = _demand_rows(a.get("demand", {}), b.get("demand", {}), phases)
    sections = {
        name: (bool(a.get(name, {}).get("available")), bool(b.get(name, {}).get("available")))
        for name in ("accessibility", "gaps", "overlaps")
    }
    return Comparison(
        opened=opened,
        closed=closed,
        level=level,
        levels=levels,
        coverage=deltas,
        unchanged_cells=unchanged,
        totals=totals,
        currency=currency,
        demand=demand,
        phases=phases,
        sections=sections,
    )


def _title(offer: dict) -> tuple:
    return (offer.get("title", "").casefold(), offer.get("id", 0))


def _cell(row: dict | None, phase: str) -> int | None:
    if row is None:
        return None
    return row.get("phases", {}).get(phase, {}).get("offers", 0)


def _demand_rows(a: dict, b: dict, phases: dict[str, str]) -> list[dict]:
    """Demand counts of both snapshots, each shown with small-cell suppression. No
    difference column: a difference of two suppressed counts could reveal them. A total
    is withheld (“·”) when a row of the same kind in the same snapshot is suppressed,
    since subtracting the other rows from it could reveal the small count."""
    a_phase, b_phase = a.get("by_phase", {}), b.get("by_phase", {})
    phase_rows = []
    for code in [*phases, ""]:
        if code not in a_phase and code not in b_phase:
            continue
        for kind in PHASE_KINDS:
            phase_rows.append(
                {
                    "kind": kind,
                    "phase": code,
                    "a": suppress_small(a_phase.get(code, {}).get(kind, 0)),
                    "b": suppress_small(b_phase.get(code, {}).get(kind, 0)),
                }
            )
    rows = []
    for kind in DEMAND_KINDS:
        row = {"kind": kind, "phase": None}
        for side, data in (("a", a), ("b", b)):
            text = suppress_small(data.get("totals", {}).get(kind, 0))
            if text not in (SUPPRESSED, "–") and any(
                r[side] == SUPPRESSED for r in phase_rows if r["kind"] == kind
            ):
                text = WITHHELD
            row[side] = text
        rows.append(row)
    return rows + phase_rows
