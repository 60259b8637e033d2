"""The planning view of the catalogue: every published offer with what the analyses need.

One selector, ``planning_dataset``, reads the tenant's areas (with their tree) and its
published offers with a fixed number of queries and answers, per offer: its life phases
(derived from the age range), dimensions, topics, target groups, prevention level, cost,
languages, capacity, the points of its locations and the set of areas it counts in at
every level. Coverage, the chain view, accessibility, gaps and snapshots all start here,
so that they count the same offers in the same places.

Counting rule: an offer counts in an area when one of its locations lies in it, when it
serves that area, a coarser area containing it, or a part of it, or when it serves the
whole tenant. Only *current* offers count: published, valid today and not overdue for
confirmation; overdue and out-of-validity offers are kept apart (``state``) so the pages
can say how many were left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from praevnav.catalogue.enums import OfferStatus, ServiceAreaKind
from praevnav.catalogue.models import Offer
from praevnav.core.models import Tenant, TenantKind
from praevnav.geography.enums import AreaLevel
from praevnav.geography.models import Area, Location
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import LifePhase, Term
from praevnav.taxonomy.selectors import life_phases_for_tenant
from praevnav.taxonomy.services import derive_life_phases

CURRENT, OVERDUE, INVALID = "current", "overdue", "invalid"
FREE_ACCESS_CODES = frozenset({"kostenlos", "kostenfrei", "free"})


@dataclass
class AreaNode:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    tenant_id: int
    centroid: tuple[float, float] | None  # (lon, lat)
    geometry: dict | None = None


@dataclass
class SupplyRow:
    id: int
    title: str
    organisation_id: int
    external_id: str
    state: str  # CURRENT, OVERDUE or INVALID
    kind: str  # ServiceAreaKind
    phases: frozenset[str]
    dimensions: frozenset[str]
    topics: frozenset[str]
    target_groups: frozenset[str]
    prevention_level: str
    access: frozenset[str]
    languages: frozenset[str]
    capacity: int | None
    points: list[tuple[float, float]] = field(default_factory=list)  # (lon, lat)
    transitions: frozenset[str] = frozenset()  # codes of the transitions it accompanies
    located_in: set[int] = field(default_factory=set)  # area ids of its locations
    served: set[int] = field(default_factory=set)  # area ids it serves (listed)
    counts_in: set[int] = field(default_factory=set)  # every area it counts in

    @property
    def is_free(self) -> bool:
        return bool(self.access & FREE_ACCESS_CODES)


@dataclass
class PlanningDataset:
    tenant: Tenant
    today: date
    phases: list[LifePhase]
    areas: dict[int, AreaNode]
    children: dict[int | None, list[int]]
    offers: list[SupplyRow]
    dimension_names: dict[str, str]

    def areas_at(self, level: str) -> list[AreaNode]:
        return sorted((a for a in self.areas.values() if a.level == level), key=lambda a: a.code)

    def levels(self) -> list[str]:
        return sorted({a.level for a in self.areas.values()})

    def current(self) -> list[SupplyRow]:
        return [o for o in self.offers if o.state == CURRENT]

    def left_out(self) -> dict[str, int]:
        """How many published offers were left out of the analyses, and why."""
        counts = {OVERDUE: 0, INVALID: 0}
        for o in self.offers:
            if o.state != CURRENT:
                counts[o.state] += 1
        return counts


def _state(row: dict, today: date) -> str:
    if (row["valid_from"] and row["valid_from"] > today) or (
        row["valid_until"] and row["valid_until"] < today
    ):
        return INVALID
    if row["confirmation_due"] and row["confirmation_due"] <= today:
        return OVERDUE
    return CURRENT


def _home_areas(
    tenant: Tenant, scope: list[int], areas: dict[int, AreaNode], ancestors, descendants
) -> dict[int, set[int]]:
    """Per member town of a Kreis (or the town itself): the Gemeinde area whose code is
    the town's official key, with everything below it and the Kreis above it. Towns
    without such an area are absent (their whole-town offers then count everywhere)."""
    by_code = {a.code: a.id for a in areas.values() if a.level == AreaLevel.GEMEINDE}
    if not by_code:
        return {}
    out: dict[int, set[int]] = {}
    for pk, code in Tenant.objects.filter(pk__in=scope, kind=TenantKind.GEMEINDE).values_list(
        "pk", "official_code"
    ):
        area_id = by_code.get(code)
        if area_id is not None:
            out[pk] = {area_id, *ancestors(area_id), *descendants(area_id)}
    return out


def planning_dataset(*, tenant: Tenant, today: date | None = None) -> PlanningDataset:
    """Areas and published offers of ``tenant`` (a Kreis with its member towns), read with
    a fixed number of queries whatever the number of offers."""
    today = today or timezone.localdate()
    scope = tenant.scope_ids()
    area_rows = Area.all_tenants.filter(
        Q(tenant_id__in=tenant.lineage_ids()) | Q(tenant_id__in=scope)
    ).values_list(
        "pk", "code", "name", "level", "parent_id", "tenant_id", "centroid_lon", "centroid_lat"
    )
    areas = {
        pk: AreaNode(pk, code, name, level, parent, t, (lon, lat) if lon is not None else None)
        for pk, code, name, level, parent, t, lon, lat in area_rows
    }
    children: dict[int | None, list[int]] = defaultdict(list)
    for a in areas.values():
        children[a.parent_id if a.parent_id in areas else None].append(a.id)

    def ancestors(area_id: int) -> list[int]:
        out, node, guard = [], areas[area_id].parent_id, 0
        while node is not None and node in areas and guard < 12:
            out.append(node)
            node, guard = areas[node].parent_id, guard + 1
        return out

    def descendants(area_id: int) -> list[int]:
        out, stack = [], list(children.get(area_id, ()))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(children.get(node, ()))
        return out

    phases = life_phases_for_tenant(tenant_id=tenant.pk)
    code_of = dict(
        Term.all_tenants.filter(tenant_id__in=scope + tenant.lineage_ids()).values_list(
            "pk", "code"
        )
    )
    dimension_names = {
        code: name
        for code, name in Term.all_tenants.filter(
            tenant_id=tenant.pk, vocabulary=Vocabulary.DIMENSION
        ).values_list("code", "name")
    }
    offer_rows = list(
        Offer.all_tenants.filter(tenant_id__in=scope, status=OfferStatus.PUBLISHED)
        .order_by("pk")
        .values(
            "pk",
            "title",
            "organisation_id",
            "external_id",
            "pregnancy",
            "age_min_months",
            "age_max_months",
            "valid_from",
            "valid_until",
            "confirmation_due",
            "service_area_kind",
            "prevention_level_id",
            "capacity_per_year",
            "tenant_id",
        )
    )
    # Related rows are selected by joining on the offer's tenant and status rather than
    # by a list of ids: an IN list of 10^4-10^5 parameters is slow to prepare and exceeds
    # SQLite's variable limit.
    offer_filter = {"offer__tenant_id__in": scope, "offer__status": OfferStatus.PUBLISHED}
    links: dict[str, dict[int, set[str]]] = {}
    for name in ("dimensions", "topics", "target_groups", "access_options", "languages"):
        through = getattr(Offer, name).through
        per: dict[int, set[str]] = defaultdict(set)
        for offer_id, term_id in through.objects.filter(**offer_filter).values_list(
            "offer_id", "term_id"
        ):
            code = code_of.get(term_id)
            if code is not None:
                per[offer_id].add(code)
        links[name] = per
    offer_transitions: dict[int, set[str]] = defaultdict(set)
    for offer_id, code in Offer.transitions.through.objects.filter(**offer_filter).values_list(
        "offer_id", "transition__code"
    ):
        offer_transitions[offer_id].add(code)
    offer_locations: dict[int, list[int]] = defaultdict(list)
    for offer_id, loc_id in Offer.locations.through.objects.filter(**offer_filter).values_list(
        "offer_id", "location_id"
    ):
        offer_locations[offer_id].append(loc_id)
    used_locations = Offer.locations.through.objects.filter(**offer_filter).values("location_id")
    loc_points = {
        pk: (lon, lat)
        for pk, lon, lat in Location.all_tenants.filter(pk__in=used_locations).values_list(
            "pk", "longitude", "latitude"
        )
        if lon is not None and lat is not None
    }
    loc_areas: dict[int, set[int]] = defaultdict(set)
    for loc_id, area_id in Location.areas.through.objects.filter(
        location_id__in=used_locations
    ).values_list("location_id", "area_id"):
        if area_id in areas:
            loc_areas[loc_id].add(area_id)
    served: dict[int, set[int]] = defaultdict(set)
    for offer_id, area_id in Offer.service_areas.through.objects.filter(**offer_filter).values_list(
        "offer_id", "area_id"
    ):
        if area_id in areas:
            served[offer_id].add(area_id)

    all_area_ids = set(areas)
    home = _home_areas(tenant, scope, areas, ancestors, descendants)
    # The tree walks and the phase derivation repeat for every offer: remember them.
    up: dict[int, set[int]] = {}
    down: dict[int, set[int]] = {}
    phase_memo: dict[tuple, frozenset[str]] = {}
    rows: list[SupplyRow] = []
    for r in offer_rows:
        pk = r["pk"]
        age_key = (r["pregnancy"], r["age_min_months"], r["age_max_months"])
        phase_codes = phase_memo.get(age_key)
        if phase_codes is None:
            member = derive_life_phases(
                phases=phases, pregnancy=age_key[0], min_months=age_key[1], max_months=age_key[2]
            )
            phase_codes = phase_memo[age_key] = frozenset(p.code for p in member)
        located: set[int] = set()
        for loc in offer_locations.get(pk, ()):
            located.update(loc_areas.get(loc, ()))
        listed = served.get(pk, set())
        counts_in: set[int] = set()
        if r["service_area_kind"] == ServiceAreaKind.WHOLE_TENANT:
            # A member town's offer for its whole town counts in that town only.
            counts_in = home.get(r["tenant_id"], all_area_ids)
        else:
            # A location in an area means the offer is in every enclosing area too.
            for area_id in located:
                if area_id not in up:
                    up[area_id] = {area_id, *ancestors(area_id)}
                counts_in |= up[area_id]
            for area_id in listed:
                if area_id not in down:
                    down[area_id] = {area_id, *ancestors(area_id), *descendants(area_id)}
                counts_in |= down[area_id]
        rows.append(
            SupplyRow(
                id=pk,
                title=r["title"],
                organisation_id=r["organisation_id"],
                external_id=r["external_id"],
                state=_state(r, today),
                kind=r["service_area_kind"],
                phases=phase_codes,
                dimensions=frozenset(links["dimensions"].get(pk, ())),
                topics=frozenset(links["topics"].get(pk, ())),
                target_groups=frozenset(links["target_groups"].get(pk, ())),
                prevention_level=code_of.get(r["prevention_level_id"], ""),
                access=frozenset(links["access_options"].get(pk, ())),
                languages=frozenset(links["languages"].get(pk, ())),
                capacity=r["capacity_per_year"],
                points=[
                    loc_points[loc] for loc in offer_locations.get(pk, []) if loc in loc_points
                ],
                transitions=frozenset(offer_transitions.get(pk, ())),
                located_in=located,
                served=set(listed),
                counts_in=set(counts_in),
            )
        )
    return PlanningDataset(
        tenant=tenant,
        today=today,
        phases=phases,
        areas=areas,
        children=dict(children),
        offers=rows,
        dimension_names=dimension_names,
    )
