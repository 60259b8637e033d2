"""Demand signals: anonymous search events and reported gaps (“Lücke melden”).

Writes
------
``search_event_record(*, tenant, params, result, channel)`` — called by the search page
and the API after every search (not by the search service). It stores a ``SearchEvent``
with only:

- ``occurred_hour``: the time rounded **down** to the full hour (aware, local time);
- ``query_words``: the normalised query words (lower case, at most 10 words / 200
  characters). Dates, phone numbers, e-mail addresses and any run of more than four
  digits are dropped first, so birth dates, phone and house numbers do not survive;
- ``filters``: the selected facet values as codes (``{"language": ["tr"], …}``);
- ``area``: the area the search was about — the area a place (``near`` text or map
  point) resolved to, else the single selected area filter. The typed address and the
  coordinates themselves are **never** stored;
- ``age_months``, ``pregnant``, ``life_phase_codes`` (selected phases plus the phases
  the age or pregnancy falls into) and ``result_count``.

No IP address, user, session key, user agent or free text beyond the query words is
ever passed in or stored. A failure to log never breaks the search (logged, ``None``).

``gap_report_create(*, tenant, sought, params=None, area=None, result_count=0,
by_professional=False)`` — stores a ``GapReport`` under the same rules; ``sought`` (the
searcher's own words, ≤ 1000 characters) has e-mail addresses, phone numbers and dates
replaced by “[…]” as a safety net. ``by_professional`` is the only trace of who reported.

Read
----
``demand_signals(*, tenant, since=None, level=None) -> list[DemandRow]`` — for the
planning analyses (gap list, committee report): one row per area × life phase with

- ``searches``: number of search events,
- ``zero_results``: searches that found nothing,
- ``few_results``: searches that found 1–3 offers (``FEW_RESULTS``),
- ``gap_reports``: reported gaps.

``area`` is the recorded area (``None``: the search named no place); with ``level`` (e.g.
``"stadtteil"``) finer areas are rolled up to their ancestor on that level. An event
without a life phase counts under ``life_phase_code = ""`` (any age); an event with
several life phases counts once under each. ``since`` limits to events at or after that
time. Rows are sorted by zero-result searches plus gap reports, most first.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from praevnav.catalogue.models import GapReport, SearchEvent
from praevnav.core.models import Tenant
from praevnav.geography.models import Area
from praevnav.taxonomy.selectors import life_phases_for_tenant

logger = logging.getLogger(__name__)

MAX_WORDS = 10
MAX_WORDS_CHARS = 200
MAX_SOUGHT = 1000
FEW_RESULTS = 3
MAX_FILTER_VALUES = 20
# Finer levels first: an area code that exists on several levels means the finest.
_LEVEL_PREFERENCE = ["sozialraum", "stadtteil", "gemeinde", "stadtbezirk", "kommune", "kreis"]

_EMAIL = re.compile(r"\S+@\S+")
_DATE = re.compile(r"\b\d{1,4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{1,4}\b")
# Digit groups joined by blanks, slashes, dashes or dots (phone numbers “0211 / 89-12345”).
_DIGIT_RUN = re.compile(r"\+?\d[\d\s/().-]*\d")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def hour_floor(moment: datetime | None = None) -> datetime:
    """``moment`` (default: now) rounded down to the full hour, timezone-aware, local."""
    moment = timezone.localtime(moment or timezone.now())
    return moment.replace(minute=0, second=0, microsecond=0)


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def scrub(text: str, replacement: str = " ") -> str:
    """Remove e-mail addresses, dates and digit sequences of more than four digits."""
    text = _EMAIL.sub(replacement, text)
    text = _DATE.sub(replacement, text)
    return _DIGIT_RUN.sub(lambda m: replacement if _digits(m.group()) > 4 else m.group(), text)


def query_words(text: str) -> str:
    """The normalised words of a query, safe to store (see module docstring)."""
    words = []
    for word in _WORD.findall(scrub((text or "")[:1000].lower())):
        if re.search(r"\d{5,}", word):
            continue
        words.append(word)
        if len(words) >= MAX_WORDS:
            break
    joined = ""
    for word in words:
        candidate = f"{joined} {word}".strip()
        if len(candidate) > MAX_WORDS_CHARS:
            break
        joined = candidate
    return joined


def _filters(params: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, values in dict(getattr(params, "filters", {}) or {}).items():
        if not re.fullmatch(r"[a-z_]{1,30}", str(key)):
            continue
        codes = sorted({str(v)[:60] for v in values if v})[:MAX_FILTER_VALUES]
        if codes:
            out[str(key)] = codes
    return out


def _area_by_code(tenant: Tenant, code: str | None) -> Area | None:
    if not code:
        return None
    candidates = list(Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids(), code=code))
    if not candidates:
        return None
    rank = {lvl: i for i, lvl in enumerate(_LEVEL_PREFERENCE)}
    return min(candidates, key=lambda a: (rank.get(a.level, 99), a.pk))


def _resolved_area(tenant: Tenant, params: Any, result: Any) -> Area | None:
    place = getattr(result, "place", None)
    if place is not None and getattr(place, "area_code", None):
        return _area_by_code(tenant, place.area_code)
    if place is None and getattr(params, "lat", None) is not None:
        from praevnav.geography.geocoding import area_code_at

        code = area_code_at(tenant=tenant, lat=params.lat, lon=params.lon)
        if code:
            return _area_by_code(tenant, code)
    effective = getattr(result, "effective", None) or params
    codes = set(dict(getattr(effective, "filters", {}) or {}).get("area", ()))
    codes |= set(dict(getattr(params, "filters", {}) or {}).get("area", ()))
    if len(codes) == 1:
        return _area_by_code(tenant, codes.pop())
    return None


def life_phase_codes(
    *, tenant: Tenant, selected: list[str], age_months: int | None, pregnant: bool
) -> list[str]:
    """Selected life phases plus those the age (or pregnancy) falls into, in chain order."""
    phases = life_phases_for_tenant(tenant_id=tenant.pk)
    codes = set(selected)
    for phase in phases:
        if phase.is_pregnancy:
            if pregnant:
                codes.add(phase.code)
        elif age_months is not None:
            lo = phase.min_age_months or 0
            hi = phase.max_age_months
            if lo <= age_months and (hi is None or age_months < hi):
                codes.add(phase.code)
    order = {p.code: i for i, p in enumerate(phases)}
    return sorted(codes, key=lambda c: (order.get(c, 999), c))


def _signal_fields(*, tenant: Tenant, params: Any, result: Any = None) -> dict[str, Any]:
    effective = getattr(result, "effective", None) or params
    filters = _filters(effective)
    age = getattr(params, "age_months", None)
    pregnant = bool(getattr(params, "pregnant", False))
    return {
        "query_words": query_words(getattr(effective, "q", "") or getattr(params, "q", "")),
        "filters": filters,
        "area": _resolved_area(tenant, params, result),
        "age_months": age if isinstance(age, int) and 0 <= age <= 1560 else None,
        "pregnant": pregnant,
        "life_phase_codes": life_phase_codes(
            tenant=tenant,
            selected=filters.get("life_phase", []),
            age_months=age,
            pregnant=pregnant,
        ),
    }


def search_event_record(
    *, tenant: Tenant, params: Any, result: Any, channel: str = SearchEvent.Channel.PAGE
) -> SearchEvent | None:
    """Log one search anonymously (see the module docstring for what is kept)."""
    if tenant is None:
        return None
    if channel not in SearchEvent.Channel.values:
        channel = SearchEvent.Channel.PAGE
    try:
        with transaction.atomic():
            return SearchEvent.all_tenants.create(
                tenant=tenant,
                occurred_hour=hour_floor(),
                channel=channel,
                result_count=max(0, int(getattr(result, "count", 0) or 0)),
                **_signal_fields(tenant=tenant, params=params, result=result),
            )
    except (DatabaseError, ValueError, TypeError):
        logger.exception("search event not recorded")
        return None


def gap_report_create(
    *,
    tenant: Tenant,
    sought: str,
    params: Any = None,
    area: Area | None = None,
    result_count: int = 0,
    by_professional: bool = False,
) -> GapReport:
    """Store a reported gap; ``area`` (chosen by the reporter) wins over the search's area."""
    sought = scrub(" ".join((sought or "").split()), "[…]")[:MAX_SOUGHT]
    if not sought:
        raise ValueError("sought must not be empty")
    fields = (
        _signal_fields(tenant=tenant, params=params)
        if params is not None
        else {
            "query_words": "",
            "filters": {},
            "area": None,
            "age_months": None,
            "pregnant": False,
            "life_phase_codes": [],
        }
    )
    if area is not None:
        fields["area"] = area
    return GapReport.all_tenants.create(
        tenant=tenant,
        occurred_hour=hour_floor(),
        sought=sought,
        result_count=max(0, int(result_count or 0)),
        by_professional=bool(by_professional),
        **fields,
    )


# --- read -------------------------------------------------------------------------------


@dataclass
class DemandRow:
    area: Area | None
    life_phase_code: str
    searches: int = 0
    zero_results: int = 0
    few_results: int = 0
    gap_reports: int = 0

    @property
    def unmet(self) -> int:
        """Zero-result searches plus reported gaps: the plainest sign of a gap."""
        return self.zero_results + self.gap_reports


def _rollup(tenant: Tenant, level: str | None):
    if not level:
        return lambda area_id: area_id
    rows = Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids()).values_list(
        "pk", "parent_id", "level"
    )
    parent = {pk: p for pk, p, _lvl in rows}
    level_of = {pk: lvl for pk, _p, lvl in rows}

    def up(area_id: int | None) -> int | None:
        node, hops = area_id, 0
        while node is not None and level_of.get(node) != level and hops < 10:
            node, hops = parent.get(node), hops + 1
        # An area coarser than ``level`` stays as it is.
        return node if node is not None else area_id

    return up


def demand_signals(
    *, tenant: Tenant, since: datetime | None = None, level: str | None = None
) -> list[DemandRow]:
    """Searches, zero/few-result searches and gap reports per area × life phase."""
    scope = tenant.scope_ids()
    events = SearchEvent.all_tenants.filter(tenant_id__in=scope)
    gaps = GapReport.all_tenants.filter(tenant_id__in=scope)
    if since is not None:
        events = events.filter(occurred_hour__gte=since)
        gaps = gaps.filter(occurred_hour__gte=since)
    up = _rollup(tenant, level)
    rows: dict[tuple[int | None, str], DemandRow] = {}

    def row(area_id: int | None, code: str) -> DemandRow:
        key = (up(area_id), code)
        if key not in rows:
            rows[key] = DemandRow(area=None, life_phase_code=code)
        return rows[key]

    for area_id, codes, count in events.values_list(
        "area_id", "life_phase_codes", "result_count"
    ).iterator():
        for code in codes or [""]:
            r = row(area_id, str(code))
            r.searches += 1
            if count == 0:
                r.zero_results += 1
            elif count <= FEW_RESULTS:
                r.few_results += 1
    for area_id, codes in gaps.values_list("area_id", "life_phase_codes").iterator():
        for code in codes or [""]:
            row(area_id, str(code)).gap_reports += 1
    areas = Area.all_tenants.in_bulk([k[0] for k in rows if k[0] is not None])
    for (area_id, _code), r in rows.items():
        r.area = areas.get(area_id) if area_id is not None else None
    return sorted(
        rows.values(),
        key=lambda r: (-r.unmet, -r.searches, r.area.name if r.area else "", r.life_phase_code),
    )
