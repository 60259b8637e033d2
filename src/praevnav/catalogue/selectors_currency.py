"""Currency (Aktualität) reads: the planners' dashboard.

All figures are aggregated in Python over a handful of ``values_list`` queries (offers,
their location areas, editors, reminders), so the dashboard costs the same number of
queries for ten offers as for ten thousand.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Max
from django.utils import timezone

from praevnav.accounts.enums import Role
from praevnav.accounts.models import Membership
from praevnav.catalogue.currency import currency_state
from praevnav.catalogue.enums import CurrencyState, OfferStatus
from praevnav.catalogue.models import CurrencyReminder, Offer
from praevnav.catalogue.selectors import chain_area_level
from praevnav.core.models import Tenant
from praevnav.geography.models import Area, Location
from praevnav.taxonomy.selectors import life_phases_for_tenant
from praevnav.taxonomy.services import derive_life_phases

# Columns the share tables can be sorted by (query parameter value → row attribute).
SHARE_SORTS = {"name": "sort_name", "total": "total", "current": "current", "share": "share"}
OVERDUE_SORTS = {"days": "days_overdue", "title": "title", "provider": "provider"}


@dataclass
class ShareRow:
    """Offers of one group (provider, area, life phase) by currency state."""

    name: str
    total: int = 0
    current: int = 0  # not yet due, including due within 30 days
    due_soon: int = 0
    overdue: int = 0  # overdue, within the grace period
    hidden: int = 0  # overdue beyond the grace period, out of public search
    # The row of offers without a location in any area of the level.
    no_area: bool = False

    def add(self, state: str) -> None:
        self.total += 1
        if state in (CurrencyState.CURRENT, CurrencyState.DUE_SOON):
            self.current += 1
        if state == CurrencyState.DUE_SOON:
            self.due_soon += 1
        elif state == CurrencyState.OVERDUE:
            self.overdue += 1
        elif state == CurrencyState.HIDDEN:
            self.hidden += 1

    @property
    def share(self) -> float:
        """Share of current offers in percent (0 for an empty group)."""
        return round(100 * self.current / self.total, 1) if self.total else 0.0

    @property
    def sort_name(self) -> tuple:
        return natural_key(self.name)


@dataclass
class OverdueRow:
    offer_id: int
    title: str
    provider: str
    due: date
    days_overdue: int
    hidden: bool
    editors_reachable: bool
    last_reminder: datetime | None


@dataclass
class CurrencyTotals:
    total: int = 0
    current: int = 0  # not due within 30 days
    due_soon: int = 0
    overdue: int = 0
    hidden: int = 0

    @property
    def share_current(self) -> float:
        """Share of offers not yet overdue, in percent."""
        return round(100 * (self.current + self.due_soon) / self.total, 1) if self.total else 0.0


@dataclass
class CurrencyDashboard:
    today: date
    totals: CurrencyTotals
    by_provider: list[ShareRow]
    by_area: list[ShareRow]
    area_level: str
    by_phase: list[ShareRow]
    overdue: list[OverdueRow]
    sorts: dict[str, str] = field(default_factory=dict)


def natural_key(text: str) -> tuple:
    """Sort key in which “Stadtbezirk 2” comes before “Stadtbezirk 10”."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text.casefold()))


def parse_sort(value: str | None, allowed: Iterable[str], default: str) -> str:
    """A sort parameter (``name`` or ``-name``) if it names an allowed column, else the default."""
    if value and value.lstrip("-") in allowed:
        return value
    return default


def _sorted(rows: list, sort: str, columns: dict[str, str]) -> list:
    key = columns[sort.lstrip("-")]
    # Ties always in name/title order, so the order is stable across requests.
    tie = "sort_name" if hasattr(rows[0] if rows else None, "sort_name") else "title"
    rows = sorted(
        rows, key=lambda r: natural_key(getattr(r, tie)) if tie == "title" else r.sort_name
    )

    def value(row):
        v = getattr(row, key)
        return v.casefold() if isinstance(v, str) else v

    return sorted(rows, key=value, reverse=sort.startswith("-"))


def reachable_organisations(*, organisation_ids: Iterable[int]) -> set[int]:
    """Ids of the organisations with at least one active editor with an e-mail address
    (same rule as ``services_revisions.editor_emails``), in one query."""
    return set(
        Membership.all_tenants.filter(
            role=Role.TRAEGER_EDITOR,
            organisation_id__in=list(organisation_ids),
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def currency_dashboard(
    *, tenant: Tenant, today: date | None = None, sorts: dict[str, str | None] | None = None
) -> CurrencyDashboard:
    """Currency of the published offers of ``tenant`` (a Kreis with its member towns).

    Totals by state; the share of current offers per provider, per area of the chain
    level (Stadtbezirk, or member town in a Kreis; an offer counts in every area one of
    its locations lies in, offers without such a location in “no area”), and per life
    phase (derived from the age range); and the overdue offers, longest overdue first,
    with whether their provider has an editor to remind and the last reminder sent.
    ``sorts``: ``{"provider"|"area"|"phase"|"overdue": "column" or "-column"}``.
    """
    today = today or timezone.localdate()
    sorts = sorts or {}
    offers = list(
        Offer.all_tenants.filter(tenant_id__in=tenant.scope_ids(), status=OfferStatus.PUBLISHED)
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            "organisation_id",
            "organisation__name",
            "confirmation_due",
            "hidden_from",
            "pregnancy",
            "age_min_months",
            "age_max_months",
        )
    )
    states = {o[0]: currency_state(due=o[4], hidden_from=o[5], today=today) for o in offers}
    totals = CurrencyTotals(total=len(offers))
    for state in states.values():
        setattr(totals, str(state), getattr(totals, str(state)) + 1)

    providers: dict[int, ShareRow] = {}
    for pk, _title, org_id, org_name, *_rest in offers:
        providers.setdefault(org_id, ShareRow(name=org_name)).add(states[pk])

    area_rows, level = _by_area(tenant=tenant, offers=offers, states=states)

    phases = life_phases_for_tenant(tenant_id=tenant.pk)
    phase_rows = {p.pk: ShareRow(name=p.label) for p in phases}
    for pk, _t, _o, _n, _d, _h, pregnancy, lo, hi in offers:
        for phase in derive_life_phases(
            phases=phases, pregnancy=pregnancy, min_months=lo, max_months=hi
        ):
            phase_rows[phase.pk].add(states[pk])

    overdue = _overdue(offers=offers, states=states, today=today)

    chosen = {
        "provider": parse_sort(sorts.get("provider"), SHARE_SORTS, "share"),
        "area": parse_sort(sorts.get("area"), SHARE_SORTS, "name"),
        # Life phases keep the order of the chain unless another column is chosen.
        "phase": parse_sort(sorts.get("phase"), SHARE_SORTS, ""),
        "overdue": parse_sort(sorts.get("overdue"), OVERDUE_SORTS, "-days"),
    }
    phase_list = list(phase_rows.values())
    return CurrencyDashboard(
        today=today,
        totals=totals,
        by_provider=_sorted(list(providers.values()), chosen["provider"], SHARE_SORTS),
        # Offers without a location in an area stay the last row whatever the order.
        by_area=_sorted([r for r in area_rows if not r.no_area], chosen["area"], SHARE_SORTS)
        + [r for r in area_rows if r.no_area],
        area_level=level,
        by_phase=_sorted(phase_list, chosen["phase"], SHARE_SORTS)
        if chosen["phase"]
        else phase_list,
        overdue=_sorted(overdue, chosen["overdue"], OVERDUE_SORTS) if overdue else overdue,
        sorts=chosen,
    )


def _by_area(*, tenant: Tenant, offers: list[tuple], states: dict) -> tuple[list[ShareRow], str]:
    """Share rows per chain-level area, through the areas of the offers' locations."""
    level = chain_area_level(tenant=tenant) or ""
    if not level:
        return [], ""
    areas = dict(
        Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids(), level=level).values_list(
            "pk", "name"
        )
    )
    loc_areas: dict[int, set[int]] = defaultdict(set)
    for loc_id, area_id in Location.areas.through.objects.filter(
        area_id__in=list(areas)
    ).values_list("location_id", "area_id"):
        loc_areas[loc_id].add(area_id)
    offer_areas: dict[int, set[int]] = defaultdict(set)
    for offer_id, loc_id in Offer.locations.through.objects.filter(
        offer_id__in=list(states)
    ).values_list("offer_id", "location_id"):
        offer_areas[offer_id] |= loc_areas.get(loc_id, set())
    rows = {pk: ShareRow(name=name) for pk, name in areas.items()}
    nowhere = ShareRow(name="", no_area=True)
    for pk, *_rest in offers:
        targets = offer_areas.get(pk)
        if not targets:
            nowhere.add(states[pk])
        for area_id in targets or ():
            rows[area_id].add(states[pk])
    result = list(rows.values())
    if nowhere.total:
        result.append(nowhere)
    return result, level


def _overdue(*, offers: list[tuple], states: dict, today: date) -> list[OverdueRow]:
    late = [o for o in offers if states[o[0]] in (CurrencyState.OVERDUE, CurrencyState.HIDDEN)]
    if not late:
        return []
    reachable = reachable_organisations(organisation_ids={o[2] for o in late})
    last_sent = dict(
        CurrencyReminder.all_tenants.filter(offer_id__in=[o[0] for o in late])
        .values("offer_id")
        .annotate(last=Max("sent_at"))
        .values_list("offer_id", "last")
    )
    return [
        OverdueRow(
            offer_id=pk,
            title=title,
            provider=org_name,
            due=due,
            days_overdue=(today - due).days,
            hidden=states[pk] == CurrencyState.HIDDEN,
            editors_reachable=org_id in reachable,
            last_reminder=last_sent.get(pk),
        )
        for pk, title, org_id, org_name, due, *_rest in late
    ]
