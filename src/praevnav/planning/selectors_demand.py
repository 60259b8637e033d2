"""Demand signals for the planners: searches with no or few results and reported gaps
(“Lücke melden”) by month, area, life phase and topic, with small-cell suppression.

Reads the anonymous ``SearchEvent`` and ``GapReport`` rows (no IP, no user; see
``catalogue.signals_log``) with a fixed number of queries, counts in Python and then
applies the suppression rule (:func:`suppress_tables`), so that the page, its CSV and any
other output only ever see the suppressed figures.

Counted per row: ``zero_results`` (searches that found nothing), ``few_results``
(searches that found 1–3 offers, ``signals_log.FEW_RESULTS``) and ``gap_reports``. The
number of all searches is deliberately not shown next to them: with it, a suppressed
count could be bounded by subtraction.

**Suppression rule** (shown on the page):

1. Every count from 1 to 4 is shown as “< 5”; 0 and counts of 5 or more are exact.
2. A total (the overall figures of the period) is withheld (“·”) when any count of the
   same kind in any table of the page is suppressed, because the month rows and the area
   rows (and, when every signal names one life phase or topic, those rows too) add up to
   it, and subtracting the others would reveal the small count. A total below 5 is shown
   as “< 5” like any count.
3. Rows are listed in a fixed order (months by date, areas by code, life phases in
   chain order, topics by name), never sorted by count, so the order reveals nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from praevnav.catalogue.models import GapReport, SearchEvent
from praevnav.catalogue.signals_log import FEW_RESULTS
from praevnav.core.models import Tenant
from praevnav.geography.models import Area
from praevnav.taxonomy.models import Term
from praevnav.taxonomy.selectors import life_phases_for_tenant

THRESHOLD = 5
KINDS = ("zero_results", "few_results", "gap_reports")
LEVELS = ("stadtbezirk", "stadtteil", "sozialraum", "gemeinde")
SUPPRESSED = "< 5"
WITHHELD = "·"


@dataclass(frozen=True)
class Shown:
    """A count as it may be shown: ``text`` for people, ``value`` for bars (``None``
    when suppressed or withheld: no bar length may reveal it)."""

    text: str
    value: int | None
    suppressed: bool = False
    withheld: bool = False


def shown(count: int) -> Shown:
    """Rule 1: 1–4 become “< 5”."""
    if 0 < count < THRESHOLD:
        return Shown(SUPPRESSED, None, suppressed=True)
    return Shown(str(count), count)


@dataclass
class DemandRow:
    key: str
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    cells: dict[str, Shown] = field(default_factory=dict)


@dataclass
class DemandTable:
    name: str
    rows: list[DemandRow] = field(default_factory=list)
    maximum: int = 0  # largest shown (unsuppressed) value, for the bars


@dataclass
class DemandSignals:
    start: dt.date
    end: dt.date  # first day of the last month included
    level: str
    life_phase: str
    tables: dict[str, DemandTable]
    totals: dict[str, Shown]
    levels: list[str]
    phases: list[tuple[str, str]]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def default_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last 12 months including the current one."""
    end = month_start(today or timezone.localdate())
    return add_months(end, -11), end


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _rollup(tenant: Tenant, level: str):
    rows = list(
        Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids()).values_list(
            "pk", "parent_id", "level", "code", "name"
        )
    )
    parent = {pk: p for pk, p, *_rest in rows}
    info = {pk: (lvl, code, name) for pk, _p, lvl, code, name in rows}

    def up(area_id: int | None) -> tuple[str, str]:
        node, hops = area_id, 0
        while node is not None and info.get(node, ("",))[0] != level and hops < 10:
            node, hops = parent.get(node), hops + 1
        node = node if node is not None else area_id  # coarser than ``level``: as is
        if node is None or node not in info:
            return "", _("No place given")
        return info[node][1], info[node][2]

    return up, sorted({lvl for lvl, _c, _n in info.values() if lvl in LEVELS}, key=LEVELS.index)


def area_levels(*, tenant: Tenant) -> list[str]:
    """The levels (of ``LEVELS``) the tenant's areas have, coarse to fine."""
    found = set(
        Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids(), level__in=LEVELS)
        .values_list("level", flat=True)
        .distinct()
    )
    return [lvl for lvl in LEVELS if lvl in found]


def phase_choices(*, tenant: Tenant) -> list[tuple[str, str]]:
    """``(code, name)`` of the tenant's life phases in chain order."""
    return [(p.code, p.name) for p in life_phases_for_tenant(tenant_id=tenant.pk)]


def demand_signals_view(
    *,
    tenant: Tenant,
    start: dt.date,
    end: dt.date,
    level: str = "stadtteil",
    life_phase: str = "",
) -> DemandSignals:
    """Suppressed demand signals of ``tenant``'s scope for the months ``start`` to ``end``
    (both first days of a month, inclusive), areas rolled up to ``level``, optionally
    only events of one ``life_phase``. Five queries, whatever the number of events."""
    start, end = month_start(start), month_start(end)
    if end < start:
        start, end = end, start
    scope = tenant.scope_ids()
    since, until = _aware(start), _aware(add_months(end, 1))
    events = SearchEvent.all_tenants.filter(
        tenant_id__in=scope, occurred_hour__gte=since, occurred_hour__lt=until
    ).values_list("occurred_hour", "area_id", "life_phase_codes", "filters", "result_count")
    gaps = GapReport.all_tenants.filter(
        tenant_id__in=scope, occurred_hour__gte=since, occurred_hour__lt=until
    ).values_list("occurred_hour", "area_id", "life_phase_codes", "filters")
    up, levels = _rollup(tenant, level)
    phases = [(p.code, p.name) for p in life_phases_for_tenant(tenant_id=tenant.pk)]
    phase_names = dict(phases)

    tables: dict[str, dict[str, DemandRow]] = {n: {} for n in ("month", "area", "phase", "topic")}

    def bump(table: str, key: str, label: str, kind: str) -> None:
        row = tables[table].get(key)
        if row is None:
            row = tables[table][key] = DemandRow(key=key, label=label)
        row.counts[kind] += 1

    month = start
    while month <= end:  # every month of the range, also those without signals
        tables["month"][month.isoformat()] = DemandRow(month.isoformat(), "")
        month = add_months(month, 1)

    topic_codes: set[str] = set()

    def count(moment, area_id, codes, filters, kind) -> None:
        codes = [str(c) for c in (codes or [])]
        if life_phase and life_phase not in codes:
            return
        local = timezone.localtime(moment).date()
        bump("month", month_start(local).isoformat(), "", kind)
        bump("area", *up(area_id), kind)
        for code in codes or [""]:
            bump("phase", code, phase_names.get(code, code) or _("No age given"), kind)
        topics = (filters or {}).get("topic") or []
        for code in topics:
            topic_codes.add(str(code))
            bump("topic", str(code), str(code), kind)
        if not topics:
            bump("topic", "", _("No topic chosen"), kind)

    for moment, area_id, codes, filters, results in events.iterator():
        if results == 0:
            count(moment, area_id, codes, filters, "zero_results")
        elif results <= FEW_RESULTS:
            count(moment, area_id, codes, filters, "few_results")
    for moment, area_id, codes, filters in gaps.iterator():
        count(moment, area_id, codes, filters, "gap_reports")

    names = dict(
        Term.all_tenants.filter(
            tenant_id__in=tenant.lineage_ids(), vocabulary="topic", code__in=sorted(topic_codes)
        ).values_list("code", "name")
    )
    for code, row in tables["topic"].items():
        if code:
            row.label = names.get(code, code)
    order = {code: i for i, (code, _n) in enumerate(phases)}
    ordered = {
        "month": sorted(tables["month"].values(), key=lambda r: r.key),
        "area": sorted(tables["area"].values(), key=lambda r: (r.key == "", r.key)),
        "phase": sorted(tables["phase"].values(), key=lambda r: (order.get(r.key, 999), r.key)),
        "topic": sorted(tables["topic"].values(), key=lambda r: (r.key == "", r.label.lower())),
    }
    for row in ordered["month"]:
        row.label = dt.date.fromisoformat(row.key).strftime("%m/%Y")
    totals = {k: sum(r.counts[k] for r in ordered["month"]) for k in KINDS}
    result_tables, shown_totals = suppress_tables(ordered, totals)
    return DemandSignals(
        start=start,
        end=end,
        level=level,
        life_phase=life_phase,
        tables=result_tables,
        totals=shown_totals,
        levels=levels,
        phases=phases,
    )


def suppress_tables(
    tables: dict[str, list[DemandRow]], totals: dict[str, int]
) -> tuple[dict[str, DemandTable], dict[str, Shown]]:
    """Apply the suppression rule (module docstring) to the rows and the totals."""
    out: dict[str, DemandTable] = {}
    for name, rows in tables.items():
        table = DemandTable(name=name, rows=rows)
        for row in rows:
            row.cells = {k: shown(row.counts[k]) for k in KINDS}
            for cell in row.cells.values():
                if cell.value is not None:
                    table.maximum = max(table.maximum, cell.value)
        out[name] = table
    shown_totals: dict[str, Shown] = {}
    for kind in KINDS:
        parts = [r.cells[kind] for table in out.values() for r in table.rows]
        cell = shown(totals[kind])
        if not cell.suppressed and any(p.suppressed for p in parts):
            cell = Shown(WITHHELD, None, withheld=True)
        shown_totals[kind] = cell
    return out, shown_totals


__all__ = [
    "KINDS",
    "THRESHOLD",
    "add_months",
    "area_levels",
    "phase_choices",
    "DemandSignals",
    "Shown",
    "default_range",
    "demand_signals_view",
    "shown",
    "suppress_tables",
]
