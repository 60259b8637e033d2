"""Offers as plain dicts in the shapes of ``schemas.py``.

Every related row is read by ``prefetch_offers`` in a fixed number of queries, however
many offers there are (already prefetched lookups are skipped).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from praevnav.catalogue.models import Offer
from praevnav.geography.enums import LEVEL_DEPTH, AreaLevel
from praevnav.geography.models import Area, Location
from praevnav.taxonomy.models import LifePhase
from praevnav.taxonomy.services import derive_life_phases


def phases_by_tenant(tenant_ids: Iterable[int]) -> dict[int, list[LifePhase]]:
    """Life phases of each tenant in chain order (an offer's phases are its tenant's)."""
    result: dict[int, list[LifePhase]] = {tid: [] for tid in tenant_ids}
    for phase in LifePhase.all_tenants.filter(tenant_id__in=list(result)).order_by("position"):
        result[phase.tenant_id].append(phase)
    return result


SUMMARY_CHARS = 300

LIST_PREFETCH = (
    "organisation",
    "prevention_level",
    "dimensions",
    "target_groups",
    "topics",
    "access_options",
    "languages",
    "accessibility",
    # Unscoped: a member town's locations lie in areas of its Kreis too.
    Prefetch(
        "locations",
        queryset=Location.all_tenants.prefetch_related(
            Prefetch("areas", queryset=Area.all_tenants.defer("geometry"))
        ),
    ),
)
DETAIL_PREFETCH = (
    *LIST_PREFETCH,
    "participants",
    "transitions",
    "settings",
    "formats",
    "funding_programmes",
    "evidence_programme",
    Prefetch("service_areas", queryset=Area.all_tenants.defer("geometry")),
    "sessions",
    "translations",
)


def prefetch_offers(offers: list[Offer], lookups: Iterable = LIST_PREFETCH) -> None:
    prefetch_related_objects(offers, *lookups)


def _terms(manager) -> list[dict]:
    # Sorted in Python: a prefetched ``.all()`` is served from the cache, an
    # ``order_by`` would query again.
    items = sorted(manager.all(), key=lambda t: (getattr(t, "position", 0), t.name))
    return [{"code": t.code, "label": t.label} for t in items]


def _term(term) -> dict | None:
    return {"code": term.code, "label": term.label} if term is not None else None


def _area_ref(area) -> dict:
    return {"code": area.code, "name": area.name, "level": area.level}


def summary_text(offer: Offer) -> str:
    """The plain-language summary, else the description cut at a word boundary."""
    if offer.summary_plain.strip():
        return offer.summary_plain.strip()
    text = " ".join(offer.description.split())
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS].rsplit(" ", 1)[0]
    return cut + " …"


def detail_url(request: HttpRequest, offer_id: int, tenant_slug: str, default_slug: str) -> str:
    """Absolute URL of the offer's page (``/angebote/<id>/``), with the tenant if needed."""
    try:
        path = reverse("catalogue:offer_detail", args=[offer_id])
    except NoReverseMatch:  # the page is not there yet: the documented path
        path = f"/angebote/{offer_id}/"
    if tenant_slug != default_slug:
        path += f"?tenant={tenant_slug}"
    return request.build_absolute_uri(path)


def _locations(offer: Offer) -> tuple[list[dict], list[dict]]:
    locations, areas, seen = [], [], set()
    for loc in sorted(offer.locations.all(), key=lambda loc: (loc.name, loc.pk)):
        loc_areas = sorted(loc.areas.all(), key=lambda a: (_depth(a.level), a.code))
        locations.append(
            {
                "id": loc.pk,
                "name": loc.name,
                "street": loc.street,
                "postcode": loc.postcode,
                "city": loc.city,
                "lat": loc.latitude,
                "lon": loc.longitude,
                "areas": [_area_ref(a) for a in loc_areas],
            }
        )
        for area in loc_areas:
            if area.pk not in seen:
                seen.add(area.pk)
                areas.append(area)
    areas.sort(key=lambda a: (_depth(a.level), a.code))
    return locations, [_area_ref(a) for a in areas]


def _depth(level: str) -> int:
    try:
        return LEVEL_DEPTH[AreaLevel(level)]
    except ValueError:
        return 99


def offer_base(offer: Offer, *, phases: list[LifePhase], url: str) -> dict:
    """The fields shared by a search result and the detail."""
    locations, areas = _locations(offer)
    life_phases = derive_life_phases(
        phases=phases,
        pregnancy=offer.pregnancy,
        min_months=offer.age_min_months,
        max_months=offer.age_max_months,
    )
    return {
        "id": offer.pk,
        "external_id": offer.external_id,
        "title": offer.title,
        "summary": summary_text(offer),
        "url": url,
        "organisation": {"id": offer.organisation.pk, "name": offer.organisation.name},
        "life_phases": [{"code": p.code, "label": p.label} for p in life_phases],
        "dimensions": _terms(offer.dimensions),
        "prevention_level": _term(offer.prevention_level),
        "target_groups": _terms(offer.target_groups),
        "topics": _terms(offer.topics),
        "access": _terms(offer.access_options),
        "languages": _terms(offer.languages),
        "accessibility": _terms(offer.accessibility),
        "childcare": offer.childcare,
        "pregnancy": offer.pregnancy,
        "age_min_months": offer.age_min_months,
        "age_max_months": offer.age_max_months,
        "areas": areas,
        "locations": locations,
        "last_confirmed_at": offer.last_confirmed_at,
    }


def offer_detail(offer: Offer, *, phases: list[LifePhase], url: str, show_internal: bool) -> dict:
    data = offer_base(offer, phases=phases, url=url)
    transitions = sorted(offer.transitions.all(), key=lambda t: (t.position, t.code))
    data.update(
        {
            "description": offer.description,
            "participants": _terms(offer.participants),
            "transitions": [{"code": t.code, "label": t.label} for t in transitions],
            "settings": _terms(offer.settings),
            "formats": _terms(offer.formats),
            "funding_programmes": _terms(offer.funding_programmes),
            "evidence_programme": _term(offer.evidence_programme),
            "cost_note": offer.cost_note,
            "service_area_kind": offer.service_area_kind,
            "service_areas": [
                _area_ref(a)
                for a in sorted(offer.service_areas.all(), key=lambda a: (_depth(a.level), a.code))
            ],
            "schedule_note": offer.schedule_note,
            "by_appointment": offer.by_appointment,
            "closed_on_public_holidays": offer.closed_on_public_holidays,
            "sessions": [
                {
                    "weekday": s.weekday,
                    "opens": s.opens,
                    "closes": s.closes,
                    "note": s.note,
                    "location_id": s.location_id,
                }
                for s in sorted(offer.sessions.all(), key=lambda s: (s.weekday, s.opens))
            ],
            "valid_from": offer.valid_from,
            "valid_until": offer.valid_until,
            "capacity_per_year": offer.capacity_per_year,
            "public_contact": {
                "name": offer.public_contact_name,
                "phone": offer.public_phone,
                "email": offer.public_email,
                "website": offer.website,
            },
            "internal_contact": (
                {
                    "name": offer.internal_contact_name,
                    "phone": offer.internal_phone,
                    "email": offer.internal_email,
                    "note": offer.internal_note,
                }
                if show_internal
                else None
            ),
            "translations": [
                {
                    "language": t.language,
                    "title": t.title,
                    "description": t.description,
                    "summary": t.summary_plain,
                }
                for t in sorted(offer.translations.all(), key=lambda t: t.language)
            ],
            "updated_at": offer.updated_at,
        }
    )
    return data
