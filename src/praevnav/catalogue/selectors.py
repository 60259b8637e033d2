"""Reads of the catalogue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from praevnav.catalogue.enums import OfferStatus, ServiceAreaKind
from praevnav.catalogue.models import Offer
from praevnav.core.models import Tenant
from praevnav.geography.enums import LEVEL_DEPTH, AreaLevel
from praevnav.geography.models import Area, Location
from praevnav.taxonomy.models import LifePhase
from praevnav.taxonomy.selectors import life_phases_for_tenant
from praevnav.taxonomy.services import derive_life_phases


@dataclass
class ChainLink:
    phase: LifePhase
    total: int = 0
    per_area: dict[int, int] = field(default_factory=dict)


@dataclass
class ChainOverview:
    links: list[ChainLink]
    areas: list[Area]
    area_level: str
    offers_total: int

    def rows(self) -> list[tuple[Area, list[int]]]:
        """One row per area with the count of every link, for the table."""
        return [(a, [link.per_area.get(a.pk, 0) for link in self.links]) for a in self.areas]


def published_offers(*, tenant: Tenant, today: date | None = None):
    """Published offers of the tenant that are valid today and not hidden for want of
    confirmation (overdue beyond the grace period)."""
    today = today or timezone.localdate()
    return (
        Offer.all_tenants.filter(tenant_id__in=tenant.scope_ids(), status=OfferStatus.PUBLISHED)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .filter(Q(hidden_from__isnull=True) | Q(hidden_from__gt=today))
    )


def chain_area_level(*, tenant: Tenant) -> str | None:
    """The level right below the tenant's root: Stadtbezirk in a city, Gemeinde in a Kreis."""
    levels = set(
        Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids())
        .values_list("level", flat=True)
        .distinct()
    )
    ranked = sorted(
        (lvl for lvl in levels if LEVEL_DEPTH[AreaLevel(lvl)] >= 1),
        key=lambda lvl: LEVEL_DEPTH[AreaLevel(lvl)],
    )
    return ranked[0] if ranked else None


def chain_overview(*, tenant: Tenant, today: date | None = None) -> ChainOverview:
    """Published offers per life phase, in total and per area of the chain level.

    An offer counts in an area when one of its locations lies there, when it serves
    that area (or a part or the whole of it), or when it serves the whole tenant.
    """
    phases = life_phases_for_tenant(tenant_id=tenant.pk)
    level = chain_area_level(tenant=tenant)
    area_qs = Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids())
    areas = list(area_qs.filter(level=level).order_by("code")) if level else []
    chain_ids = {a.pk for a in areas}
    parent_of = dict(area_qs.values_list("pk", "parent_id"))

    def to_chain_area(area_id: int | None) -> int | None:
        seen = 0
        while area_id is not None and area_id not in chain_ids and seen < 10:
            area_id = parent_of.get(area_id)
            seen += 1
        return area_id if area_id in chain_ids else None

    offers = list(
        published_offers(tenant=tenant, today=today).values_list(
            "pk", "pregnancy", "age_min_months", "age_max_months", "service_area_kind"
        )
    )
    offer_ids = [o[0] for o in offers]
    offer_areas: dict[int, set[int]] = defaultdict(set)
    loc_through = Offer.locations.through
    loc_of_offer = loc_through.objects.filter(offer_id__in=offer_ids).values_list(
        "offer_id", "location_id"
    )
    loc_areas: dict[int, set[int]] = defaultdict(set)
    for loc_id, area_id in Location.areas.through.objects.filter(area_id__in=chain_ids).values_list(
        "location_id", "area_id"
    ):
        loc_areas[loc_id].add(area_id)
    for offer_id, loc_id in loc_of_offer:
        offer_areas[offer_id] |= loc_areas.get(loc_id, set())
    served_children: dict[int, set[int]] = defaultdict(set)
    for area_id, parent_id in parent_of.items():
        if parent_id is not None:
            served_children[parent_id].add(area_id)
    for offer_id, area_id in Offer.service_areas.through.objects.filter(
        offer_id__in=offer_ids
    ).values_list("offer_id", "area_id"):
        target = to_chain_area(area_id)
        if target is not None:
            offer_areas[offer_id].add(target)
        else:
            # A coarser area (e.g. the whole city) serves every chain area inside it.
            stack = [area_id]
            while stack:
                node = stack.pop()
                if node in chain_ids:
                    offer_areas[offer_id].add(node)
                else:
                    stack.extend(served_children.get(node, ()))

    links = [ChainLink(phase=p) for p in phases]
    for offer_id, pregnancy, lo, hi, kind in offers:
        member = derive_life_phases(
            phases=phases, pregnancy=pregnancy, min_months=lo, max_months=hi
        )
        in_areas = chain_ids if kind == ServiceAreaKind.WHOLE_TENANT else offer_areas[offer_id]
        for link in links:
            if link.phase in member:
                link.total += 1
                for area_id in in_areas:
                    link.per_area[area_id] = link.per_area.get(area_id, 0) + 1
    return ChainOverview(links=links, areas=areas, area_level=level or "", offers_total=len(offers))
