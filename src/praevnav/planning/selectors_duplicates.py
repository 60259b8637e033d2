"""Reads for duplicate and overlap detection: the :class:`OfferFeatures` of a tenant."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from praevnav.catalogue.models import Offer
from praevnav.catalogue.selectors import published_offers
from praevnav.core.models import Tenant
from praevnav.geography.models import Area
from praevnav.planning.duplicates import OfferFeatures
from praevnav.taxonomy.selectors import life_phases_for_tenant
from praevnav.taxonomy.services import derive_life_phases

CHUNK = 900  # ids per IN (...) clause: below SQLite's parameter limit


def offer_features(*, tenant: Tenant, today: date | None = None) -> list[OfferFeatures]:
    """Features of the tenant's current published offers (its member towns' too), in id
    order, with a fixed number of queries per 900 offers.

    ``areas`` holds the codes of the areas an offer's locations lie in, of the areas it
    serves, and of all areas below those (serving a Stadtbezirk serves its Stadtteile).
    """
    rows = list(
        published_offers(tenant=tenant, today=today)
        .order_by("pk")
        .values(
            "pk", "tenant_id", "external_id", "title", "description", "organisation_id",
            "organisation__name", "public_phone", "public_email", "website", "pregnancy",
            "age_min_months", "age_max_months",
        )
    )  # fmt: skip
    ids = [r["pk"] for r in rows]
    children: dict[int, list[int]] = defaultdict(list)
    code_of: dict[int, str] = {}
    for pk, code, parent in Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids()).values_list(
        "pk", "code", "parent_id"
    ):
        code_of[pk] = code
        if parent is not None:
            children[parent].append(pk)

    def below(area_id: int) -> set[str]:
        out, stack = set(), [area_id]
        while stack:
            node = stack.pop()
            out.add(code_of[node])
            stack.extend(children.get(node, ()))
        return out

    place: dict[int, tuple] = {}
    areas: dict[int, set[str]] = defaultdict(set)
    topics: dict[int, set[str]] = defaultdict(set)
    targets: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        locations = Offer.locations.through.objects.filter(offer_id__in=chunk)
        for offer_id, street, lat, lon in locations.order_by("location_id").values_list(
            "offer_id", "location__street", "location__latitude", "location__longitude"
        ):
            place.setdefault(offer_id, (street, lat, lon))  # the first location counts
        for offer_id, area_id in locations.exclude(location__areas=None).values_list(
            "offer_id", "location__areas"
        ):
            areas[offer_id].add(code_of.get(area_id, ""))
        for offer_id, area_id in Offer.service_areas.through.objects.filter(
            offer_id__in=chunk
        ).values_list("offer_id", "area_id"):
            areas[offer_id] |= below(area_id) if area_id in code_of else set()
        for name, target in (("topics", topics), ("target_groups", targets)):
            for offer_id, code in (
                getattr(Offer, name).through.objects.filter(offer_id__in=chunk)
                .values_list("offer_id", "term__code")
            ):  # fmt: skip
                target[offer_id].add(code)

    phases: dict[tuple, frozenset[str]] = {}
    phase_lists: dict[int, list] = {}
    out = []
    for r in rows:
        key = (r["tenant_id"], r["pregnancy"], r["age_min_months"], r["age_max_months"])
        if key not in phases:
            if r["tenant_id"] not in phase_lists:
                phase_lists[r["tenant_id"]] = life_phases_for_tenant(tenant_id=r["tenant_id"])
            phases[key] = frozenset(
                p.code
                for p in derive_life_phases(
                    phases=phase_lists[r["tenant_id"]],
                    pregnancy=r["pregnancy"],
                    min_months=r["age_min_months"],
                    max_months=r["age_max_months"],
                )
            )
        street, lat, lon = place.get(r["pk"], ("", None, None))
        out.append(
            OfferFeatures(
                id=r["pk"],
                external_id=r["external_id"],
                title=r["title"],
                description=r["description"],
                organisation_name=r["organisation__name"],
                organisation_id=r["organisation_id"],
                address=street or "",
                phones=tuple(p for p in (r["public_phone"],) if p),
                emails=tuple(e for e in (r["public_email"],) if e),
                urls=tuple(u for u in (r["website"],) if u),
                life_phases=phases[key],
                topics=frozenset(topics[r["pk"]]),
                target_groups=frozenset(targets[r["pk"]]),
                areas=frozenset(a for a in areas[r["pk"]] if a),
                lat=lat,
                lon=lon,
            )
        )
    return out


__all__ = ["offer_features"]
